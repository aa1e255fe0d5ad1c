"""Settings for geoconsult, every deployment knob read from the environment.

Defaults are safe for a developer's machine: DEBUG is off unless asked for, and
the database is the local PostGIS that `scripts/bootstrap.sh` provisions.
"""

import os
from pathlib import Path

import dj_database_url
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
# The default is flagged by `manage.py check --deploy`: production sets its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-local-only-set-SECRET_KEY")

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
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "rules",
    "core",
    "accounts",
    "campaigns",
    "layers",
    "annotations",
    "agenda",
    "timeline",
    "portal",
    "ogc",
    "tiles",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgis://geoconsult:geoconsult@127.0.0.1:5432/geoconsult"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
    raise ImproperlyConfigured("DATABASE_URL must point at PostGIS (postgis://...).")
# PostgreSQL compiles a query it deems costly (any spatial filter over a large table) with
# LLVM first: 0.4 s of compiling for a list page that runs in 0.1 s at 2,000,000 rows.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "options", "-c jit=" + os.environ.get("DATABASE_JIT", "off")
)

# One cache shared by every process (sessions, throttles, tiles, export files): Redis when
# REDIS_URL is set, otherwise a table in the database, so several workers never keep
# counters of their own.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "geoconsult"),
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "geoconsult_cache",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "geoconsult"),
    }
}

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
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password-reset e-mails: printed to the console unless a deployment names a real backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "geoconsult <no-reply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    # Token first: an anonymous write is then told 401 with how to authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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
}
SPECTACULAR_SETTINGS = {
    "TITLE": "geoconsult API",
    "DESCRIPTION": "Campaigns, layers, contributions, comments and votes; GeoJSON for geometry.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # A choice set used by several models' fields gets one name in the schema.
    "ENUM_NAME_OVERRIDES": {"CategoryEnum": "layers.models.Category"},
    # Swagger UI comes from npm (scripts/build_static.sh), never from a CDN.
    "SWAGGER_UI_DIST": "/" + STATIC_URL + "vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/" + STATIC_URL + "vendor/swagger-ui/favicon-32x32.png",
}

# Spatial policy shared by every app (see gis/geometry.py).
GEOMETRY_MAX_VERTICES = int(os.environ.get("GEOMETRY_MAX_VERTICES", "5000"))

# GIS file imports (layers/imports/): the largest upload, and what a zip may unpack to.
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are spooled to disk, not held in memory;
# the web server in front should refuse bodies above IMPORT_MAX_UPLOAD_SIZE too.
IMPORT_MAX_UPLOAD_SIZE = int(os.environ.get("IMPORT_MAX_UPLOAD_SIZE", 50 * 2**20))
IMPORT_MAX_UNZIPPED_SIZE = int(os.environ.get("IMPORT_MAX_UNZIPPED_SIZE", 200 * 2**20))
IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("IMPORT_MAX_ZIP_MEMBERS", "100"))

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# GDAL 3.6 cannot block file and network access when parsing a spatial
# reference; geoconsult never hands it user text, only EPSG codes from
# gis.geometry.ALLOWED_SRIDS (docs/principles.md, principle 4).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
