"""Database helpers shared by the apps."""

import threading
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Lookup
from django.db.models.utils import create_namedtuple_class


@contextmanager
def planned_for_their_values(using="default"):
    """Run the statements inside unprepared, so that PostgreSQL plans each one for its
    own parameter values.

    On PostgreSQL the portal's statements are prepared (settings: DB_PREPARED_STATEMENTS),
    and after five runs PostgreSQL may keep one generic plan for a statement, estimated
    without its values. That suits a page's small queries; a count or an aggregate over
    thousands of rows, run once per data version or per new filter, is better planned
    for its values (a year's plans estimated at 36 rows instead of 7,200 made a report's
    count 120 ms instead of 45; a search's count 84 ms instead of 65: bench/RESULTS.md).
    psycopg sends a statement unprepared while its connection's `prepare_threshold` is
    None: no extra statement, nothing to undo on the server. Elsewhere: nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


def iso_timestamp_loader(base):
    """A loader of PostgreSQL's `timestamptz` text, for Django's own loader class `base`
    (django.db.backends.postgresql.psycopg_any.BaseTzLoader, bound to the connection's
    time zone).

    Django's loader extends psycopg's pure-Python one (psycopg's C loader cannot be
    extended), which reads each value with a regular expression: 230 timestamps of an
    API page cost about 1 ms. With the connection's session in UTC, as Django sets it,
    PostgreSQL writes `2025-03-01 10:00:00.5+00`, which Python's `fromisoformat` reads
    in C. Anything else (another offset, `infinity`, BC dates, years past 9999) goes
    to Django's own path, so every value loads exactly as it did."""
    import datetime

    parse = datetime.datetime.fromisoformat

    class IsoTimestampLoader(base):
        def load(self, data):
            if self.timezone is datetime.UTC and data[-3:] == b"+00" and len(data) <= 29:
                try:
                    return parse(bytes(data).decode()).replace(tzinfo=self.timezone)
                except ValueError:
                    pass
            return super().load(data)

    return IsoTimestampLoader


def use_iso_timestamp_loader(sender, connection, **kwargs):
    """`connection_created`: PostgreSQL connections read timestamps with
    `iso_timestamp_loader` (the same values, less time)."""
    if connection.vendor != "postgresql":
        return
    from django.db.backends.postgresql import psycopg_any

    if not psycopg_any.is_psycopg3:
        return
    from psycopg.pq import Format

    adapters = connection.connection.adapters
    current = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    if current is not None and issubclass(current, psycopg_any.BaseTzLoader):
        adapters.register_loader("timestamptz", iso_timestamp_loader(current))


def key_type(field):
    """How a key of this column is written: `str` for a text column (a session's or a
    token's key, a slug, or a foreign key to one), `int` for any other."""
    while isinstance(field, models.ForeignKey):
        field = field.target_field
    return str if isinstance(field, (models.CharField, models.TextField)) else int


class InKeys(Lookup):
    """`field__in_keys=[3, 1, 2]`: the rows whose key (a primary key, a foreign key's
    column, or a text key such as a session's) is one of the given keys: what `__in`
    selects.

    On PostgreSQL it is written `field = ANY(%s::bigint[])` (`text[]` for a text key,
    never the column's own `varchar(n)[]`, which would cut a longer key down to one
    that matches), the keys one array parameter: one SQL text for any number of keys,
    which `KeyedStatement` compiles once. Elsewhere `IN (%s, ...)`, as `__in`. Each key
    goes through `int()` or `str()` (a wrong value fails here, not in the database);
    None is dropped and no key selects nothing, as with `__in`."""

    lookup_name = "in_keys"
    prepare_rhs = False

    def get_prep_lookup(self):
        convert = key_type(self.lhs.output_field)
        return [convert(key) for key in self.rhs if key is not None]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            field = self.lhs.output_field
            array = "text[]" if key_type(field) is str else f"{field.db_type(connection)}[]"
            return f"{lhs} = ANY(%s::{array})", (*lhs_params, self.rhs)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *self.rhs)


class KeyParameter:
    """Where the key goes in a single-key statement's SQL (IsKey, compiled for KEY)."""

    def __init__(self, convert):
        self.convert = convert


KEY = object()  # the key a single-key KeyedStatement is compiled for


class IsKey(Lookup):
    """`field__is_key=3`: the rows whose key is this one, `field = %s`, as `__exact`
    (a key goes through `int()` or `str()`, as with InKeys). One key as one parameter
    lets PostgreSQL keep one plan for the statement: it plans `= ANY(array)` again on
    every run, not knowing how many keys the array holds."""

    lookup_name = "is_key"
    prepare_rhs = False

    def get_prep_lookup(self):
        convert = key_type(self.lhs.output_field)
        return KeyParameter(convert) if self.rhs is KEY else convert(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = %s", (*lhs_params, self.rhs)


def register_in_keys():
    """`__in_keys` and `__is_key` on integer and text fields, and on foreign keys
    (which take no lookups from Field): see InKeys and IsKey."""
    for lookup in (InKeys, IsKey):
        models.IntegerField.register_lookup(lookup)
        models.CharField.register_lookup(lookup)
        models.ForeignObject.register_lookup(lookup)


class KeyedStatement:
    """One `values_list()` query run again and again with only a list of keys changing
    (the nested rows and the many-to-many slugs of a page's rows, a user's roles, the
    signed-in user of a session or a token), its SQL compiled once per process.

    Building and compiling a query with Django's ORM costs a few tenths of a
    millisecond each time; a list page of the API runs three such queries whose text
    never changes. `KeyedStatement(queryset, key)` reads the rows of `queryset` whose
    `key` is one of the keys; `KeyedStatement(build)` the rows of `build(keys)`, a
    queryset whose every `__in_keys` is given `keys` (a union of several reads, say).
    With `single`, it reads one key at a time (`key__is_key`, or a builder's
    `__is_key=keys[0]`: see IsKey), so PostgreSQL keeps one plan for it (a signed-in
    user, a city's page).
    On PostgreSQL, `rows(keys)` compiles the query for placeholder keys the first time,
    then runs that SQL with the keys as its array parameters and converts the values as
    Django's compiler would (the compiler's own converters). Elsewhere (SQLite: a
    placeholder per key) it runs the ORM's query. The query must not depend on the
    request, the user or the time: it is read once for the life of the process."""

    PLACEHOLDER = [0]
    PLACEHOLDERS = ([0], ["0"])  # the placeholder as a whole-number key, as a text key

    def __init__(self, queryset, key=None, *, single=False):
        self.single = single
        if key is None:
            self.build = queryset
        elif single:
            lookup = f"{key}__is_key"
            self.build = lambda keys: queryset.filter(**{lookup: keys[0]})
        else:
            lookup = f"{key}__in_keys"
            self.build = lambda keys: queryset.filter(**{lookup: keys})
        self.placeholder = [KEY] if single else self.PLACEHOLDER
        self._alias = None  # the database the query reads, once known
        self._compiled = {}  # database alias -> (sql, params, the keys' places, converters)
        self._lock = threading.Lock()

    def rows(self, keys):
        """The rows (tuples of the query's columns) for these keys (None is no key, nor
        is a text holding a NUL byte, which no PostgreSQL text holds: a forged cookie
        or token selects nothing rather than failing; a single-key statement takes one
        key)."""
        keys = [key for key in keys if key is not None and not _holds_nul(key)]
        if not keys:
            return []
        if self.single and len(keys) > 1:
            raise ValueError("a single-key statement reads one key at a time")
        alias = self._alias
        if alias is None:
            alias = self._alias = self.build(self.placeholder).db
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return list(self.build(keys))
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.setdefault(
                    alias, self._compile(self.build(self.placeholder), connection)
                )
        sql, params, places, converters = compiled
        params = list(params)
        for place, convert, many in places:
            params[place] = [convert(key) for key in keys] if many else convert(keys[0])
        return _run(connection, sql, params, converters)

    def _compile(self, placeholder, connection):
        if placeholder.query.distinct:
            # Django selects a distinct query's ordering too and trims it from each row.
            raise ValueError("a keyed statement reads no distinct query")
        compiler = placeholder.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        places = []
        for index, value in enumerate(params):
            if isinstance(value, KeyParameter):
                places.append((index, value.convert, False))
            elif type(value) is list:
                if value not in self.PLACEHOLDERS:
                    raise ValueError("a keyed statement's only lists are its keys (__in_keys)")
                places.append((index, type(value[0]), True))
        if not places:
            raise ValueError("a keyed statement reads its rows by keys (__in_keys, __is_key)")
        return sql, tuple(params), places, _converters(compiler)


def _converters(compiler):
    """The converters of a compiled query's columns: (index, functions, expression)."""
    fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
    return [
        (index, functions, expression)
        for index, (functions, expression) in compiler.get_converters(fields).items()
    ]


def _run(connection, sql, params, converters):
    """The rows of compiled SQL, each value converted as Django's compiler converts it
    (its converters, applied here rather than by `SQLCompiler.apply_converters`, which
    hands them the compiling thread's connection)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index, functions, expression in converters:
            value = row[index]
            for function in functions:
                value = function(value, expression, connection)
            row[index] = value
        converted.append(tuple(row))
    return converted


_KEPT_STATEMENTS = {}
KEPT_STATEMENTS_MAX = 256


def kept_rows(key, queryset):
    """The rows of `queryset`, a `values_list()` queryset (plain tuples, or named ones
    with `named=True`) that `key` names entirely: its SQL compiled once per process and
    key (PostgreSQL), then run again for each caller. Nothing read is kept, only the
    SQL.

    For a list page whose query is fixed by what its key names (the marketplace's
    first page: its base of the day and its filters' cleaned values, see
    core.pages.FilteredPageMixin.rows_key), where compiling the query with the ORM
    cost more than a millisecond of every page. Never for a query that depends on a
    user or the request beyond what the key names. At most KEPT_STATEMENTS_MAX keys
    are kept (then compiled again). Elsewhere (SQLite) the queryset is read as it is."""
    iterable = queryset._iterable_class
    if iterable not in (models.query.ValuesListIterable, models.query.NamedValuesListIterable):
        raise ValueError("kept rows are read by a values_list() queryset")
    if queryset.query.distinct:  # Django selects its ordering too and trims each row
        raise ValueError("kept rows are read by no distinct query")
    query = queryset.query
    if queryset._fields and list(queryset._fields) != [
        *query.extra_select,
        *query.values_select,
        *query.annotation_select,
    ]:  # the SQL's column order, which Django's iterable would reorder
        raise ValueError("kept rows name plain columns, in the SQL's order")
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    key = (queryset.db, key)
    kept = _KEPT_STATEMENTS.get(key)
    if kept is None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            kept = None, None, None, None
        else:
            names = None
            if iterable is models.query.NamedValuesListIterable:
                names = create_namedtuple_class(
                    *(queryset._fields or (*query.extra_select, *query.values_select))
                )
            kept = sql, tuple(params), _converters(compiler), names
        if len(_KEPT_STATEMENTS) >= KEPT_STATEMENTS_MAX:
            _KEPT_STATEMENTS.clear()
        _KEPT_STATEMENTS[key] = kept
    sql, params, converters, names = kept
    if sql is None:
        return []
    rows = _run(connection, sql, params, converters)
    if names is None:
        return rows
    new = tuple.__new__
    return [new(names, row) for row in rows]


def model_columns(model, prefix=""):
    """The columns of a model's every concrete field, in the model's order (after
    `prefix`, a relation's path such as "member_state__"): what a KeyedStatement reads to
    make instances of the model with from_row()."""
    return tuple(prefix + field.attname for field in model._meta.concrete_fields)


def from_row(model, values, using="default"):
    """An instance of `model`, as the database holds it (saved, not adding), from the
    values of model_columns(model), in that order."""
    return model.from_db(using, [field.attname for field in model._meta.concrete_fields], values)


def _holds_nul(key):
    return isinstance(key, str) and "\x00" in key


class Constant(models.Value):
    """A constant of the code (a status such as "approved") written into the SQL
    rather than sent as a parameter, so that PostgreSQL plans a prepared statement
    knowing it.

    PostgreSQL keeps one generic plan for a prepared statement only when it estimates
    it no dearer than the plans made for each run's values; a list filtered on
    `status = $1` is estimated without knowing the status, and every run of the
    marketplace's page was planned again (0.7 ms of the database's time, three times
    the query's own: bench/RESULTS.md). Only short words of letters, digits and
    underscores are accepted: never a value from a request."""

    def __init__(self, value, output_field=None):
        if (
            not isinstance(value, str)
            or not value.isidentifier()
            or not value.isascii()
            or len(value) > 40
        ):
            raise ValueError(f"Constant takes a short word of the code, not {value!r}")
        super().__init__(str(value), output_field=output_field or models.CharField())

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []


_KEPT_QUERYSETS = {}
KEPT_QUERYSETS_MAX = 64


def kept_queryset(key, build):
    """`build()`, a queryset built once per process for `key` and cloned for each
    caller (`.all()`: a new queryset, its filters copied, never its rows).

    Building a list's base (the marketplace's: projects of plans in force of active
    cities, seeking partners today) costs the ORM a few tenths of a millisecond of joins
    and lookups on every request; a clone of the built one costs a few microseconds. Only for a
    queryset that depends on nothing but `key` (a day, say): never on a user, a
    request or the data. At most KEPT_QUERYSETS_MAX keys are kept (then they are
    built again)."""
    queryset = _KEPT_QUERYSETS.get(key)
    if queryset is None:
        if len(_KEPT_QUERYSETS) >= KEPT_QUERYSETS_MAX:
            _KEPT_QUERYSETS.clear()
        queryset = _KEPT_QUERYSETS.setdefault(key, build())
    return queryset.all()
