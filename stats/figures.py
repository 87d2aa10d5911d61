"""The network in numbers, computed from published data only: each figure is one
aggregate query (or fewer), filtered by member state when asked, and the whole set is
cached per public data version.

A figure is a title, a one-sentence summary, its column names and rows of
(label, value, link to the filtered list it counts)."""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import City
from core.cache import public_version
from partnerships.models import Meeting, PartnerKind, PartnershipAgreement
from plans.models import (
    ActionPlan,
    FundingStatus,
    PriorityProject,
    SupportKind,
    support_kind_q,
)

CACHE_SECONDS = 60 * 60


@dataclass
class Row:
    label: str
    value: int | Decimal
    url: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Figure:
    key: str
    title: str
    summary: str
    label_header: str
    value_header: str
    rows: list
    chart: str = "bar"  # "bar" (horizontal bars) or "columns" (over time)

    @property
    def total(self):
        return sum(row.value for row in self.rows)


def _url(name, **params):
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return reverse(name) + (f"?{urlencode(params)}" if params else "")


def _api(name, **params):
    return _url(f"api:{name}", **params)


def published_projects(member_state=None):
    projects = PriorityProject.objects.published()
    if member_state is not None:
        projects = projects.filter(plan__city__member_state=member_state)
    return projects


def active_cities(member_state=None):
    cities = City.objects.active()
    if member_state is not None:
        cities = cities.filter(member_state=member_state)
    return cities


def cities_by_member_state(member_state=None):
    rows = [
        Row(name, n, _url("cities:city_list", member_state=code))
        for code, name, n in active_cities(member_state)
        .values_list("member_state__iso_alpha2", "member_state__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "member_state__name")
    ]
    total = sum(row.value for row in rows)
    return Figure(
        key="cities-by-member-state",
        title=_("Member cities by member state"),
        summary=ngettext(
            "%(n)d member city in %(states)d member state.",
            "%(n)d member cities in %(states)d member states.",
            total,
        )
        % {"n": total, "states": len(rows)},
        label_header=_("Member state"),
        value_header=_("Cities"),
        rows=rows,
    )


def cities_by_year_joined(member_state=None):
    rows, running = [], 0
    for year, n in (
        active_cities(member_state)
        .values_list("joined_year")
        .annotate(n=Count("pk"))
        .order_by("joined_year")
    ):
        running += n
        ms = member_state.iso_alpha2 if member_state else None
        rows.append(
            Row(
                str(year),
                n,
                _url("cities:city_list", joined_year=year, member_state=ms),
                {"cumulative": running},
            )
        )
    first = rows[0].label if rows else "—"
    return Figure(
        key="cities-by-year-joined",
        title=_("Cities joining the network, by year"),
        summary=_("The network grew from %(first)s to %(total)d member cities.")
        % {"first": first, "total": running},
        label_header=_("Year joined"),
        value_header=_("Cities that joined"),
        rows=rows,
        chart="columns",
    )


def projects_by_focus_area(member_state=None):
    ms = member_state.iso_alpha2 if member_state else None
    rows = []
    for key, name, n in (
        published_projects(member_state)
        .values_list("focus_areas__key", "focus_areas__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "focus_areas__name")
    ):
        if key is None:
            rows.append(Row(_("Not filed under a focus area"), n, ""))
        else:
            rows.append(Row(name, n, _api("priorityproject-list", focus_area=key, member_state=ms)))
    return Figure(
        key="projects-by-focus-area",
        title=_("Published projects by focus area"),
        summary=_(
            "A project filed under two focus areas counts in both; %(n)d published projects in all."
        )
        % {"n": published_projects(member_state).count()},
        label_header=_("Focus area"),
        value_header=_("Projects"),
        rows=rows,
    )


def projects_by_member_state(member_state=None):
    rows = [
        Row(name, n, _api("priorityproject-list", member_state=code))
        for code, name, n in published_projects(member_state)
        .values_list("plan__city__member_state__iso_alpha2", "plan__city__member_state__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "plan__city__member_state__name")
    ]
    total = sum(row.value for row in rows)
    return Figure(
        key="projects-by-member-state",
        title=_("Published projects by member state"),
        summary=ngettext(
            "%(n)d published priority project.", "%(n)d published priority projects.", total
        )
        % {"n": total},
        label_header=_("Member state"),
        value_header=_("Projects"),
        rows=rows,
    )


def projects_by_funding_status(member_state=None):
    ms = member_state.iso_alpha2 if member_state else None
    labels = dict(FundingStatus.choices)
    counts = dict(
        published_projects(member_state)
        .values_list("funding_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        Row(
            str(labels[status]),
            counts[status],
            _api("priorityproject-list", funding_status=status, member_state=ms),
        )
        for status in FundingStatus.values
        if counts.get(status)
    ]
    return Figure(
        key="projects-by-funding-status",
        title=_("Published projects by funding status"),
        summary=_("How the cities say their published projects are funded."),
        label_header=_("Funding status"),
        value_header=_("Projects"),
        rows=rows,
    )


def costs_by_currency(member_state=None):
    rows = [
        Row(currency, total, "", {"projects": n})
        for currency, total, n in published_projects(member_state)
        .exclude(estimated_cost__isnull=True)
        .values_list("currency")
        .annotate(total=Sum("estimated_cost"), n=Count("pk"))
        .order_by("currency")
    ]
    return Figure(
        key="costs-by-currency",
        title=_("Estimated costs of published projects, by currency"),
        summary=_(
            "Each currency is summed on its own: amounts are never added across currencies "
            "or converted."
        ),
        label_header=_("Currency"),
        value_header=_("Estimated cost"),
        rows=rows,
    )


def projects_seeking_partners(member_state=None):
    ms = member_state.iso_alpha2 if member_state else None
    counts = dict(
        published_projects(member_state)
        .values_list("is_seeking_partners")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        Row(
            _("Seeking partners"),
            counts.get(True, 0),
            _api("priorityproject-list", is_seeking_partners="true", member_state=ms),
        ),
        Row(
            _("Not seeking partners"),
            counts.get(False, 0),
            _api("priorityproject-list", is_seeking_partners="false", member_state=ms),
        ),
    ]
    return Figure(
        key="projects-seeking-partners",
        title=_("Published projects seeking partners"),
        summary=_("%(n)d published projects look for partners.") % {"n": counts.get(True, 0)},
        label_header=_("Projects"),
        value_header=_("Projects"),
        rows=rows,
    )


def projects_by_support_sought(member_state=None):
    """The marketplace's projects (published, seeking partners, not past their date) by
    the kind of support they seek: one aggregate query, a project under each kind."""
    ms = member_state.iso_alpha2 if member_state else None
    seeking = PriorityProject.objects.seeking_partners()
    if member_state is not None:
        seeking = seeking.filter(plan__city__member_state=member_state)
    counts = seeking.aggregate(
        **{kind: Count("pk", filter=support_kind_q(kind)) for kind in SupportKind.values}
    )
    rows = [
        Row(
            str(label),
            counts[kind],
            _url("marketplace:project_list", support=kind, member_state=ms),
        )
        for kind, label in SupportKind.choices
    ]
    return Figure(
        key="projects-by-support-sought",
        title=_("Projects seeking partners, by the support they seek"),
        summary=_("A project that seeks several kinds of support counts under each."),
        label_header=_("Support sought"),
        value_header=_("Projects"),
        rows=rows,
    )


def agreements_by_partner_kind(member_state=None):
    agreements = PartnershipAgreement.objects.published()
    if member_state is not None:
        agreements = agreements.filter(cities__member_state=member_state)
    labels = dict(PartnerKind.choices)
    rows = [
        Row(str(labels.get(kind, kind)), n, _url("partnerships:partnershipagreement_list"))
        for kind, n in agreements.filter(parties__isnull=False)
        .values_list("parties__kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")
    ]
    return Figure(
        key="agreements-by-partner-kind",
        title=_("Agreements by kind of partner"),
        summary=_("An agreement with several kinds of partner counts once under each."),
        label_header=_("Kind of partner"),
        value_header=_("Agreements"),
        rows=rows,
    )


def agreements_by_year(member_state=None):
    agreements = PartnershipAgreement.objects.published().exclude(signed_on__isnull=True)
    if member_state is not None:
        agreements = agreements.filter(cities__member_state=member_state).distinct()
    rows = [
        Row(str(year), n, _url("partnerships:partnershipagreement_list"))
        for year, n in agreements.annotate(year=ExtractYear("signed_on"))
        .values_list("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("year")
    ]
    return Figure(
        key="agreements-by-year",
        title=_("Agreements by year"),
        summary=_("Agreements with a known date, by the year they were signed or announced."),
        label_header=_("Year"),
        value_header=_("Agreements"),
        rows=rows,
        chart="columns",
    )


def plans_published_by_year(member_state=None):
    plans = ActionPlan.objects.approved().exclude(published_at__isnull=True)
    if member_state is not None:
        plans = plans.filter(city__member_state=member_state)
    rows = [
        Row(str(year), n, "")
        for year, n in plans.annotate(year=ExtractYear("published_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    ]
    return Figure(
        key="plans-published-by-year",
        title=_("Action plans published, by year"),
        summary=_("Each approved version counts in the year it was published."),
        label_header=_("Year"),
        value_header=_("Plans published"),
        rows=rows,
        chart="columns",
    )


FIGURES = [
    cities_by_member_state,
    cities_by_year_joined,
    projects_by_focus_area,
    projects_by_member_state,
    projects_by_funding_status,
    costs_by_currency,
    projects_seeking_partners,
    projects_by_support_sought,
    agreements_by_partner_kind,
    agreements_by_year,
    plans_published_by_year,
]


def figures(member_state=None):
    """Every figure for the page (from the cache while the public data is unchanged)."""
    key = f"stats:{public_version()}:{member_state.iso_alpha2 if member_state else '-'}"
    cached = cache.get(key)
    if cached is not None:
        return [Figure(**{**data, "rows": [Row(**row) for row in data["rows"]]}) for data in cached]
    made = [build(member_state) for build in FIGURES]
    cache.set(key, [asdict(figure) for figure in made], CACHE_SECONDS)
    return made


def figure(key, member_state=None):
    for item in figures(member_state):
        if item.key == key:
            return item
    return None


def headlines():
    """The four figures the home page shows."""
    return {
        "cities": City.objects.active().count(),
        "member_states": City.objects.active().values("member_state").distinct().count(),
        "projects": PriorityProject.objects.published().count(),
        "agreements": PartnershipAgreement.objects.published().count(),
    }


def choropleth():
    """Per member state: cities, published projects and projects seeking partners, for
    colouring the map's outlines (cached per public data version, like the figures)."""
    key = f"stats:choropleth:{public_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = _choropleth()
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _choropleth():
    data = {}
    for code, n in (
        City.objects.active().values_list("member_state__iso_alpha2").annotate(n=Count("pk"))
    ):
        data.setdefault(code, {"cities": 0, "projects": 0, "seeking": 0})["cities"] = n
    for code, n, seeking in (
        PriorityProject.objects.published()
        .values_list("plan__city__member_state__iso_alpha2")
        .annotate(n=Count("pk"), seeking=Count("pk", filter=Q(is_seeking_partners=True)))
    ):
        entry = data.setdefault(code, {"cities": 0, "projects": 0, "seeking": 0})
        entry["projects"], entry["seeking"] = n, seeking
    return data


# ------------------------------------------------------------------------------
# The annual progress pack
# ------------------------------------------------------------------------------
def year_report(year):
    """What happened in `year`: new cities, plans published, their projects by focus
    area and status, agreements signed, meetings held."""
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC)
    plans = (
        ActionPlan.objects.approved()
        .filter(published_at__gte=start, published_at__lt=end)
        .select_related("city__member_state")
        .order_by("published_at")
    )
    projects = PriorityProject.objects.filter(plan__in=plans)
    return {
        "year": year,
        "cities": City.objects.active()
        .filter(joined_year=year)
        .select_related("member_state")
        .order_by("name"),
        "plans": plans,
        "projects_by_focus_area": list(
            projects.values_list("focus_areas__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n")
        ),
        "projects_by_status": [
            (str(dict(FundingStatus.choices)[status]), n)
            for status, n in projects.values_list("funding_status")
            .annotate(n=Count("pk"))
            .order_by("funding_status")
        ],
        "agreements": PartnershipAgreement.objects.published()
        .filter(signed_on__year=year)
        .order_by("signed_on"),
        "meetings": Meeting.objects.filter(year=year)
        .select_related("host_country")
        .order_by("start_on"),
    }
