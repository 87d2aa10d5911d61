"""The network in numbers, computed from published data only. The published data is
counted once per public data version, grouped by member state (`tallies()`: four
aggregate queries, whatever the size of the network); every figure but the agreements,
for the whole network or one member state, and the choropleth are read from that count.
The figures themselves are cached per data version too.

A figure is a title, a one-sentence summary, its column names and rows of
(label, value, link to the filtered list it counts)."""

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import City, FocusArea, MemberState, focus_areas_in_order
from core.cache import memo, public_version, reads
from core.db import planned_for_their_values
from partnerships.models import Meeting, PartnerKind, PartnershipAgreement
from plans.models import (
    ActionPlan,
    FundingStatus,
    PriorityProject,
    SupportKind,
    seeking_partners_q,
)

CACHE_SECONDS = 60 * 60
# The tallies' tables, whose rows start with the member state (see `_count`), and about
# what a row takes in memory (for the process memo's budget).
TABLES = ("cities", "projects", "filed", "plans")
TALLY_ROW_BYTES = 200


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


# ------------------------------------------------------------------------------
# The published data counted once
# ------------------------------------------------------------------------------
def tallies(member_state=None):
    """The counts the figures but the agreements are read from (see `_count`), for the
    network or one member state, cached per public data version. A member state's are
    taken from the network's when those are at hand (the page for the whole network
    was read first since the last edit), else counted for that member state alone.

    Each figure reads them, so the process keeps them in memory too (`core.cache.memo`,
    keyed by the same version): one trip to the shared cache per version, and one count
    even when the shared cache is down."""
    key = _tallies_key(member_state)
    counted = _known(key)
    if counted is None:
        network = None if member_state is None else _known(_tallies_key(None))
        if network is None:
            with planned_for_their_values():
                counted = _count(member_state)
        else:
            counted = network | {
                name: [row for row in network[name] if row[0] == member_state.pk] for name in TABLES
            }
        cache.set(key, counted, CACHE_SECONDS)
        _remember(key, counted)
    return counted


def _tallies_key(member_state):
    return f"stats:tallies:{public_version()}:{member_state.pk if member_state else '-'}"


def _known(key):
    """Tallies already counted under this key, from this process or the shared cache."""
    counted = memo.get(key)
    if counted is None:
        counted = cache.get(key)
        if counted is not None:
            _remember(key, counted)
    return counted


def _remember(key, counted):
    memo.set(key, counted, TALLY_ROW_BYTES * sum(map(len, counted.values())))


def _count(member_state=None):
    """The published data grouped by member state: four aggregate queries whatever the
    size of the network (and two for the names), a few hundred rows in all:

    - cities: active cities by (member state, year joined);
    - projects: published projects by (member state, funding status, currency, seeking
      partners, seeking partners today, support sought), with how many there are, how
      many have an estimated cost and the sum of those costs (one currency per row: a
      sum is never made across currencies);
    - filed: published projects by (member state, focus area): a project under two areas
      is in both, one under none is under None;
    - plans: approved versions published, by (member state, year published);
    - states and areas: {id: (code or key, name)} of the member states and focus areas,
      in the database's order of names (a figure orders equal counts by name, as its
      ORDER BY did).

    Each of the project queries goes through the published projects' join with their
    plans and cities once, for every figure, instead of once per figure. With a member
    state, only its cities, projects and plans are counted."""
    today = timezone.localdate()
    active_cities = City.objects.active()
    published = PriorityProject.objects.published()
    approved = ActionPlan.objects.approved()
    if member_state is not None:
        active_cities = active_cities.filter(member_state=member_state)
        published = published.filter(plan__city__member_state=member_state)
        approved = approved.filter(city__member_state=member_state)
    cities = list(
        active_cities.values_list("member_state", "joined_year").annotate(n=Count("pk")).order_by()
    )
    projects = list(
        published.annotate(
            seeking_now=ExpressionWrapper(seeking_partners_q(today), output_field=BooleanField())
        )
        .values_list(
            "plan__city__member_state",
            "funding_status",
            "currency",
            "is_seeking_partners",
            "seeking_now",
            "support_kinds",
        )
        .annotate(n=Count("pk"), costed=Count("estimated_cost"), cost=Sum("estimated_cost"))
        .order_by()
    )
    # Count("pk") counts a project once per area: the through table holds a project and
    # an area once (a unique pair), and the other joins are many-to-one.
    filed = list(
        published.values_list("plan__city__member_state", "focus_areas")
        .annotate(n=Count("pk"))
        .order_by()
    )
    plans = list(
        approved.exclude(published_at__isnull=True)
        .annotate(year=ExtractYear("published_at"))
        .values_list("city__member_state", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    states = MemberState.objects.order_by("name").values_list("pk", "iso_alpha2", "name")
    areas = FocusArea.objects.order_by("name").values_list("pk", "key", "name")
    return {
        "cities": cities,
        "projects": projects,
        "filed": filed,
        "plans": plans,
        "states": {pk: (code, name) for pk, code, name in states},
        "areas": {pk: (key, name) for pk, key, name in areas},
    }


def _tally(name, member_state=None):
    """One table of `tallies()`, for the whole network or one member state."""
    return tallies(member_state)[name]


def _sum_by(rows, key, value=lambda row: row[-1]):
    """{key(row): sum of value(row)}, keys in the order they first come."""
    sums = {}
    for row in rows:
        sums[key(row)] = sums.get(key(row), 0) + value(row)
    return sums


def _by_member_state(rows, member_state):
    """[(code, name, n)] from member state-first rows, the most first, then by name."""
    states = tallies(member_state)["states"]
    order = {state: position for position, state in enumerate(states)}
    sums = _sum_by(rows, key=lambda row: row[0])
    return [
        (*states[state], n)
        for state, n in sorted(sums.items(), key=lambda item: (-item[1], order[item[0]]))
    ]


def cities_by_member_state(member_state=None):
    rows = [
        Row(name, n, _url("cities:city_list", member_state=code))
        for code, name, n in _by_member_state(_tally("cities", member_state), member_state)
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
    ms = member_state.iso_alpha2 if member_state else None
    by_year = _sum_by(_tally("cities", member_state), key=lambda row: row[1])
    for year, n in sorted(by_year.items()):
        running += n
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


# The columns of a row of tallies()["projects"].
(_STATE, _FUNDING, _CURRENCY, _SEEKING, _SEEKING_NOW, _SUPPORT, _N, _COSTED, _COST) = range(9)


def published_projects_per_focus_area():
    """{focus area id: published projects filed under it} for the whole network, from
    the counts kept per data version (the framework page's counts)."""
    return {
        area: n
        for area, n in _sum_by(_tally("filed"), key=lambda row: row[1]).items()
        if area is not None
    }


def projects_by_focus_area(member_state=None):
    ms = member_state.iso_alpha2 if member_state else None
    areas = tallies(member_state)["areas"]
    # The most first, then by name; projects under no area after the areas (as
    # PostgreSQL orders a missing name).
    order = {area: position for position, area in enumerate([*areas, None])}
    by_area = _sum_by(_tally("filed", member_state), key=lambda row: row[1])
    rows = []
    for area, n in sorted(by_area.items(), key=lambda item: (-item[1], order[item[0]])):
        if area is None:
            rows.append(Row(_("Not filed under a focus area"), n, ""))
        else:
            key, name = areas[area]
            rows.append(Row(name, n, _api("priorityproject-list", focus_area=key, member_state=ms)))
    total = sum(row[_N] for row in _tally("projects", member_state))
    return Figure(
        key="projects-by-focus-area",
        title=_("Published projects by focus area"),
        summary=_(
            "A project filed under two focus areas counts in both; %(n)d published projects in all."
        )
        % {"n": total},
        label_header=_("Focus area"),
        value_header=_("Projects"),
        rows=rows,
    )


def projects_by_member_state(member_state=None):
    rows = [
        Row(name, n, _api("priorityproject-list", member_state=code))
        for code, name, n in _by_member_state(
            [(row[_STATE], row[_N]) for row in _tally("projects", member_state)], member_state
        )
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
    counts = _sum_by(
        _tally("projects", member_state), key=lambda row: row[_FUNDING], value=lambda row: row[_N]
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
    """Projects with an estimated cost, summed per currency (Decimal sums of the
    database's per-group sums: exact, and never across currencies)."""
    costed = [row for row in _tally("projects", member_state) if row[_COSTED]]
    totals = _sum_by(costed, key=lambda row: row[_CURRENCY], value=lambda row: row[_COST])
    counts = _sum_by(costed, key=lambda row: row[_CURRENCY], value=lambda row: row[_COSTED])
    rows = [
        Row(currency, total, "", {"projects": counts[currency]})
        for currency, total in sorted(totals.items())
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
    counts = _sum_by(
        _tally("projects", member_state), key=lambda row: row[_SEEKING], value=lambda row: row[_N]
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


def support_kinds_of(value):
    """The kinds of support a stored `support_kinds` value names, as the marketplace's
    filter (`plans.models.support_kind_q`) finds them in a valid list (each kind once,
    in lower case, as support_kinds_validate requires), whatever the order."""
    if not isinstance(value, list):
        return set()
    return {item.lower() for item in value if isinstance(item, str)}


def projects_by_support_sought(member_state=None):
    """The marketplace's projects (published, seeking partners, not past their date) by
    the kind of support they seek, a project under each kind."""
    ms = member_state.iso_alpha2 if member_state else None
    counts = dict.fromkeys(SupportKind.values, 0)
    for row in _tally("projects", member_state):
        if row[_SEEKING_NOW]:
            for kind in support_kinds_of(row[_SUPPORT]) & counts.keys():
                counts[kind] += row[_N]
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
    by_year = _sum_by(_tally("plans", member_state), key=lambda row: row[1])
    rows = [Row(str(year), n, "") for year, n in sorted(by_year.items())]
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
    """Every figure for the page (from the cache while the public data is unchanged;
    on a miss, from `tallies()` and two queries for the agreements)."""
    # The rows' links are reversed under the script prefix, so it is part of the key.
    code = member_state.iso_alpha2 if member_state else "-"
    key = f"stats:{public_version()}:{code}:{get_script_prefix()}"
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
    """The four figures the home page shows, cached per public data version like the
    figures (four counts over the published projects' join are most of a home page
    the response cache has not seen: 40-50 ms at 12,000 cities), and kept in each
    process per version too (core.cache.reads: a Redis round trip a home page)."""
    key = f"stats:headlines:{public_version()}"
    cached = reads.get(key)  # this process's copy first: no round trip to Redis
    if cached is None:
        cached = cache.get(key)
        if cached is None:
            cached = _headlines()
            cache.set(key, cached, CACHE_SECONDS)
        reads.set(key, cached, nbytes=len(key) + 200)
    return cached


def _headlines():
    return {
        "cities": City.objects.active().count(),
        "member_states": City.objects.active().values("member_state").distinct().count(),
        "projects": PriorityProject.objects.published().count(),
        "agreements": PartnershipAgreement.objects.published().count(),
    }


def choropleth():
    """Per member state: cities, published projects and projects seeking partners, for
    colouring the map's outlines (cached per public data version, like the figures):
    from the network's tallies when they are at hand, else in two aggregate queries."""
    key = f"stats:choropleth:{public_version()}"
    cached = cache.get(key)
    if cached is None:
        network = _known(_tallies_key(None))
        cached = _choropleth() if network is None else _choropleth_from(network)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _choropleth():
    """The choropleth's numbers in two aggregate queries, when the network's tallies are
    not at hand (a member state's page read first after an edit)."""
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


def _choropleth_from(counted):
    cities = _sum_by(counted["cities"], key=lambda row: row[0])
    projects = _sum_by(counted["projects"], key=lambda row: row[_STATE], value=lambda row: row[_N])
    seeking = _sum_by(
        counted["projects"],
        key=lambda row: row[_STATE],
        value=lambda row: row[_N] if row[_SEEKING] else 0,
    )
    return {
        counted["states"][state][0]: {
            "cities": cities.get(state, 0),
            "projects": projects.get(state, 0),
            "seeking": seeking.get(state, 0),
        }
        for state in {**cities, **projects}
    }


# ------------------------------------------------------------------------------
# The annual progress pack
# ------------------------------------------------------------------------------
# A list longer than this shows its first rows, the count of the rest and a link to the
# paginated list that holds them all: the page stays the same size however many cities
# join in a year.
REPORT_LIST_LIMIT = 50


@dataclass
class Listing:
    """The first rows of a list (`total` rows in all), with the counts by member state
    and the link to the whole list."""

    rows: list
    total: int
    url: str
    by_member_state: list = field(default_factory=list)

    @property
    def more(self):
        return self.total - len(self.rows)


def year_report(year):
    """What happened in `year`: new cities and plans published (counted by member
    state, the first REPORT_LIST_LIMIT of each listed), their projects by focus area and
    status, agreements signed, meetings held. A fixed number of queries and rows
    whatever the size of the network."""
    cities = City.objects.active().filter(joined_year=year)
    plans = ActionPlan.objects.approved().published_in(year)
    agreements = PartnershipAgreement.objects.published().filter(signed_on__year=year)
    meetings = Meeting.objects.filter(year=year)
    return {
        "year": year,
        "cities": _listing(
            cities,
            cities.order_by("name", "pk").values("name", "slug", "member_state__name"),
            "member_state",
            lambda code: _url("cities:city_list", joined_year=year, member_state=code),
        ),
        "plans": _listing(
            plans,
            plans.order_by("published_at", "pk").values(
                "city__name", "title", "version", "published_at"
            ),
            "city__member_state",
            lambda code: _api(
                "actionplan-list", published_year=year, status="approved", member_state=code
            ),
        ),
        **_year_projects(year, plans),
        "agreements": _listing(
            agreements,
            agreements.order_by("signed_on", "pk").only(
                "slug", "title", "signed_on", "signed_on_precision"
            ),
            None,
            lambda code: _url("partnerships:partnershipagreement_list", year=year),
        ),
        "meetings": _listing(
            meetings,
            meetings.select_related("host_country").order_by("start_on", "pk"),
            None,
            lambda code: _api("meeting-list", year=year),
        ),
    }


def _year_projects(year, plans):
    """The projects of the plans published in `year`, by focus area and by funding
    status: two aggregate queries over every such project (tens of thousands at 12,000
    cities), so counted once per public data version and kept in the shared cache (as
    keys: the names are read in the reader's language).

    A project counts once under each of its focus areas (one row each in the link
    table, so a plain count is exact), and once under "not filed" when it has none."""
    key = f"stats:year-projects:{public_version()}:{year}"
    counted = cache.get(key)
    if counted is None:
        projects = PriorityProject.objects.filter(plan__in=plans.values("pk"))
        with planned_for_their_values():
            counted = {
                "areas": list(
                    projects.values_list("focus_areas").annotate(n=Count("*")).order_by()
                ),
                "statuses": list(
                    projects.values_list("funding_status").annotate(n=Count("*")).order_by()
                ),
            }
        cache.set(key, counted, CACHE_SECONDS)
    names = {area.pk: area.name for area in focus_areas_in_order()}
    statuses = dict(FundingStatus.choices)
    return {
        "projects_by_focus_area": sorted(
            ((names.get(area), n) for area, n in counted["areas"]),
            key=lambda item: (-item[1], item[0] is None, item[0] or ""),
        ),
        "projects_by_status": [
            (str(statuses[status]), n)
            for status, n in sorted(counted["statuses"], key=lambda item: item[0])
        ],
    }


def _listing(queryset, ordered, member_state_path, url):
    """The first REPORT_LIST_LIMIT rows of `ordered` and the total of `queryset`: with
    `member_state_path`, counted by member state (one aggregate query, a row per member
    state, each linking to its part of the list), else counted only when the first rows
    do not hold them all."""
    rows = list(ordered[: REPORT_LIST_LIMIT + 1])
    by_member_state = []
    if member_state_path is not None:
        counts = (
            queryset.values_list(f"{member_state_path}__iso_alpha2", f"{member_state_path}__name")
            .annotate(n=Count("pk"))
            .order_by(f"{member_state_path}__name")
        )
        by_member_state = [Row(name, n, url(code)) for code, name, n in counts]
        total = sum(row.value for row in by_member_state)
    elif len(rows) > REPORT_LIST_LIMIT:
        total = queryset.count()
    else:
        total = len(rows)
    return Listing(rows[:REPORT_LIST_LIMIT], total, url(None), by_member_state)
