"""Settings for the ASCN Portal: one module, read from the environment.

With no environment at all the portal runs on the embedded default (SQLite in the
project folder, eager Celery tasks, console email, local-memory cache, DEBUG on).
Every variable read here is listed in `.env.example`.
"""

import base64
import datetime
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# ------------------------------------------------------------------------------
# GENERAL
# ------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=True)
# With DEBUG on: Django's technical 404 and 500 pages instead of the portal's.
DEBUG_PAGES = env.bool("DEBUG_PAGES", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
MAKE_A_KEY = "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal refuses to start without it: "
            f"set SECRET_KEY to a long random string (for example the output of {MAKE_A_KEY}), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-embedded-default-only-for-local-development"  # noqa: S105
elif not DEBUG:
    # The same rules as `check --deploy` (security.W009), plus the words of the
    # placeholder in .env.example: a copied example file must not reach production.
    PLACEHOLDER_WORDS = ("change-me", "changeme", "replace-me", "placeholder", "example")
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure")
        or any(word in SECRET_KEY.lower() for word in PLACEHOLDER_WORDS)
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is a placeholder or too weak (it needs at least 50 characters, not "
            "the value from .env.example). With DEBUG off the portal refuses to start with "
            f"it: set SECRET_KEY to the output of {MAKE_A_KEY}."
        )

# The portal's public address, for the absolute links in emails and the API docs.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
SITE_NAME = "ASEAN Smart Cities Network"

ROOT_URLCONF = "ascn.urls"
WSGI_APPLICATION = "ascn.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Prepared statements: psycopg prepares a query the second time a connection runs
    # it, with its parameters bound by the server, so PostgreSQL parses it once and can
    # keep its plan (plan_cache_mode "auto" re-plans while a parameter-specific plan is
    # cheaper). A list's queries repeat on every request: this roughly halves the
    # database's CPU for the joined lists (bench/RESULTS.md). Off with
    # DB_PREPARED_STATEMENTS=false behind a pooler in transaction mode (PgBouncer),
    # where a statement prepared on one server connection is unknown to the next.
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=1
        )
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# ------------------------------------------------------------------------------
# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # The admin's autodiscovery skips django-leaflet's GeoDjango-only admin module.
    "accounts.apps.PortalAdminConfig",
]
THIRD_PARTY_APPS = [
    "leaflet",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "import_export",
]
# In import order: an app imports only the apps above it in this list (see
# docs/architecture.md); `portal` brings the feature apps together on public pages.
LOCAL_APPS = [
    "core",
    "accounts",
    "cities",
    "representatives",
    "plans",
    "partnerships",
    "network",
    "stats",
    "portal",
    "opendata",
    "bench",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# ------------------------------------------------------------------------------
# AUTH
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:dashboard"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitation and reset links: three days
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# django-axes watches every sign-in (portal, admin, API token) before the password is
# checked; see docs/security.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a session's user in one compiled statement.
    "accounts.backends.UserBackend",
]
# The database handler (survives a Redis outage), storing only what PostgreSQL accepts.
AXES_HANDLER = "accounts.lockout.AxesHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock the account from that address only: colleagues behind one office address go on.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Keep failures only: no table of every successful sign-in growing without end.
AXES_DISABLE_ACCESS_LOG = True
# Its start-up banner on every command is noise for a newcomer; lockouts are still logged.
AXES_VERBOSE = False
# API tokens expire this many days after they are issued.
TOKEN_TTL_DAYS = env.int("TOKEN_TTL_DAYS", default=30)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------
# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    # With DEBUG on, the portal's 404 and 500 pages rather than Django's technical ones
    # (unless DEBUG_PAGES is set).
    "core.middleware.FriendlyErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the response cache, so cached answers get the policy too (no nonces).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Bad input is refused before anything reads it: bodies over the limits (413), NUL
    # bytes, lone surrogates and too-deep JSON (400).
    "core.guards.RequestBodyLimitMiddleware",
    "core.guards.BadInputMiddleware",
    # Anonymous repeat reads of public pages and the API come from the cache.
    "core.middleware.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET answer; If-None-Match gets 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the history tables (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused by django-axes into the lockout answer (last, by its docs).
    "axes.middleware.AxesMiddleware",
]

# How many reverse proxies run in front of the application (0: none, the embedded
# default). The client's address is the X-Forwarded-For entry that many places from the
# right (core.http.client_ip); throttles, the sign-in lockout and the logs all use it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# ------------------------------------------------------------------------------
# SECURITY (in force whenever DEBUG is off)
# ------------------------------------------------------------------------------
# The reverse proxy (deploy/Caddyfile) sets X-Forwarded-Proto and X-Forwarded-For and
# overwrites whatever the client sent; gunicorn is reachable only through it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container health and readiness checks speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# ------------------------------------------------------------------------------
# STATIC/MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Plan attachments: never served by URL, only through views that check permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")

# Without collectstatic (development and tests), serve files straight from the finders.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ------------------------------------------------------------------------------
# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ASCN Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------
# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "core.http.ClientIpLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(client_ip)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_ip"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own console handler (DEBUG only) would print every "django" record a
    # second time beside the root's: its records go to the root handler alone.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# ------------------------------------------------------------------------------
# CACHES
# ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, made to survive an outage: a failed call is a miss,
            # logged once, and Redis is left alone for a few seconds (core.redis_cache).
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ascn"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, never only in the cache: a Redis outage must not
# sign everyone out or refuse sign-in. Django's database store, each session read by one
# compiled statement (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"

# ------------------------------------------------------------------------------
# CELERY
# ------------------------------------------------------------------------------
# The broker may be a Redis of its own (docker-compose.yml: `broker`, which never evicts
# a message), apart from the cache's Redis, which evicts under memory pressure.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL) or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
# The embedded default's in-memory broker, with its host named: a bare "memory://" makes
# kombu warn "No hostname was supplied" on every connection.
if CELERY_BROKER_URL == "memory://":
    CELERY_BROKER_URL = "memory://localhost//"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A broker outage must not hold up the request that wrote a notification: publishing
# gives up quickly, and the outbox sweep below sends what is still pending.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-notifications": {
        "task": "plans.tasks.notifications_deliver_pending",
        "schedule": 60.0,
    },
    "action-plan-reminders": {
        "task": "plans.tasks.action_plan_reminders_send",
        "schedule": 60.0 * 60 * 24,
    },
    "marketplace-alert-digests": {
        "task": "partnerships.tasks.saved_search_digests_send",
        "schedule": 60.0 * 60,
    },
    "marketplace-interest-reminders": {
        "task": "partnerships.tasks.interest_reminders_send",
        "schedule": 60.0 * 60 * 24,
    },
    "marketplace-seeking-counts": {
        "task": "partnerships.tasks.seeking_counts_refresh",
        "schedule": 60.0 * 60 * 24,
    },
}

# ------------------------------------------------------------------------------
# REST_FRAMEWORK
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous write is told 401 with a WWW-Authenticate header.
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["core.json_renderer.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PortalPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonymousThrottle",
        "core.throttling.SignedInThrottle",
    ],
    # Documented in the API description: anonymous clients per IP, signed-in per user.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        "user": env.str("API_USER_RATE", default="1200/min"),
    },
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    # DRF's own reading of X-Forwarded-For follows ours (core.http.client_ip).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# Cross-origin: any origin may read the API (GET, HEAD); none may write (ascn/cors.py).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# ------------------------------------------------------------------------------
# SPECTACULAR
# ------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "ASCN Portal API",
    "DESCRIPTION": (
        "Public data of the ASEAN Smart Cities Network: member states, cities, the "
        "ASEAN Smart Cities Framework, action plans and projects, representatives, "
        "partners, agreements, meetings and documents, each reference record with its "
        "`sources` and `confidence`.\n\n"
        "**Authentication.** Anonymous clients read published data. Signed-in clients "
        "send `Authorization: Token <token>` (from `POST /api/v1/auth/token/`) or use "
        "their portal session. Tokens expire (`expires_at`, 30 days by default) and are "
        "revoked when the password changes; `GET/DELETE /api/v1/auth/tokens/` lists and "
        "revokes your own. Five failed token requests for one account from one address "
        "pause that account from that address for 15 minutes (429), at the portal and "
        "the admin too.\n\n"
        "**Pagination.** Lists are paginated by page number: `?page=2`; 50 rows a page "
        "by default, `?page_size=` up to 200 (a larger value gives 200). Action plans, "
        "which carry all their projects, come 10 a page by default (since 1.1.0; "
        "`?page_size=50` gives the earlier pages). Since 1.2.0 action plans also filter "
        "by the year they were published: `?published_year=2025` (UTC).\n\n"
        "**Throttling.** Anonymous clients: 120 requests a minute per IP address; "
        "signed-in clients: 1,200 a minute, counted from a client's first request of "
        "the minute. Past that the API answers 429 with a `Retry-After` header (the "
        "seconds until that minute is over).\n\n"
        "**Downloads.** Every list also answers the whole filtered list, unpaginated "
        "and streamed, as CSV, XLSX and (for rows with a place) GeoJSON: `?format=csv`, "
        "`?format=xlsx`, `?format=geojson`, or the matching `Accept` header. The same "
        "files, with JSON, a catalogue and their licence, are at `/data/`.\n\n"
        "**Caching.** Lists, details and the GeoJSON carry an `ETag`; send it back in "
        "`If-None-Match` to get 304 when nothing changed.\n\n"
        '**Errors** are JSON: `{"detail": ...}`, or field errors for 400.\n\n'
        "**Marketplace.** `GET /projects/?seeking_partners=true` lists the projects that "
        "seek partners, with the marketplace's filters. A verified organisation's member "
        "expresses interest with `POST /projects/{uuid}/interests/`; `/interests/` lists "
        "only the interests the caller may see (never public), with their moves "
        "(`discuss/`, `agree/`, `decline/`, `withdraw/`: 409 when the status does not "
        "allow it) and their thread (`messages/`). Sending is limited per organisation "
        "(429)."
    ),
    "VERSION": "1.2.0",
    # A way back from the API documentation to the portal.
    "EXTERNAL_DOCS": {"description": "ASCN Portal", "url": SITE_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # No online validator badge: it would send the schema's URL to another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "core.choices.Currency",
        "SupportKindEnum": "plans.models.SupportKind",
        "InterestStatusEnum": "partnerships.models.InterestStatus",
        "DatePrecisionEnum": "core.choices.DatePrecision",
    },
}

# ------------------------------------------------------------------------------
# LEAFLET_CONFIG
# ------------------------------------------------------------------------------
# No tile layer unless one is configured: the map works offline on the member
# states' outlines shipped under static/geo/.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
LEAFLET_CONFIG = {
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 16,
    "SPATIAL_EXTENT": (92.0, -11.0, 142.0, 29.0),
    # OpenStreetMap-style tile servers need a Referer, which Django's same-origin
    # referrer policy strips: hence strict-origin (django-leaflet PR #405).
    "TILES": [
        (
            _("Online map"),
            MAP_TILE_URL,
            {"attribution": MAP_TILE_ATTRIBUTION, "referrerPolicy": "strict-origin"},
        )
    ]
    if MAP_TILE_URL
    else [],
    "RESET_VIEW": False,
}


# ------------------------------------------------------------------------------
# CONTENT_SECURITY_POLICY (django-csp)
# ------------------------------------------------------------------------------
def csp_source(url_template):
    """The CSP source (scheme and host) of a tile URL template such as
    `https://{s}.tile.example.org/{z}/{x}/{y}.png`: a `{s}` subdomain becomes `*.`."""
    parts = urlsplit(url_template)
    labels = parts.netloc.split(".")
    if labels and "{" in labels[0]:
        labels[0] = "*"
    host = ".".join(labels)
    if parts.scheme not in ("http", "https") or not host or "{" in host:
        raise ImproperlyConfigured(
            f"MAP_TILE_URL {url_template!r} needs an http(s) URL whose host has a "
            "placeholder in its first label at most (like https://{s}.tile.example.org/...)."
        )
    return f"{parts.scheme}://{host}"


def csp_hash(text):
    """The CSP source that allows exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# One policy for every answer, without nonces: public pages are cached whole
# (PublicResponseCacheMiddleware), so a nonce would be replayed. No inline script and no
# inline style anywhere; the API's Redoc page alone relaxes style-src (ascn/api.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Style attributes: only the one django-simple-history's admin history page writes.
        "style-src-attr": [UNSAFE_HASHES, csp_hash("border-top: 0")],
        # data: for the icons inlined in Swagger UI's and Leaflet's style sheets.
        "img-src": [SELF, "data:", *([csp_source(MAP_TILE_URL)] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ------------------------------------------------------------------------------
# ASCN
# ------------------------------------------------------------------------------
# Benchmarks only (bench/run.py): serve /bench/floor/, a fixed small JSON answer that
# measures what the server and framework cost before any portal code runs.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

# The monitoring dashboard lists reviews that have waited longer than this many days.
ASCN_REVIEW_OVERDUE_DAYS = env.int("ASCN_REVIEW_OVERDUE_DAYS", default=14)

# Request bodies: at most this many bytes (a 10 MB PDF attachment and its form), and far
# less without a session or token (sign-in and password forms). Refused with 413 from
# Content-Length, before the body is read. Django's own limit on non-file form data:
# DATA_UPLOAD_MAX_MEMORY_SIZE.
ASCN_MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)
ASCN_MAX_ANONYMOUS_REQUEST_BYTES = env.int("MAX_ANONYMOUS_REQUEST_BYTES", default=64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# The licence of every download and of the data catalogue (/data/).
DATA_LICENCE = env.str("DATA_LICENCE", default="CC BY 4.0")
DATA_LICENCE_URL = env.str(
    "DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
DATA_PUBLISHER = env.str("DATA_PUBLISHER", default="ASEAN Smart Cities Network secretariat")
# Admin imports with more rows than this run as a Celery task (eager on the embedded
# default) with their progress shown in the admin.
DATA_IMPORT_ASYNC_ROWS = env.int("DATA_IMPORT_ASYNC_ROWS", default=1000)
# django-import-export: an import applies whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Admin exports neutralise formula cells in opendata.resources (an apostrophe, undone on
# import); the library's own escaping drops "=" and writes empty cells as "None".
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# The Django group whose members are the network's secretariat staff.
ASCN_SECRETARIAT_GROUP = "Secretariat"

# The models every public page, API read and the GeoJSON are built from: a change to any
# of them retires the cached public answers (core.cache).
ASCN_PUBLIC_MODELS = [
    "cities.MemberState",
    "cities.City",
    "cities.StrategicOutcome",
    "cities.FocusArea",
    "plans.ActionPlan",
    "plans.PriorityProject",
    "plans.PlanAttachment",
    "representatives.NationalRepresentative",
    "representatives.ChiefSmartCityOfficer",
    "partnerships.Partner",
    "partnerships.PartnershipAgreement",
    "partnerships.Meeting",
    "partnerships.Organisation",
    "partnerships.Programme",
    "network.RecordedProject",
    "network.GovernanceRole",
    "network.ChairTerm",
    "network.ShepherdTerm",
    "network.NetworkSizeStatement",
    "network.Document",
    "network.MeetingAttendance",
]

# The marketplace: how much one organisation
# may send (expressions of interest a day, thread messages an hour).
ASCN_INTERESTS_PER_DAY = env.int("ASCN_INTERESTS_PER_DAY", default=10)
ASCN_MESSAGES_PER_HOUR = env.int("ASCN_MESSAGES_PER_HOUR", default=30)
# Organisation registrations accepted per client address an hour (with a honeypot field).
ASCN_REGISTRATIONS_PER_HOUR = env.int("ASCN_REGISTRATIONS_PER_HOUR", default=5)
