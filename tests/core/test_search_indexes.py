"""The lists' `search=` is answered from trigram indexes on PostgreSQL (the migrations
add them there only), and keeps working without them on SQLite."""

import pytest
from django.db import connection, transaction

from cities.filters import CityFilterSet
from cities.models import City
from core.search_indexes import index_names
from partnerships.filters import (
    MeetingFilterSet,
    PartnerFilterSet,
    PartnershipAgreementFilterSet,
)
from partnerships.models import Meeting, Partner, PartnershipAgreement
from plans.filters import ActionPlanFilterSet, PriorityProjectFilterSet
from plans.models import ActionPlan, PriorityProject
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)

SEARCHES = [
    (CityFilterSet, City, "cities_city", ["name", "ascn_listed_name"]),
    (ActionPlanFilterSet, ActionPlan, "plans_actionplan", ["title", "summary"]),
    (PriorityProjectFilterSet, PriorityProject, "plans_priorityproject", ["title", "description"]),
    (PartnerFilterSet, Partner, "partnerships_partner", ["name"]),
    (
        PartnershipAgreementFilterSet,
        PartnershipAgreement,
        "partnerships_partnershipagreement",
        ["title", "description"],
    ),
    (MeetingFilterSet, Meeting, "partnerships_meeting", ["name", "host_city", "venue"]),
]


def plan_of(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgresql
@pytest.mark.parametrize(("filterset", "model", "table", "columns"), SEARCHES)
def test_search_indexes_exist(filterset, model, table, columns):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        present = {row[0] for row in cursor.fetchall()}
    assert set(index_names(table, columns)) <= present


# The plan search also matches the city's name, across a join: an OR over two tables
# that no single index answers; its indexes serve the plan's own columns elsewhere
# (12,000 plans are scanned in a few milliseconds).
# Plan and project searches also match the city's name across a join (the marketplace
# searches projects by city too), which no single table's index can answer.
LOCAL_SEARCHES = [
    search
    for search in SEARCHES
    if search[0] not in (ActionPlanFilterSet, PriorityProjectFilterSet)
]


@on_postgresql
@pytest.mark.parametrize(("filterset", "model", "table", "columns"), LOCAL_SEARCHES)
def test_search_can_be_answered_from_the_indexes(filterset, model, table, columns):
    """With sequential scans priced out, the planner reaches the rows through the
    trigram indexes: the index expression is the one Django's `icontains` writes."""
    searched = filterset({"search": "bangk"}, queryset=model.objects.order_by()).qs
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = plan_of(searched)
    for name in index_names(table, columns):
        assert name in plan, plan


def test_search_finds_cities_on_any_database():
    CityFactory(name="Bangkok", ascn_listed_name="")
    CityFactory(name="Hanoi", ascn_listed_name="Ha Noi")
    CityFactory(name="Da Nang", ascn_listed_name="")

    def found(term):
        qs = CityFilterSet({"search": term}, queryset=City.objects.all()).qs
        return sorted(qs.values_list("name", flat=True))

    assert found("bangk") == ["Bangkok"]
    assert found("HA NO") == ["Hanoi"]
    assert found("nang da") == ["Da Nang"]
    assert found("zz") == []
