"""Public pages of the cities app: the city map and the lists of cities and member
states. Every page starts from the public querysets (`active()`), never from `all()`.
Pages that bring other apps' records together (a city's page with its plan and
partnerships) live in the portal app, above every feature app."""

from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from core.pages import BreadcrumbsMixin, FilteredPageMixin
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


class FilteredCitiesMixin(FilteredPageMixin):
    """The city filters of the map, the list and the API, over the active cities."""

    filterset_class = CityFilterSet

    def base_queryset(self):
        return City.objects.active()

    def filtered_cities(self):
        return self.filtered_queryset().select_related("member_state").order_by("name")


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
        context.update(
            cities=cities[: self.list_limit],
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
