"""Database helpers shared by the apps."""

from contextlib import contextmanager

from django.db import connections


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
