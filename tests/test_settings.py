"""The settings' security: Django's full set of password validators (base), and production settings that pass
``manage.py check --deploy`` with no warning, HTTPS being configurable for the intranet's proxy (prod)."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from organisation.models import User

# ---------------------------------------------------------------- password validators


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("demo1234", "too short (at least 10 characters)"),
        ("xf-2026-q", "too short (at least 10 characters)"),
        ("1234567890123", "numbers only"),
        ("qwertyuiop", "a common password"),
        ("zhangxiaoming", "the user's own name"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = User(username="zhangxiaoming", full_name="张晓明", email="zxm@example.gov.cn")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("冬季走访化子坪镇-2026", user)  # while a long, uncommon one is accepted


# ---------------------------------------------------------------- production settings


def run_with_prod_settings(args: list[str], **env) -> subprocess.CompletedProcess:
    """``manage.py`` or Python in a fresh process with ``config.settings.prod`` and the variables it requires."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://check@127.0.0.1:5432/check",
        DJANGO_ALLOWED_HOSTS="xinfang.example.gov.cn",
    )
    environment.update(env)
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def prod_settings(*names: str, **env) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    done = run_with_prod_settings(["-c", code], **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_production_settings_pass_check_deploy_with_no_warning():
    done = run_with_prod_settings(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_behind_the_proxy_https_is_required_and_the_proxy_header_trusted():
    assert prod_settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
                         "SECURE_PROXY_SSL_HEADER") == ["True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO', 'https')"]


def test_an_intranet_served_over_plain_http_turns_https_off_explicitly():
    assert prod_settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                         DJANGO_HTTPS="0") == ["False", "0", "False", "False"]


def test_the_proxys_header_is_configurable():
    assert prod_settings("SECURE_PROXY_SSL_HEADER", DJANGO_PROXY_SSL_HEADER="X-Forwarded-Scheme") == [
        "('HTTP_X_FORWARDED_SCHEME', 'https')"
    ]
    assert prod_settings("SECURE_PROXY_SSL_HEADER", DJANGO_PROXY_SSL_HEADER="") == ["None"]


def test_production_refuses_to_start_without_its_host_names():
    done = run_with_prod_settings(["-c", "import django; django.setup()"], DJANGO_ALLOWED_HOSTS=None)
    assert done.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set in production" in done.stderr


def test_a_switch_that_is_neither_0_nor_1_is_refused():
    done = run_with_prod_settings(["-c", "import django; django.setup()"], DJANGO_HTTPS="no")
    assert done.returncode != 0 and "DJANGO_HTTPS must be 0 or 1" in done.stderr
