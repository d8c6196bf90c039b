"""The guard against guessing query codes (portal/selectors.py, docs/security.md): wrong codes are counted per
client address and for the page as a whole, in the database; an address earns room for mistakes with the distinct
items it finds; beyond its allowance it waits, longer after each wrong code; beyond the page-wide budget of the
hour only addresses with credit may try."""

import datetime as dt
import ipaddress
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from portal.actions import throttle_record_failure, throttle_record_success
from portal.models import PortalFailureHour, PortalLookup, PortalThrottle
from portal.selectors import NOT_FOUND_MESSAGE, allowance, client_address, credit, throttle_key, throttle_wait
from tests.factories import register
from tests.portal.conftest import english

from .conftest import SHANGHAI

WRONG = "2345-6789-ABCD"  # well-formed, but no item has it
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)
OFFICE = "203.0.113.7"
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def limits(settings):
    """The defaults of config/settings/base.py, written out so that the tests say what they rely on."""
    settings.XINFANG = {
        **settings.XINFANG,
        "PORTAL_MAX_FAILURES": 5, "PORTAL_FAILURE_WINDOW_SECONDS": 24 * 3600,
        "PORTAL_CREDIT_DAYS": 30, "PORTAL_CREDIT_MAX": 100, "PORTAL_CREDIT_ADDRESSES_PER_ITEM": 3,
        "PORTAL_FIRST_DELAY_SECONDS": 60, "PORTAL_MAX_DELAY_SECONDS": 3600,
        "PORTAL_GLOBAL_FAILURES_PER_HOUR": 600,
    }
    return settings.XINFANG


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def items(registrar, township):
    """Thirty letters, each with its own query code."""
    with time_machine.travel(T0 - dt.timedelta(days=10), tick=False):
        return [register(registrar, township, title=f"反映村道损毁问题{n}") for n in range(30)]


def post_code(client, code, ip=OFFICE, **extra):
    return client.post(reverse("portal:lookup"), {"code": code}, REMOTE_ADDR=ip, **extra)


def answer(response) -> tuple:
    """What a client learns from one try: found (302), not found (404, the one message), or wait (429, how long)."""
    if response.status_code == 404:
        assert english(NOT_FOUND_MESSAGE) in response.content.decode()
        return (404,)
    if response.status_code == 429:
        return (429, int(response["Retry-After"]))
    return (response.status_code,)


# ---------------------------------------------------------------- the design's cases


def test_an_office_that_finds_many_items_with_a_few_typos_is_never_kept_waiting(client, limits, clock, items):
    """A township office behind one address looks up 30 petitioners' items in 20 minutes and mistypes ten codes
    on the way: each typo comes after items it has found, which earned it room; nothing ever says "wait"."""
    answers = []
    for n, item in enumerate(items):
        if n % 3 == 2:
            answers.append(answer(post_code(client, WRONG)))
        answers.append(answer(post_code(client, item.query_code)))
        clock.shift(dt.timedelta(seconds=40))
    assert answers.count((404,)) == 10 and answers.count((302,)) == 30
    assert PortalThrottle.objects.get(ip=OFFICE).failures == 10
    assert credit(OFFICE, now=T0 + 20 * MINUTE) == 30 and allowance(OFFICE, now=T0 + 20 * MINUTE) == 35
    assert throttle_wait(OFFICE, now=T0 + 20 * MINUTE) is None


def test_a_guesser_from_one_address_waits_longer_after_each_wrong_code(client, limits, clock, replied):
    """Five wrong codes are free; then each one makes the address wait twice as long as the last (1, 2, 4 …
    minutes), up to an hour — a delay, not a flat lock. His one real code earns him one more free try, and looking
    it up again earns nothing more."""
    for _ in range(3):
        assert answer(post_code(client, replied.query_code)) == (302,)
    waits = []
    for _ in range(6):
        assert answer(post_code(client, WRONG)) == (404,)
    for _ in range(8):
        assert answer(post_code(client, WRONG)) == (404,)
        blocked = answer(post_code(client, WRONG))
        waits.append(blocked[1])
        clock.shift(dt.timedelta(seconds=blocked[1]))
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    # Blocked means blocked: while waiting, not even a right code is looked at.
    assert answer(post_code(client, WRONG)) == (404,)
    assert answer(post_code(client, replied.query_code)) == (429, 3600)
    assert PortalThrottle.objects.get(ip=OFFICE).failures == 6 + 8 + 1


def test_many_addresses_together_cannot_exceed_the_page_wide_budget(client, limits, clock, settings, replied):
    """Ten wrong codes an hour from all addresses: the eleventh address without credit waits for the next hour,
    whatever its code; an address that found an item earlier keeps trying."""
    settings.XINFANG = {**settings.XINFANG, "PORTAL_GLOBAL_FAILURES_PER_HOUR": 10}
    assert answer(post_code(client, replied.query_code, ip="198.51.100.200")) == (302,)  # earned credit
    clock.shift(dt.timedelta(minutes=5))
    answers = [answer(post_code(client, WRONG, ip=f"198.51.100.{n}")) for n in range(25)]
    assert answers == [(404,)] * 10 + [(429, 55 * 60)] * 15
    assert PortalFailureHour.objects.get().failures == 10
    assert answer(post_code(client, replied.query_code, ip="192.0.2.1")) == (429, 55 * 60)
    blocked = post_code(client, WRONG, ip="192.0.2.1")
    assert "Too many wrong query codes are being entered on this page" in blocked.content.decode()
    assert answer(post_code(client, WRONG, ip="198.51.100.200")) == (404,)
    clock.shift(dt.timedelta(minutes=55))  # the next hour
    assert answer(post_code(client, WRONG, ip="192.0.2.1")) == (404,)


def test_wrong_and_malformed_codes_get_the_same_answers(client, limits, clock, replied):
    """Well-formed but wrong, or not a code at all: the same answer, counted the same, delayed the same."""

    def tries(codes, ip):
        return [answer(post_code(client, code, ip=ip)) for code in codes]

    malformed = ["abc", "2345-6789-ABC1", "2345678", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "二三四五"] * 2
    assert tries(malformed, "198.51.100.1") == tries([WRONG] * 10, "198.51.100.2") == (
        [(404,)] * 6 + [(429, 60)] * 4
    )
    by_url = client.get(reverse("portal:status", args=["not-a-code"]), REMOTE_ADDR="198.51.100.3")
    wrong_url = client.get(reverse("portal:status", args=[WRONG]), REMOTE_ADDR="198.51.100.4")
    assert answer(by_url) == answer(wrong_url) == (404,)


def test_one_known_code_credits_only_a_few_addresses_and_only_for_a_while(limits, replied, items):
    for n in range(5):
        throttle_record_success(ip=f"198.51.100.{n}", petition=replied, now=T0)
    assert [credit(f"198.51.100.{n}", now=T0) for n in range(5)] == [1, 1, 1, 0, 0]
    assert credit("198.51.100.0", now=T0 + dt.timedelta(days=30)) == 0  # the credit period is over
    for item in items[:4]:
        throttle_record_success(ip="198.51.100.9", petition=item, now=T0)
    assert allowance("198.51.100.9", now=T0) == 5 + 4


# ---------------------------------------------------------------- action and selector


@pytest.mark.django_db
def test_failures_within_the_window_add_up(limits):
    for minute in range(5):
        assert throttle_wait("198.51.100.1", now=T0 + minute * MINUTE) is None
        throttle_record_failure(ip="198.51.100.1", now=T0 + minute * MINUTE)
    row = PortalThrottle.objects.get(ip="198.51.100.1")
    assert (row.failures, row.window_start, row.next_try_at) == (5, T0, None)
    row = throttle_record_failure(ip="198.51.100.1", now=T0 + 5 * MINUTE)
    assert row.next_try_at == T0 + 6 * MINUTE
    assert throttle_wait("198.51.100.1", now=T0 + 5 * MINUTE).seconds == 60


@pytest.mark.django_db
def test_a_failure_after_the_window_starts_a_new_count(limits):
    for _ in range(7):
        throttle_record_failure(ip="198.51.100.1", now=T0)
    later = T0 + dt.timedelta(days=1)
    assert throttle_wait("198.51.100.1", now=later) is None
    row = throttle_record_failure(ip="198.51.100.1", now=later)
    assert (row.failures, row.window_start) == (1, later)
    assert throttle_wait("198.51.100.1", now=later) is None


@pytest.mark.django_db
def test_addresses_are_counted_separately(limits):
    for _ in range(6):
        throttle_record_failure(ip="198.51.100.1", now=T0)
    assert throttle_wait("198.51.100.1", now=T0) is not None
    assert throttle_wait("198.51.100.2", now=T0) is None


@pytest.mark.django_db
def test_rows_no_longer_needed_are_removed(limits, replied):
    throttle_record_failure(ip="198.51.100.1", now=T0)
    throttle_record_success(ip="198.51.100.1", petition=replied, now=T0)
    later = T0 + dt.timedelta(days=31)
    throttle_record_failure(ip="198.51.100.2", now=later)
    assert list(PortalThrottle.objects.values_list("ip", flat=True)) == ["198.51.100.2"]
    assert list(PortalFailureHour.objects.values_list("failures", flat=True)) == [1]
    assert not PortalLookup.objects.exists()


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
    assert len(key) <= PortalLookup._meta.get_field("ip").max_length


def test_ipv6_clients_are_counted_per_64_network():
    assert client_address(_request("2001:db8:1:2::10")) == client_address(_request("2001:db8:1:2:ffff::1"))
    assert client_address(_request("2001:db8:1:2::10")) == "2001:db8:1:2::/64"
    assert client_address(_request("::ffff:198.51.100.3")) == "198.51.100.3"


# ---------------------------------------------------------------- through the pages


def test_the_wait_ends_and_the_address_may_try_again(client, limits, clock, replied):
    for _ in range(6):
        post_code(client, WRONG)
    assert answer(post_code(client, replied.query_code)) == (429, 60)
    blocked = post_code(client, WRONG)
    assert "Please try again in 1 minute" in blocked.content.decode()
    assert client.get(reverse("portal:lookup"), REMOTE_ADDR=OFFICE).status_code == 429
    clock.shift(MINUTE)
    assert answer(post_code(client, replied.query_code)) == (302,)


def test_wrong_codes_in_the_status_address_count_toward_the_same_allowance(client, limits, clock, replied):
    for _ in range(3):
        post_code(client, WRONG)
    assert client.get(reverse("portal:status", args=["ZZZZ-ZZZZ-ZZZZ"]), REMOTE_ADDR=OFFICE).status_code == 404
    assert client.get("/q/not-a-code/", REMOTE_ADDR=OFFICE).status_code == 404
    assert client.get("/q/not-a-code-either/", REMOTE_ADDR=OFFICE).status_code == 404
    status = client.get(reverse("portal:status", args=[replied.display_query_code]), REMOTE_ADDR=OFFICE)
    assert status.status_code == 429


def test_wrong_codes_posted_to_an_action_count_too(client, limits, clock, db):
    url = reverse("portal:evaluate", args=[WRONG])
    for _ in range(6):
        assert client.post(url, {"rating": "satisfied"}, REMOTE_ADDR=OFFICE).status_code == 404
    assert client.post(url, {"rating": "satisfied"}, REMOTE_ADDR=OFFICE).status_code == 429


def test_another_address_is_not_kept_waiting(client, limits, clock, replied):
    for _ in range(6):
        post_code(client, WRONG, ip=OFFICE)
    assert post_code(client, replied.query_code, ip="203.0.113.8").status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_delay(client, limits, clock, db):
    for n in range(6):
        post_code(client, WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert post_code(client, WRONG, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_right_code_does_not_clear_earlier_failures(client, limits, clock, replied):
    """Otherwise anyone holding one right code could keep guessing others without limit: it earns one more try."""
    for _ in range(4):
        post_code(client, WRONG)
    assert post_code(client, replied.query_code).status_code == 302
    assert PortalThrottle.objects.get().failures == 4
    for _ in range(3):
        assert post_code(client, WRONG).status_code == 404
    assert post_code(client, WRONG).status_code == 429


def test_an_empty_submission_is_not_counted_as_a_wrong_code(client, limits, clock, db):
    for _ in range(8):
        response = post_code(client, "   ")
        assert response.status_code == 400
    assert "Please enter the query code" in response.content.decode()
    assert not PortalThrottle.objects.exists() and not PortalFailureHour.objects.exists()


def test_htmx_requests_of_a_waiting_address_reload_the_page_to_show_the_message(client, limits, clock, replied):
    for _ in range(6):
        post_code(client, WRONG)
    url = reverse("portal:evaluate", args=[replied.display_query_code])
    response = client.post(url, {"rating": "satisfied"}, REMOTE_ADDR=OFFICE, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["HX-Refresh"] == "true"
    replied.refresh_from_db()
    assert replied.satisfaction == ""


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_from_several_connections_are_all_counted(limits):
    """Several workers failing at once, for one new address and for eight: the rows are created once and no count
    is lost, neither the address's nor the page's."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that several connections can write to at once")

    def at_once(ips):
        barrier = threading.Barrier(len(ips))
        errors = []

        def fail_once(ip):
            try:
                barrier.wait()
                throttle_record_failure(ip=ip, now=T0)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=fail_once, args=(ip,)) for ip in ips]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []

    at_once(["198.51.100.50"] * 8)
    assert PortalThrottle.objects.get(ip="198.51.100.50").failures == 8
    at_once([f"198.51.100.{n}" for n in range(8)])
    assert PortalFailureHour.objects.get().failures == 16
