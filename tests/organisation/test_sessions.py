"""A session ends after eight hours without a request and when the browser is closed; while it is used it is
extended, written at most every five minutes (organisation/sessions.py, config/settings/base.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from organisation.models import Role, UnitKind
from tests.factories import UnitFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    return UserFactory(username="registrar", unit=bureau, roles=[Role.REGISTRAR])


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def after(**delta):
    return at(T0 + dt.timedelta(**delta))


def worklist(client):
    return client.get(reverse("petitions:worklist"))


def logged_in_at_t0(client):
    with at(T0):
        response = client.post(reverse("login"), {"username": "registrar", "password": "pass12345"})
    assert response.status_code == 302
    return response


def expiry() -> dt.datetime:
    return Session.objects.get().expire_date


def test_the_session_cookie_ends_with_the_browser(client, registrar):
    cookie = logged_in_at_t0(client).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_eight_hours_without_a_request_end_the_session(client, registrar):
    logged_in_at_t0(client)
    with after(hours=7, minutes=59):
        assert worklist(client).status_code == 200
    with after(hours=15, minutes=59, seconds=1):
        assert worklist(client).status_code == 302  # to the login page


def test_a_session_in_use_is_extended(client, registrar):
    logged_in_at_t0(client)
    for hour in range(1, 24, 6):
        with after(hours=hour):
            assert worklist(client).status_code == 200
    assert expiry() == T0 + dt.timedelta(hours=19 + 8)


def test_the_session_row_is_written_again_at_most_every_five_minutes(client, registrar):
    logged_in_at_t0(client)
    with after(minutes=4, seconds=59):
        assert worklist(client).status_code == 200
    assert expiry() == T0 + dt.timedelta(hours=8)
    with after(minutes=5, seconds=1):
        assert worklist(client).status_code == 200
    assert expiry() == T0 + dt.timedelta(hours=8, minutes=5, seconds=1)
