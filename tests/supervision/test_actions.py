"""The actions of case ownership, supervision notices and reports back up: what they do, and what they refuse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from petitions.models import EventKind, Source
from supervision import actions, rules
from supervision.models import Assurance, Ownership, SupervisionNotice

from ..factories import register
from .conftest import assign, five, reply

pytestmark = pytest.mark.django_db
D = dt.date


# --- which items need ownership --------------------------------------------------------------------------------


def test_major_repeat_and_from_above_items_need_an_owning_leader(registrar, supervisor, township, major, general,
                                                                  from_city):
    repeat = assign(supervisor, register(registrar, township, repeat_of=general, received_on=D(2026, 3, 3)),
                    township)
    assert rules.needs_ownership(major) and rules.needs_ownership(repeat) and rules.needs_ownership(from_city)
    assert not rules.needs_ownership(general)
    from petitions.models import Petition

    assert set(Petition.objects.filter(rules.needs_ownership_q())) == {major, repeat, from_city}


def test_an_item_not_yet_accepted_needs_no_ownership(registrar, township, city_bureau):
    p = register(registrar, township, source=Source.ASSIGNED_FROM_ABOVE, source_body=city_bureau)
    assert not rules.needs_ownership(p)


# --- ownership ----------------------------------------------------------------------------------------------------


def test_the_item_is_owned_only_when_all_five_assurances_are_in_place(supervisor, major, leader, township):
    ownership = actions.ownership_set(actor=supervisor, petition=major, **five(leader, township, funds=""),
                                      on=D(2026, 3, 4))
    assert ownership.completed_on is None
    assert ownership.missing() == [Assurance.FUNDS]
    major.refresh_from_db()
    assert major.owning_leader == leader  # named on the item itself: the leader now sees it

    ownership = actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 6))
    assert ownership.completed_on == D(2026, 3, 6)
    assert ownership.missing() == []
    assert Ownership.objects.count() == 1


def test_ownership_appears_in_the_items_history(supervisor, major, leader, township):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    notes = list(major.events.filter(kind=EventKind.NOTE).order_by("pk"))
    assert notes[0].data["leader_name"] == "王县长"
    assert "五落实已全部落实" in notes[-1].note and notes[-1].actor == supervisor


@pytest.mark.parametrize("field", ["lead_unit", "handlers", "deadline", "risk_measures", "funds"])
def test_an_owned_case_cannot_lose_an_assurance(supervisor, major, leader, township, field):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    empty = {"lead_unit": None, "deadline": None}.get(field, "")
    with pytest.raises(ValidationError) as error:
        actions.ownership_set(actor=supervisor, petition=major, **five(leader, township, **{field: empty}))
    assert field in error.value.message_dict


def test_a_unit_handler_or_a_leader_cannot_record_ownership(handler, leader, major, township):
    for actor in (handler, leader):
        with pytest.raises(ValidationError):
            actions.ownership_set(actor=actor, petition=major, **five(leader, township))
    assert not Ownership.objects.exists()


def test_an_item_not_accepted_cannot_be_owned(supervisor, petition, leader, township):
    with pytest.raises(ValidationError):
        actions.ownership_set(actor=supervisor, petition=petition, **five(leader, township))


def test_the_deadline_cannot_be_before_acceptance_and_the_bureau_cannot_lead(supervisor, major, leader, township,
                                                                               bureau):
    with pytest.raises(ValidationError) as error:
        actions.ownership_set(actor=supervisor, petition=major, **five(leader, bureau, deadline=D(2026, 3, 1)))
    assert set(error.value.message_dict) == {"lead_unit", "deadline"}


def test_the_owning_leader_must_be_a_leader(supervisor, major, handler, township):
    with pytest.raises(ValidationError):
        actions.ownership_set(actor=supervisor, petition=major, **five(handler, township))
    assert not Ownership.objects.exists()


# --- supervision notices ------------------------------------------------------------------------------------------


def test_a_supervisor_issues_and_completes_a_notice(supervisor, major):
    notice = actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20),
                                  requirement="请限期办结。", on=D(2026, 3, 10))
    assert notice.number == "督〔2026〕1号" and notice.status(D(2026, 3, 18)) == "due_soon"
    assert notice.status(D(2026, 3, 21)) == "overdue" and notice.status(D(2026, 3, 10)) == "open"
    second = actions.notice_issue(actor=supervisor, petition=assign_other(supervisor, major), due_on=D(2026, 3, 25),
                                  requirement="请约见信访人。", on=D(2026, 3, 11))
    assert second.number == "督〔2026〕2号"
    done = actions.notice_complete(actor=supervisor, notice=notice, result="已答复。", on=D(2026, 3, 22))
    assert done.status(D(2026, 4, 1)) == "late"
    assert [e.data["supervision"] for e in major.events.filter(kind=EventKind.NOTE)] == ["notice", "notice_completed"]


def assign_other(supervisor, major):
    from ..factories import register as reg

    return assign(supervisor, reg(major.registered_by, major.place, title="另一事项"), major.place)


def test_only_one_open_notice_per_item(supervisor, major):
    actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="一", on=D(2026, 3, 10))
    with pytest.raises(ValidationError):
        actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 25), requirement="二",
                             on=D(2026, 3, 11))
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database says so too
        SupervisionNotice.objects.create(petition=major, year=2026, serial=9, issued_on=D(2026, 3, 11),
                                         issued_by=supervisor, due_on=D(2026, 3, 25), requirement="二",
                                         created_at=major.registered_at)


def test_notices_are_refused_to_others_and_for_bad_dates(registrar, handler, supervisor, major, petition):
    for actor in (registrar, handler):
        with pytest.raises(ValidationError):
            actions.notice_issue(actor=actor, petition=major, due_on=D(2026, 3, 20), requirement="一",
                                 on=D(2026, 3, 10))
    with pytest.raises(ValidationError) as error:
        actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 9), requirement="", on=D(2026, 3, 10))
    assert set(error.value.message_dict) == {"due_on", "requirement"}
    with pytest.raises(ValidationError):  # not accepted yet
        actions.notice_issue(actor=supervisor, petition=petition, due_on=D(2026, 3, 20), requirement="一",
                             on=D(2026, 3, 10))


def test_a_closed_item_cannot_be_supervised_and_a_notice_is_completed_once(supervisor, handler, major):
    notice = actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="一",
                                  on=D(2026, 3, 10))
    actions.notice_complete(actor=supervisor, notice=notice, result="已办结", on=D(2026, 3, 12))
    with pytest.raises(ValidationError):
        actions.notice_complete(actor=supervisor, notice=notice, result="再次", on=D(2026, 3, 13))
    reply(handler, major, D(2026, 3, 14))
    with pytest.raises(ValidationError):
        actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 30), requirement="二",
                             on=D(2026, 3, 20))


def test_completion_is_refused_to_a_registrar_and_needs_a_result(registrar, supervisor, major):
    notice = actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="一",
                                  on=D(2026, 3, 10))
    with pytest.raises(ValidationError):
        actions.notice_complete(actor=registrar, notice=notice, result="已办结", on=D(2026, 3, 12))
    with pytest.raises(ValidationError):
        actions.notice_complete(actor=supervisor, notice=notice, result=" ", on=D(2026, 3, 12))
    with pytest.raises(ValidationError):
        actions.notice_complete(actor=supervisor, notice=notice, result="早于督办", on=D(2026, 3, 9))


# --- reports back up -------------------------------------------------------------------------------------------------


def test_the_report_back_is_recorded_after_the_reply(registrar, handler, from_city):
    with pytest.raises(ValidationError):  # not closed yet
        actions.report_back_record(actor=registrar, petition=from_city, sent_on=D(2026, 3, 20), on=D(2026, 3, 20))
    reply(handler, from_city, D(2026, 4, 10))
    with pytest.raises(ValidationError):  # before the reply
        actions.report_back_record(actor=registrar, petition=from_city, sent_on=D(2026, 4, 9), on=D(2026, 4, 12))
    with pytest.raises(ValidationError):  # in the future
        actions.report_back_record(actor=registrar, petition=from_city, sent_on=D(2026, 4, 13), on=D(2026, 4, 12))
    with pytest.raises(ValidationError):  # a unit does not report to the city
        actions.report_back_record(actor=handler, petition=from_city, sent_on=D(2026, 4, 12), on=D(2026, 4, 12))
    report = actions.report_back_record(actor=registrar, petition=from_city, sent_on=D(2026, 4, 12),
                                        reference="县信报〔2026〕3号", on=D(2026, 4, 12))
    assert report.sent_by == registrar and report.recorded_by == registrar
    with pytest.raises(ValidationError):  # only once
        actions.report_back_record(actor=registrar, petition=from_city, sent_on=D(2026, 4, 12), on=D(2026, 4, 12))
    assert "市信访局" in from_city.events.filter(kind=EventKind.NOTE).last().note


def test_only_items_from_above_are_reported_back(registrar, handler, general):
    reply(handler, general, D(2026, 3, 10))
    with pytest.raises(ValidationError):
        actions.report_back_record(actor=registrar, petition=general, sent_on=D(2026, 3, 11), on=D(2026, 3, 11))


def test_an_item_from_above_forwarded_on_is_not_tracked_to_a_report_back(registrar, supervisor, township, city_bureau,
                                                                          department):
    from petitions import actions as petition_actions
    from stats import supervision as figures
    from stats.periods import Period

    p = register(registrar, township, source=Source.FORWARDED_FROM_ABOVE, source_body=city_bureau)
    assert rules.is_from_above(p)  # registered, waiting for the decision: tracked
    p = petition_actions.petition_forward(actor=supervisor, petition=p, to_unit=department, on=D(2026, 3, 3))
    assert not rules.is_from_above(p)
    assert figures.compute(Period.year(2026), None, as_of=D(2026, 6, 30)).from_above.received == 0


def test_the_owning_leader_is_named_by_the_bureau_only(handler, supervisor, major, leader):
    from petitions.actions import petition_set_owning_leader

    with pytest.raises(ValidationError):
        petition_set_owning_leader(actor=handler, petition=major, leader=leader)
    petition_set_owning_leader(actor=supervisor, petition=major, leader=leader)
    petition_set_owning_leader(actor=supervisor, petition=major, leader=leader)  # the same again: nothing new
    assert major.events.filter(kind=EventKind.NOTE).count() == 1
