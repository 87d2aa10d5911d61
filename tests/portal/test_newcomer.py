"""No warnings a newcomer trips over on the embedded default: no packaging deprecation
(the licence is an SPDX string), no broker warning, no log line printed twice; and
`make run` says where to sign in and how to create the demo accounts."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)

SCRIPT = """
import logging
import django
django.setup()
from ascn.celery import app
with app.producer_or_acquire():  # what publishing a task does first
    pass
logging.getLogger("django.request").warning("Not Found: /newcomer-probe/")
"""


def embedded_default_env():
    """The environment of a fresh clone: none of the portal's variables set."""
    names = ("DATABASE_URL", "REDIS_URL", "DEBUG", "DEBUG_PAGES", "SECRET_KEY", "LOG_LEVEL")
    env = {k: v for k, v in os.environ.items() if k not in names}
    env["DJANGO_SETTINGS_MODULE"] = "ascn.settings"
    return env


def test_pyproject_licence_is_an_spdx_string():
    project = tomllib.loads((BASE / "pyproject.toml").read_text())
    assert isinstance(project["project"]["license"], str)
    requires = project["build-system"]["requires"]
    assert any(r.startswith("setuptools>=") and int(r.split(">=")[1]) >= 77 for r in requires)


def test_embedded_default_prints_no_broker_warning_and_each_log_line_once():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=BASE,
        env=embedded_default_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "No hostname was supplied" not in result.stderr
    assert result.stderr.count("Not Found: /newcomer-probe/") == 1, result.stderr


def test_make_run_says_where_to_sign_in_and_how_to_make_demo_accounts():
    from portal.management.commands.demo import Command

    parser = Command().create_parser("manage.py", "demo")
    password = parser.get_default("password")
    makefile = (BASE / "Makefile").read_text()
    run_recipe = makefile[makefile.index("run: migrate") :].split("\n\n")[0]
    assert "/accounts/login/" in run_recipe
    assert "manage.py demo" in run_recipe
    assert password in run_recipe
