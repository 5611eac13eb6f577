"""CADEC settings: one file, driven by the environment.

Every value a deployment changes is read from a ``CADEC_*`` variable (or ``DATABASE_URL``);
the defaults run the embedded configuration: SQLite in WAL mode under ``CADEC_DATA_DIR``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("CADEC_DATA_DIR", "var")).resolve()
DEBUG = _env_bool("CADEC_DEBUG", default=False)
HTTPS = _env_bool("CADEC_HTTPS", default=False)


def _secret_key() -> str:
    """Read the key from the environment, else from (or into) a file in the data directory."""
    if key := os.environ.get("CADEC_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("CADEC_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("CADEC_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "axes",
    "ninja",
    "cadec.core",
    "cadec.members",
    "cadec.negotiation",
    "cadec.programme",
    "cadec.exchange",
    "cadec.indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cadec.members.middleware.MembershipAccessMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cadec.members.middleware.TwoFactorRequiredMiddleware",
    "cadec.core.middleware.UserTimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cadec" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in WAL mode with IMMEDIATE transactions by default (measured: DEFERRED
# transactions fail most concurrent read-then-write requests with "database is locked").
if database_url := os.environ.get("DATABASE_URL"):
    # Persistent connections are opt-in (CADEC_DB_CONN_MAX_AGE seconds, e.g. 60 behind gunicorn).
    DATABASES = {
        "default": dj_database_url.parse(
            database_url,
            conn_max_age=int(os.environ.get("CADEC_DB_CONN_MAX_AGE", "0")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "cadec.sqlite3"),
            # A process keeps its connection (a file handle): opening one per request, with its
            # PRAGMAs and the WAL index, cost 2.4 ms of the start page's 6.4 ms of server CPU.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cadec.members.backends.MembershipBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: five failures for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("CADEC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "members/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor authentication (TOTP) for heads of delegation, the chair and the Secretariat.
CADEC_REQUIRE_MFA = _env_bool("CADEC_REQUIRE_MFA", default=True)
OTP_TOTP_ISSUER = "CADEC"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("CADEC_BEHIND_PROXY", default=False) else None
)
if _env_bool("CADEC_BEHIND_PROXY", default=False):
    # Throttle sign-ins by the client's address as the proxy saw it, not the proxy's own.
    AXES_CLIENT_IP_CALLABLE = "cadec.core.proxy.client_ip"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Languages: the working language and the members' languages. Lao and Filipino are not in
# Django's own table, so their names are added here.
LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"})
LANG_INFO.setdefault(
    "fil", {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}
)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("km", "ខ្មែរ"),
    ("lo", "ລາວ"),
    ("my", "မြန်မာ"),
    ("fil", "Filipino"),
]
LOCALE_PATHS = [BASE_DIR / "cadec" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it from the first request
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Pages link the hashed names only ({% static %}), served compressed (Brotli, gzip) and cached for
# good; the unhashed copies would double the compression work of collectstatic for nothing.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# E-mail: the console by default; SMTP in production (CADEC_HTTPS) or when CADEC_SMTP_HOST is set.
if os.environ.get("CADEC_SMTP_HOST") or (HTTPS and not os.environ.get("CADEC_EMAIL_BACKEND")):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("CADEC_SMTP_HOST", "localhost"),
                "port": int(os.environ.get("CADEC_SMTP_PORT", "587")),
                "username": os.environ.get("CADEC_SMTP_USER", ""),
                "password": os.environ.get("CADEC_SMTP_PASSWORD", ""),
                "use_tls": _env_bool("CADEC_SMTP_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get(
                "CADEC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            ),
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("CADEC_FROM_EMAIL", "CADEC <noreply@cadec.invalid>")

# Background tasks: django.tasks with the database backend by default (`cadec up` starts its
# worker); CADEC_TASK_BACKEND=celery runs them on Celery workers fed through Redis
# (CADEC_REDIS_URL); any other value is the dotted path of a django.tasks backend.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "celery": "django_tasks_celery.CeleryBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
CADEC_TASK_BACKEND = os.environ.get("CADEC_TASK_BACKEND", "database").strip()
if CADEC_TASK_BACKEND not in TASK_BACKENDS and "." not in CADEC_TASK_BACKEND:
    raise ImproperlyConfigured(
        f"CADEC_TASK_BACKEND: “{CADEC_TASK_BACKEND}” is neither one of "
        f"{', '.join(TASK_BACKENDS)} nor the dotted path of a task backend."
    )
_task_backend = TASK_BACKENDS.get(CADEC_TASK_BACKEND, CADEC_TASK_BACKEND)
TASKS = {
    "default": {
        "BACKEND": _task_backend,
        "OPTIONS": (
            {"CELERY_APP": "config.celery.app"} if _task_backend == TASK_BACKENDS["celery"] else {}
        ),
    }
}
CELERY_BROKER_URL = os.environ.get("CADEC_REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_RESULT_EXTENDED = True  # the task's name beside its result, for TaskResult lookups
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies mid-way is run again, not lost
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task not yet acknowledged to another worker after this time. A deferred task (a
# silence procedure closing at its deadline, 72 h by default) waits unacknowledged until then,
# so the timeout must outlast it, or the task would be handed out again every timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(timedelta(days=4).total_seconds())}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CADEC_VIDEO_CONFERENCE_BASE_URL = os.environ.get(
    "CADEC_VIDEO_CONFERENCE_BASE_URL", "https://meet.jit.si/"
)

# Machine translation of practices: a LibreTranslate server, off unless its URL is set.
CADEC_LIBRETRANSLATE_URL = os.environ.get("CADEC_LIBRETRANSLATE_URL", "")

# The public address of the site, for absolute links in e-mails (sent with no request at hand).
CADEC_SITE_URL = os.environ.get("CADEC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The negotiation log: the Ed25519 key that signs its checkpoints (a PEM file, created 0600 at
# first use; back it up with the database: a replaced key makes every log's later checkpoints
# look re-signed to those who verify), and the host its checkpoints name (origin
# "<host>/negotiation/<symbol>", fixed by each log's first checkpoint).
CADEC_SIGNING_KEY_FILE = Path(
    os.environ.get("CADEC_SIGNING_KEY_FILE") or DATA_DIR / "negotiation-signing-key.pem"
)
CADEC_LOG_HOST = os.environ.get("CADEC_LOG_HOST") or (
    urlsplit(CADEC_SITE_URL).hostname or "cadec.invalid"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CADEC_LOG_LEVEL", "WARNING")},
}
