"""core.db.planned_for_their_values: counts and aggregates planned for their values."""

import datetime

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


def test_timestamps_load_as_djangos_own_loader_loads_them():
    """core.db.iso_timestamp_loader reads PostgreSQL's text as Django's loader does,
    value for value, and leaves to it what it does not read itself."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    from core.db import iso_timestamp_loader

    class UtcLoader(BaseTzLoader):
        timezone = datetime.UTC

    fast, django_own = iso_timestamp_loader(UtcLoader)(1184), UtcLoader(1184)
    for text in (
        b"2025-03-01 10:00:00+00",
        b"2025-03-01 10:00:00.5+00",
        b"2025-03-01 10:00:00.123456+00",
        b"0099-12-31 23:59:59.999999+00",
        b"1999-12-31 23:59:59+05:30",  # another offset: Django's path
    ):
        value = fast.load(text)
        assert value == django_own.load(text)
        assert value.tzinfo is datetime.UTC
    with pytest.raises(Exception) as own:
        django_own.load(b"infinity")
    with pytest.raises(type(own.value)):
        fast.load(b"infinity")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own loader")
def test_postgresql_connections_read_timestamps_with_the_iso_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)
    assert loader.__name__ == "IsoTimestampLoader"
    with connection.cursor() as cursor:
        cursor.execute("SELECT '2025-03-01 10:00:00.5+00'::timestamptz, now()")
        value, now = cursor.fetchone()
    assert value == datetime.datetime(2025, 3, 1, 10, 0, 0, 500000, tzinfo=datetime.UTC)
    assert now.tzinfo is datetime.UTC
