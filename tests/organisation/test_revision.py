"""Reference data kept in each process until it changes (organisation/revision.py).

These tests run outside a test transaction (``transaction=True``): inside one nothing is kept, which is what the
rest of the suite relies on, and which is tested here too.
"""

import pytest
from django.contrib.auth import get_user
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from organisation import revision
from organisation.backends import StaffBackend
from organisation.models import Unit, UnitKind, User
from petitions import choices
from tests.factories import UnitFactory
from workdays.calendar import WorkCalendar
from workdays.models import CalendarOverride, DeadlinePolicy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh():
    revision.forget()
    yield
    request_finished.send(sender=None)
    revision.forget()


def current_token():
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM organisation_referencerevision WHERE id = 1")
        return cursor.fetchone()[0]


def test_a_kept_value_costs_one_token_look_up_until_the_data_changes(township):
    assert (township.pk, "化子坪镇") in choices.places()
    with CaptureQueriesContext(connection) as queries:
        assert (township.pk, "化子坪镇") in choices.places()
    assert len(queries) == 1
    assert "referencerevision" in queries[0]["sql"]


def test_within_a_request_the_token_is_read_once(township):
    DeadlinePolicy.current()  # creates the policy row (a change: a new token)
    request_started.send(sender=None)
    with CaptureQueriesContext(connection) as queries:
        choices.places()
        choices.categories()
        DeadlinePolicy.current()
        WorkCalendar.load()
    assert sum("referencerevision" in q["sql"] for q in queries) == 1
    request_finished.send(sender=None)
    with CaptureQueriesContext(connection) as queries:
        choices.places()
        choices.places()
    assert len(queries) == 2  # outside a request the token is read each time, and nothing else


@pytest.mark.parametrize("how", ["update", "raw"])
def test_a_change_made_by_another_process_is_seen_by_the_next_read(township, how):
    """No signal reaches this process: the database triggers change the token."""
    assert (township.pk, "化子坪镇") in choices.places()
    before = current_token()
    if how == "update":
        Unit.objects.filter(pk=township.pk).update(is_active=False)
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE organisation_unit SET is_active = %s WHERE id = %s", [False, township.pk])
    assert current_token() != before
    assert (township.pk, "化子坪镇") not in choices.places()


def test_every_reference_table_changes_the_token(township, registrar):
    import datetime as dt

    from petitions.models import Category

    changes = [
        lambda: UnitFactory(name="建华镇", kind=UnitKind.TOWNSHIP),
        lambda: User.objects.filter(pk=registrar.pk).update(roles=["registrar", "supervisor"]),
        lambda: Category.objects.create(name="新类别"),
        lambda: DeadlinePolicy.objects.filter(pk=DeadlinePolicy.current().pk).update(decision_days=14),
        lambda: CalendarOverride.objects.create(date=dt.date(2031, 1, 1), is_workday=False),
        lambda: CalendarOverride.objects.all().delete(),
    ]
    for change in changes:
        before = current_token()
        change()
        assert current_token() != before


def test_a_login_leaves_the_kept_data_alone(registrar, township):
    """Every login writes the user's last_login; nothing kept depends on it, so no process reads everything again."""
    from django.contrib.auth.models import update_last_login
    from django.utils import timezone

    assert (township.pk, "化子坪镇") in choices.places()
    before = current_token()
    update_last_login(None, registrar)  # as the login view does
    User.objects.filter(pk=registrar.pk).update(last_login=timezone.now())  # and as another process might
    assert current_token() == before
    with CaptureQueriesContext(connection) as queries:
        choices.places()
    assert len(queries) == 1  # the token only: the places are still kept
    User.objects.filter(pk=registrar.pk).update(last_login=timezone.now(), full_name="登记员乙")
    assert current_token() != before


def test_the_calendar_and_policy_follow_their_tables():
    import datetime as dt

    day = dt.date(2031, 3, 3)  # a Monday in a year the package does not know
    assert WorkCalendar.load().is_workday(day)
    CalendarOverride.objects.filter(date=day).delete()
    CalendarOverride.objects.bulk_create([CalendarOverride(date=day, is_workday=False)])  # no signal
    assert not WorkCalendar.load().is_workday(day)
    days = DeadlinePolicy.current().decision_days
    DeadlinePolicy.objects.filter(pk=1).update(decision_days=days - 1)
    assert DeadlinePolicy.current().decision_days == days - 1


def test_nothing_read_inside_a_transaction_is_kept(township):
    """A change of the transaction itself may be rolled back: it must not outlive it."""
    with transaction.atomic():
        Unit.objects.filter(pk=township.pk).update(name="改名镇")
        assert (township.pk, "改名镇") in choices.places()
        transaction.set_rollback(True)
    assert (township.pk, "化子坪镇") in choices.places()


def test_a_user_deactivated_elsewhere_is_logged_out_at_the_next_request(registrar, rf):
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(registrar.pk)
    session["_auth_user_backend"] = "organisation.backends.StaffBackend"
    session["_auth_user_hash"] = registrar.get_session_auth_hash()
    session.save()

    def request_user():
        request = rf.get("/")
        request.session = session.__class__(session.session_key)
        return get_user(request)

    assert request_user().pk == registrar.pk
    assert StaffBackend().get_user(registrar.pk) is not StaffBackend().get_user(registrar.pk)  # a copy each time
    User.objects.filter(pk=registrar.pk).update(is_active=False)
    assert not request_user().is_authenticated


def test_a_logged_in_request_reads_the_token_with_its_session(registrar, township):
    """One query for the session and the token (organisation/sessions.py); none more for the user and the kept
    lists; and a token changed since is read by the next request."""
    from organisation.sessions import SessionStore

    session = SessionStore()
    session.update({"_auth_user_id": str(registrar.pk), "_auth_user_backend": "organisation.backends.StaffBackend",
                    "_auth_user_hash": registrar.get_session_auth_hash()})
    session.save()

    def request():
        request_started.send(sender=None)
        try:
            with CaptureQueriesContext(connection) as queries:
                request = RequestFactory().get("/")
                request.session = SessionStore(session.session_key)
                user = get_user(request)
                places = choices.places()
            return user, places, queries
        finally:
            request_finished.send(sender=None)

    request()  # keeps the users and the places
    user, places, queries = request()
    assert user.pk == registrar.pk and (township.pk, "化子坪镇") in places
    assert len(queries) == 1 and "referencerevision" in queries[0]["sql"] and "django_session" in queries[0]["sql"]
    Unit.objects.filter(pk=township.pk).update(name="改名镇")
    _user, places, _queries = request()
    assert (township.pk, "改名镇") in places


def test_ensure_puts_back_missing_triggers_and_draws_a_new_token(township):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER organisation_unit_revision_update")  # as a rebuilding migration does
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER organisation_unit_revision ON organisation_unit")
    before = current_token()
    Unit.objects.filter(pk=township.pk).update(name="改名镇")
    assert current_token() == before  # unseen: the trigger is missing
    revision.ensure()
    assert current_token() != before
    assert (township.pk, "改名镇") in choices.places()
    revision.ensure()  # twice is harmless
    after = current_token()
    Unit.objects.filter(pk=township.pk).update(name="化子坪镇")
    assert current_token() != after


def test_without_the_revision_row_nothing_is_kept(township):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM organisation_referencerevision")
    assert revision.token() is None
    assert (township.pk, "化子坪镇") in choices.places()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE organisation_unit SET name = %s WHERE id = %s", ["改名镇", township.pk])
    assert (township.pk, "改名镇") in choices.places()
