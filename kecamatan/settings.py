"""Settings for IKI Kecamatan, read from the environment.

Development needs nothing set: SQLite in ``var/`` (ignored by git), a development key.
Production sets ``IKI_PRODUCTION=1``, ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and
``DATABASE_URL`` (PostgreSQL); see README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0/true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Production switches the safe defaults on and refuses to start without a real key.
PRODUCTION = env_bool("IKI_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG cannot be on when IKI_PRODUCTION=1")

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when IKI_PRODUCTION=1")
    SECRET_KEY = "django-insecure-dev-only-iki-kecamatan-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Files the app writes (SQLite database, uploaded evidence) live outside the tracked tree.
DATA_DIR = Path(env("IKI_DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "simple_history",
    "iki",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "iki.umum.sesi.SegarkanSesi",  # the idle clock, without a session write on every view
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iki.pengguna.middleware.WajibGantiSandi",  # a one-time password is changed before anything else
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kecamatan.urls"

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
                "iki.umum.navigasi.navigasi",
                "iki.umum.berkas.konteks",
            ],
        },
    },
]

WSGI_APPLICATION = "kecamatan.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'iki.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions take the write lock up front, so two writers queue instead of
    # failing half-way; WAL lets readers go on while someone saves.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_iki.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "iki.Pengguna"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Django's rules with one Indonesian wording (iki.pengguna.sandi).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "iki.pengguna.sandi.TidakMiripDataPribadi"},
    {"NAME": "iki.pengguna.sandi.PanjangMinimal"},
    {"NAME": "iki.pengguna.sandi.BukanSandiUmum"},
    {"NAME": "iki.pengguna.sandi.TidakHanyaAngka"},
]
# A password reset link by mail works once, for this many hours.
PASSWORD_RESET_TIMEOUT = env_int("IKI_RESET_SANDI_JAM", 24) * 3600
if PASSWORD_RESET_TIMEOUT <= 0:
    raise ImproperlyConfigured("IKI_RESET_SANDI_JAM must be 1 or more hours")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session lives SESSION_COOKIE_AGE seconds after the last request.
SESSION_COOKIE_AGE = env_int("IKI_SESSION_IDLE_MINUTES", 30) * 60
# Restarted by iki.umum.sesi.SegarkanSesi at most once a minute, not by a write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling per user name + IP address: a wrong password typed at one desk does not
# lock out the whole office behind the same NAT address.
AXES_FAILURE_LIMIT = env_int("IKI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("IKI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_VERBOSE = False
# Reverse proxies in front of the app (nginx = 1). The client's address is the IKI_PROXY_COUNT-th
# X-Forwarded-For entry from the right (the one nginx appended); 0 ignores the header. Read on
# each request by iki.umum.akun.alamat_klien, so tests can change it.
IKI_PROXY_COUNT = env_int("IKI_PROXY_COUNT", 0)
if IKI_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"IKI_PROXY_COUNT must be 0 or more, got {IKI_PROXY_COUNT}")
AXES_CLIENT_IP_CALLABLE = "iki.umum.akun.alamat_klien"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, Django prints years as "2.023". Counts and percentages are
# formatted explicitly (iki.inti.perhitungan.format_angka, template filters `angka` and `persen`).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["kecamatan.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic target for production; in development WhiteNoise serves straight from static/.
STATIC_ROOT = (
    Path(env("IKI_STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if PRODUCTION or env("IKI_STATIC_ROOT") else None
)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env("IKI_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media-tidak-dilayani/"  # evidence is served only through views that check access

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

# The computed years and dashboard bodies are cached under a data version (iki.umum.versi):
# several app servers share the database cache (`manage.py createcachetable`); local memory is
# one process's own. A kabupaten of 54 units × a few periods fits in the entries below.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "iki_cache",
         "OPTIONS": {"MAX_ENTRIES": 5000}}
        if env("IKI_CACHE") == "db"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Content Security Policy: no inline scripts anywhere; styles from the app only (Django's
# admin still sets a few style attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_https = env_bool("IKI_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = _https
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env_int("IKI_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
if IKI_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("IKI_LOG_LEVEL", "WARNING")},
}

# The reason of a history row holds what a person wrote (a return note, a reopening reason, the
# targets grid's reason): never cut at 100 characters (PostgreSQL refuses a longer value).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# E-mail (reminders, iki/pengingat; README "Pengingat dan surel"). Without IKI_EMAIL_HOST mails
# are printed to the console (what `make run` gets). Mails are sent only by the command
# `kirim_pengingat` (cron / systemd timer), never from a web request; a short timeout keeps a
# slow server from holding the command.
EMAIL_HOST = env("IKI_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST_USER = env("IKI_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("IKI_EMAIL_PASSWORD")
EMAIL_USE_SSL = env_bool("IKI_EMAIL_SSL", False)  # port 465
EMAIL_USE_TLS = env_bool("IKI_EMAIL_TLS", not EMAIL_USE_SSL)  # STARTTLS, port 587
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("IKI_EMAIL_SSL and IKI_EMAIL_TLS cannot both be on")
EMAIL_PORT = env_int("IKI_EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_TIMEOUT = env_int("IKI_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("IKI_EMAIL_FROM", "IKI Kecamatan <iki@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the app, for the links in mails and WhatsApp messages.
IKI_URL_DASAR = env("IKI_URL_DASAR", "http://127.0.0.1:8000").rstrip("/")
# Optional WhatsApp gateway (Fonnte/Wablas style: POST target + message, header Authorization);
# off while the URL is empty. Used only by `kirim_pengingat --whatsapp`.
IKI_WA_GATEWAY_URL = env("IKI_WA_GATEWAY_URL")
IKI_WA_GATEWAY_TOKEN = env("IKI_WA_GATEWAY_TOKEN")
IKI_WA_TIMEOUT = env_int("IKI_WA_TIMEOUT", 10)
