"""The settings module: embedded default, real mode, and refusing unsafe production."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'email': settings.EMAIL_BACKEND, 'cache': settings.CACHES['default']['BACKEND'], "
    "'debug': settings.DEBUG, 'conn_max_age': settings.DATABASES['default'].get('CONN_MAX_AGE'), "
    "'options': settings.DATABASES['default'].get('OPTIONS', {})}))"
)
VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "MAP_TILE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_BACKEND",
    "READ_DOT_ENV_FILE",
    "DB_PREPARED_STATEMENTS",
)


def run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="ascn.settings")
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_nothing_set_runs_the_embedded_default():
    result = run(READ_SETTINGS)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["cache"].endswith("LocMemCache")
    assert values["debug"] is True


def test_real_mode_uses_postgresql_and_redis():
    result = run(
        READ_SETTINGS,
        DATABASE_URL="postgres://portal@db:5432/ascn",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["conn_max_age"] > 0
    assert values["options"] == {"server_side_binding": True, "prepare_threshold": 1}
    assert values["eager"] is False
    assert values["broker"] == "redis://redis:6379/0"
    assert values["cache"].endswith("RedisCache")


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    result = run(
        READ_SETTINGS,
        DATABASE_URL="postgres://portal@db:5432/ascn",
        DB_PREPARED_STATEMENTS="false",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["options"] == {}


def test_a_separate_broker_url_takes_the_broker_away_from_the_cache():
    result = run(
        READ_SETTINGS,
        REDIS_URL="redis://redis:6379/0",
        CELERY_BROKER_URL="redis://broker:6379/0",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["broker"] == "redis://broker:6379/0"
    assert values["cache"].endswith("RedisCache")
    assert values["eager"] is False


def test_debug_off_without_secret_key_refuses_to_start():
    result = run(READ_SETTINGS, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def env_example():
    """.env.example as a POSIX shell reads it (`set -a; . ./.env.example`)."""
    result = subprocess.run(
        ["/bin/sh", "-c", "set -a; . ./.env.example; env"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    for name in ("PATH", "PWD", "SHLVL", "_"):
        values.pop(name, None)
    return values


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="the-placeholder-of-env-example"),
        pytest.param(secrets.token_urlsafe(30), id="shorter-than-50"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="django-insecure"),
        pytest.param("ab" * 40, id="few-distinct-characters"),
        pytest.param("replace-me-" + secrets.token_urlsafe(50), id="placeholder-word"),
    ],
)
def test_debug_off_with_a_placeholder_or_weak_secret_key_refuses_to_start(key):
    key = key or env_example()["SECRET_KEY"]
    result = run(READ_SETTINGS, DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is a placeholder or too weak" in result.stderr
    # In development the same key is accepted.
    assert run(READ_SETTINGS, DEBUG="true", SECRET_KEY=key).returncode == 0


def test_debug_off_with_a_random_secret_key_starts():
    result = run(READ_SETTINGS, DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


@pytest.mark.parametrize("debug", ["false", "False", "0"])
def test_production_variables_pass_check_deploy(debug):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG=debug,
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-value-0123456789",
        ALLOWED_HOSTS="portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
        DATABASE_URL="postgres://portal@db:5432/ascn",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_example_production_values_pass_check_deploy():
    """The file's own values, with its placeholder key replaced as the file says."""
    values = env_example()
    assert values["DEBUG"] == "false"
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **values)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_example_reads_the_same_in_a_shell_and_in_django_environ():
    """docker compose, a POSIX shell and django-environ (READ_DOT_ENV_FILE) all read it."""
    shell = env_example()
    code = (
        "import environ, json, os; before = set(os.environ); "
        "environ.Env.read_env('.env.example', overwrite=True); "
        "print(json.dumps({k: v for k, v in os.environ.items() if k not in before}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == shell
    assert shell["DEFAULT_FROM_EMAIL"] == "ASCN Portal <portal@example.org>"


def test_env_example_lines_keep_to_what_compose_and_a_shell_read_alike():
    """Each line is a comment, blank, or KEY=value with the value bare (no space, quote,
    dollar, backslash, hash or shell metacharacter) or in double quotes without a dollar,
    a backquote or a backslash."""
    line_format = re.compile(r'^[A-Z][A-Z0-9_]*=([^\s"\'$`\\#;&|<>()]*|"[^"$`\\]*")$')
    for number, line in enumerate((ROOT / ".env.example").read_text().splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            assert line_format.match(line), f".env.example line {number}: {line}"


def test_env_example_lists_every_variable_compose_reads():
    compose = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    read = set(re.findall(r"\$\{([A-Z_]+)", compose))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert {"POSTGRES_PASSWORD", "SITE_ADDRESS"} <= read
    assert read - listed == set()


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "ascn" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read, "no variables found in settings"
    assert read - listed == set()


def test_no_online_tiles_unless_a_tile_url_is_configured():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.LEAFLET_CONFIG['TILES'], default=str))"
    )
    assert json.loads(run(code).stdout) == []
    tiles = json.loads(run(code, MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png").stdout)
    assert tiles[0][1] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert tiles[0][2]["referrerPolicy"] == "strict-origin"


def test_templates_are_compiled_once_per_process():
    """The cached template loader (Django's default when no loaders are named) serves the
    pages and the filter forms' widget templates."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    from core.renderers import renderer

    for engine in (engines["django"].engine, renderer.engine.engine):
        assert [type(loader) for loader in engine.template_loaders] == [Loader]
