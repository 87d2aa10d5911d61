#!/bin/sh
# Restore drill: prove that a backup of DATABASE can be restored (docs/deployment.md).
#
#   restore-drill.sh DATABASE
#
# Dumps DATABASE with pg_dump -Fc (as deploy/backup.sh does), restores the dump into a
# fresh database with pg_restore, compares the row count of every table, then drops the
# fresh database. Exits non-zero if the restore fails, a table is missing or a count
# differs. The connection comes from libpq's PGHOST, PGPORT, PGUSER and PGPASSWORD; the
# role needs CREATEDB. CI runs it on a seeded database (.ci/run); in production:
#   docker compose exec backup sh /deploy/restore-drill.sh ascn
set -eu

source_db=${1:?usage: restore-drill.sh DATABASE}
drill_db="${source_db}_restore_drill_$$"
work=$(mktemp -d)

cleanup() {
  dropdb --if-exists "$drill_db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Exact row counts of every table outside the system schemas, as "schema.table|count".
row_counts() {
  query=$(psql -X -At -d "$1" -c "
    SELECT coalesce(string_agg(
             format('SELECT %L AS t, count(*) AS n FROM %I.%I',
                    schemaname || '.' || tablename, schemaname, tablename),
             ' UNION ALL ' ORDER BY schemaname, tablename),
           'SELECT NULL AS t, NULL AS n WHERE false')
    FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  psql -X -At -d "$1" -c "$query ORDER BY 1"
}

started=$(date +%s)
row_counts "$source_db" >"$work/before"
pg_dump --format=custom --no-owner --dbname="$source_db" --file="$work/drill.dump"
row_counts "$source_db" >"$work/after"
if ! cmp -s "$work/before" "$work/after"; then
  echo "restore drill: $source_db changed while it was dumped; run the drill again" >&2
  exit 1
fi

createdb "$drill_db"
pg_restore --no-owner --exit-on-error --dbname="$drill_db" "$work/drill.dump"
row_counts "$drill_db" >"$work/restored"

tables=$(wc -l <"$work/before")
rows=$(awk -F'|' '{ total += $2 } END { print total + 0 }' "$work/before")
if [ "$tables" -eq 0 ]; then
  echo "restore drill: $source_db has no table; nothing was proved" >&2
  exit 1
fi
if ! diff -u "$work/before" "$work/restored" >"$work/diff"; then
  echo "restore drill FAILED: row counts differ (- $source_db, + restored copy)" >&2
  cat "$work/diff" >&2
  exit 1
fi
echo "restore drill passed: $tables tables, $rows rows restored from a" \
  "$(du -h "$work/drill.dump" | cut -f1) dump of $source_db" \
  "in $(($(date +%s) - started)) s; every count matches"
