"""Trigram indexes for the lists' `search=` (core.filters.SearchFilterSet), on PostgreSQL.

The search is `icontains`, which Django writes on PostgreSQL as
`UPPER(column::text) LIKE UPPER('%term%')`; a GIN index with `gin_trgm_ops` on that very
expression lets the planner answer it from the index instead of reading every row.
The migrations that add them do nothing on other databases (SQLite, the embedded
default, keeps its plain scan). Creating the `pg_trgm` extension needs a role allowed to
create extensions (a superuser, or the database owner on PostgreSQL 13+ as `pg_trgm` is
trusted)."""

from django.db import migrations


def _name(table, column):
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(table, columns):
    """A migration operation adding one trigram index per column of `table` on
    PostgreSQL, and removing them when the migration is reversed."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')

    return migrations.RunPython(forwards, backwards, elidable=False)


def index_names(table, columns):
    """The names `trigram_indexes` gives (for tests and EXPLAIN reading)."""
    return [_name(table, column) for column in columns]
