"""core.db.planned_for_their_values: counts and aggregates planned for their values."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from cities.models import City
from core.db import Constant, KeyedStatement, kept_queryset, planned_for_their_values
from plans.models import ActionPlan, PriorityProject
from tests.factories import ActionPlanFactory, CityFactory, PriorityProjectFactory

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


def test_in_keys_selects_what_in_selects():
    """`__in_keys` (core.db.InKeys) on primary keys, foreign keys and through a join:
    the rows `__in` selects; no key and None select nothing."""
    projects = [PriorityProjectFactory() for _ in range(3)]
    keys = [project.pk for project in projects]
    plan_keys = [project.plan_id for project in projects]
    for lookup, values in (
        ("pk__in", [keys[0], keys[2]]),
        ("plan_id__in", plan_keys[1:]),
        ("plan__in", plan_keys[:1]),
        ("plan__city_id__in", [projects[1].plan.city_id]),
        ("pk__in", []),
        ("pk__in", [None, keys[1]]),
    ):
        expected = set(PriorityProject.objects.filter(**{lookup: values}))
        assert set(PriorityProject.objects.filter(**{f"{lookup}_keys": values})) == expected
    assert PriorityProject.objects.get(pk__in_keys=[str(keys[0])]) == projects[0]
    with pytest.raises(ValueError):
        PriorityProject.objects.filter(pk__in_keys=["not a key"])


def test_in_keys_is_one_statement_for_any_number_of_keys():
    """On PostgreSQL the keys travel as one array: 2 keys or 200, one SQL text; elsewhere
    a placeholder each, as `__in` writes them."""
    sql_two, _ = PriorityProject.objects.filter(pk__in_keys=[1, 2]).query.sql_with_params()
    sql_many, params = PriorityProject.objects.filter(
        pk__in_keys=range(200)
    ).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert sql_two == sql_many
        assert '"plans_priorityproject"."id" = ANY(%s::bigint[])' in sql_two
        assert params == (list(range(200)),)
    else:
        assert sql_two != sql_many
        assert params == tuple(range(200))


def test_text_keys_select_only_whole_keys():
    """`__in_keys` on a text key (a city's slug, a token's): exactly the keys given,
    never a longer key cut down to the column's length (a `varchar(n)` cast would)."""
    cities = [CityFactory(slug=f"keyed-{n}") for n in range(3)]
    assert set(City.objects.filter(slug__in_keys=["keyed-0", "keyed-2", None])) == {
        cities[0],
        cities[2],
    }
    longest = City._meta.get_field("slug").max_length
    long_slug = "k" * longest
    CityFactory(slug=long_slug)
    assert not City.objects.filter(slug__in_keys=[long_slug + "-and-more"]).exists()
    statement = KeyedStatement(City.objects.values_list("slug"), "slug")
    for _ in range(2):  # compiled, then run again
        assert statement.rows([long_slug + "x"]) == []
        assert statement.rows([long_slug, "keyed-1"]) in (
            [(long_slug,), ("keyed-1",)],
            [("keyed-1",), (long_slug,)],
        )
    if connection.vendor == "postgresql":
        sql, _ = City.objects.filter(slug__in_keys=["a"]).query.sql_with_params()
        assert '"cities_city"."slug" = ANY(%s::text[])' in sql


PROJECT_ROWS = PriorityProject.objects.order_by("plan_id", "pk").values_list(
    "pk", "plan_id", "support_kinds", "estimated_cost", "created_at", "seeking_until"
)


def _projects_statement():
    return KeyedStatement(PROJECT_ROWS, "plan_id")


def test_a_keyed_statement_reads_the_rows_the_orm_reads(django_assert_num_queries):
    """Values converted as Django converts them (a JSON list, a decimal, timestamps,
    dates, NULLs), for any number of keys, each run one query."""
    plans = [ActionPlanFactory() for _ in range(3)]
    for index, plan in enumerate(plans):
        for position in range(index + 1):
            PriorityProjectFactory(
                plan=plan,
                position=position,
                support_kinds=["finance", "technology"][: position + 1],
                estimated_cost=None if position else Decimal("1250000.50"),
                seeking_until=datetime.date(2030, 1, position + 1) if position else None,
            )
    statement = _projects_statement()
    for keys in ([plans[0].pk], [plan.pk for plan in plans], [plans[2].pk, plans[1].pk]):
        expected = list(PROJECT_ROWS.filter(plan_id__in=keys))
        with django_assert_num_queries(1):
            rows = statement.rows(keys)
        assert rows == expected
        assert [type(value) for value in rows[-1]] == [type(value) for value in expected[-1]]
    with django_assert_num_queries(0):
        assert statement.rows([]) == []
        assert statement.rows([None]) == []
    assert statement.rows([None, plans[0].pk]) == statement.rows([plans[0].pk])


def test_a_keyed_statement_is_compiled_once(monkeypatch):
    statement = _projects_statement()
    plan = ActionPlanFactory()
    PriorityProjectFactory(plan=plan)
    compiled = []
    compile_once = statement._compile
    monkeypatch.setattr(
        statement, "_compile", lambda *args: compiled.append(1) or compile_once(*args)
    )
    for _ in range(3):
        assert len(statement.rows([plan.pk])) == 1
    assert compiled == ([1] if connection.vendor == "postgresql" else [])


def test_a_keyed_statement_gives_its_keys_to_every_read_of_a_union():
    from django.db.models import IntegerField, Value

    plans = [ActionPlanFactory() for _ in range(3)]
    projects = [PriorityProjectFactory(plan=plan) for plan in plans]

    def build(keys):
        kind = IntegerField()
        return (
            ActionPlan.objects.filter(pk__in_keys=keys)
            .order_by()
            .values_list(Value(0, output_field=kind), "pk")
            .union(
                PriorityProject.objects.filter(plan_id__in_keys=keys)
                .order_by()
                .values_list(Value(1, output_field=kind), "pk"),
                all=True,
            )
        )

    statement = KeyedStatement(build)
    for keys in ([plans[0].pk], [plans[1].pk, plans[2].pk]):
        expected = {(0, key) for key in keys} | {
            (1, project.pk) for project in projects if project.plan_id in keys
        }
        assert set(statement.rows(keys)) == expected
        assert set(build(keys)) == expected


def test_a_keyed_statement_takes_no_other_list():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's statements are compiled once")
    statement = KeyedStatement(
        lambda keys: PriorityProject.objects.filter(
            pk__in_keys=keys, plan_id__in_keys=[5]
        ).values_list("pk")
    )
    with pytest.raises(ValueError, match="only lists are its keys"):
        statement.rows([1])


def test_a_constant_is_written_into_the_sql():
    """The public lists' "approved" is part of their SQL, not a parameter, so that a
    prepared statement is planned knowing it (core.db.Constant); the marketplace's
    only parameter is the day."""
    today = datetime.date(2026, 11, 29)
    sql, params = PriorityProject.objects.seeking_partners(today).query.sql_with_params()
    assert [str(param) for param in params] == ["2026-11-29"]
    assert "\"status\" = 'approved'" in sql
    _, params = ActionPlan.objects.published().query.sql_with_params()
    assert params == ()


@pytest.mark.parametrize(
    "value", ["approved'; DROP TABLE x; --", "a b", "", "é", 7, "a%s", "a" * 41]
)
def test_a_constant_takes_only_a_word_of_the_code(value):
    with pytest.raises(ValueError):
        Constant(value)


def test_constants_select_what_parameters_select():
    published = ActionPlanFactory(status="approved")
    ActionPlanFactory(status="draft")
    revision = ActionPlanFactory(status="approved", supersedes=ActionPlanFactory(status="approved"))
    assert set(ActionPlan.objects.published()) == {published, revision}
    assert set(ActionPlan.objects.filter(status=Constant("draft"))) == set(
        ActionPlan.objects.filter(status="draft")
    )


def test_a_kept_queryset_is_built_once_and_cloned_for_each_caller(monkeypatch):
    from core import db

    monkeypatch.setattr(db, "_KEPT_QUERYSETS", {})
    built = []

    def build():
        built.append(1)
        return PriorityProject.objects.filter(position__gte=0)

    first = kept_queryset(("test", 1), build)
    PriorityProjectFactory(position=2)
    assert list(first.filter(position=2)) == list(PriorityProject.objects.filter(position=2))
    second = kept_queryset(("test", 1), build)
    assert second is not first and second.query is not first.query
    assert second.count() == 1  # rows read afresh: the clone holds none
    assert built == [1]
    kept_queryset(("test", 2), build)
    assert built == [1, 1]


def test_kept_querysets_are_bounded(monkeypatch):
    from core import db

    monkeypatch.setattr(db, "_KEPT_QUERYSETS", {})
    for day in range(db.KEPT_QUERYSETS_MAX + 5):
        kept_queryset(("day", day), PriorityProject.objects.all)
    assert len(db._KEPT_QUERYSETS) <= db.KEPT_QUERYSETS_MAX


def test_a_keyed_statement_reads_no_distinct_query():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's statements are compiled once")
    statement = KeyedStatement(PriorityProject.objects.distinct().values_list("pk"), "plan_id")
    with pytest.raises(ValueError, match="no distinct query"):
        statement.rows([1])


def test_a_single_key_statement_reads_one_key_as_is_key_reads_it():
    plans = [ActionPlanFactory() for _ in range(2)]
    projects = [PriorityProjectFactory(plan=plan) for plan in plans for _ in range(2)]
    statement = KeyedStatement(
        PriorityProject.objects.order_by("pk").values_list("pk", "plan_id"), "plan_id", single=True
    )
    for _ in range(2):  # compiled, then run again
        for plan in plans:
            expected = [(p.pk, plan.pk) for p in projects if p.plan_id == plan.pk]
            assert statement.rows([plan.pk]) == expected
            assert statement.rows([str(plan.pk)]) == expected
            assert (
                list(
                    PriorityProject.objects.filter(plan_id__is_key=plan.pk)
                    .order_by("pk")
                    .values_list("pk", "plan_id")
                )
                == expected
            )
    assert statement.rows([None]) == []
    assert statement.rows([10**9]) == []
    with pytest.raises(ValueError, match="one key at a time"):
        statement.rows([plans[0].pk, plans[1].pk])
    with pytest.raises(ValueError):
        PriorityProject.objects.filter(pk__is_key="not a key")
    sql, params = PriorityProject.objects.filter(plan_id__is_key=7).query.sql_with_params()
    assert '"plans_priorityproject"."plan_id" = %s' in sql and params == (7,)


def test_postgresql_keeps_one_plan_for_a_single_key_statement():
    """`= ANY(array)` is planned again on every run; `= %s` gets PostgreSQL's generic
    plan after its first five runs."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's statements are compiled once")
    city = CityFactory(slug="single-key-plan")
    marker = "single_key_marker"
    statement = KeyedStatement(
        City.objects.annotate(**{marker: Constant("x")}).values_list("pk", marker),
        "slug",
        single=True,
    )
    for _ in range(8):
        assert statement.rows([city.slug]) == [(city.pk, "x")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        assert cursor.fetchone()[0] >= 1


def test_kept_rows_are_read_afresh_by_sql_compiled_once(monkeypatch):
    from core import db

    monkeypatch.setattr(db, "_KEPT_STATEMENTS", {})
    plan = ActionPlanFactory()
    PriorityProjectFactory(plan=plan, position=1, title="First")
    rows = PriorityProject.objects.filter(plan=plan).order_by("position")
    for named in (False, True):
        query = rows.values_list("pk", "title", "estimated_cost", "created_at", named=named)
        assert db.kept_rows(("test", named), query) == list(query)
    PriorityProjectFactory(plan=plan, position=2, title="Second")  # rows are never kept
    named = db.kept_rows(("test", True), rows.values_list("pk", "title", named=True))
    assert [row.title for row in named] == ["First", "Second"]
    assert len(db._KEPT_STATEMENTS) == (2 if connection.vendor == "postgresql" else 0)
    assert db.kept_rows(("none", 1), rows.filter(pk__in=[]).values_list("pk")) == []
    with pytest.raises(ValueError):
        db.kept_rows(("models",), rows)
    with pytest.raises(ValueError):
        db.kept_rows(("distinct",), rows.distinct().values_list("pk"))
    from django.db.models import F

    with pytest.raises(ValueError, match="in the SQL's order"):
        db.kept_rows(
            ("annotated",), rows.annotate(doubled=F("position")).values_list("doubled", "pk")
        )


def test_kept_rows_are_bounded(monkeypatch):
    from core import db

    monkeypatch.setattr(db, "_KEPT_STATEMENTS", {})
    for n in range(db.KEPT_STATEMENTS_MAX + 5):
        db.kept_rows(("bound", n), PriorityProject.objects.values_list("pk"))
    assert len(db._KEPT_STATEMENTS) <= db.KEPT_STATEMENTS_MAX
