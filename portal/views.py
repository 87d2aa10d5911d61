"""Public pages that bring several apps' records together (a city with its published
plan, officer and partnerships; a member state with its representative; the framework
with its projects; about), and the project-level answers (health, error pages). The
portal app sits above every feature app, so each read it makes is an import a reader
can see."""

import datetime
import itertools
from typing import NamedTuple

import kombu
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from cities.models import City, FocusArea, MemberState, StrategicOutcome, focus_areas_in_order
from cities.views import CityMapView, map_assets
from core.api_errors import api_not_found, api_server_error
from core.cache import public_version, reads
from core.choices import DatePrecision, format_partial_date
from core.db import KeyedStatement, from_row, model_columns
from core.models import latest_source_date
from core.pages import BreadcrumbsMixin
from core.pagination import KeysFirstPaginator
from core.rows import UrlPattern
from network.models import (
    ChairTerm,
    Document,
    GovernanceRole,
    NetworkSizeStatement,
    RecordedProject,
    ShepherdTerm,
)
from partnerships.models import Meeting, PartnershipAgreement
from plans.models import ActionPlan, PlanAttachment, PriorityProject, rows_grouped_by_focus_area
from plans.pages import PROJECT_ITEM_FIELDS, project_groups_written
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative
from stats.figures import headlines, published_projects_per_focus_area

from . import search


class HomeView(CityMapView):
    """The home page: the city map (cities app) with the network's four headline
    figures, each linking to the statistics page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headlines"] = headlines()
        return context


# A city's page reads its city (with its member state), its plan in force, that plan's
# projects (each with its focus areas) and its officer, each by key with a statement
# compiled once per process (core.db.KeyedStatement): the page most readers see
# without the response cache builds no query of the ORM's for them.
CITY_COLUMNS = model_columns(City)
CITY_BY_SLUG = KeyedStatement(
    City.objects.active()
    .order_by()
    .values_list(*CITY_COLUMNS, *model_columns(MemberState, "member_state__")),
    "slug",
    single=True,
)
PLANS_IN_FORCE = KeyedStatement(  # newest first: a city has one plan in force
    ActionPlan.objects.published()
    .order_by("-published_at", "-version", "-pk")
    .values_list(*model_columns(ActionPlan)),
    "city_id",
    single=True,
)
PROJECTS_WITH_AREAS = KeyedStatement(
    PriorityProject.objects.order_by("position", "title", "pk").values_list(
        *PROJECT_ITEM_FIELDS, "focus_areas"
    ),
    "plan_id",
    single=True,
)
CURRENT_OFFICERS = KeyedStatement(  # newest term first
    ChiefSmartCityOfficer.objects.current()
    .order_by("-term_start_on", "-pk")
    .values_list("is_name_public", "full_name", "title"),
    "city_id",
    single=True,
)


class CityDetailView(BreadcrumbsMixin, DetailView):
    """One active member city: its facts, location, officer, published plan with its
    projects by focus area and its attachments (exactly those anyone may download:
    PlanAttachmentDownloadView serves the public the attachments of published plans),
    and its partnerships.

    A page most readers see without the response cache (signed in, or a new query
    string), so it reads little: which cities have agreements or projects on record
    and which plans have attachments is known per process and data version
    (`records_present()`), and only the lists a city has are read; the city, its plan,
    the projects with their focus areas and the officer are read by the compiled
    statements above, as plain rows where the template only prints them."""

    template_name = "portal/city_detail.html"
    context_object_name = "city"

    def get_object(self, queryset=None):
        rows = CITY_BY_SLUG.rows([self.kwargs["slug"]])
        if not rows:
            raise Http404(_("No city matches this address."))
        values = rows[0]
        city = from_row(City, values[: len(CITY_COLUMNS)])
        city.member_state = from_row(MemberState, values[len(CITY_COLUMNS) :])
        return city

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("cities:city_list"), _("Cities")),
            (None, self.object.name),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        present = records_present()
        plans = PLANS_IN_FORCE.rows([city.pk])
        plan = from_row(ActionPlan, plans[0]) if plans else None
        project_groups, attachments = [], []
        if plan is not None:
            project_groups = project_groups_written(
                rows_grouped_by_focus_area(
                    PROJECTS_WITH_AREAS.rows([plan.pk]), PROJECT_ITEM_FIELDS, focus_areas_in_order()
                ),
                link_projects=True,
            )
            if plan.pk in present.plans_with_attachments:
                attachments = PlanAttachment.objects.filter(plan=plan).order_by("uploaded_at")
        context.update(
            plan=plan,
            attachments=attachments,
            project_groups=project_groups,
            officer=city_officer(city),
            agreements=city_agreements(city) if city.pk in present.cities_with_agreements else [],
            recorded_projects=RecordedProject.objects.filter(city=city)
            .select_related("focus_area", "inferred_focus_area")
            .order_by("key")
            if city.pk in present.cities_with_recorded_projects
            else [],
            map_config={
                **map_assets(),
                "point": [float(city.latitude), float(city.longitude)],
                "label": city.name,
            },
        )
        return context


class RecordsPresent(NamedTuple):
    cities_with_agreements: frozenset
    cities_with_recorded_projects: frozenset
    plans_with_attachments: frozenset


def records_present():
    """Which cities have published agreements or projects on record, and which plans
    have attachments: read once per public data version in each process (core.cache.reads,
    as focus_areas_in_order), so that a city's page reads only the lists it has (most
    cities have none of them; these three sets are small)."""
    key = f"city-page-records:{public_version()}"
    present = reads.get(key)
    if present is None:
        present = RecordsPresent(
            frozenset(
                PartnershipAgreement.objects.published()
                .filter(cities__isnull=False)
                .order_by()
                .values_list("cities", flat=True)
            ),
            frozenset(RecordedProject.objects.order_by().values_list("city_id", flat=True)),
            frozenset(PlanAttachment.objects.order_by().values_list("plan_id", flat=True)),
        )
        reads.set(key, present, nbytes=100 * sum(len(ids) for ids in present))
    return present


def city_officer(city):
    """The city's current CSCO as the page shows it: title and whether the name is
    public, and the name only where it is (never the contacts)."""
    rows = CURRENT_OFFICERS.rows([city.pk])
    if not rows:
        return None
    is_name_public, full_name, title = rows[0]
    return {
        "is_name_public": is_name_public,
        "full_name": full_name if is_name_public else "",
        "title": title,
    }


def city_agreements(city):
    """The published agreements involving the city, in their own order: title, page URL,
    date and date label of each."""
    url = UrlPattern("partnerships:partnershipagreement_detail", "slug")
    return [
        {
            "title": title,
            "url": url(slug),
            "signed_on": on,
            "signed_on_label": format_partial_date(on, precision),
        }
        for title, slug, on, precision in PartnershipAgreement.objects.published()
        .filter(cities=city)
        .values_list("title", "slug", "signed_on", "signed_on_precision")
    ]


def page_of(request, queryset, per_page=50):
    """One page of a list shown inside a detail page (`?page=`; never an error: a page
    that is not a number gives the first page, one out of range the last, as Django's
    Paginator.get_page does): the context the `includes/_pagination.html` links read,
    and the list's total."""
    paginator = KeysFirstPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {"page_obj": page, "is_paginated": page.has_other_pages(), "total": paginator.count}


class MemberStateDetailView(BreadcrumbsMixin, DetailView):
    """One member state: its national representative (public name and title) and its
    active cities, 50 a page (a member state may have thousands of local governments)."""

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
        listed = page_of(
            self.request, City.objects.active().filter(member_state=state).order_by("name", "pk")
        )
        context.update(
            cities=listed["page_obj"].object_list,
            city_count=listed["total"],
            page_obj=listed["page_obj"],
            is_paginated=listed["is_paginated"],
            representative=NationalRepresentative.objects.current()
            .filter(member_state=state)
            .first(),
        )
        return context


FRAMEWORK_PROJECTS_SHOWN = 5


class FrameworkView(BreadcrumbsMixin, TemplateView):
    """The ASEAN Smart Cities Framework: its strategic outcomes, and its focus areas each
    with how many published projects are filed under it and the first few by city (the
    focus area's own page lists them all, a page at a time)."""

    template_name = "portal/framework.html"

    def get_breadcrumbs(self):
        return [(None, _("Framework"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = published_projects_per_focus_area()
        areas = list(FocusArea.objects.all())
        for area in areas:
            area.published_count = counts.get(area.pk, 0)
            area.published_projects = (
                list(
                    focus_area_projects(area).select_related("plan__city")[
                        :FRAMEWORK_PROJECTS_SHOWN
                    ]
                )
                if area.published_count
                else []
            )
        context.update(outcomes=StrategicOutcome.objects.all(), focus_areas=areas)
        return context


def focus_area_projects(area):
    """The published projects filed under a focus area, by city, then as the plan
    orders them."""
    return (
        PriorityProject.objects.published()
        .filter(focus_areas=area)
        .order_by("plan__city__name", "position", "title", "pk")
    )


class FocusAreaDetailView(BreadcrumbsMixin, DetailView):
    """One focus area: the published projects filed under it (50 a page), and the
    meetings and documents that concern it. Projects on public record count only where
    the source states the focus area (an inferred one is not presented as fact)."""

    template_name = "portal/focusarea_detail.html"
    context_object_name = "area"
    slug_field = "key"
    slug_url_kwarg = "key"

    def get_queryset(self):
        return FocusArea.objects.all()

    def get_breadcrumbs(self):
        return [(reverse_lazy("portal:framework"), _("Framework")), (None, self.object.name)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.object
        listed = page_of(self.request, focus_area_projects(area).select_related("plan__city"))
        context.update(
            projects=listed["page_obj"].object_list,
            project_count=listed["total"],
            page_obj=listed["page_obj"],
            is_paginated=listed["is_paginated"],
            recorded_projects=RecordedProject.objects.filter(focus_area=area).select_related(
                "city"
            ),
            meetings=Meeting.objects.filter(focus_areas=area).order_by("start_on", "year"),
            documents=Document.objects.published().filter(focus_areas=area),
        )
        return context


def about_timeline():
    """The network's history from its records, in date order: its founding, the cities'
    joining years, its meetings, the framework's endorsement, the Chair by year and the
    Shepherd handovers. Each entry: (ISO date text, label, url or None)."""
    entries = [("2018-04-28", _("The network is established at the 32nd ASEAN Summit."), None)]
    entries.append(("2018-11", _("ASEAN leaders endorse the ASEAN Smart Cities Framework."), None))
    cities_by_year = {}
    rows = City.objects.active().order_by("name").values_list("name", "joined_year", "cohort")
    for name, year, cohort in rows:
        cities_by_year.setdefault((year, cohort), []).append(name)
    for (year, cohort), names in cities_by_year.items():
        if cohort == "pilot_2018":
            date = "2018-04-28"
            label = _("%(count)d pilot cities are named.") % {"count": len(names)}
        else:
            date = str(year)
            label = ngettext(
                "%(names)s joins the network.", "%(names)s join the network.", len(names)
            ) % {"names": ", ".join(names)}
        entries.append((date, label, reverse_lazy("cities:city_list")))
    for meeting in Meeting.objects.select_related("host_country"):
        date = meeting.start_on.isoformat() if meeting.start_on else str(meeting.year)
        if meeting.start_on_precision == "month" and meeting.start_on:
            date = date[:7]
        entries.append((date, meeting.name, meeting.get_absolute_url()))
    for term in ChairTerm.objects.select_related("member_state"):
        entries.append(
            (
                str(term.year),
                _("%(state)s chairs the network.") % {"state": term.member_state.name},
                reverse_lazy("portal:governance"),
            )
        )
    for term in ShepherdTerm.objects.select_related("member_state"):
        entries.append(
            (
                term.starts,
                _("%(state)s's term as Shepherd begins (%(period)s).")
                % {"state": term.member_state.name, "period": term.period},
                reverse_lazy("portal:governance"),
            )
        )
    for state in MemberState.objects.filter(asean_accession_on__gt=datetime.date(2018, 4, 28)):
        entries.append(
            (
                state.asean_accession_on.isoformat(),
                _("%(state)s joins ASEAN.") % {"state": state.name},
                state.get_absolute_url(),
            )
        )
    # Year-only dates sort before the year's dated events; the sort is stable otherwise.
    entries.sort(key=lambda entry: entry[0])
    return [(date, _date_label(date), label, url) for date, label, url in entries]


def _date_label(iso):
    """'2018-04-28' -> '28 April 2018', '2018-11' -> 'November 2018', '2019' -> '2019'."""
    parts = iso.split("-")
    padded = datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    if len(parts) == 3:
        padded = padded.replace(day=int(parts[2]))
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}[len(parts)]
    return format_partial_date(padded, precision)


def network_counts():
    """The counts on the about page, computed: active member cities, the member states
    that have one, and the ASEAN member states that have none yet."""
    cities = City.objects.active()
    states_with_city = set(cities.order_by().values_list("member_state_id", flat=True).distinct())
    return {
        "city_count": cities.count(),
        "member_state_count": len(states_with_city),
        "states_without_city": list(
            MemberState.objects.exclude(pk__in=states_with_city).order_by("name")
        ),
    }


class AboutView(BreadcrumbsMixin, TemplateView):
    """What the network is and how it grew: counts computed from the records, and a
    timeline in date order generated from them, with the date of the latest source."""

    template_name = "portal/about.html"

    def get_breadcrumbs(self):
        return [(None, _("About"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The sources lists alone: no model instance for each of (at scale) 12,000 cities.
        latest = latest_source_date(
            itertools.chain.from_iterable(
                queryset.order_by().values_list("sources", flat=True)
                for queryset in (
                    Meeting.objects.all(),
                    ChairTerm.objects.all(),
                    ShepherdTerm.objects.all(),
                    NetworkSizeStatement.objects.all(),
                    Document.objects.all(),
                    PartnershipAgreement.objects.all(),
                    City.objects.active(),
                )
            )
        )
        context.update(
            network_counts(),
            timeline=about_timeline(),
            latest_source_on=latest,
            latest_source_label=_date_label(latest) if latest else "",
        )
        return context


class GovernanceView(BreadcrumbsMixin, TemplateView):
    """How the network is run: the roles, the Chair by year, the Shepherds by period,
    and the network's size over time, each with its sources."""

    template_name = "portal/governance.html"

    def get_breadcrumbs(self):
        return [(reverse_lazy("portal:about"), _("About")), (None, _("Governance"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            roles={role.key: role for role in GovernanceRole.objects.all()},
            chairs=ChairTerm.objects.select_related("member_state"),
            shepherds=ShepherdTerm.objects.select_related("member_state"),
            sizes=NetworkSizeStatement.objects.all(),
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
