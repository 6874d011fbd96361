"""Settings of Клиентоцентр, read from the environment in this one module.

KC_ENVIRONMENT is ``production`` (default), ``development`` or ``test``. In
production a missing or bad SECRET_KEY, ALLOWED_HOSTS or DATABASE_URL stops the
start with a message naming the variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("KC_DATA_DIR", str(BASE_DIR / "data")))

ENVIRONMENT = env_str("KC_ENVIRONMENT", "production")
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"Environment variable KC_ENVIRONMENT must be production, development or test, "
        f"got {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=ENVIRONMENT == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Environment variable DEBUG must be false in production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Environment variable SECRET_KEY must be at least 50 characters with 5 distinct ones."
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-" + "x" * 40)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# Served over TLS (directly or behind a proxy). `make run` serves plain HTTP on
# loopback and sets HTTPS=false.
HTTPS = env_bool("HTTPS", default=PRODUCTION)
# How many proxies in front of us append to X-Forwarded-For; 0 means the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "ninja",
    "accounts",
    "audit",
    "registry",
    "segments",
    "readability",
    "mailings",
    "inbox",
    "proactive",
    "feedback",
    "journeys",
    "standards",
    "indicators",
    "jobs",
    "exports",
    "cabinet",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lib.locale.RussianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.CapacityMiddleware",
    "accounts.middleware.NoStoreForPersonalPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "accounts.context.may",
                "cabinet.context.sections",
                "proactive.context.acting",
            ],
            "builtins": ["django.templatetags.i18n", "template_partials.templatetags.partials"],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database: SQLite under data/ is the embedded default; PostgreSQL in production.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'klientocentr.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL)
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not valid: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.postgresql":
    _db["OPTIONS"] = {
        "pool": {
            "min_size": env_int("DB_POOL_MIN_SIZE", 1),
            "max_size": env_int("DB_POOL_MAX_SIZE", 10),
            "timeout": 10,
        }
    }
    _db["CONN_MAX_AGE"] = 0
    if not env_bool("DB_POOL", default=True):
        _db["OPTIONS"] = {}
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["ENGINE"] = "lib.sqlite_backend"  # writers queue on a file lock: see its docstring
    # Tests run in memory; said outright, because pytest-django recognises SQLite by
    # Django's own engine name and would otherwise derive a file name per xdist worker.
    _db["TEST"] = {"NAME": ":memory:"}
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Persistent connections: opening one costs ~3 ms and closing the last one checkpoints
    # the WAL (~3 ms more), which per request halved rating intake (docs/benchmarks.md).
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
    _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL must point to PostgreSQL or SQLite, "
        f"got engine {_db['ENGINE']!r}."
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite creates no deferrable unique constraints; step positions are renumbered inside
# one transaction, so the constraint only matters (and exists) on PostgreSQL.
SILENCED_SYSTEM_CHECKS = ["models.W038"]

# --- Users, login, sessions
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cabinet:home"
LOGOUT_REDIRECT_URL = "registry:catalogue"

# The shared cache (ADR 0014): public pages and API key look-ups. Redis in production
# (CACHE_URL=redis://host:6379/0), shared by every web process and the runner; on the
# embedded default a file cache in the data folder, shared by the processes of one
# machine; process memory in tests (a test that needs the real thing says so).
CACHE_URL = env_str("CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kc",
        }
    }
elif ENVIRONMENT == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:  # a file cache: MAX_ENTRIES above Django's 300, so pages are not culled every minute
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Idle timeout: the session cookie lives SESSION_COOKIE_AGE after the last request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Not saved on every request (each save is a write, and on SQLite one long write made every
# signed-in page wait): accounts.middleware renews the idle timeout at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
# Absolute timeout: a session ends this long after login, however active.
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lock does not restart it: «wait 15 minutes» stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "lib.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# accounts/login_guard.py: failures from one address across accounts before it is refused,
# and failures of one account across addresses before each try must wait (doubling).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_USERNAME_FREE_FAILURES = env_int("LOGIN_USERNAME_FREE_FAILURES", 5)
LOGIN_USERNAME_MAX_DELAY = env_int("LOGIN_USERNAME_MAX_DELAY_SECONDS", 60)

# --- Security headers (OWASP ASVS level 2 baseline)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Language: Russian first, English second.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_TZ = True

# --- Static files, served by WhiteNoise from the WSGI server.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (a check's photos) through Django's storage API: the local disk by
# default, never served as static files (``standards:evidence`` checks access first). An
# S3-compatible store replaces it by setting STORAGES["default"] (django-storages).
MEDIA_ROOT = Path(env_str("KC_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Mail through Django's mail framework.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST", "")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# SMS and push (mailings/channels.py): "log" until an operator's gateway is connected;
# tests read the "memory" gateway's outbox.
NOTICE_GATEWAY = env_str("KC_NOTICE_GATEWAY", "memory" if ENVIRONMENT == "test" else "log")
if NOTICE_GATEWAY not in ("log", "memory"):
    raise ImproperlyConfigured("KC_NOTICE_GATEWAY must be log or memory")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Клиентоцентр <noreply@klientocentr.local>")

# --- Domain settings
# The address of the product as users reach it, for links in mail.
# Social-network and messenger connectors the inbox pulls from (inbox/connectors.py).
INBOX_CONNECTORS = env_list("INBOX_CONNECTORS", ["inbox.connectors.DemoConnector"])
# Codes of the bodies whose official accounts the connectors read (the inbox.pull job).
INBOX_PULL_BODIES = env_list("INBOX_PULL_BODIES", [])

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("Environment variable SITE_URL must start with http:// or https://.")
# A life situation not reviewed for this many days is flagged as stale (R3).
REGISTRY_STALE_AFTER_DAYS = env_int("REGISTRY_STALE_AFTER_DAYS", 365)

# Feedback (docs/feedback.md): ratings per address per window (count, seconds), and a
# higher limit for kiosks, where everyone rates from one address.
FEEDBACK_RATE_LIMIT = (env_int("FEEDBACK_RATE_LIMIT", 10), env_int("FEEDBACK_RATE_WINDOW", 600))
FEEDBACK_KIOSK_RATE_LIMIT = (env_int("FEEDBACK_KIOSK_RATE_LIMIT", 240), FEEDBACK_RATE_LIMIT[1])
# Webhooks: https only in production; never to loopback, private or link-local addresses
# (FEEDBACK_WEBHOOK_ALLOW_PRIVATE=true only for a test receiver on this machine).
FEEDBACK_WEBHOOK_HTTPS_ONLY = env_bool("FEEDBACK_WEBHOOK_HTTPS_ONLY", default=PRODUCTION)
FEEDBACK_WEBHOOK_ALLOW_PRIVATE = env_bool("FEEDBACK_WEBHOOK_ALLOW_PRIVATE", default=False)
# Days the body has to look into a low score with a comment (R20).
FEEDBACK_CASE_DAYS = env_int("FEEDBACK_CASE_DAYS", 30)
FEEDBACK_INVITATION_DAYS = env_int("FEEDBACK_INVITATION_DAYS", 30)
FEEDBACK_WEBHOOK_ATTEMPTS = env_int("FEEDBACK_WEBHOOK_ATTEMPTS", 8)
# ALTCHA proof of work for anonymous ratings: PBKDF2 iterations the browser spends.
ALTCHA_COST = env_int("ALTCHA_COST", 5000)
ALTCHA_HMAC_KEY = env_str("ALTCHA_HMAC_KEY", "") or f"altcha:{SECRET_KEY}"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "klientocentr.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
