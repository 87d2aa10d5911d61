"""The layout stays as docs/architecture.md describes it: imports go down the app order,
no module cycle, ascn/ holds wiring only."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_imports_go_down_the_app_order_without_cycles():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_imports.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_ascn_holds_wiring_only():
    modules = {path.name for path in (ROOT / "ascn").glob("*.py")}
    assert modules == {
        "__init__.py",
        "settings.py",
        "urls.py",
        "api.py",
        "celery.py",
        "wsgi.py",
        "asgi.py",
    }
    assert not (ROOT / "ascn" / "management").exists()
