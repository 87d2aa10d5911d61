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
