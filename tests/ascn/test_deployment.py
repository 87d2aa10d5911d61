"""docker-compose.yml describes the real deployment and follows the compose spec."""

import os
import secrets
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


def test_compose_has_the_five_services(compose):
    assert set(compose["services"]) == {"db", "redis", "web", "worker", "beat"}


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


def test_image_build_uses_a_random_throwaway_key_for_collectstatic():
    """The settings refuse a weak key with DEBUG off, the build's collectstatic too."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "SECRET_KEY=$(python -c" in dockerfile
    assert "token_urlsafe(50)" in dockerfile
