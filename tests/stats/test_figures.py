"""Each figure against the hand-counted network of conftest.py: published data only,
per-currency sums, and the member-state filter."""

from decimal import Decimal

import pytest

from stats import figures

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
    assert [city.name for city in report["cities"]] == []
    assert [(plan.city.name, plan.version) for plan in report["plans"]] == [
        ("A One", 2),
        ("B One", 1),
    ]
    assert [agreement.pk for agreement in report["agreements"]] == [counted["agreement"].pk]
    assert [meeting.name for meeting in report["meetings"]] == ["Meeting 2024"]
    earlier = figures.year_report(2023)
    assert [city.name for city in earlier["cities"]] == ["A Two"]
    assert [(plan.city.name, plan.version) for plan in earlier["plans"]] == [("A One", 1)]
    assert [meeting.name for meeting in earlier["meetings"]] == ["Meeting 2023"]


def test_projects_by_support_sought_count_the_marketplace_only(counted):
    from plans.models import PriorityProject

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
