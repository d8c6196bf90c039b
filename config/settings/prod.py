"""Production: PostgreSQL through DATABASE_URL, a real secret and the host names, or refuse to start.

Served over HTTPS by the intranet's proxy in front: requests over plain HTTP are redirected, browsers are told to
use HTTPS only (HSTS), cookies are sent over HTTPS only, and the proxy says which requests came over HTTPS in
``X-Forwarded-Proto`` (it must set that header itself, replacing any a client sent). ``manage.py check --deploy``
passes with no warning (``./test`` runs it). An intranet served over plain HTTP turns it all off explicitly with
``DJANGO_HTTPS=0``; each part can be set on its own (README, Production).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

for required in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")
    return value == "1"


SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [host.strip() for host in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if host.strip()]

_https = _flag("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = _flag("DJANGO_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (365 * 24 * 60 * 60 if _https else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", _https)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The header the proxy sets to "https" for requests that came to it over HTTPS; empty: no proxy says so.
_proxy_header = os.environ.get("DJANGO_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
)
