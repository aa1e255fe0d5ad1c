"""Settings for geoconsult, every deployment knob read from the environment.

Defaults are safe for a developer's machine: DEBUG is off unless asked for, and
the database is the local PostGIS that `scripts/bootstrap.sh` provisions.
"""

import json
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The default is public: the service refuses to start with it unless DEBUG is on
# (geoconsult/production.py); production sets its own.
DEFAULT_SECRET_KEY = "django-insecure-local-only-set-SECRET_KEY"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo data and demo accounts load only when this is on (`make run` turns it on).
DEMO_MODE = env_bool("GEOCONSULT_DEMO")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "leaflet",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "rules",
    "procrastinate.contrib.django",
    "simple_history",
    "csp",
    "core",
    "accounts",
    "campaigns",
    "layers",
    "annotations",
    "agenda",
    "timeline",
    "consultations",
    "notifications",
    "portal",
    "ogc",
    "sitepages",
    "privacy",
    "tiles",
    "demo",
    "geocoding",
]

MIDDLEWARE = [
    "core.requests.RequestIdMiddleware",
    "core.replicas.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.StreamedErrorLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the login attempts the views made and answers a lockout with 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "geoconsult.urls"
WSGI_APPLICATION = "geoconsult.wsgi.application"
ASGI_APPLICATION = "geoconsult.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sitepages.context_processors.site",
                "csp.context_processors.nonce",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# A request that opens a connection pays for it: 10-25 ms to connect, then 25-40 ms for the
# new server process to load PostGIS (bench/README.md). Kept connections are checked first.
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgis://geoconsult:geoconsult@127.0.0.1:5432/geoconsult"),
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
    raise ImproperlyConfigured("DATABASE_URL must point at PostGIS (postgis://...).")
# A query running longer than this, or a transaction left idle this long, is ended by
# PostgreSQL rather than holding a worker and its locks (milliseconds; 0 turns it off).
# `manage.py migrate` lifts both for itself (core/management/commands/migrate.py); long
# benchmarks set them to 0 in the environment.
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "30000"))
DATABASE_IDLE_IN_TRANSACTION_TIMEOUT = int(
    os.environ.get("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", "60000")
)
# PostgreSQL compiles a query it deems costly (any spatial filter over a large table) with
# LLVM first: 0.4 s of compiling for a list page that runs in 0.1 s at 2,000,000 rows.
DATABASE_JIT = os.environ.get("DATABASE_JIT", "off")
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}"
    f" -c idle_in_transaction_session_timeout={DATABASE_IDLE_IN_TRANSACTION_TIMEOUT}"
    f" -c jit={DATABASE_JIT}"
)
# Django binds parameters on the client and prepares nothing; a query that asks for it
# (`execute(..., prepare=True)`: the lookup every tile request makes) is then prepared on the
# server. Off ("0") behind a pooler in transaction mode, where a statement prepared on one
# server connection is unknown to the next.
if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
# Streaming replicas of the primary, comma-separated: anonymous reads go there
# (core/replicas.py). Tests mirror them to the primary's test database.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(
            _url,
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"]["OPTIONS"],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.replicas.PrimaryReplicaRouter"]

# One cache shared by every process (sessions, throttles, tiles, export files): Redis when
# REDIS_URL is set, otherwise a table in the database, so several workers never keep
# counters of their own.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        # No cache at all while Redis is down, logged (core/cache.py); a dead Redis answers
        # within the socket timeouts rather than holding a request.
        "BACKEND": "core.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "geoconsult"),
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
        },
    }
    if REDIS_URL
    else {
        # Django's database cache with an atomic `incr`, which the throttles count with.
        "BACKEND": "core.cache.DatabaseCache",
        "LOCATION": "geoconsult_cache",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "geoconsult"),
    }
}

# Sessions live in the shared cache, written through to the database: a lost cache (Redis
# restarted) costs a database read, never a log-out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The job queue: Procrastinate keeps its jobs in PostgreSQL, so no other service runs for it
# (docs/architecture.md, "The job queue"). Each app's `tasks.py` declares its tasks;
# `manage.py procrastinate worker` runs them. A worker whose heartbeat stops for
# QUEUE_STALLED_AFTER seconds (killed, machine lost) has its jobs retried by another.
QUEUE_STALLED_AFTER = float(os.environ.get("QUEUE_STALLED_AFTER", "30"))
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": int(os.environ.get("QUEUE_WORKER_CONCURRENCY", "2")),
    "update_heartbeat_interval": QUEUE_STALLED_AFTER / 3,
    "stalled_worker_timeout": QUEUE_STALLED_AFTER,
    "shutdown_graceful_timeout": float(os.environ.get("QUEUE_SHUTDOWN_TIMEOUT", "60")),
}
# How often a worker looks for jobs of stalled workers, as a cron line (6th field: seconds).
QUEUE_STALLED_CHECK_CRON = os.environ.get("QUEUE_STALLED_CHECK_CRON", "*/15 * * * * *")

# Notifications (notifications/): a fan-out job is tried this many times; the day-before
# reminders of events are written by a job on this schedule (hourly: each run looks one
# hour ahead of "tomorrow").
NOTIFICATIONS_FAN_OUT_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_FAN_OUT_ATTEMPTS", "5"))
NOTIFICATIONS_REMINDER_CRON = os.environ.get("NOTIFICATIONS_REMINDER_CRON", "0 * * * *")

# How long a vector tile stays in the cache; a change to its layer makes a new key anyway.
TILE_CACHE_SECONDS = int(os.environ.get("TILE_CACHE_SECONDS", 24 * 3600))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Who may do what is declared once per app in `rules.py` (django-rules predicates)
# and checked the same way by pages, the API and templates.
AUTHENTICATION_BACKENDS = [
    # First: a locked-out username or address is refused before any password is checked.
    "accounts.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# E-mails (confirmation links, password resets): printed to the console unless a deployment
# names a real backend; the service refuses to start with the console one unless DEBUG or
# the demo is on (geoconsult/production.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "geoconsult <no-reply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds an SMTP server may keep us waiting. Notification e-mails are sent while their row
# is locked, so this stays below DATABASE_IDLE_IN_TRANSACTION_TIMEOUT (60 s).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# The service's public address, for links in e-mails sent by the worker (which has no
# request to take the host from): scheme and host, no trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.fullmatch(r"https?://[A-Za-z0-9.\[\]:-]+(/[^\s]*)?", SITE_URL):
    raise ImproperlyConfigured("SITE_URL must be an address such as https://participer.ville.fr")

# Notification e-mails (notifications/mail.py, docs/architecture.md "Notifications").
# One sending job takes this many notifications over one SMTP connection.
NOTIFICATION_EMAIL_BATCH = int(os.environ.get("NOTIFICATION_EMAIL_BATCH", "200"))
# A message that fails is tried again this many times in all, waiting RETRY_WAIT**n seconds
# (5, 25, 125, 625 s by default); a permanent refusal (5xx) is not retried.
NOTIFICATION_EMAIL_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_EMAIL_MAX_ATTEMPTS", "5"))
NOTIFICATION_EMAIL_RETRY_WAIT = int(os.environ.get("NOTIFICATION_EMAIL_RETRY_WAIT", "5"))
# The daily digest goes out at this hour of TIME_ZONE. The worker looks every hour
# (NOTIFICATION_DIGEST_CRON, read in UTC by the queue) and sends the digests not yet sent
# since that hour, so a worker down at 7:00 sends them at 8:00, and summer time is no matter.
NOTIFICATION_DIGEST_HOUR = int(os.environ.get("NOTIFICATION_DIGEST_HOUR", "7"))
NOTIFICATION_DIGEST_CRON = os.environ.get("NOTIFICATION_DIGEST_CRON", "0 * * * *")
# A digest lists at most this many notifications; the rest are in the notification centre.
NOTIFICATION_DIGEST_MAX_ITEMS = int(os.environ.get("NOTIFICATION_DIGEST_MAX_ITEMS", "50"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# French dates and times as French typography writes them ("18 h 30"); see geoconsult/formats.
FORMAT_MODULE_PATH = ["geoconsult.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded files (contributions' photos). An S3-compatible store: README, "Photos".
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "geoconsult.storage.ModuleAwareStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Security headers; `manage.py check --deploy` is clean when DEBUG is off and HTTPS is on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
# Both bind every subdomain (and, for preload, browsers' built-in lists) for months: each is
# a decision of its own, off until asked for.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)
X_FRAME_OPTIONS = "DENY"
# Sites allowed to show a campaign's map in a frame (/embed/campaigns/<slug>/), as
# origins ("https://www.ville.example"); every other page refuses frames.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")
for _origin in EMBED_ALLOWED_ORIGINS:
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?", _origin):
        raise ImproperlyConfigured(f"EMBED_ALLOWED_ORIGINS: {_origin!r} is not an origin.")

# The city's look: its name (header, titles, admin), logo (a URL; the shipped mark by
# default) and main colour, which must keep white text readable (4.5:1 at least).
SITE_NAME = os.environ.get("SITE_NAME", "geoconsult")
SITE_LOGO_URL = os.environ.get("SITE_LOGO_URL", "")
SITE_PRIMARY_COLOR = os.environ.get("SITE_PRIMARY_COLOR", "#1d6f42")
if not re.fullmatch(r"#[0-9A-Fa-f]{6}", SITE_PRIMARY_COLOR):
    raise ImproperlyConfigured("SITE_PRIMARY_COLOR must be a colour as #rrggbb.")

REST_FRAMEWORK = {
    # Token first: an anonymous write is then told 401 with how to authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"geocoding": os.environ.get("GEOCODER_RATE", "120/min")},
}
# The address search: an outside service speaking the BAN's API (api-adresse.data.gouv.fr,
# a self-hosted addok), or, unset, the addresses `load_addresses` put in PostGIS.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
SPECTACULAR_SETTINGS = {
    # In the language of the request, like the rest of the site (the docs page asks for
    # the schema with the visitor's cookies and Accept-Language).
    "TITLE": _("geoconsult API"),
    "DESCRIPTION": _(
        "Campaigns, layers, contributions, comments and votes; GeoJSON for geometry. "
        "Open data for mapping software is also served as OGC API - Features at /ogc/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # A choice set used by several models' fields gets one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "layers.models.Category",
        "AmendmentStatusEnum": "consultations.models.Amendment.Status",
    },
    # Swagger UI comes from npm (scripts/build_static.sh), never from a CDN.
    "SWAGGER_UI_DIST": "/" + STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/" + STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
}

# Spatial policy shared by every app (see gis/geometry.py).
GEOMETRY_MAX_VERTICES = int(os.environ.get("GEOMETRY_MAX_VERTICES", "5000"))

# Alert areas (notifications/areas.py): the largest area a person may draw (km², measured on
# the ellipsoid), its vertices, and how many areas one person keeps.
ALERT_AREA_MAX_KM2 = float(os.environ.get("ALERT_AREA_MAX_KM2", "50"))
ALERT_AREA_MAX_VERTICES = int(os.environ.get("ALERT_AREA_MAX_VERTICES", "500"))
ALERT_AREAS_PER_USER = int(os.environ.get("ALERT_AREAS_PER_USER", "20"))
# How long a reader (or a proxy) may keep an Atom feed before asking again; it then gets
# 304 Not Modified until something in the feed changes.
FEED_MAX_AGE = int(os.environ.get("FEED_MAX_AGE", "300"))

# GIS file imports (layers/imports/): the largest upload, and what a zip may unpack to.
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are spooled to disk, not held in memory;
# the web server in front should refuse bodies above IMPORT_MAX_UPLOAD_SIZE too.
IMPORT_MAX_UPLOAD_SIZE = int(os.environ.get("IMPORT_MAX_UPLOAD_SIZE", 50 * 2**20))
IMPORT_MAX_UNZIPPED_SIZE = int(os.environ.get("IMPORT_MAX_UNZIPPED_SIZE", 200 * 2**20))
IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("IMPORT_MAX_ZIP_MEMBERS", "100"))

# Exports (annotations/exports/): GeoJSON and CSV up to EXPORT_STREAM_MAX_ROWS rows are
# streamed; larger ones, and every GeoPackage, Shapefile and KML, are built by a job and kept
# EXPORT_FILE_TTL seconds, reused while the layers they come from have not changed.
EXPORT_STREAM_MAX_ROWS = int(os.environ.get("EXPORT_STREAM_MAX_ROWS", "10000"))
EXPORT_FILE_TTL = int(os.environ.get("EXPORT_FILE_TTL", str(24 * 3600)))
EXPORT_MAX_ATTEMPTS = int(os.environ.get("EXPORT_MAX_ATTEMPTS", "3"))
EXPORT_RETRY_WAIT = int(os.environ.get("EXPORT_RETRY_WAIT", "10"))

# Photos on contributions (annotations/photos.py): how many, the largest upload, the most
# pixels a photo may decode to (Pillow refuses anything larger as a decompression bomb), the
# longest side kept (larger photos are scaled down) and the thumbnails' longest side.
CONTRIBUTION_PHOTOS_MAX = int(os.environ.get("CONTRIBUTION_PHOTOS_MAX", "3"))
PHOTO_MAX_UPLOAD_SIZE = int(os.environ.get("PHOTO_MAX_UPLOAD_SIZE", 10 * 2**20))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 50_000_000))
PHOTO_STORED_MAX_SIDE = int(os.environ.get("PHOTO_STORED_MAX_SIDE", "2048"))
PHOTO_THUMBNAIL_SIDE = int(os.environ.get("PHOTO_THUMBNAIL_SIDE", "400"))

# Nearby-duplicate hints (annotations/duplicates.py): how far around a new contribution's
# shape published ones of its layer are shown, and how alike two titles must be (pg_trgm).
DUPLICATE_HINT_DISTANCE_M = float(os.environ.get("DUPLICATE_HINT_DISTANCE_M", "50"))
DUPLICATE_HINT_TITLE_SIMILARITY = float(os.environ.get("DUPLICATE_HINT_TITLE_SIMILARITY", "0.3"))

# Events residents propose (agenda/forms.py) must take place inside a campaign's perimeter.
AGENDA_PROPOSALS_WITHIN_PERIMETERS = env_bool("AGENDA_PROPOSALS_WITHIN_PERIMETERS", True)

# The base map. Features never depend on it; browser tests stub its tiles.
BASEMAP_TILES_URL = os.environ.get(
    "BASEMAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
BASEMAP_ATTRIBUTION = os.environ.get("BASEMAP_ATTRIBUTION", "© OpenStreetMap contributors")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (48.892, 2.206),  # Nanterre
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    "TILES": [(_("Map"), BASEMAP_TILES_URL, {"attribution": BASEMAP_ATTRIBUTION})],
    "RESET_VIEW": False,
}


def origin_of(tiles_url):
    """The origin a tile URL template loads from, as a CSP source (`{s}` subdomains: `*`)."""
    scheme, _sep, rest = tiles_url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}" if scheme and host else SELF


# Content-Security-Policy (django-csp): scripts only from this site or inline with the
# nonce of the request (templates pass `request.csp_nonce`). Styles stay open to inline
# attributes, which Leaflet and TimelineJS set on every tile, marker and slide.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", origin_of(BASEMAP_TILES_URL), "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "https:"],
        "frame-src": ["https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses are switched off (core.middleware.PermissionsPolicyMiddleware);
# the maps' "Locate me" asks for the position on this site only.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": ["self"],
    "payment": [],
    "usb": [],
}

# One JSON object per line with the request id (core/requests.py), for a log collector;
# LOG_FORMAT=text for a person reading a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.requests.RequestIdFilter"},
        # Password-reset and e-mail confirmation links are keys to an account: never logged.
        "secret_links": {"()": "core.logging.MaskSecretLinks"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "secret_links"],
            "formatter": "json" if os.environ.get("LOG_FORMAT", "json") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The queue names each task it registers at start-up: noise at INFO.
    "loggers": {"procrastinate": {"level": os.environ.get("QUEUE_LOG_LEVEL", "WARNING")}},
}

# GDAL 3.6 cannot block file and network access when parsing a spatial
# reference; geoconsult never hands it user text, only EPSG codes from
# gis.geometry.ALLOWED_SRIDS (docs/principles.md, principle 4).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# The longest ogr2ogr may take to write a GIS export (annotations/exports/formats.py), seconds.
EXPORT_OGR2OGR_TIMEOUT = int(os.environ.get("EXPORT_OGR2OGR_TIMEOUT", "120"))

# Integrity of what people send (annotations, agenda).
# The most people one meeting, or one of its contributions, may speak for.
PARTICIPANT_COUNT_MAX = int(os.environ.get("PARTICIPANT_COUNT_MAX", "10000"))
# How deep a discussion goes; a reply below the deepest level joins that level.
COMMENT_MAX_DEPTH = int(os.environ.get("COMMENT_MAX_DEPTH", "6"))

# Abuse resistance. Who is asking is the address in this request header (REMOTE_ADDR, or
# the one header a trusted proxy in front sets to a single address, e.g. HTTP_X_REAL_IP).
CLIENT_IP_META_KEY = os.environ.get("CLIENT_IP_META_KEY", "REMOTE_ADDR")

# Log-in lockout (django-axes) on the site's, the admin's and the API token's log-in: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one address, that username
# or address is refused for LOGIN_LOCKOUT_MINUTES, even with the right password. Ten leaves
# room for a person's honest typos; fifteen minutes makes guessing hopeless (at most 40
# tries an hour) without shutting anyone out for long. A password reset lifts the lock.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_META_KEY,)
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_VERBOSE = False
# Attempts live in the cache, not in django-axes' tables: its admin pages would stay empty.
AXES_ENABLE_ADMIN = False


def env_rates(name, per_account, per_address):
    """Two rates, "count/period" for one account and for one address: `THROTTLE_X=20/h,60/h`."""
    account, address = os.environ.get(name, f"{per_account},{per_address}").split(",")
    return {"account": account.strip(), "address": address.strip()}


# How often one account (for sign-up and password reset: one e-mail address) and one network
# address may do each thing, counted in the shared cache. An address gets three to four times
# an account's rate: a household, a library or the town hall's kiosk share one. Each rate is
# far above what a person does in an evening of taking part, and far below what a script
# needs to flood a consultation.
THROTTLE_RATES = {
    # Each sends an e-mail: a few per hour stops mail-bombing an address or the mail server.
    "signup": env_rates("THROTTLE_SIGNUP", "3/h", "10/h"),
    "password_reset": env_rates("THROTTLE_PASSWORD_RESET", "3/h", "10/h"),
    "confirmation_email": env_rates("THROTTLE_CONFIRMATION_EMAIL", "3/h", "10/h"),
    # A contribution (or an edit of one) takes minutes to write.
    "contribute": env_rates("THROTTLE_CONTRIBUTE", "20/h", "60/h"),
    "comment": env_rates("THROTTLE_COMMENT", "60/h", "200/h"),
    # Votes are one click each, changed and taken back: the most generous.
    "vote": env_rates("THROTTLE_VOTE", "200/h", "600/h"),
    "report": env_rates("THROTTLE_REPORT", "20/h", "60/h"),
    "register": env_rates("THROTTLE_REGISTER", "30/h", "100/h"),
    # Drawing an alert area: a few a session, and at most ALERT_AREAS_PER_USER kept anyway.
    "alert_area": env_rates("THROTTLE_ALERT_AREA", "20/h", "60/h"),
    # One-click unsubscribe links (signed): a person needs one; a script trying tokens, more.
    "unsubscribe": env_rates("THROTTLE_UNSUBSCRIBE", "10/h", "30/h"),
    # Following and stopping are one click each, like votes; so are marking notifications read,
    # deleting an alert area and saving the e-mail settings.
    "follow": env_rates("THROTTLE_FOLLOW", "200/h", "600/h"),
}
RATELIMIT_IP_META_KEY = CLIENT_IP_META_KEY
RATELIMIT_USE_CACHE = "default"

# Accounts. A new account's e-mail link confirms it for this long; API tokens last this long.
EMAIL_CONFIRMATION_DAYS = int(os.environ.get("EMAIL_CONFIRMATION_DAYS", "3"))
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))
# Display names residents may not take: they would speak as the city (compared in lower case,
# accents ignored, as parts of the name).
CITY_NAME = os.environ.get("CITY_NAME", "Nanterre")
RESERVED_DISPLAY_NAMES = env_list(
    "RESERVED_DISPLAY_NAMES", f"mairie,ville de,city of,town hall,hotel de ville,{CITY_NAME}"
)
# What staff answers are signed with when the member of staff gave no display name.
OFFICIAL_NAME = os.environ.get("OFFICIAL_NAME", f"Ville de {CITY_NAME}")
