"""Upward settings: one file, every knob an environment variable (see README)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from upward.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_int,
    env_list,
    env_required,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("UPWARD_VAR_DIR", str(BASE_DIR / "var")))
# The SQLite file and collected static files live here; create it so a fresh clone just runs.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)

# "development" needs no configuration at all; "production" refuses to start without the
# settings that must never take a default (secret key, host names).
UPWARD_ENV = env_str("UPWARD_ENV", "development")
if UPWARD_ENV not in {"development", "production"}:
    raise ImproperlyConfiguredEnv(
        f"UPWARD_ENV must be 'development' or 'production', got {UPWARD_ENV!r}"
    )
PRODUCTION = UPWARD_ENV == "production"

DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
if PRODUCTION:
    # --- Production refuses to start unsafe (issue 12) -------------------------------------
    # A one-line message (upward/__main__.py and wsgi.py print it), never a traceback.
    SECRET_KEY = env_required("SECRET_KEY")
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY == DEVELOPMENT_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfiguredEnv(
            "SECRET_KEY is too weak for UPWARD_ENV=production: use at least 50 random characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')"
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")
    if env_bool("DEBUG", False):
        raise ImproperlyConfiguredEnv(
            "DEBUG must be off when UPWARD_ENV=production (it shows tracebacks and settings)"
        )
    DEBUG = False
    # --- end of the production refusals ---------------------------------------------------
else:
    SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DEBUG = env_bool("DEBUG", True)

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    # Swagger UI and ReDoc are served from ninja's own static files, never from a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "upward.audit",
    "upward.people",
    "upward.programs",
    "upward.accounts",
    "upward.scim",
    "upward.matching",
    "upward.mentoring",
    "upward.content",
    "upward.community",
    "upward.feedback",
    "upward.insights",
    "upward.notifications",
    "upward.webhooks",
    "upward.privacy",
    "upward.api",
    "upward.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Unstorable query strings and API bodies are refused before any view (upward/inputs.py).
    "upward.inputs.InputGuardMiddleware",
    "upward.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's own language, else their browser's, else LANGUAGE_CODE (upward/i18n.py).
    "upward.i18n.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "upward.urls"
WSGI_APPLICATION = "upward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "upward" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "upward.people.context_processors.navigation",
            ],
            # upward.urlcache: `{% url %}` through a remembered reverse() (issue 16).
            "builtins": ["upward.humane", "upward.urlcache"],
        },
    }
]
# Form widgets (inputs, selects and their options) render through Jinja2, with Django's own
# widget templates: the same HTML, and on the pair room's forms (topics, statuses, dates)
# about half the CPU of the template language, which renders a template per <option>
# (issue 16). Pages themselves stay in Django templates.
FORM_RENDERER = "django.forms.renderers.Jinja2"

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Persistent connections (checked before reuse); 0 behind a transaction-pooling PgBouncer.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    # Prepared statements: PostgreSQL parses and plans a query the connection has run twice
    # once, not on every request; that was two thirds of the database's CPU per page under
    # `make load` (docs/benchmarks.md). Turn off (0) behind a PgBouncer in transaction mode
    # older than 1.21 (it cannot keep a statement between transactions).
    is_postgres = "postgresql" in DATABASES["default"].get("ENGINE", "")
    if is_postgres and env_bool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 2}
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "upward.sqlite3"),
            # WAL lets the web server and the task worker read while the other writes;
            # IMMEDIATE transactions avoid "database is locked" on lock upgrades.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# Single sign-on with OpenID Connect (README: "Single sign-on"). On when OIDC_CLIENT_ID is set.
# People are matched to the directory by OIDC_MATCH_ON (email or employee_id), read from the
# claim OIDC_CLAIM; nobody outside the directory gets an account.
OIDC_ENABLED = bool(env_str("OIDC_CLIENT_ID"))
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_URI")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_CLAIM = env_str("OIDC_CLAIM", "email")
OIDC_MATCH_ON = env_str("OIDC_MATCH_ON", "email")
OIDC_BUTTON_LABEL = env_str("OIDC_BUTTON_LABEL", "Sign in with your company account")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False  # never a stranger: see upward.people.oidc
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_CALLBACK_CLASS = "upward.people.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "upward.people.oidc.AuthenticateView"
LOGIN_REDIRECT_URL_FAILURE = "/login/sso/refused/"
_OIDC_REQUIRED = {
    "OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "OIDC_ISSUER": OIDC_ISSUER,
    "OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    "OIDC_JWKS_URI": OIDC_OP_JWKS_ENDPOINT,
}
if OIDC_ENABLED and (_missing := [k for k, v in _OIDC_REQUIRED.items() if not v]):
    # Half-configured SSO would fail at the first sign-in; say so at start-up instead.
    raise ImproperlyConfigured(f"OIDC_CLIENT_ID is set but not {', '.join(_missing)}")
if OIDC_MATCH_ON not in ("email", "employee_id"):
    raise ImproperlyConfigured("OIDC_MATCH_ON must be email or employee_id")
# Password sign-in (and password reset) can be turned off once everyone signs in through SSO.
PASSWORD_LOGIN_ENABLED = env_bool("PASSWORD_LOGIN_ENABLED", True)

AUTHENTICATION_BACKENDS = [
    *(["upward.people.backends.PasswordBackend"] if PASSWORD_LOGIN_ENABLED else []),
    *(["upward.people.oidc.DirectoryOIDCBackend"] if OIDC_ENABLED else []),
] or ["upward.people.backends.PasswordBackend"]
PASSWORD_HASHERS = [
    # Argon2id with OWASP's parameters; verifies (and upgrades) Django's own argon2 hashes.
    "upward.people.hashing.UpwardArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# What one password hash costs (upward/people/hashing.py): 19 MiB, 2 passes, 1 lane by default.
ARGON2_MEMORY_KIB = env_int("ARGON2_MEMORY_KIB", 19_456)
ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 2)
ARGON2_PARALLELISM = env_int("ARGON2_PARALLELISM", 1)
# Passwords hashed at once per process; a sign-in waits this long for its turn, then gets 503.
SIGN_IN_CONCURRENCY = env_int("SIGN_IN_CONCURRENCY", 1)
SIGN_IN_WAIT_SECONDS = env_int("SIGN_IN_WAIT_SECONDS", 10)
# Proxies in front of the app servers that append to X-Forwarded-For (0: none; the sign-in
# limits then count the TCP peer's address). See docs/deployment.md, "Client addresses".
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed sign-ins allowed per email and per client address within the window.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 5)
# Per client address: 0 means the same as per email. Raise it where many people share one
# address (an office behind NAT) or where one machine simulates them all (`make load`).
LOGIN_ADDRESS_RATE_LIMIT = env_int("LOGIN_ADDRESS_RATE_LIMIT", 0)
LOGIN_RATE_WINDOW_SECONDS = env_int("LOGIN_RATE_WINDOW_SECONDS", 300)

CACHES = {
    "default": {
        # The database cache is shared by every app server, so rate limits hold with many servers.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "upward_cache",
    }
}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }

# A program's dashboard figures (aggregates only, the same for everyone allowed to see them)
# are computed at most once per this many seconds; 0 computes them on every request.
INSIGHTS_CACHE_SECONDS = env_int("INSIGHTS_CACHE_SECONDS", 60)
# The health board's rows (running pairs' dates, counts and statuses; the same for everyone
# allowed to see them) are computed at most once per this many seconds; 0 on every request.
HEALTH_CACHE_SECONDS = env_int("HEALTH_CACHE_SECONDS", 60)

# Django's database sessions with the per-request read composed once (upward/people/sessions.py).
SESSION_ENGINE = "upward.people.sessions"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # HSTS on by default (a year, subdomains, preload-ready); SECURE_HSTS_SECONDS=0 turns it
    # off for a site that is not HTTPS-only yet.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Content-Security-Policy (django-csp; issue 12) -----------------------------------------
# Everything comes from this origin: no inline scripts, no inline styles, no eval. Templates
# use static files (upward/static/upward/app.js for small behaviours, CSS classes for layout).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Pico's form controls draw their icons from data: SVGs in its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}
# --- end of the Content-Security-Policy ------------------------------------------------------

# The interface languages. A person's own choice (Notification settings, the footer's language
# menu) wins, then the browser's Accept-Language, then LANGUAGE_CODE: the organisation's default.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("es", "Español")]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE={LANGUAGE_CODE!r} is not one of Upward's languages: "
        + ", ".join(dict(LANGUAGES))
    )
# The catalogue of strings outside the apps (base layout, error pages); each app has its own.
LOCALE_PATHS = [BASE_DIR / "upward" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
# Dates are shown in Django's named formats, defined per language in upward/formats/ (one set
# for the whole product; exports and the API keep ISO 8601).
FORMAT_MODULE_PATH = ["upward.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "upward" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Email: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Upward <upward@example.com>")
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    # One line per email on the console (upward/mail.py); set EMAIL_BACKEND to
    # django.core.mail.backends.console.EmailBackend to see whole messages.
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "upward.mail.ConsoleSummaryBackend")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

PAGE_SIZE = env_int("PAGE_SIZE", 50)
# Retention: the private journal (private notes, unpublished growth entries, reflections) of a
# closed program is deleted this many months after it closed (upward.privacy).
UPWARD_RETENTION_MONTHS = env_int("UPWARD_RETENTION_MONTHS", 12)

# Days a confidential concern may wait for a coordinator's answer before the program's
# coordinators are reminded (upward.notifications.followup, rule `concern_waiting`).
CONCERN_REMINDER_DAYS = env_int("CONCERN_REMINDER_DAYS", 3)

# Reminder delivery: tries per email before it is shown to coordinators as failed, the first
# retry delay (doubling each time), and how long a send may stay "in flight" before it is
# treated as uncertain (never re-sent automatically; see docs/notifications.md).
# A worker running a match run beats every MATCH_RUN_HEARTBEAT_SECONDS; the scheduler treats a
# run with no beat for MATCH_RUN_LEASE_SECONDS as lost and requeues it (or, after
# MATCH_RUN_MAX_ATTEMPTS starts, fails it with a reason). Lease + the scheduler's 60 s tick is
# the longest a dead worker's run stays "running": two minutes by default.
MATCH_RUN_HEARTBEAT_SECONDS = env_int("MATCH_RUN_HEARTBEAT_SECONDS", 15)
MATCH_RUN_LEASE_SECONDS = env_int("MATCH_RUN_LEASE_SECONDS", 60)
MATCH_RUN_MAX_ATTEMPTS = env_int("MATCH_RUN_MAX_ATTEMPTS", 2)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
# A send still "sending" after this lease lost its worker (see docs/notifications.md); with the
# scheduler's 60 s tick, it is flagged for the coordinator within two minutes.
NOTIFICATIONS_SENDING_LEASE_SECONDS = env_int("NOTIFICATIONS_SENDING_LEASE_SECONDS", 60)

# Outgoing webhooks (docs/integrations.md): tries before a delivery is marked failed, the first
# retry delay (doubling, at most 6 h apart), how long an endpoint may fail before it is paused,
# the request timeout, and how long a send may stay in flight before it is tried again. Private,
# loopback and link-local addresses (and plain http) are refused unless explicitly allowed, for
# development and tests with a receiver on the same machine.
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 15)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 60)
WEBHOOKS_PAUSE_AFTER_HOURS = env_int("WEBHOOKS_PAUSE_AFTER_HOURS", 24)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10)
WEBHOOKS_SENDING_LEASE_SECONDS = env_int("WEBHOOKS_SENDING_LEASE_SECONDS", 60)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

# Personal reminders by chat (docs/integrations.md): the chat apps the organisation offers for
# people's own reminders ("slack", "teams"); empty turns the channel off. Each person pastes an
# incoming-webhook URL of their own, checked by the same public-address rules as webhooks.
PERSONAL_CHAT_PROVIDERS = [
    p.strip().lower() for p in env_list("PERSONAL_CHAT_PROVIDERS", []) if p.strip()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 400) is one line; a server error (5xx) keeps its traceback.
    "filters": {"client_errors_on_one_line": {"()": "upward.logs.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["client_errors_on_one_line"]},
        "django.db.backends": {"level": "INFO"},
        # httpx logs each request's URL at INFO; webhook and chat URLs can carry credentials.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
