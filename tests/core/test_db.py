"""core.db.planned_for_their_values: counts and aggregates planned for their values."""

import pytest
from django.db import connection

from cities.models import City
from core.db import planned_for_their_values
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def _prepared(marker):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        return cursor.fetchone()[0]


def test_statements_inside_are_sent_unprepared_and_still_answer():
    CityFactory(name="Planned")
    with planned_for_their_values():
        counts = [City.objects.filter(name__icontains="plann").count() for _ in range(4)]
    assert counts == [1, 1, 1, 1]
    if connection.vendor == "postgresql":
        assert _prepared("plann") == 0  # (the marker travels as a parameter)
        assert _prepared('"cities_city"."name"::text) LIKE UPPER($1)') == 0
        for _ in range(4):
            City.objects.filter(name__icontains="plann").count()
        assert _prepared('"cities_city"."name"::text) LIKE UPPER($1)') == 1
        assert connection.connection.prepare_threshold == 1  # restored
