"""Public pages of the cities app: the city map and the lists of cities and member
states. Every page starts from the public querysets (`active()`), never from `all()`.
Pages that bring other apps' records together (a city's page with its plan and
partnerships) live in the portal app, above every feature app."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from core.pages import BreadcrumbsMixin, FilteredPageMixin
from core.pagination import KeysFirstPaginator, cached_count
from core.rows import BlockTranslation, UrlPattern, escaped

from .filters import CityFilterSet
from .models import City, MemberState

_map_assets = {}


def map_assets():
    """What the map script needs, handed over through json_script: static URLs and its
    labels, as text, made once per process and language (they change only with a
    deployment: 18 translations a page otherwise)."""
    key = (get_language(), settings.STATIC_URL)
    assets = _map_assets.get(key)
    if assets is None:
        assets = _map_assets[key] = json.loads(json.dumps(map_assets_lazy(), cls=DjangoJSONEncoder))
    return assets


def map_assets_lazy():
    """map_assets() with its labels still lazily translated."""
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


# The columns the city lists show, read as named values: no model instances, and no
# descriptions, sources or timestamps read and parsed for rows that do not show them.
LISTED_CITY_COLUMNS = (
    "pk",
    "name",
    "slug",
    "joined_year",
    "published_project_count",
    "member_state__name",
    "member_state__iso_alpha2",
)


def city_rows(cities):
    """The cities of a list (LISTED_CITY_COLUMNS), each with its links written from one
    reverse() per list (the same URLs as `City.get_absolute_url` and
    `MemberState.get_absolute_url`)."""
    city_url = UrlPattern.of_pages(City)
    state_url = UrlPattern("portal:memberstate_detail", "code")
    for city in cities:
        yield city, city_url(city.slug), state_url(city.member_state__iso_alpha2.lower())


# A list's rows are written here rather than in a template loop: the markup the
# templates had, value for value escaped as they escaped it (tests/cities/test_pages.py
# compares the two), at a twentieth of the template engine's cost for 50 or 100 rows.
CITY_TABLE_ROW = (
    '<tr><th scope="row" data-label="{city_label}"><a href="{url}">{name}</a></th>'
    '<td data-label="{state_label}"><a href="{state_url}">{state}</a></td>'
    '<td data-label="{joined_label}">{joined_year}</td>'
    '<td data-label="{projects_label}">{projects}</td></tr>'
)
CITY_LIST_ITEM = (
    '<li data-slug="{slug}"><a href="{url}">{name}</a> '
    '<span class="muted">{state} · {joined}</span></li>'
)


def city_table_rows(cities):
    """The rows of the city table (/cities/)."""
    labels = {
        "city_label": escaped(_("City")),
        "state_label": escaped(_("Member state")),
        "joined_label": escaped(_("Joined")),
        "projects_label": escaped(_("Published projects")),
    }
    return [
        SafeString(
            CITY_TABLE_ROW.format(
                **labels,
                url=escaped(url),
                name=escaped(city.name),
                state_url=escaped(state_url),
                state=escaped(city.member_state__name),
                joined_year=escaped(city.joined_year),
                projects=escaped(city.published_project_count),
            )
        )
        for city, url, state_url in city_rows(cities)
    ]


def city_list_items(cities):
    """The items of the home page's list of cities beside the map."""
    joined = BlockTranslation(_("joined %(year)s"))
    return [
        SafeString(
            CITY_LIST_ITEM.format(
                slug=escaped(city.slug),
                url=escaped(url),
                name=escaped(city.name),
                state=escaped(city.member_state__name),
                joined=joined(year=city.joined_year),
            )
        )
        for city, url, _state_url in city_rows(cities)
    ]


class FilteredCitiesMixin(FilteredPageMixin):
    """The city filters of the map, the list and the API, over the active cities."""

    filterset_class = CityFilterSet

    def base_queryset(self):
        return City.objects.active()

    def filtered_cities(self):
        return self.filtered_queryset().order_by("name")


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
        listed = list(cities.values_list(*LISTED_CITY_COLUMNS, named=True)[: self.list_limit])
        context.update(
            cities=listed,
            city_items=city_list_items(listed),
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

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, columns=LISTED_CITY_COLUMNS, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["city_rows"] = city_table_rows(context["cities"])
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
