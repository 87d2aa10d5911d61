# The two commands of the README:
#   make run    set up (virtual environment, install, migrate, seed) and serve the portal
#               at http://127.0.0.1:8000 on the embedded default (SQLite, no services)
#   make test   run the whole test suite (SQLite by default; PostgreSQL and Redis when
#               DATABASE_URL and REDIS_URL are set, as in CI); installs Debian's chromium
#               and caddy first when run as root

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PIP := $(BIN)/python -m pip --disable-pip-version-check
# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run test test-fast install browser migrate lint format check-migrations clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed

run: migrate
	@echo ""
	@echo "  The ASCN Portal:  http://$(HOST):$(PORT)/"
	@echo "  Sign in at:       http://$(HOST):$(PORT)/accounts/login/"
	@echo "  Demo accounts (secretariat, CSCOs, national representatives), once:"
	@echo "      $(BIN)/python manage.py demo"
	@echo "    it prints their user names; their password is ascn-demo-2026."
	@echo "  Admin:            http://$(HOST):$(PORT)/admin/  (as the demo secretariat)"
	@echo ""
	DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser
	$(BIN)/python -m pytest

# The fast suite for day-to-day work: everything but schema fuzzing and the browser.
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

browser:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM_PATH):"; \
	    echo "  sudo apt-get install chromium   (or set CHROMIUM_PATH)"; exit 1; \
	  fi; \
	fi
	@if ! command -v caddy >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's caddy for the reverse proxy tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q caddy; \
	    systemctl disable --now caddy >/dev/null 2>&1 || true; \
	  else \
	    echo "The reverse proxy tests run deploy/Caddyfile with Caddy:"; \
	    echo "  sudo apt-get install caddy"; exit 1; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
