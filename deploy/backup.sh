#!/bin/sh
# Backups of the portal (docker-compose.yml, service `backup`; docs/deployment.md).
#
#   backup.sh          every day at BACKUP_AT (UTC, HH:MM; default 02:30), for ever
#   backup.sh once     one backup now, then exit
#
# Each backup is a pg_dump in custom format (restore it with pg_restore) and a tar file
# of the plan attachments, written under BACKUP_DIR (default /backups) as
#   ascn-YYYYMMDDTHHMMSSZ.dump  and  private-media-YYYYMMDDTHHMMSSZ.tar.gz
# A dump is checked (pg_restore --list) before it counts; files older than
# BACKUP_KEEP_DAYS days (default 14) are removed only after a good backup, so a run of
# failures never deletes the last good ones. The connection comes from libpq's PGHOST,
# PGUSER, PGPASSWORD and PGDATABASE.
set -eu

BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_AT=${BACKUP_AT:-02:30}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
MEDIA_DIR=${MEDIA_DIR:-/private-media}

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup: $*"; }

backup_once() {
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  dump="$BACKUP_DIR/ascn-$stamp.dump"
  mkdir -p "$BACKUP_DIR"
  # Written under a temporary name: a half-written file never looks like a backup.
  if ! pg_dump --format=custom --no-owner --file="$dump.partial"; then
    rm -f "$dump.partial"
    log "pg_dump FAILED; older backups kept"
    return 1
  fi
  if ! pg_restore --list "$dump.partial" >/dev/null; then
    rm -f "$dump.partial"
    log "the dump cannot be read back; older backups kept"
    return 1
  fi
  mv "$dump.partial" "$dump"
  if [ -d "$MEDIA_DIR" ]; then
    media="$BACKUP_DIR/private-media-$stamp.tar.gz"
    tar -czf "$media.partial" -C "$MEDIA_DIR" . && mv "$media.partial" "$media"
  fi
  find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'ascn-*.dump' -o -name 'private-media-*.tar.gz' \) \
    -mmin +$((BACKUP_KEEP_DAYS * 24 * 60)) -print -delete
  log "wrote $dump ($(du -h "$dump" | cut -f1))"
}

seconds_until() {
  now=$(date -u +%s)
  next=$(date -u -d "today $1" +%s)
  if [ "$next" -le "$now" ]; then
    next=$(date -u -d "tomorrow $1" +%s)
  fi
  echo $((next - now))
}

if [ "${1:-}" = "once" ]; then
  backup_once
  exit
fi

log "daily at $BACKUP_AT UTC into $BACKUP_DIR, keeping $BACKUP_KEEP_DAYS days"
while :; do
  wait=$(seconds_until "$BACKUP_AT")
  log "next backup in ${wait}s"
  sleep "$wait"
  backup_once || true
done
