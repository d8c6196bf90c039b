"""Wrong passwords are counted per account and per client address in the database; a lock grows with each one in a
row, is shown in Chinese with the time it ends, refuses even the right password, is logged and is lifted by an
administrator (organisation/actions.py, organisation/forms.py)."""

import datetime as dt
import logging
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.db import connection, connections
from django.urls import reverse

from organisation.actions import login_record_failure
from organisation.models import LoginScope, LoginThrottle, Role, UnitKind
from tests.factories import UnitFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)
RIGHT = "pass12345"  # the factories' password
OFFICE = "198.51.100.20"

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    return UserFactory(username="registrar", full_name="登记员", unit=bureau, roles=[Role.REGISTRAR])


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def log_in(client, username, password, address=OFFICE, path="login", **extra):
    return client.post(reverse(path), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def fail(client, times, username="registrar", address=OFFICE):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address)
    return response


def account_lock(username="registrar") -> LoginThrottle:
    return LoginThrottle.objects.get(scope=LoginScope.ACCOUNT, key=username)


# ---------------------------------------------------------------- the account


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, registrar):
    with at(T0):
        for _ in range(4):
            response = log_in(client, "registrar", "wrong-password")
            assert response.status_code == 200
            assert "用户名或密码错误" in response.content.decode()
        fifth = log_in(client, "registrar", "wrong-password")
        right_during_lock = log_in(client, "registrar", RIGHT)
        assert not logged_in(client)
    message = "该账号因多次密码错误已暂时锁定，请于 09:01 后再试，或联系系统管理员解锁。"
    assert fifth.status_code == 429 and message in fifth.content.decode()
    assert right_during_lock.status_code == 429 and message in right_during_lock.content.decode()
    # The refused attempt was not counted and did not move the lock.
    lock = account_lock()
    assert (lock.failures, lock.lockouts, lock.locked_until) == (0, 1, T0 + dt.timedelta(minutes=1))


def test_the_right_password_after_the_lock_ends_logs_in_and_forgets_the_account(client, registrar):
    with at(T0):
        fail(client, 5)
    with at(T0 + dt.timedelta(minutes=1)):
        response = log_in(client, "registrar", RIGHT)
        assert response.status_code == 302 and logged_in(client)
    assert not LoginThrottle.objects.filter(scope=LoginScope.ACCOUNT).exists()
    # The address keeps its count: a valid account must not let its holder go on guessing from there.
    assert LoginThrottle.objects.get(scope=LoginScope.ADDRESS, key=OFFICE).failures == 5


def test_each_lock_in_a_row_lasts_longer_up_to_an_hour(client, registrar):
    now = T0
    for minutes in (1, 5, 15, 60, 60):
        with at(now):
            fail(client, 5, address=f"198.51.100.{minutes}")  # other addresses: only the account's lock is tried
        assert account_lock().locked_until == now + dt.timedelta(minutes=minutes)
        with at(now + dt.timedelta(minutes=minutes) - dt.timedelta(seconds=1)):
            assert log_in(client, "registrar", RIGHT).status_code == 429
            assert not logged_in(client)
        now += dt.timedelta(minutes=minutes)
    assert account_lock().lockouts == 5


def test_a_quiet_day_forgets_earlier_locks(client, registrar):
    with at(T0):
        fail(client, 5)
    with at(T0 + dt.timedelta(minutes=1)):
        fail(client, 5)
    assert account_lock().locked_until == T0 + dt.timedelta(minutes=6)  # the second lock: 5 minutes
    later = T0 + dt.timedelta(days=1, minutes=2)
    with at(later):
        fail(client, 5)
    assert account_lock().locked_until == later + dt.timedelta(minutes=1)


def test_wrong_passwords_outside_the_window_start_a_new_count(client, registrar):
    with at(T0):
        fail(client, 4)
    with at(T0 + dt.timedelta(minutes=15)):
        assert fail(client, 1).status_code == 200
    lock = account_lock()
    assert (lock.failures, lock.window_start, lock.locked_until) == (1, T0 + dt.timedelta(minutes=15), None)


def test_an_account_name_that_does_not_exist_is_locked_like_one_that_does(client, registrar):
    with at(T0):
        response = fail(client, 5, username="nobody")
    assert response.status_code == 429
    assert "该账号因多次密码错误已暂时锁定" in response.content.decode()


# ---------------------------------------------------------------- the address


def test_twenty_wrong_passwords_from_one_address_lock_it_for_every_account(client, registrar):
    with at(T0):
        for n in range(20):
            response = log_in(client, f"guess{n}", "123456")
        refused = log_in(client, "registrar", RIGHT)
        assert not logged_in(client)
        elsewhere = log_in(client, "registrar", RIGHT, address="203.0.113.9")
        assert logged_in(client)
    message = "您所在网络的登录因多次密码错误已暂时锁定，请于 09:01 后再试，或联系系统管理员解锁。"
    assert response.status_code == 429 and message in response.content.decode()
    assert refused.status_code == 429 and message in refused.content.decode()
    assert elsewhere.status_code == 302


def test_behind_the_trusted_proxy_the_address_it_forwards_is_counted(client, registrar, settings):
    settings.XINFANG = {**settings.XINFANG, "PORTAL_TRUSTED_PROXIES": 1}
    with at(T0):
        for n in range(20):
            log_in(client, f"guess{n}", "123456", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        other_client = log_in(client, "registrar", RIGHT, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert LoginThrottle.objects.get(scope=LoginScope.ADDRESS, key="198.51.100.7").locked_until is not None
    assert not LoginThrottle.objects.filter(scope=LoginScope.ADDRESS, key="10.0.0.1").exists()
    assert other_client.status_code == 302


# ---------------------------------------------------------------- the log and the administration site


def test_wrong_passwords_locks_and_refusals_are_logged(client, registrar, caplog):
    with caplog.at_level(logging.INFO, logger="organisation.security"), at(T0):
        fail(client, 5)
        log_in(client, "registrar", RIGHT)
    records = [r for r in caplog.records if r.name == "organisation.security"]
    messages = [r.getMessage() for r in records]
    assert messages.count(f"Wrong password for account 'registrar' from {OFFICE}") == 5
    locked = [r for r in records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in locked] == [
        "Login locked for account 'registrar' until 2026-05-04T09:01:00+08:00 (lock 1 in a row)"
    ]
    assert messages[-1] == f"Login refused during a lock of the account: account 'registrar' from {OFFICE}"


@pytest.fixture
def admin_client_at_t0(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True, unit=UnitFactory(name="县信访局"))
    with at(T0):
        client.force_login(UserFactory(username="root"))
    return client


def test_an_administrator_unlocks_the_selected_locks(client, registrar, admin_client_at_t0, caplog):
    with at(T0):
        fail(client, 5)
    lock = account_lock()
    admin = admin_client_at_t0
    with caplog.at_level(logging.INFO, logger="organisation.security"), at(T0):
        changelist = admin.get(reverse("admin:organisation_loginthrottle_changelist"))
        response = admin.post(
            reverse("admin:organisation_loginthrottle_changelist"),
            {"action": "unlock", "_selected_action": [lock.pk]},
            follow=True,
        )
        assert "已解除1项登录锁定" in response.content.decode()
        assert log_in(client, "registrar", RIGHT).status_code == 302
        assert logged_in(client)
    assert "registrar" in changelist.content.decode()
    assert "Login unlocked for account 'registrar' by root" in caplog.text


def test_an_administrator_unlocks_a_user_from_the_users_list(client, registrar, admin_client_at_t0):
    with at(T0):
        fail(client, 5)
        response = admin_client_at_t0.post(
            reverse("admin:organisation_user_changelist"),
            {"action": "unlock_login", "_selected_action": [registrar.pk]},
            follow=True,
        )
        assert "已解除1项登录锁定" in response.content.decode()
        assert log_in(client, "registrar", RIGHT).status_code == 302


def test_the_administration_sites_login_page_is_throttled_too(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    with at(T0):
        for _ in range(5):
            response = log_in(client, "root", "wrong-password", path="admin:login")
        right_during_lock = log_in(client, "root", RIGHT, path="admin:login")
        assert not logged_in(client)
    assert "该账号因多次密码错误已暂时锁定" in response.content.decode()
    assert "该账号因多次密码错误已暂时锁定" in right_during_lock.content.decode()


# ---------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_from_several_connections_are_all_counted(settings):
    """Several workers failing at once for a new account and address: each row is created once, no count is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that several connections can write to at once")
    settings.XINFANG = {**settings.XINFANG, "LOGIN_ACCOUNT_MAX_FAILURES": 100, "LOGIN_ADDRESS_MAX_FAILURES": 100}
    barrier = threading.Barrier(8)
    errors = []

    def fail_once():
        try:
            barrier.wait()
            login_record_failure(username="registrar", address=OFFICE, now=T0)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fail_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(LoginThrottle.objects.values_list("scope", "failures")) == [("account", 8), ("address", 8)]
