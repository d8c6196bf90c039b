"""Settings shared by every environment.

Environment-specific modules (dev, test, prod) import from here and override.
Nothing here reads the clock or the database at import time.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("XINFANG_DATA_DIR", BASE_DIR / "data"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "organisation",
    "workdays",
    "petitions",
    "portal",
    "ledgers",
    "stats",
    "assessment",
    "reports",
    "meetings",
    "duty",
    "supervision",
    "reception",
    "demo",
]

MIDDLEWARE = [
    "config.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_env(default_sqlite_path: Path) -> dict:
    """PostgreSQL (or any URL) from DATABASE_URL, else an embedded SQLite file in WAL mode."""
    url = os.environ.get("DATABASE_URL")
    if url:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if database["ENGINE"] == "django.db.backends.postgresql":
            database["ENGINE"] = "config.postgresql"  # the hot path's statements prepared
        return database
    default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "config.sqlite",
        "NAME": default_sqlite_path,
        # Keep the connection (and SQLite's page cache) from one request to the next.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE avoids
            # "database is locked" upgrades inside write transactions.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000; PRAGMA mmap_size=1073741824;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": database_from_env(DATA_DIR / "xinfang.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = ["organisation.backends.StaffBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "petitions:worklist"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Django's database sessions, loaded with one plain query (organisation/sessions.py).
SESSION_ENGINE = "organisation.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it through the hx-headers attribute

# Petition policy defaults that are not stored in the database.
XINFANG = {
    # Wrong query codes allowed from one address within the window before it is slowed down.
    "PORTAL_MAX_FAILURES": 5,
    "PORTAL_FAILURE_WINDOW_SECONDS": 15 * 60,
    # Reverse proxies in front that append to X-Forwarded-For (behind one nginx: 1).
    "PORTAL_TRUSTED_PROXIES": int(os.environ.get("XINFANG_TRUSTED_PROXIES", "0")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
