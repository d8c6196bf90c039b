"""Wrong query codes are counted per client address in the database and slow guessing down."""

import datetime as dt
import ipaddress
import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from portal.actions import throttle_record_failure
from portal.models import PortalThrottle
from portal.selectors import NOT_FOUND_MESSAGE, client_address, throttle_key, throttle_retry_after
from tests.portal.conftest import english

from .conftest import SHANGHAI, on_day

WRONG = "2345-6789-ABCD"  # well-formed, but no item has it
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def limits(settings):
    settings.XINFANG = {**settings.XINFANG, "PORTAL_MAX_FAILURES": 3, "PORTAL_FAILURE_WINDOW_SECONDS": 600}
    return settings.XINFANG


def post_code(client, code, ip="203.0.113.7", **extra):
    return client.post(reverse("portal:lookup"), {"code": code}, REMOTE_ADDR=ip, **extra)


# ---------------------------------------------------------------- action and selector


@pytest.mark.django_db
def test_failures_within_the_window_add_up_and_block_at_the_limit(limits):
    for minute in range(3):
        assert throttle_retry_after("198.51.100.1", now=T0 + dt.timedelta(minutes=minute)) == 0
        throttle_record_failure(ip="198.51.100.1", now=T0 + dt.timedelta(minutes=minute))
    row = PortalThrottle.objects.get(ip="198.51.100.1")
    assert (row.failures, row.window_start) == (3, T0)
    # The window started at the first failure and runs 10 minutes: 8 minutes are left 2 minutes later.
    assert throttle_retry_after("198.51.100.1", now=T0 + dt.timedelta(minutes=2)) == 8 * 60


@pytest.mark.django_db
def test_a_failure_after_the_window_starts_a_new_count(limits):
    for _ in range(3):
        throttle_record_failure(ip="198.51.100.1", now=T0)
    later = T0 + dt.timedelta(seconds=600)
    assert throttle_retry_after("198.51.100.1", now=later) == 0
    row = throttle_record_failure(ip="198.51.100.1", now=later)
    assert (row.failures, row.window_start) == (1, later)


@pytest.mark.django_db
def test_addresses_are_counted_separately(limits):
    for _ in range(3):
        throttle_record_failure(ip="198.51.100.1", now=T0)
    assert throttle_retry_after("198.51.100.1", now=T0) > 0
    assert throttle_retry_after("198.51.100.2", now=T0) == 0


@pytest.mark.django_db
def test_rows_of_ended_windows_are_removed_when_a_new_address_fails(limits):
    throttle_record_failure(ip="198.51.100.1", now=T0)
    throttle_record_failure(ip="198.51.100.2", now=T0 + dt.timedelta(minutes=11))
    assert list(PortalThrottle.objects.values_list("ip", flat=True)) == ["198.51.100.2"]


def _request(remote_addr, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/q/", REMOTE_ADDR=remote_addr, **extra)


def test_x_forwarded_for_is_ignored_unless_a_setting_trusts_proxies(settings):
    settings.XINFANG = {**settings.XINFANG, "PORTAL_TRUSTED_PROXIES": 0}
    assert client_address(_request("10.0.0.5", "198.51.100.9")) == "10.0.0.5"


def test_with_one_trusted_proxy_the_address_it_appended_counts(settings):
    settings.XINFANG = {**settings.XINFANG, "PORTAL_TRUSTED_PROXIES": 1}
    # The client sent a forged header; the proxy appended the real address at the right.
    assert client_address(_request("10.0.0.5", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"


@given(st.text(max_size=200))
def test_any_address_gives_a_key_that_fits_the_column(address):
    key = throttle_key(address)
    assert key == "unknown" or ipaddress.ip_network(key)
    assert 0 < len(key) <= PortalThrottle._meta.get_field("ip").max_length


def test_ipv6_clients_are_counted_per_64_network():
    assert client_address(_request("2001:db8:1:2::10")) == client_address(_request("2001:db8:1:2:ffff::1"))
    assert client_address(_request("2001:db8:1:2::10")) == "2001:db8:1:2::/64"
    assert client_address(_request("::ffff:198.51.100.3")) == "198.51.100.3"


# ---------------------------------------------------------------- through the pages


def test_the_lookup_answers_429_after_the_maximum_of_wrong_codes(client, limits, replied):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(3):
            response = post_code(client, WRONG)
            assert response.status_code == 404
            assert english(NOT_FOUND_MESSAGE) in response.content.decode()
        blocked = post_code(client, WRONG)
        right_code_while_blocked = post_code(client, replied.query_code)
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "600"
    assert "Please try again in 10 minutes" in blocked.content.decode()
    # Blocked means blocked: not even a right code is looked at.
    assert right_code_while_blocked.status_code == 429
    assert PortalThrottle.objects.get().failures == 3
    with on_day(dt.date(2026, 5, 4)):
        assert client.get(reverse("portal:lookup"), REMOTE_ADDR="203.0.113.7").status_code == 429


def test_the_block_ends_with_the_window(client, limits, replied):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(3):
            post_code(client, WRONG)
        assert post_code(client, replied.query_code).status_code == 429
    with on_day(dt.date(2026, 5, 4), hour=11):  # an hour later, well after the 10-minute window
        response = post_code(client, replied.query_code)
        assert response.status_code == 302
        assert post_code(client, WRONG).status_code == 404
    assert PortalThrottle.objects.get().failures == 1


def test_wrong_codes_in_the_status_address_count_toward_the_same_limit(client, limits, replied):
    with on_day(dt.date(2026, 5, 4)):
        post_code(client, WRONG)
        assert client.get(reverse("portal:status", args=["ZZZZ-ZZZZ-ZZZZ"]), REMOTE_ADDR="203.0.113.7").status_code == 404
        assert client.get("/q/not-a-code/", REMOTE_ADDR="203.0.113.7").status_code == 404
        status = client.get(reverse("portal:status", args=[replied.display_query_code]), REMOTE_ADDR="203.0.113.7")
    assert status.status_code == 429


def test_wrong_codes_posted_to_an_action_count_too(client, limits, db):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(3):
            url = reverse("portal:evaluate", args=[WRONG])
            assert client.post(url, {"rating": "satisfied"}, REMOTE_ADDR="203.0.113.7").status_code == 404
        assert client.post(url, {"rating": "satisfied"}, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_another_address_is_not_blocked(client, limits, replied):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(3):
            post_code(client, WRONG, ip="203.0.113.7")
        assert post_code(client, replied.query_code, ip="203.0.113.8").status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_block(client, limits, db):
    with on_day(dt.date(2026, 5, 4)):
        for n in range(3):
            post_code(client, WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert post_code(client, WRONG, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_right_code_does_not_clear_earlier_failures(client, limits, replied):
    """Otherwise anyone holding one right code could keep guessing others without limit."""
    with on_day(dt.date(2026, 5, 4)):
        post_code(client, WRONG)
        post_code(client, WRONG)
        assert post_code(client, replied.query_code).status_code == 302
        post_code(client, WRONG)
        assert post_code(client, WRONG).status_code == 429


def test_an_empty_submission_is_not_counted_as_a_wrong_code(client, limits, db):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(5):
            response = post_code(client, "   ")
            assert response.status_code == 400
    assert "Please enter the query code" in response.content.decode()
    assert not PortalThrottle.objects.exists()


def test_htmx_requests_of_a_blocked_address_reload_the_page_to_show_the_message(client, limits, replied):
    with on_day(dt.date(2026, 5, 4)):
        for _ in range(3):
            post_code(client, WRONG)
        url = reverse("portal:evaluate", args=[replied.display_query_code])
        response = client.post(url, {"rating": "satisfied"}, REMOTE_ADDR="203.0.113.7", HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["HX-Refresh"] == "true"
    replied.refresh_from_db()
    assert replied.satisfaction == ""


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_from_several_connections_are_all_counted(limits):
    """Several workers failing at once for a new address: the row is created once and no count is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that several connections can write to at once")
    barrier = threading.Barrier(8)
    errors = []

    def fail_once():
        try:
            barrier.wait()
            throttle_record_failure(ip="198.51.100.50", now=T0)
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
    assert PortalThrottle.objects.get(ip="198.51.100.50").failures == 8
