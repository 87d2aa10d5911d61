"""The deployment: docker-compose.yml (follows the compose spec), the proxy's
Caddyfile, the backups and their restore drill, the image's build. The proxy itself
runs in tests/core/test_proxy.py."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_validates_against_the_compose_specification():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(ROOT / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_its_services(compose):
    assert set(compose["services"]) == {
        "db",
        "redis",
        "broker",
        "web",
        "worker",
        "beat",
        "proxy",
        "backup",
    }


def test_only_the_proxy_is_published_on_the_host(compose):
    published = {name for name, service in compose["services"].items() if "ports" in service}
    assert published == {"proxy"}
    assert set(compose["services"]["proxy"]["ports"]) >= {"80:80", "443:443"}
    # gunicorn is reached on the compose network only, through the proxy.
    assert compose["services"]["web"]["expose"] == ["8000"]
    assert "--forwarded-allow-ips" in compose["services"]["web"]["command"]


def test_proxy_is_caddy_with_the_deploy_caddyfile_and_kept_certificates(compose):
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("caddy:2")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "caddy-data:/data" in proxy["volumes"]
    assert proxy["environment"]["SITE_ADDRESS"] == "${SITE_ADDRESS:-localhost}"
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    # The app believes exactly one proxy's X-Forwarded-For.
    for name in ("web", "worker", "beat"):
        assert compose["services"][name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def redis_options(service):
    command = service["command"]
    return dict(zip(command[1::2], command[2::2], strict=True))


def test_cache_redis_is_capped_and_evicts_least_recently_used_keys(compose):
    options = redis_options(compose["services"]["redis"])
    assert options["--maxmemory"] == "${REDIS_CACHE_MAXMEMORY:-256mb}"
    assert options["--maxmemory-policy"] == "allkeys-lru"
    assert options["--appendonly"] == "no"


def test_broker_redis_never_evicts_and_keeps_its_queue(compose):
    broker = compose["services"]["broker"]
    options = redis_options(broker)
    assert options["--maxmemory-policy"] == "noeviction"
    assert options["--appendonly"] == "yes"
    assert "--maxmemory" in options
    assert broker["volumes"] == ["broker-data:/data"]
    environment = compose["services"]["web"]["environment"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["CELERY_BROKER_URL"].startswith("redis://broker:")


def test_database_password_comes_from_the_env_file_not_the_compose_file(compose):
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
    url = compose["services"]["web"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgres://ascn:${POSTGRES_PASSWORD:?")


def test_backup_service_dumps_daily_into_a_volume_and_keeps_n_days(compose):
    backup = compose["services"]["backup"]
    assert backup["image"].startswith("postgres:16")
    assert backup["command"] == ["sh", "/deploy/backup.sh"]
    assert "backups:/backups" in backup["volumes"]
    assert "./deploy/backup.sh:/deploy/backup.sh:ro" in backup["volumes"]
    assert "private-media:/private-media:ro" in backup["volumes"]
    assert backup["environment"]["BACKUP_KEEP_DAYS"] == "${BACKUP_KEEP_DAYS:-14}"
    assert "backups" in compose["volumes"]
    script = (ROOT / "deploy" / "backup.sh").read_text()
    assert "pg_dump --format=custom" in script
    assert "BACKUP_KEEP_DAYS * 24 * 60" in script


def test_database_is_postgresql_16_with_volume_and_healthcheck(compose):
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:16")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_web_worker_and_beat_share_one_image_and_env_file(compose):
    services = [compose["services"][name] for name in ("web", "worker", "beat")]
    assert {s["image"] for s in services} == {"ascn-portal:latest"}
    assert {s["build"] for s in services} == {"."}
    assert {s["env_file"] for s in services} == {".env"}
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "worker" in compose["services"]["worker"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]
    for service in services:
        assert service["depends_on"]["db"]["condition"] == "service_healthy"


def test_health_endpoint_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_collectstatic_succeeds_with_production_storage(tmp_path):
    """The image runs collectstatic with hashed names; a file that references a missing
    one (a source map, an icon) fails it, so the build is tried here."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), STATIC_ROOT=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "js/map.js" in manifest and "geo/asean-outlines.geojson" in manifest


CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()
CADDY = shutil.which("caddy")


def test_caddyfile_sends_hsts_for_a_year_with_subdomains():
    assert re.search(
        r'Strict-Transport-Security "max-age=31536000; includeSubDomains; preload"', CADDYFILE
    )
    # Deferred: it replaces Django's copy of the header instead of doubling it.
    assert re.search(r"header \{[^}]*\bdefer\b", CADDYFILE)


def test_caddyfile_limits_request_bodies_to_20_mib():
    assert re.search(r"request_body \{\s*max_size 20MiB\s*\}", CADDYFILE)
    assert "int({http.request.header.Content-Length}) > 20971520" in CADDYFILE
    assert re.search(r'respond @too_large "[^"]+" 413', CADDYFILE)


def test_caddyfile_compresses_html_json_and_geojson():
    encode = re.search(r"encode zstd gzip \{(.*?)\n\t\}", CADDYFILE, flags=re.DOTALL)
    assert encode, "no encode zstd gzip block"
    for content_type in ("text/*", "application/json*", "application/geo+json*"):
        assert f"header Content-Type {content_type}" in encode.group(1)


def test_caddyfile_serves_the_site_address_and_proxies_to_gunicorn():
    assert "{$SITE_ADDRESS:localhost} {" in CADDYFILE
    assert "reverse_proxy {$UPSTREAM:web:8000}" in CADDYFILE


@pytest.mark.skipif(not CADDY, reason="caddy is not installed (tests/core/test_proxy.py fails)")
def test_caddyfile_is_valid_for_caddy(tmp_path):
    result = subprocess.run(
        [
            CADDY,
            "validate",
            "--config",
            str(ROOT / "deploy" / "Caddyfile"),
            "--adapter",
            "caddyfile",
        ],
        env={**os.environ, "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_build_uses_a_random_throwaway_key_for_collectstatic():
    """The settings refuse a weak key with DEBUG off, the build's collectstatic too."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "SECRET_KEY=$(python -c" in dockerfile
    assert "token_urlsafe(50)" in dockerfile


@pytest.mark.django_db(transaction=True)
def test_restore_drill_passes_on_a_faithful_restore_and_fails_on_a_lost_row(tmp_path):
    """deploy/restore-drill.sh on the test database: a faithful restore passes; a
    pg_restore that loses a row (a stand-in earlier on PATH) is caught."""
    from django.db import connection

    from tests.factories import CityFactory

    if connection.vendor != "postgresql" or not shutil.which("pg_restore"):
        pytest.skip("the drill needs PostgreSQL and its client programs")
    CityFactory.create_batch(3)
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"] or "postgres",
        "PGPASSWORD": db["PASSWORD"] or "",
    }
    drill = ["sh", str(ROOT / "deploy" / "restore-drill.sh"), db["NAME"]]
    passed = subprocess.run(drill, env=env, capture_output=True, text=True, timeout=120)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "every count matches" in passed.stdout

    lossy = tmp_path / "pg_restore"
    lose_a_city = "DELETE FROM cities_city WHERE id = (SELECT max(id) FROM cities_city)"
    lossy.write_text(
        "#!/bin/sh\n"
        f'{shutil.which("pg_restore")} "$@" || exit $?\n'
        'for a in "$@"; do case "$a" in --dbname=*) db=${a#--dbname=};; esac; done\n'
        f'psql -X -q -d "$db" -c "{lose_a_city}"\n'
    )
    lossy.chmod(0o755)
    env["PATH"] = f"{tmp_path}:{env['PATH']}"
    failed = subprocess.run(drill, env=env, capture_output=True, text=True, timeout=120)
    assert failed.returncode != 0
    assert "row counts differ" in failed.stderr
    assert re.search(r"-public\.cities_city\|\d+", failed.stderr)
