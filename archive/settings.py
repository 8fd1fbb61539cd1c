"""Settings for the interview archive, driven by the environment.

DATABASE_URL  database to use (default: the embedded SQLite file var/archive.sqlite3)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" for development pages and errors
ALLOWED_HOSTS comma-separated host names (default: localhost names)
ARCHIVE_HTTPS "1" in production behind HTTPS: SSL redirect, HSTS and secure cookies
DATABASE_REPLICA_URLS comma-separated read replicas of DATABASE_URL (PostgreSQL streaming)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("ARCHIVE_REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    # Only good for a local machine: anyone deploying sets SECRET_KEY.
    SECRET_KEY = "insecure-local-archive-key-set-SECRET_KEY-in-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "interviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Open CORS for the read-only API and open data only (CORS_URLS_REGEX), before
    # anything answers.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Chooses the database a request reads from (a replica, or the primary) before
    # anything reads: sessions, the page cache's revision, the view.
    "archive.routing.DatabaseRoutingMiddleware",
    # ETag and Last-Modified for /api/ from the revision of the database chosen above.
    "interviews.api.conditional.ConditionalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
                "interviews.context_processors.archive",
            ],
        },
    },
]

DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "archive.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(DEFAULT_SQLITE_PATH):
        DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades in the middle of an import transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    # A database that does not answer fails a request in seconds (a 503 page), rather
    # than holding a worker for the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )

# Read replicas (PostgreSQL streaming replicas of the primary): readers' pages and
# searches read from one that answers and is not lagging; writes, signed-in editors and
# the requests right after a write use the primary (archive/routing.py).
for number, url in enumerate(
    (u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), 1
):
    DATABASES[f"replica{number}"] = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[f"replica{number}"]["OPTIONS"] = {
        "connect_timeout": int(os.environ.get("DATABASE_REPLICA_CONNECT_TIMEOUT", "2"))
    }
    # The test run reads the primary's test database through the real replica.
    DATABASES[f"replica{number}"]["TEST"] = {"MIRROR": "default"}
ARCHIVE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["archive.routing.ReplicaRouter"]
# A replica further behind the primary than this many seconds is skipped.
ARCHIVE_REPLICA_MAX_LAG = float(os.environ.get("ARCHIVE_REPLICA_MAX_LAG", "5"))
# How often each worker thread asks a replica whether it answers and how far behind it is.
ARCHIVE_REPLICA_CHECK_SECONDS = float(os.environ.get("ARCHIVE_REPLICA_CHECK_SECONDS", "5"))
# After a write, the browser reads from the primary for this long (read-your-writes):
# longer than the lag a replica may have plus the interval between checks.
ARCHIVE_PRIMARY_PIN_SECONDS = int(os.environ.get("ARCHIVE_PRIMARY_PIN_SECONDS", "30"))

# PgBouncer in transaction mode hands each transaction any server connection: cursors
# held across transactions (QuerySet.iterator()'s server-side cursors) cannot work.
if env_bool("DATABASE_PGBOUNCER"):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in lock-out (django-axes): after ARCHIVE_SIGNIN_FAILURES wrong passwords for one
# account, or from one address, further attempts are refused for the cool-off time.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ARCHIVE_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Lock-outs are logged with the account and address they apply to, not the start-up banner.
AXES_VERBOSE = False
# The log names the account and the address (never the password): what an operator needs.
AXES_SENSITIVE_PARAMETERS: list[str] = []
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "archive.clientip.client_ip"
# Proxies in front of the archive that append to X-Forwarded-For (the address axes
# counts is the one the nearest of them saw); 0 when clients connect directly.
ARCHIVE_TRUSTED_PROXIES = int(os.environ.get("ARCHIVE_TRUSTED_PROXIES", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "archive.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Each worker process keeps the pages it rendered; the archive revision in every key
# makes a change visible at once (interviews/caching.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("ARCHIVE_CACHE_ENTRIES", "1000"))},
    }
}
# Without a cache server each worker process keeps its own pages, so a search is computed
# once per process; ARCHIVE_CACHE_URL=redis://host:6379/0 shares one cache between every
# process and host. A cache that is down costs time, never a page: its errors are ignored.
ARCHIVE_CACHE_URL = os.environ.get("ARCHIVE_CACHE_URL", "").strip()
if ARCHIVE_CACHE_URL:
    if not ARCHIVE_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"ARCHIVE_CACHE_URL must be a redis://, rediss:// or unix:// address, "
            f"not {ARCHIVE_CACHE_URL!r}"
        )
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": ARCHIVE_CACHE_URL,
        # Keys hold the archive's revision (interviews/revision.py); the prefix keeps two
        # archives on one cache server apart.
        "KEY_PREFIX": os.environ.get("ARCHIVE_CACHE_PREFIX", "archive"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
ARCHIVE_PAGE_CACHE_SECONDS = int(os.environ.get("ARCHIVE_PAGE_CACHE_SECONDS", "3600"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# ARCHIVE_HTTPS=1 is the production switch: every request is redirected to HTTPS,
# browsers are told to use nothing else (HSTS) and cookies never travel in clear.
ARCHIVE_HTTPS = env_bool("ARCHIVE_HTTPS")
SESSION_COOKIE_SECURE = ARCHIVE_HTTPS or env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = ARCHIVE_HTTPS or env_bool("SECURE_COOKIES")
SECURE_SSL_REDIRECT = ARCHIVE_HTTPS
SECURE_HSTS_SECONDS = (
    int(os.environ.get("ARCHIVE_HSTS_SECONDS", "31536000")) if ARCHIVE_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = ARCHIVE_HTTPS and env_bool("ARCHIVE_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = ARCHIVE_HTTPS and env_bool("ARCHIVE_HSTS_PRELOAD", True)
# /healthz answers load balancers and container health checks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp): scripts, styles and images only from the
# archive itself, no inline script or style, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The importer refuses larger documents with a clear message.
ARCHIVE_MAX_DOCUMENT_BYTES = int(os.environ.get("ARCHIVE_MAX_DOCUMENT_BYTES", 8 * 1024 * 1024))
# Editors upload at most this many files at once; each is refused by name beyond it.
ARCHIVE_MAX_UPLOAD_FILES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_FILES", 20))
# Pasted text arrives as a form field: a request may carry one document's worth of it.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_DOCUMENT_BYTES + 1024 * 1024
# The import preview has a speaker and a kind for every turn of a long press conference.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
ARCHIVE_SITE_NAME = os.environ.get("ARCHIVE_SITE_NAME", "Interview Archive")
# A search ranks, counts and facets at most this many matches ("2,000+"): the cost of a
# common word grows with it (bench/README.md).
ARCHIVE_SEARCH_CANDIDATES = int(os.environ.get("ARCHIVE_SEARCH_CANDIDATES", "2000"))
# Candidates scored again in Python by the ranking model (interviews/search/ranking.py).
ARCHIVE_SEARCH_RESCORED = int(os.environ.get("ARCHIVE_SEARCH_RESCORED", "200"))
# Facets kept between the pages of a search and the searches a facet click leads to
# (interviews/search/facet_cache.py); 0 computes them for every search (the benchmark's
# searches "afresh").
ARCHIVE_SEARCH_FACET_CACHE = os.environ.get("ARCHIVE_SEARCH_FACET_CACHE", "1") != "0"
# A search's statements are stopped in the database past this many milliseconds, and the
# page says the search is too broad (interviews/search/budget.py).
ARCHIVE_SEARCH_BUDGET_MS = int(os.environ.get("ARCHIVE_SEARCH_BUDGET_MS", "1500"))

# The open-data API (/api/v1/, interviews/api/): Django REST framework and drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Documents imported through the API, per key (interviews/api/throttling.py).
    "DEFAULT_THROTTLE_RATES": {"imports": os.environ.get("ARCHIVE_API_IMPORT_RATE", "120/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{ARCHIVE_SITE_NAME} API",
    "DESCRIPTION": (
        "Press interviews, their speakers and every quote, as open data. Read-only "
        "endpoints are open to everyone; imports need an editor's API key."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SpeakerKindEnum": "interviews.models.Speaker.KIND_CHOICES",
        "TurnKindEnum": "interviews.models.KIND_CHOICES",
    },
}
# Anyone may read the API and the pages' open data (exports, transcripts, the search
# feed: README, "Open data") from a browser page anywhere; nothing else is cross-origin.
CORS_URLS_REGEX = (
    r"^/(api/v1/(?!imports/).*"
    r"|(search|interviews)/export\.(csv|jsonl|json)"
    r"|interviews/[-\w]+/transcript\.(txt|md)"
    r"|search/feed/)$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Failed sign-ins and lock-outs are always logged, whatever LOG_LEVEL says.
    "loggers": {"axes": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# Pages answer 503 with this Retry-After (seconds) while the database is unreachable.
ARCHIVE_RETRY_AFTER = int(os.environ.get("ARCHIVE_RETRY_AFTER", "30"))
