"""The Content-Security-Policy (django-csp, config/settings/base.py): scripts only from this server's static files,
no inline script or handler in any template, style elements only from static files or with the request's nonce.
In the browser: tests/browser/test_csp.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from organisation.models import Role, UnitKind
from tests.factories import UnitFactory, UserFactory


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_pages_allow_scripts_from_this_server_only(client):
    policy = directives(client.get(reverse("login")))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["style-src-elem"] == ["'self'"]  # no nonce: the login page has no style element of its own
    assert policy["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.django_db
def test_a_pages_own_style_element_carries_the_nonce_of_its_response(client):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    client.force_login(UserFactory(username="supervisor", unit=bureau, roles=[Role.SUPERVISOR]))
    response = client.get(reverse("stats:dashboard"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert nonce not in client.get(reverse("stats:dashboard"))["Content-Security-Policy"]  # a new one each time


def _templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


INLINE = [
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an inline event handler (on...=)"),
    (re.compile(r"\shx-on[:-]", re.IGNORECASE), "an hx-on handler (htmx evaluates it)"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
    (re.compile(r"<style(?![^>]*\snonce=)[^>]*>"), "a <style> without the request's nonce"),
]


def test_no_template_has_inline_script_that_the_policy_would_refuse():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for pattern, what in INLINE
        for match in pattern.finditer(text)
    ]
    assert found == []
