"""Public pages of the cities app: the city map and the lists of cities and member
states. Every page starts from the public querysets (`active()`), never from `all()`.
Pages that bring other apps' records together (a city's page with its plan and
partnerships) live in the portal app, above every feature app."""

from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from core.pages import BlockTranslation, BreadcrumbsMixin, FilteredPageMixin, UrlPattern
from core.pagination import KeysFirstPaginator, cached_count

from .filters import CityFilterSet
from .models import City, MemberState


def map_assets():
    """What the map script needs, handed over through json_script: static URLs only."""
    return {
        "outlinesUrl": static("geo/asean-outlines.geojson"),
        "icon": {
            "iconUrl": static("leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("leaflet/images/marker-shadow.png"),
        },
        "labels": {
            "outlinesAttribution": _("Outlines: Natural Earth"),
            "outlinesLayer": _("Member state outlines"),
            "citiesLayer": _("Member cities"),
            "tilesLayer": _("Online map"),
            "popupMeta": _("{state} · joined {year}"),
            "listMeta": _("{state} · joined {year}"),
            "projectsOne": _("{n} published priority project"),
            "projectsOther": _("{n} published priority projects"),
            "seekingOne": _("{n} project seeks partners"),
            "seekingOther": _("{n} projects seek partners"),
            "openCity": _("Open the page of {name}"),
            "showOnMap": _("Show on map"),
            "showCityOnMap": _("Show on map: {name}"),
            "countOne": _("{n} city"),
            "countOther": _("{n} cities"),
            "listedInView": _("(the list shows {n} in the map's view)"),
            "noCity": _("No city matches these filters."),
            "invalidFilter": _("These filters are not valid; correct them and try again."),
        },
    }


# The columns the city lists show (model instances stay light: no descriptions,
# sources or timestamps read and parsed for rows that do not show them).
LISTED_CITY_FIELDS = (
    "name",
    "slug",
    "joined_year",
    "published_project_count",
    "member_state__name",
    "member_state__iso_alpha2",
)


def city_rows(cities, joined=False):
    """The cities of a list as its template shows them: each row's links written from
    one reverse() per list (the same URLs as `get_absolute_url`), so the template reads
    plain values. With `joined`, the "joined {year}" label of the home page's list."""
    city_url = UrlPattern("portal:city_detail", "slug")
    state_url = UrlPattern("portal:memberstate_detail", "code")
    joined_label = BlockTranslation(_("joined %(year)s")) if joined else None
    rows = []
    for city in cities:
        state = city.member_state
        row = {
            "slug": city.slug,
            "url": city_url(city.slug),
            "name": city.name,
            "state": state.name,
            "state_url": state_url(state.iso_alpha2.lower()),
            "joined_year": city.joined_year,
            "published_project_count": city.published_project_count,
        }
        if joined_label is not None:
            row["joined"] = joined_label(year=city.joined_year)
        rows.append(row)
    return rows


class FilteredCitiesMixin(FilteredPageMixin):
    """The city filters of the map, the list and the API, over the active cities."""

    filterset_class = CityFilterSet

    def base_queryset(self):
        return City.objects.active()

    def filtered_cities(self):
        return (
            self.filtered_queryset()
            .select_related("member_state")
            .only("member_state", *LISTED_CITY_FIELDS)
            .order_by("name")
        )


class CityMapView(FilteredCitiesMixin, TemplateView):
    """The home page: a map of the member cities, filters, and the list of cities shown
    (the accessible alternative to the markers). With thousands of cities the markers
    cluster and the list holds the first hundred (then those in the map's view)."""

    template_name = "cities/city_map.html"
    list_limit = 100
    cluster_above = 300

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        geojson_url = reverse("api:city-geojson") + (f"?{query}" if query else "")
        cities = self.filtered_cities()
        listed = list(cities[: self.list_limit])
        context.update(
            cities=listed,
            city_rows=city_rows(listed, joined=True),
            city_total=cached_count(cities),
            full_list_url=reverse("cities:city_list") + (f"?{query}" if query else ""),
            map_config={
                **map_assets(),
                "geojsonUrl": geojson_url,
                "listLimit": self.list_limit,
                "clusterAbove": self.cluster_above,
            },
        )
        return context


class CityListView(BreadcrumbsMixin, FilteredCitiesMixin, ListView):
    """Every active member city, filtered by member state, focus area and year joined,
    and searchable by name."""

    template_name = "cities/city_list.html"
    context_object_name = "cities"
    paginate_by = 50
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return self.filtered_cities()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["city_rows"] = city_rows(context["cities"])
        return context

    def get_breadcrumbs(self):
        return [(None, _("Cities"))]


class MemberStateListView(BreadcrumbsMixin, ListView):
    """The member states, with how many active member cities each has."""

    template_name = "cities/memberstate_list.html"
    context_object_name = "member_states"

    def get_queryset(self):
        return MemberState.objects.annotate(
            city_count=Count("cities", filter=Q(cities__is_active=True))
        ).order_by("name")

    def get_breadcrumbs(self):
        return [(None, _("Member states"))]
