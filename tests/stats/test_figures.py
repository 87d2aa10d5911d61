"""Each figure against the hand-counted network of conftest.py: published data only,
per-currency sums, and the member-state filter."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cities.models import City, FocusArea
from plans import services
from plans.models import (
    ActionPlan,
    FundingStatus,
    PriorityProject,
    SupportKind,
    support_kind_q,
)
from stats import figures
from tests.conftest import clear_caches
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rows(figure):
    return {row.label: row.value for row in figure.rows}


def test_cities_by_member_state_counts_active_cities_only(counted):
    assert rows(figures.cities_by_member_state()) == {"Alphaland": 2, "Betaland": 1}


def test_cities_by_year_joined_shows_the_growth(counted):
    figure = figures.cities_by_year_joined()
    assert rows(figure) == {"2018": 2, "2023": 1}
    assert [row.extra["cumulative"] for row in figure.rows] == [2, 3]


def test_projects_count_the_plan_in_force_only(counted):
    # A One's version 2 (3 projects) and B One (1 project): not version 1, not the
    # draft, not the withdrawn plan, not the inactive city.
    assert rows(figures.projects_by_member_state()) == {"Alphaland": 3, "Betaland": 1}


def test_projects_by_focus_area_count_a_project_under_each_of_its_areas(counted):
    assert rows(figures.projects_by_focus_area()) == {
        "Mobility": 2,
        "Health": 2,
        "Not filed under a focus area": 1,
    }


def test_costs_are_summed_per_currency_never_across(counted):
    figure = figures.costs_by_currency()
    assert rows(figure) == {"EUR": Decimal("1000"), "USD": Decimal("150.50")}
    assert {row.label: row.extra["projects"] for row in figure.rows} == {"EUR": 1, "USD": 2}


def test_projects_by_funding_status(counted):
    assert rows(figures.projects_by_funding_status()) == {
        "Fully funded": 1,
        "Not stated": 3,
    }


def test_projects_seeking_partners(counted):
    assert rows(figures.projects_seeking_partners()) == {
        "Seeking partners": 2,
        "Not seeking partners": 2,
    }


def test_agreements_by_year_and_partner_kind(counted):
    assert rows(figures.agreements_by_year()) == {"2019": 1, "2024": 1}
    assert rows(figures.agreements_by_partner_kind()) == {
        "Private sector": 1,
        "External government or its agency": 1,
    }


def test_plans_published_by_year_count_each_approved_version(counted):
    # Version 1 (2023) and version 2 (2024) of A One, B One (2024); not the inactive city.
    assert rows(figures.plans_published_by_year()) == {"2023": 1, "2024": 2}


def test_member_state_filter_applies_to_every_figure(counted):
    alpha = counted["alpha"]
    assert rows(figures.cities_by_member_state(alpha)) == {"Alphaland": 2}
    assert rows(figures.projects_by_member_state(alpha)) == {"Alphaland": 3}
    assert rows(figures.costs_by_currency(alpha)) == {"USD": Decimal("150.50")}
    assert rows(figures.agreements_by_year(alpha)) == {"2024": 1}
    assert rows(figures.plans_published_by_year(alpha)) == {"2023": 1, "2024": 1}


def test_figures_are_cached_until_the_public_data_changes(counted, django_assert_num_queries):
    figures.figures()
    figures.choropleth()
    with django_assert_num_queries(0):
        figures.figures()
        figures.choropleth()


def test_choropleth_numbers_per_member_state(counted):
    assert figures.choropleth() == {
        "AA": {"cities": 2, "projects": 3, "seeking": 1},
        "BB": {"cities": 1, "projects": 1, "seeking": 1},
    }


def test_year_report_lists_exactly_that_years_events(counted):
    report = figures.year_report(2024)
    assert [city["name"] for city in report["cities"].rows] == []
    assert report["cities"].total == 0
    assert [(plan["city__name"], plan["version"]) for plan in report["plans"].rows] == [
        ("A One", 2),
        ("B One", 1),
    ]
    assert [(row.label, row.value) for row in report["plans"].by_member_state] == [
        ("Alphaland", 1),
        ("Betaland", 1),
    ]
    assert [agreement.pk for agreement in report["agreements"].rows] == [counted["agreement"].pk]
    assert [meeting.name for meeting in report["meetings"].rows] == ["Meeting 2024"]
    # A One's version 2 (three projects, two under Mobility, one under Health) and
    # B One's plan (one project under Health).
    assert report["projects_by_focus_area"] == [
        ("Health", 2),
        ("Mobility", 2),
        (None, 1),
    ]
    assert report["projects_by_status"] == [("Fully funded", 1), ("Not stated", 3)]
    earlier = figures.year_report(2023)
    assert [city["name"] for city in earlier["cities"].rows] == ["A Two"]
    assert [(row.label, row.value, row.url) for row in earlier["cities"].by_member_state] == [
        ("Alphaland", 1, "/cities/?joined_year=2023&member_state=AA")
    ]
    assert [(plan["city__name"], plan["version"]) for plan in earlier["plans"].rows] == [
        ("A One", 1)
    ]
    assert [meeting.name for meeting in earlier["meetings"].rows] == ["Meeting 2023"]


def test_year_report_lists_the_first_rows_and_counts_them_all(counted, monkeypatch):
    monkeypatch.setattr(figures, "REPORT_LIST_LIMIT", 1)
    report = figures.year_report(2024)
    plans = report["plans"]
    assert [plan["city__name"] for plan in plans.rows] == ["A One"]
    assert (plans.total, plans.more) == (2, 1)
    assert plans.url == "/api/v1/action-plans/?published_year=2024&status=approved"


def test_projects_by_support_sought_count_the_marketplace_only(counted):
    seeking = PriorityProject.objects.filter(is_seeking_partners=True)
    first, second = seeking.order_by("pk")
    PriorityProject.objects.filter(pk=first.pk).update(support_kinds=["finance", "expertise"])
    PriorityProject.objects.filter(pk=second.pk).update(support_kinds=["finance"])
    # A draft's project seeking finance is not in the marketplace.
    PriorityProject.objects.filter(plan__status="draft").update(
        is_seeking_partners=True, support_kinds=["finance"]
    )
    assert rows(figures.projects_by_support_sought()) == {
        "Finance": 2,
        "Technology": 0,
        "Expertise": 1,
        "Other support": 0,
    }
    assert rows(figures.projects_by_support_sought(counted["beta"]))["Finance"] == 1


# ------------------------------------------------------------------------------
# The figures are read from one count of the published data (figures.tallies)
# ------------------------------------------------------------------------------
def direct_counts(member_state=None):
    """Each figure counted straight from the public querysets, one query per figure,
    as the page counted them before it counted the published data once."""
    cities = City.objects.active()
    projects = PriorityProject.objects.published()
    seeking = PriorityProject.objects.seeking_partners()
    plans = ActionPlan.objects.approved().exclude(published_at__isnull=True)
    if member_state is not None:
        cities = cities.filter(member_state=member_state)
        projects = projects.filter(plan__city__member_state=member_state)
        seeking = seeking.filter(plan__city__member_state=member_state)
        plans = plans.filter(city__member_state=member_state)
    funding = dict(FundingStatus.choices)
    return {
        "cities-by-member-state": dict(
            cities.values_list("member_state__name").annotate(n=Count("pk")).order_by()
        ),
        "cities-by-year-joined": {
            str(year): n
            for year, n in cities.values_list("joined_year").annotate(n=Count("pk")).order_by()
        },
        "projects-by-focus-area": {
            name or "Not filed under a focus area": n
            for name, n in projects.values_list("focus_areas__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        },
        "projects-by-member-state": dict(
            projects.values_list("plan__city__member_state__name")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "projects-by-funding-status": {
            str(funding[status]): n
            for status, n in projects.values_list("funding_status")
            .annotate(n=Count("pk"))
            .order_by()
        },
        "costs-by-currency": dict(
            projects.exclude(estimated_cost__isnull=True)
            .values_list("currency")
            .annotate(total=Sum("estimated_cost"))
            .order_by()
        ),
        "projects-seeking-partners": {
            "Seeking partners": projects.filter(is_seeking_partners=True).count(),
            "Not seeking partners": projects.filter(is_seeking_partners=False).count(),
        },
        "projects-by-support-sought": {
            str(label): seeking.filter(support_kind_q(kind)).count()
            for kind, label in SupportKind.choices
        },
        "plans-published-by-year": {
            str(year): n
            for year, n in plans.annotate(year=ExtractYear("published_at"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by()
        },
    }


@pytest.fixture
def varied(counted):
    """The hand-counted network and, in Betaland, a city whose plan in force has a
    project under two focus areas, costs in two currencies, one without a cost, and
    projects seeking partners today, until yesterday and with no set date."""
    mobility, health = FocusArea.objects.get(key="mobility"), FocusArea.objects.get(key="health")
    today = timezone.localdate()
    b2 = CityFactory(name="B Two", member_state=counted["beta"], joined_year=2021, cohort="later")
    plan = ActionPlanFactory(city=b2, status="approved", published_at=_year(2025))
    PriorityProjectFactory(
        plan=plan,
        estimated_cost=Decimal("20.25"),
        currency="EUR",
        funding_status="partial",
        is_seeking_partners=True,
        support_kinds=["technology", "finance"],
        seeking_until=today,
    ).focus_areas.add(mobility, health)
    PriorityProjectFactory(
        plan=plan,
        estimated_cost=Decimal("3"),
        currency="THB",
        funding_status="seeking",
        is_seeking_partners=True,
        support_kinds=["expertise"],
        seeking_until=today - datetime.timedelta(days=1),
    ).focus_areas.add(health)
    PriorityProjectFactory(
        plan=plan,
        estimated_cost=None,
        currency="THB",
        funding_status="partial",
        is_seeking_partners=True,
        support_kinds=["other", "expertise"],
    )
    return {**counted, "b2": b2}


def _year(year):
    return datetime.datetime(year, 3, 1, tzinfo=datetime.UTC)


def test_each_figure_equals_its_direct_count_for_the_network_and_each_member_state(varied):
    states = [varied["alpha"], varied["beta"]]

    def check(member_state):
        expected = direct_counts(member_state)
        shown = {item.key: rows(item) for item in figures.figures(member_state)}
        assert {key: shown[key] for key in expected} == expected, member_state

    # A member state counted on its own, then taken from the network's count.
    for member_state in states:
        clear_caches()
        check(member_state)
    clear_caches()
    for member_state in [None, *states]:
        check(member_state)


def test_the_choropleth_is_the_same_from_the_network_count_or_on_its_own(varied):
    alone = figures.choropleth()
    clear_caches()
    figures.tallies()
    assert (
        figures.choropleth()
        == alone
        == {
            "AA": {"cities": 2, "projects": 3, "seeking": 1},
            "BB": {"cities": 2, "projects": 4, "seeking": 4},
        }
    )


def test_the_varied_network_by_hand(varied):
    beta = varied["beta"]
    # B One's EUR project; B Two's three (the one under two areas counts in both).
    assert rows(figures.projects_by_member_state(beta)) == {"Betaland": 4}
    assert rows(figures.projects_by_focus_area(beta)) == {
        "Health": 3,
        "Mobility": 1,
        "Not filed under a focus area": 1,
    }
    costs = figures.costs_by_currency(beta)
    assert rows(costs) == {"EUR": Decimal("1020.25"), "THB": Decimal("3")}
    assert {row.label: row.extra["projects"] for row in costs.rows} == {"EUR": 2, "THB": 1}
    assert rows(figures.projects_by_funding_status(beta)) == {
        "Seeking funding": 1,
        "Partly funded": 2,
        "Not stated": 1,
    }
    # All four of Betaland's projects seek partners; the one sought until yesterday has
    # left the marketplace, so its expertise is not counted.
    assert rows(figures.projects_seeking_partners(beta)) == {
        "Seeking partners": 4,
        "Not seeking partners": 0,
    }
    assert rows(figures.projects_by_support_sought(beta)) == {
        "Finance": 1,
        "Technology": 1,
        "Expertise": 1,
        "Other support": 1,
    }
    assert rows(figures.cities_by_year_joined(beta)) == {"2018": 1, "2021": 1}
    assert rows(figures.plans_published_by_year(beta)) == {"2024": 1, "2025": 1}
    assert figures.choropleth()["BB"] == {"cities": 2, "projects": 4, "seeking": 4}


def test_rows_run_from_the_most_to_the_fewest_then_by_name(varied):
    # Alphaland and Betaland both have 2 active cities and 3 and 4 published projects.
    assert [row.label for row in figures.cities_by_member_state().rows] == [
        "Alphaland",
        "Betaland",
    ]
    assert [row.label for row in figures.projects_by_member_state().rows] == [
        "Betaland",
        "Alphaland",
    ]
    # Health 4, Mobility 3, and the unfiled two (A One's and B Two's) after them.
    assert [(row.label, row.value) for row in figures.projects_by_focus_area().rows] == [
        ("Health", 4),
        ("Mobility", 3),
        ("Not filed under a focus area", 2),
    ]
    assert [row.label for row in figures.costs_by_currency().rows] == ["EUR", "THB", "USD"]


def test_the_page_and_each_member_state_page_share_one_count(varied, django_assert_num_queries):
    # Four aggregate queries and the names of member states and focus areas, then two
    # for the agreements; the choropleth and a member state's figures are read from
    # that count, but for their agreements.
    with django_assert_num_queries(8):
        figures.figures()
        figures.choropleth()
    with django_assert_num_queries(2):
        figures.figures(varied["beta"])


def test_a_member_state_read_first_is_counted_on_its_own(varied, django_assert_num_queries):
    # Its own tallies and agreements, then the choropleth's two aggregate queries.
    with django_assert_num_queries(10):
        figures.figures(varied["beta"])
        figures.choropleth()


def test_figures_follow_each_move_of_the_workflow(db):
    city = CityFactory()
    csco, rep = UserFactory(), UserFactory()
    staff = UserFactory(secretariat=True)
    ChiefSmartCityOfficerFactory(city=city, user=csco)
    NationalRepresentativeFactory(member_state=city.member_state, user=rep)

    def published():
        return sum(rows(figures.projects_by_member_state()).values())

    def review(plan):
        services.action_plan_submit(user=csco, plan=plan)
        services.action_plan_endorse(user=rep, plan=plan)
        return services.action_plan_approve(user=staff, plan=plan)

    v1 = ActionPlanFactory(city=city, status="draft")
    PriorityProjectFactory(plan=v1)
    assert published() == 0
    review(v1)
    assert published() == 1  # approved
    v2 = services.action_plan_revise(user=csco, plan=v1)
    services.priority_project_create(user=csco, plan=v2, title="Another", currency="USD")
    assert published() == 1  # the draft revision counts nowhere yet
    review(v2)
    assert published() == 2  # superseded by the approved revision: its two projects only
    other = ActionPlanFactory(city=city, status="draft")
    PriorityProjectFactory(plan=other)
    services.action_plan_submit(user=csco, plan=other)
    services.action_plan_withdraw(user=csco, plan=other)
    assert published() == 2  # withdrawn before approval
    city.is_active = False
    city.save()
    assert published() == 0  # the city left the network
    assert figures.choropleth() == {}


def test_headlines_are_kept_in_the_process_per_data_version():
    from unittest import mock

    CityFactory()
    first = figures.headlines()
    assert first["cities"] == 1

    def asked(shared):
        return [c for c in shared.call_args_list if c.args[0].startswith("stats:headlines")]

    with mock.patch.object(figures.cache, "get", wraps=figures.cache.get) as shared:
        assert figures.headlines() == first
        assert asked(shared) == []
        CityFactory()  # a new data version
        assert figures.headlines()["cities"] == 2
        assert len(asked(shared)) == 1
