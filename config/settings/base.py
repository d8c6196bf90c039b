"""Settings shared by every environment.

Environment-specific modules (dev, test, prod) import from here and override.
Nothing here reads the clock or the database at import time.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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
    "csp",
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
    "screening",
    "attachments",
    "notices",
    "demo",
]

MIDDLEWARE = [
    "config.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
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
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
# Attachments (attachments.models.storage) are kept in DATA_DIR/attachments, unless an S3-compatible object store
# inside the intranet (MinIO, a cloud vendor's government region …) is named here, through django-storages.
# Objects are private (no ACL, no public URL): every download goes through the attachment view.
if os.environ.get("XINFANG_ATTACHMENTS_S3_BUCKET"):
    from botocore.config import Config as _S3Config

    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["XINFANG_ATTACHMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("XINFANG_ATTACHMENTS_S3_ENDPOINT") or None,
            "region_name": os.environ.get("XINFANG_ATTACHMENTS_S3_REGION") or None,
            "access_key": os.environ.get("XINFANG_ATTACHMENTS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("XINFANG_ATTACHMENTS_S3_SECRET_KEY") or None,
            "location": os.environ.get("XINFANG_ATTACHMENTS_S3_PREFIX", "attachments"),
            "addressing_style": os.environ.get("XINFANG_ATTACHMENTS_S3_ADDRESSING", "path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,  # names are random (attachments.models.stored_name): no look-up before a write
            "max_memory_size": 2 * 1024 * 1024,  # larger files are read through a temporary file, not memory
            "object_parameters": ({"ServerSideEncryption": os.environ["XINFANG_ATTACHMENTS_S3_ENCRYPTION"]}
                                  if os.environ.get("XINFANG_ATTACHMENTS_S3_ENCRYPTION") else {}),
            "client_config": _S3Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}),
        },
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Django's database sessions, loaded with one plain query (organisation/sessions.py). A session ends after
# SESSION_COOKIE_AGE without a request (it is extended while used, written at most every
# XINFANG["SESSION_REFRESH_SECONDS"]) and when the browser is closed (the cookie has no expiry date).
SESSION_ENGINE = "organisation.sessions"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it through the hx-headers attribute

# Content-Security-Policy (django-csp): scripts only from this server's static files (static/vendor/ and the
# project's own), none inline, no eval. Style elements likewise, or with the request's nonce (a template's own
# <style nonce="{{ request.csp_nonce }}">); style *attributes* stay allowed: templates and htmx fragments carry a few,
# and ECharts writes its tooltips as HTML with them. An attribute cannot select elements, so it cannot read the page
# as an injected style sheet could. "style-src" is for browsers that know neither of the two finer directives.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # Bootstrap's icons in its style sheet (checkboxes, selects) are data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Petition policy defaults that are not stored in the database.
XINFANG = {
    # The public page's guard against guessing query codes (portal/selectors.py, docs/security.md).
    # Wrong query codes allowed from one address within the window before it is slowed down, besides its credit.
    "PORTAL_MAX_FAILURES": 5,
    "PORTAL_FAILURE_WINDOW_SECONDS": 24 * 3600,
    # Credit: one more wrong code per distinct item found from the address within the credit period (at most the
    # maximum); an item credits at most a few addresses.
    "PORTAL_CREDIT_DAYS": 30,
    "PORTAL_CREDIT_MAX": 100,
    "PORTAL_CREDIT_ADDRESSES_PER_ITEM": 3,
    # Beyond the allowance each wrong code makes the address wait: the first delay, doubled each time, up to the
    # longest.
    "PORTAL_FIRST_DELAY_SECONDS": 60,
    "PORTAL_MAX_DELAY_SECONDS": 3600,
    # Wrong codes per clock hour from all addresses together; beyond it only addresses with credit may try.
    "PORTAL_GLOBAL_FAILURES_PER_HOUR": 600,
    # Reverse proxies in front that append to X-Forwarded-For (behind one nginx: 1).
    "PORTAL_TRUSTED_PROXIES": int(os.environ.get("XINFANG_TRUSTED_PROXIES", "0")),
    # Logins (organisation/actions.py): this many wrong passwords for one account, or from one client address
    # (keyed as the portal keys it; a township office may sit behind one), within the window lock it for the next
    # of LOGIN_LOCK_MINUTES (the last repeats), unless an administrator unlocks it sooner. A quiet spell of
    # LOGIN_LOCK_RESET_SECONDS without a wrong password forgets earlier locks.
    "LOGIN_ACCOUNT_MAX_FAILURES": 5,
    "LOGIN_ADDRESS_MAX_FAILURES": 20,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
    "LOGIN_LOCK_MINUTES": (1, 5, 15, 60),
    "LOGIN_LOCK_RESET_SECONDS": 24 * 60 * 60,
    # A session in use is written again (its expiry pushed back) at most this often (organisation/sessions.py).
    "SESSION_REFRESH_SECONDS": 5 * 60,
    # Attachments (attachments/actions.py): the largest file, and the most current attachments of one item.
    "ATTACHMENT_MAX_BYTES": int(os.environ.get("XINFANG_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024,
    "ATTACHMENT_MAX_PER_ITEM": 30,
    # Online petitions from the public page (portal/online.py): at most this many a day from one client address
    # (keyed as the query-code guard keys it) and for one phone number; at most this many files sent with one.
    "ONLINE_PER_ADDRESS_PER_DAY": 10,
    "ONLINE_PER_PHONE_PER_DAY": 3,
    "ONLINE_MAX_FILES": 5,
    # Notices to petitioners and alerts to staff (notices app, docs/notices.md). E-mail goes through Django's
    # e-mail backend (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS from the
    # environment) from this address; none: e-mails wait. SMS through the gateway adapter (notices/senders.py);
    # none: SMS wait. The public page's address, named in the petitioner's messages.
    "NOTICE_EMAIL_FROM": os.environ.get("XINFANG_NOTICE_EMAIL_FROM", ""),
    "SMS_GATEWAY": {
        "BACKEND": "notices.senders.HttpSmsGateway",
        "URL": os.environ["XINFANG_SMS_GATEWAY_URL"],
        "FIELDS": json.loads(os.environ.get("XINFANG_SMS_GATEWAY_FIELDS", "null")) or None,
        "ENCODING": os.environ.get("XINFANG_SMS_GATEWAY_ENCODING", "json"),
    } if os.environ.get("XINFANG_SMS_GATEWAY_URL") else None,
    "PUBLIC_URL": os.environ.get("XINFANG_PUBLIC_URL", ""),
    # A message refused is tried again after each of these waits, then marked failed; one left "being sent" by a
    # worker that died is tried again after NOTICE_STALE_MINUTES. The periodic task runs every NOTICE_TICK_MINUTES
    # and writes the day's alerts from NOTICE_DAILY_HOUR; the petitioner is told NOTICE_REVIEW_CLOSING_DAYS before
    # the time to ask for a review ends.
    "NOTICE_RETRY_MINUTES": (1, 5, 15, 60, 180, 360, 720),
    "NOTICE_STALE_MINUTES": 10,
    "NOTICE_TICK_MINUTES": 5,
    "NOTICE_DAILY_HOUR": 8,
    "NOTICE_REVIEW_CLOSING_DAYS": 5,
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Wrong passwords, refusals during a lock, locks and unlocks (organisation/actions.py).
    "loggers": {"organisation.security": {"level": "INFO"}},
}
