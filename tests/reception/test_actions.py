"""Every action of the reception register and every refusal; a filed matter becomes a tracked petition item."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from petitions.models import Channel, EventKind, ReceivedLevel
from petitions.selectors import worklist
from petitions.states import PetitionState
from reception import actions
from reception.models import (
    AppointmentState,
    MatterOutcome,
    ReceptionDay,
    ReceptionDayState,
    ReceptionEvent,
    ReceptionKind,
    ReceptionTier,
)
from reception.recurrence import Recurrence
from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.models import DeadlinePolicy

from .conftest import TODAY, day_record, filed, matter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English (the catalog translates them)."""
    with translation.override("en"):
        yield


def schedule_data(leader, unit, **overrides):
    values = dict(leader=leader, unit=unit, tier=ReceptionTier.COUNTY, place="县信访局接待大厅",
                  starts_at=dt.time(9), ends_at=dt.time(12), recurrence=Recurrence.WEEKDAYS, weekdays=(0,),
                  valid_from=dt.date(2026, 3, 1))
    values.update(overrides)
    return actions.ScheduleData(**values)


# --- Schedules and reception days --------------------------------------------------------------------------------


def test_a_schedule_publishes_its_mondays_with_the_holiday_moved_and_again_without_duplicates(registrar, leader, county):
    schedule = actions.schedule_create(actor=registrar, data=schedule_data(leader, county))
    days = actions.schedule_publish(actor=registrar, schedule=schedule, until=dt.date(2026, 4, 30), on=TODAY)
    assert [d.date for d in days] == [dt.date(2026, 3, d) for d in (2, 9, 16, 23, 30)] + [
        dt.date(2026, 4, 7), dt.date(2026, 4, 13), dt.date(2026, 4, 20), dt.date(2026, 4, 27)]
    moved = ReceptionDay.objects.get(date=dt.date(2026, 4, 7))
    assert moved.moved and moved.planned_on == dt.date(2026, 4, 6)
    again = actions.schedule_publish(actor=registrar, schedule=schedule, until=dt.date(2026, 5, 12), on=TODAY)
    assert [d.date for d in again] == [dt.date(2026, 5, 6), dt.date(2026, 5, 11)]
    assert ReceptionDay.objects.count() == 11
    assert ReceptionEvent.objects.filter(kind=ReceptionEvent.Kind.SCHEDULE_PUBLISHED).count() == 2


@pytest.mark.parametrize(("overrides", "field"), [
    (dict(tier=ReceptionTier.LOCAL), "unit"),  # a township-tier day cannot be held by the county
    (dict(ends_at=dt.time(8)), "ends_at"),
    (dict(weekdays=()), "weekdays"),
    (dict(recurrence=Recurrence.EVERY_N_DAYS), "every_days"),
    (dict(place=" "), "place"),
    (dict(valid_until=dt.date(2026, 1, 1)), "valid_until"),
])
def test_a_bad_schedule_is_refused_field_by_field(registrar, leader, county, overrides, field):
    with pytest.raises(ValidationError) as exc:
        actions.schedule_create(actor=registrar, data=schedule_data(leader, county, **overrides))
    assert field in exc.value.message_dict


def test_a_schedule_needs_a_leader_and_a_township_tier_needs_a_township(registrar, handler, township, leader, county):
    with pytest.raises(ValidationError) as exc:
        actions.schedule_create(actor=registrar, data=schedule_data(handler, township, tier=ReceptionTier.LOCAL))
    assert "leader" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.schedule_create(actor=registrar, data=schedule_data(leader, township))
    assert "unit" in exc.value.message_dict


def test_only_the_bureau_desk_keeps_the_register(handler, leader, county, supervisor):
    for actor in (handler, leader):
        with pytest.raises(ValidationError):
            actions.schedule_create(actor=actor, data=schedule_data(leader, county))
    assert actions.schedule_create(actor=supervisor, data=schedule_data(leader, county)).pk


def test_a_day_twice_at_the_same_time_is_refused_and_a_cancelled_day_cannot_be_cancelled_again(
        registrar, county_day, leader, county):
    with pytest.raises(ValidationError):
        actions.reception_day_add(actor=registrar, data=actions.DayData(
            leader=leader, unit=county, tier=ReceptionTier.COUNTY, date=TODAY, starts_at=dt.time(9),
            ends_at=dt.time(11), place="别处"))
    with pytest.raises(ValidationError):
        actions.reception_day_cancel(actor=registrar, day=county_day, reason="  ")
    actions.reception_day_cancel(actor=registrar, day=county_day, reason="参加全市会议")
    county_day.refresh_from_db()
    assert county_day.state == ReceptionDayState.CANCELLED and county_day.cancel_reason == "参加全市会议"
    with pytest.raises(ValidationError):
        actions.reception_day_cancel(actor=registrar, day=county_day, reason="again")


# --- Appointments ------------------------------------------------------------------------------------------------


def appointment_data(leader, units, **overrides):
    values = dict(subject="八户村民反映征地补偿款未到位", content="要求落实补偿。", leader=leader, date=dt.date(2026, 3, 9),
                  starts_at=dt.time(15), place="县信访局三楼会议室", units=units,
                  representatives=[actions.PersonData("刘建国", "13912345678"), actions.PersonData("王秀英")],
                  headcount=8)
    values.update(overrides)
    return actions.AppointmentData(**values)


def test_an_appointment_is_booked_for_a_county_leader_and_each_unit_is_notified(registrar, leader, rsj, zjj):
    appointment = actions.appointment_book(actor=registrar, data=appointment_data(leader, [rsj, zjj]), on=TODAY)
    assert appointment.state == AppointmentState.BOOKED and appointment.leader_position == "副县长"
    assert [r.name for r in appointment.representatives.all()] == ["刘建国", "王秀英"]
    assert sorted(n.unit.name for n in appointment.notices.all()) == ["县人社局", "县住建局"]
    assert all(n.acknowledged_at is None for n in appointment.notices.all())


@pytest.mark.parametrize(("change", "field"), [
    ("township_leader", "leader"),
    ("one_unit", "units"),
    ("past", "date"),
    ("six_representatives", "representatives"),
    ("no_representative", "representatives"),
    ("headcount", "headcount"),
])
def test_a_bad_appointment_is_refused(registrar, leader, town_leader, rsj, zjj, change, field):
    overrides = {
        "township_leader": dict(leader=town_leader),
        "one_unit": dict(units=[rsj]),
        "past": dict(date=TODAY - dt.timedelta(days=1)),
        "six_representatives": dict(representatives=[actions.PersonData(f"代表{i}") for i in range(6)], headcount=9),
        "no_representative": dict(representatives=[actions.PersonData(" ")]),
        "headcount": dict(headcount=1),
    }[change]
    with pytest.raises(ValidationError) as exc:
        data = dataclasses.replace(appointment_data(leader, [rsj, zjj]), **overrides)
        actions.appointment_book(actor=registrar, data=data, on=TODAY)
    assert field in exc.value.message_dict


def test_only_the_unit_addressed_acknowledges_its_notice_once(registrar, leader, rsj, zjj, rsj_handler, zjj_handler,
                                                              handler):
    appointment = actions.appointment_book(actor=registrar, data=appointment_data(leader, [rsj, zjj]), on=TODAY)
    notice = appointment.notices.get(unit=rsj)
    for outsider in (zjj_handler, handler, registrar):
        with pytest.raises(ValidationError):
            actions.notice_acknowledge(actor=outsider, notice=notice)
    actions.notice_acknowledge(actor=rsj_handler, notice=notice)
    notice.refresh_from_db()
    assert notice.acknowledged_by == rsj_handler and notice.acknowledged_at is not None
    with pytest.raises(ValidationError):
        actions.notice_acknowledge(actor=rsj_handler, notice=notice)


def test_a_cancelled_appointment_cannot_be_recorded(registrar, leader, rsj, zjj, category, village):
    appointment = actions.appointment_book(actor=registrar, data=appointment_data(leader, [rsj, zjj]), on=TODAY)
    actions.appointment_cancel(actor=registrar, appointment=appointment, reason="代表申请改期")
    with pytest.raises(ValidationError) as exc:
        actions.record_write(actor=registrar, data=actions.RecordData(
            kind=ReceptionKind.APPOINTMENT, held_on=dt.date(2026, 3, 9), leader=leader, appointment=appointment,
            matters=[matter(category, village)]), on=dt.date(2026, 3, 9))
    assert "appointment" in exc.value.message_dict


def test_the_full_phone_is_for_the_bureau_desk_and_each_reveal_is_logged(registrar, handler):
    actions.phone_reveal(actor=registrar, subject="appointment:1")
    assert ReceptionEvent.objects.get(kind=ReceptionEvent.Kind.PHONE_REVEALED).actor == registrar
    with pytest.raises(ValidationError):
        actions.phone_reveal(actor=handler, subject="appointment:1")


# --- Reception records -------------------------------------------------------------------------------------------


def test_a_reception_day_is_recorded_with_one_answer_and_one_filed_case(
        registrar, county_day, leader, second_leader, category, village, rsj, rsj_handler):
    record = day_record(registrar, county_day, [matter(category, village), filed(category, village, rsj, second_leader)])
    county_day.refresh_from_db()
    assert county_day.state == ReceptionDayState.HELD
    answered, case = record.matters.order_by("position")
    assert answered.outcome == MatterOutcome.ANSWERED and answered.petition is None
    p = case.petition
    assert (p.channel, p.received_level, p.headcount, p.is_collective) == (Channel.VISIT, ReceivedLevel.OWN, 6, True)
    assert p.received_on == TODAY and p.title == "八户村民反映征地补偿款未到位"
    assert p.state == PetitionState.ASSIGNED and p.responsible_unit == rsj and p.owning_leader == second_leader
    assert p.deadline_class == "general"
    policy, calendar = DeadlinePolicy.current(), WorkCalendar.load()
    assert p.handling_due_on == deadlines.handling_due(TODAY, policy, calendar, deadline_class="general").date
    assert [party.petitioner.name for party in p.parties.all()] == ["王秀英", "李四"]
    assert all(party.is_representative for party in p.parties.all())
    assert "领导接待日" in p.events.get(kind=EventKind.ASSIGNED).note or "reception day" in p.events.get(
        kind=EventKind.ASSIGNED).note
    # The lead unit's worklist holds it, with its owner and due date, like any other item.
    listed = list(worklist(rsj_handler, "unit", TODAY))
    assert listed == [p] and listed[0].owning_leader == second_leader and listed[0].due_on == p.handling_due_on


def test_a_reception_day_is_recorded_once_by_its_own_leader_on_its_day(
        registrar, county_day, leader, second_leader, category, village):
    with pytest.raises(ValidationError) as exc:
        actions.record_write(actor=registrar, data=actions.RecordData(
            kind=ReceptionKind.RECEPTION_DAY, held_on=TODAY, leader=second_leader, reception_day=county_day,
            matters=[matter(category, village)]), on=TODAY)
    assert "leader" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        day_record(registrar, county_day, [matter(category, village)], on=TODAY - dt.timedelta(days=1))
    assert "held_on" in exc.value.message_dict  # not before it was held
    day_record(registrar, county_day, [matter(category, village)])
    with pytest.raises(ValidationError) as exc:
        day_record(registrar, county_day, [matter(category, village)])
    assert "reception_day" in exc.value.message_dict


@pytest.mark.parametrize(("overrides", "words"), [
    (dict(lead_unit=None), "lead unit"),
    (dict(owning_leader=None), "owning leader"),
    (dict(deadline_class=""), "deadline class"),
    (dict(names="甲、乙、丙、丁、戊、己", headcount=9), "5 representatives"),
    (dict(headcount=1), "more persons"),
    (dict(content_type="accusation"), "accusation"),
    (dict(decision=" "), "decision"),
])
def test_a_bad_matter_is_refused_and_nothing_is_saved(registrar, county_day, leader, category, village, rsj,
                                                      overrides, words):
    from petitions.models import Petition

    with pytest.raises(ValidationError) as exc:
        day_record(registrar, county_day, [matter(category, village), filed_with(category, village, rsj, leader, overrides)])
    assert any(words in m for m in exc.value.message_dict["matters"])
    assert not Petition.objects.exists()
    county_day.refresh_from_db()
    assert county_day.state == ReceptionDayState.SCHEDULED


def filed_with(category, village, rsj, leader, overrides):
    data = filed(category, village, rsj, leader)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_a_joint_reception_names_its_units_and_their_parts(registrar, leader, category, village, rsj, zjj,
                                                          rsj_handler, handler):
    with pytest.raises(ValidationError) as exc:
        actions.record_write(actor=registrar, data=actions.RecordData(
            kind=ReceptionKind.JOINT, held_on=TODAY, leader=leader, place="县信访局", joint_units=[(rsj, "核实工资")],
            matters=[matter(category, village)]), on=TODAY)
    assert "joint_units" in exc.value.message_dict
    record = actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.JOINT, held_on=TODAY, leader=leader, place="县信访局",
        joint_units=[(rsj, "核实工资拖欠情况"), (zjj, "督促建设单位支付")], matters=[matter(category, village)]), on=TODAY)
    assert [(j.unit.name, j.part) for j in record.joint_units.all()] == [("县人社局", "核实工资拖欠情况"),
                                                                       ("县住建局", "督促建设单位支付")]
    assert record.unit == leader.unit


def test_a_campaign_has_its_rota_and_only_the_leader_on_duty_records_that_day(
        registrar, leader, second_leader, town_leader, category, village):
    with pytest.raises(ValidationError) as exc:
        actions.campaign_create(actor=registrar, data=actions.CampaignData(
            title="春季大接访", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), place="接待大厅",
            rota=[(dt.date(2026, 3, 9), leader), (dt.date(2026, 3, 3), town_leader)]))
    assert len(exc.value.message_dict["rota"]) == 2
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), place="接待大厅",
        rota=[(dt.date(2026, 3, 2), leader), (dt.date(2026, 3, 3), second_leader)]))
    assert [(d.date.day, d.leader) for d in campaign.duties.all()] == [(2, leader), (3, second_leader)]
    with pytest.raises(ValidationError) as exc:
        actions.record_write(actor=registrar, data=actions.RecordData(
            kind=ReceptionKind.CAMPAIGN, held_on=TODAY, leader=second_leader, campaign=campaign,
            matters=[matter(category, village)]), on=TODAY)
    assert "leader" in exc.value.message_dict
    record = actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=TODAY, leader=leader, campaign=campaign,
        matters=[matter(category, village)]), on=TODAY)
    assert record.place == "接待大厅" and record.campaign == campaign


def test_an_appointment_is_recorded_and_marked_held(registrar, leader, rsj, zjj, category, village):
    appointment = actions.appointment_book(actor=registrar, data=appointment_data(leader, [rsj, zjj]), on=TODAY)
    record = actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.APPOINTMENT, held_on=appointment.date, leader=leader, appointment=appointment,
        joint_units=[(rsj, "解释政策"), (zjj, "核实项目")], matters=[filed(category, village, rsj, leader)],
    ), on=appointment.date)
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.HELD and record.place == "县信访局三楼会议室"
    assert record.matters.get().petition.received_on == appointment.date
