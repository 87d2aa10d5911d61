"""Public pages that bring several apps' records together (a city with its published
plan, officer and partnerships; a member state with its representative; the framework
with its projects; about), and the project-level answers (health, error pages). The
portal app sits above every feature app, so each read it makes is an import a reader
can see."""

import kombu
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from cities.models import City, FocusArea, MemberState, StrategicOutcome
from cities.views import CityMapView, map_assets
from core.api_errors import api_not_found, api_server_error
from core.pages import BreadcrumbsMixin
from partnerships.models import Meeting, PartnershipAgreement
from plans.models import ActionPlan, PriorityProject
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative
from stats.figures import headlines

from . import search


class HomeView(CityMapView):
    """The home page: the city map (cities app) with the network's four headline
    figures, each linking to the statistics page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headlines"] = headlines()
        return context


class CityDetailView(BreadcrumbsMixin, DetailView):
    """One active member city: its facts, location, officer, published plan with its
    projects by focus area and its attachments (exactly those anyone may download:
    PlanAttachmentDownloadView serves the public the attachments of published plans),
    and its partnerships."""

    template_name = "portal/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return City.objects.active().select_related("member_state")

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
                "attachments",
                Prefetch(
                    "projects", queryset=PriorityProject.objects.prefetch_related("focus_areas")
                ),
            )
            .order_by("-published_at", "-version")
            .first()
        )
        context.update(
            plan=plan,
            project_groups=plan.projects.all().grouped_by_focus_area() if plan else [],
            # The template shows the officer's name only where it is marked public.
            officer=ChiefSmartCityOfficer.objects.current().filter(city=city).first(),
            agreements=PartnershipAgreement.objects.published()
            .filter(cities=city)
            .prefetch_related("parties"),
            map_config={
                **map_assets(),
                "point": [float(city.latitude), float(city.longitude)],
                "label": city.name,
            },
        )
        return context


class MemberStateDetailView(BreadcrumbsMixin, DetailView):
    """One member state: its national representative (public name and title) and its
    active cities."""

    template_name = "portal/memberstate_detail.html"
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
            cities=City.objects.active().filter(member_state=state).order_by("name"),
            representative=NationalRepresentative.objects.current()
            .filter(member_state=state)
            .first(),
        )
        return context


class FrameworkView(BreadcrumbsMixin, TemplateView):
    """The ASEAN Smart Cities Framework: its strategic outcomes, and its focus areas each
    with the published projects filed under it."""

    template_name = "portal/framework.html"

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


class AboutView(BreadcrumbsMixin, TemplateView):
    """What the network is and how it grew, with its meetings as a timeline."""

    template_name = "portal/about.html"

    def get_breadcrumbs(self):
        return [(None, _("About"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meetings=Meeting.objects.select_related("host_country").order_by("start_on", "year"),
            city_count=City.objects.active().count(),
            member_state_count=MemberState.objects.count(),
        )
        return context


@never_cache
@require_GET
def health(request):
    """Liveness and database check for load balancers and the compose healthcheck
    (readiness, with the cache and the broker, is `ready` at /readyz/)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database_ready():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_ready():
    backend = caches["default"]
    if hasattr(backend, "ping"):
        return backend.ping()
    try:
        backend.set("readyz", "1", 5)
        return backend.get("readyz") == "1"
    except Exception:  # any backend failure means "not ready", never a 500
        return False


def _broker_ready():
    try:
        with kombu.Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception:  # any failure to connect means "down"
        return False
    return True


@never_cache
@require_GET
def ready(request):
    """Readiness: the database, the cache and the task broker, as JSON. 503 when the
    database is unreachable (the portal cannot answer); a dead cache or broker is
    reported as "degraded" with 200, since the portal still works without them."""
    checks = {
        "database": _database_ready(),
        "cache": _cache_ready(),
        "broker": _broker_ready(),
    }
    if not checks["database"]:
        status = "unavailable"
    elif all(checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, **{name: "ok" if up else "down" for name, up in checks.items()}},
        status=503 if status == "unavailable" else 200,
    )


def page_not_found(request, exception=None):
    """404: JSON under /api/, the portal's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    response = defaults.page_not_found(request, exception)
    response.is_portal_error_page = True
    return response


def server_error(request):
    """500: JSON under /api/, the portal's page elsewhere (a plain template that needs
    no database and no context processor)."""
    if request.path.startswith("/api/"):
        return api_server_error(request)
    response = defaults.server_error(request)
    response.is_portal_error_page = True
    return response


class SearchView(BreadcrumbsMixin, TemplateView):
    """The site-wide search: /search/?q= over every kind of public record registered
    in portal.search (cities, member states, partnerships, projects, ...)."""

    template_name = "portal/search.html"

    def get_breadcrumbs(self):
        return [(None, _("Search"))]

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")
        error = None
        if "\x00" in query:
            error = _("The search cannot contain a NUL character.")
        elif len(query) > search.MAX_QUERY_LENGTH:
            error = _("Search for at most %(n)s characters.") % {"n": search.MAX_QUERY_LENGTH}
        query = query.strip()
        context = self.get_context_data(
            query=query if error is None else "",
            typed=request.GET.get("q", "").replace("\x00", "")[: search.MAX_QUERY_LENGTH],
            error=error,
            results=search.search(query) if error is None and query else [],
        )
        response = self.render_to_response(context)
        if error:
            response.status_code = 400
        return response


ROBOTS = """User-agent: *
Disallow: /my/
Disallow: /accounts/
Disallow: /admin/
Disallow: /action-plans/
Disallow: /search/
Allow: /

Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    """robots.txt: the public pages are for crawling; the workspace, sign-in, admin,
    private downloads and search answers are not."""
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
