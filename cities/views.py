"""Public pages: the city map, cities, member states and the framework. Every page
starts from the public querysets (`active()`, `published()`), never from `all()`."""

from collections import OrderedDict

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from ascn.pages import BreadcrumbsMixin, FilteredPageMixin

from .filters import CityFilterSet
from .models import (
    ActionPlan,
    City,
    FocusArea,
    MemberState,
    PriorityProject,
    StrategicOutcome,
)


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
            "openCity": _("Open the page of {name}"),
            "showOnMap": _("Show on map"),
            "showCityOnMap": _("Show on map: {name}"),
            "countOne": _("{n} city"),
            "countOther": _("{n} cities"),
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
        return (
            self.filtered_queryset().select_related("member_state").with_counts().order_by("name")
        )


class CityMapView(FilteredCitiesMixin, TemplateView):
    """The home page: a map of the member cities, filters, and the list of cities shown
    (the accessible alternative to the markers)."""

    template_name = "cities/city_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        geojson_url = reverse("api:city-geojson") + (f"?{query}" if query else "")
        context.update(
            cities=self.filtered_cities(),
            map_config={**map_assets(), "geojsonUrl": geojson_url},
        )
        return context


class CityListView(BreadcrumbsMixin, FilteredCitiesMixin, ListView):
    """Every active member city, filtered by member state, focus area and year joined,
    and searchable by name."""

    template_name = "cities/city_list.html"
    context_object_name = "cities"
    paginate_by = 50

    def get_queryset(self):
        return self.filtered_cities()

    def get_breadcrumbs(self):
        return [(None, _("Cities"))]


def group_by_focus_area(projects):
    """{focus area or None: [projects]}, in the framework's order; a project filed under
    two focus areas appears under both."""
    groups = OrderedDict()
    for area in FocusArea.objects.all():
        groups[area] = []
    unfiled = []
    for project in projects:
        areas = list(project.focus_areas.all())
        for area in areas:
            groups.setdefault(area, []).append(project)
        if not areas:
            unfiled.append(project)
    result = [(area, items) for area, items in groups.items() if items]
    if unfiled:
        result.append((None, unfiled))
    return result


class CityDetailView(BreadcrumbsMixin, DetailView):
    """One active member city: its facts, location, officer, published plan with its
    projects by focus area, and its partnerships."""

    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return City.objects.active().select_related("member_state").with_counts()

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("cities:city_list"), _("Cities")),
            (None, self.object.name),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        plan = (
            ActionPlan.objects.published()
            .filter(city=city)
            .prefetch_related(
                "focus_areas",
                Prefetch(
                    "projects", queryset=PriorityProject.objects.prefetch_related("focus_areas")
                ),
            )
            .order_by("-published_at", "-version")
            .first()
        )
        context.update(
            plan=plan,
            project_groups=group_by_focus_area(plan.projects.all()) if plan else [],
            # The template shows the officer's name only where it is marked public.
            officer=city.chief_officers.current().first(),
            agreements=city.agreements.published().prefetch_related("parties"),
            map_config={
                **map_assets(),
                "point": [float(city.latitude), float(city.longitude)],
                "label": city.name,
            },
        )
        return context


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


class MemberStateDetailView(BreadcrumbsMixin, DetailView):
    """One member state: its national representative (public name and title) and its
    active cities."""

    template_name = "cities/memberstate_detail.html"
    context_object_name = "member_state"

    def get_object(self, queryset=None):
        return get_object_or_404(MemberState, iso_alpha2=self.kwargs["code"].upper())

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("cities:memberstate_list"), _("Member states")),
            (None, self.object.name),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.object
        context.update(
            cities=state.cities.active().with_counts().order_by("name"),
            representative=state.national_representatives.current().first(),
        )
        return context


class FrameworkView(BreadcrumbsMixin, TemplateView):
    """The ASEAN Smart Cities Framework: its strategic outcomes, and its focus areas each
    with the published projects filed under it."""

    template_name = "cities/framework.html"

    def get_breadcrumbs(self):
        return [(None, _("Framework"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = PriorityProject.objects.published().select_related("plan__city")
        context.update(
            outcomes=StrategicOutcome.objects.all(),
            focus_areas=FocusArea.objects.prefetch_related(
                Prefetch("projects", queryset=projects, to_attr="published_projects")
            ),
        )
        return context
