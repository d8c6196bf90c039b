"""A year of leader reception in the demo county, built through ``reception.actions`` (and, for the filed cases,
``petitions.actions``) with the dates of each step:

- the county leaders' reception day every Monday and a township leader's on the market days (every five days,
  weekends included, public holidays moved), published from a year ago to three months ahead;
- the reception records of the past days (a few cancelled, the last ones not yet entered), a spring reception
  campaign with its rota and records, appointment receptions (held and coming, with the units' notices) and joint
  receptions of several departments;
- the filed cases handled by their lead units: the older ones replied (closed), the recent ones in progress.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from demo import texts
from demo.names import mobile, person_name
from demo.plans import Dice, Reference, moment
from organisation.models import Unit, UnitKind, User
from petitions import actions as petition_actions
from petitions.models import ContentType, PetitionEvent
from workdays.calendar import WorkCalendar

from . import actions
from .models import (
    Appointment,
    AttendanceNotice,
    Campaign,
    CampaignDuty,
    JointUnit,
    MatterOutcome,
    ReceptionDay,
    ReceptionDayState,
    ReceptionEvent,
    ReceptionKind,
    ReceptionMatter,
    ReceptionRecord,
    ReceptionSchedule,
    ReceptionTier,
    Representative,
)
from .recurrence import HolidayRule, Recurrence

HALL = "县信访局群众接待大厅"
MIN_ITEMS = 100
CANCEL_REASONS = ("接待领导参加全市重要会议，改由其他领导接待。", "防汛紧急任务，本次接待日顺延。", "接待领导外出学习。")
DECISIONS = {
    MatterOutcome.ANSWERED: ("经现场查阅政策并当面解释，来访人表示理解。", "接访领导当场协调相关单位负责人，明确了办理时间，来访人表示满意。",
                             "现场答复：该事项已有明确政策规定，已向来访人详细解释。"),
    MatterOutcome.NOT_SUPPORTED: ("诉求缺乏政策依据，不予支持，已向来访人说明理由和救济途径。",
                                  "经核实，该诉求已依法处理终结，不予支持，已做好解释工作。"),
    MatterOutcome.FILED: ("立案交办，由牵头单位会同有关单位调查核实，限期办结并答复来访人。",
                          "责成牵头单位成立工作专班，实地核查后提出处理意见，按期报送办理结果。"),
}
JOINT_PARTS = ("核实政策依据并当场解答", "调取档案材料", "提出法律意见", "负责协调落实资金", "现场核查并答复")


def reset() -> None:
    """Remove the register (before the demo's items are removed: filed matters point at items)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (ReceptionEvent, ReceptionMatter, JointUnit, ReceptionRecord, AttendanceNotice, Representative,
                      Appointment, CampaignDuty, Campaign, ReceptionDay, ReceptionSchedule):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


class _Builder:
    def __init__(self, ref: Reference, rng: random.Random, today: dt.date):
        self.ref, self.rng, self.dice, self.today = ref, rng, Dice(rng), today
        self.registrar = ref.registrars[0]
        self.leaders = ref.leaders  # the county leaders
        self.county = Unit.objects.filter(kind=UnitKind.COUNTY).order_by("path").first()
        self.scenarios = [s for s in texts.SCENARIOS if s.content_type != ContentType.ACCUSATION and not s.legal]
        # Lead units that have a handler in the demo, who will sign for and reply to the filed cases.
        self.lead_units = [u for u in ref.towns + ref.departments if u.pk in ref.handlers]
        self.departments = [u for u in ref.departments if u.pk in ref.handlers]
        self.filed: list = []  # (petition, held_on)
        self.tz = timezone.get_default_timezone()

    def matter(self, town: Unit, outcome: str, owner) -> actions.MatterData:
        dice = self.dice
        scenario = dice.pick(self.scenarios)
        villages = [u for u in self.ref.rural_places + self.ref.urban_places if u.parent_id == town.pk]
        place = dice.pick(villages) if villages else town
        group = dice.random() < 0.3
        headcount = dice.between(2, 9) if group else 1
        names = [person_name(self.rng) for _ in range(min(headcount, dice.between(1, 3)))]
        values = texts.fill_values(dice, scenario, village=place.name, town=town.name, surname=names[0][0],
                                   year=self.today.year - dice.between(1, 3))
        lead = self.ref.route(scenario.route[0], town) if scenario.route else town
        if lead.pk not in self.ref.handlers:
            lead = town if town.pk in self.ref.handlers else dice.pick(self.lead_units)
        filed = outcome == MatterOutcome.FILED
        return actions.MatterData(
            names="、".join(names), headcount=headcount, phone=mobile(self.rng),
            subject=texts.fill(dice.pick(scenario.titles), values), content=texts.fill(dice.pick(scenario.contents), values),
            content_type=scenario.content_type, category=self.ref.category(scenario), place=place, outcome=outcome,
            decision=dice.pick(DECISIONS[outcome]),
            lead_unit=lead if filed else None, owning_leader=owner if filed else None,
            deadline_class=(dice.pick(("general", "general", "urgent", "major")) if filed else ""),
        )

    def outcome(self) -> str:
        roll = self.dice.random()
        return MatterOutcome.ANSWERED if roll < 0.5 else MatterOutcome.NOT_SUPPORTED if roll < 0.7 else MatterOutcome.FILED

    def record(self, data: actions.RecordData) -> ReceptionRecord:
        record = actions.record_write(actor=self.registrar, data=data, on=data.held_on)
        record.recorded_at = moment(data.held_on, 240, self.tz)
        record.save(update_fields=["recorded_at"])
        for matter in record.matters.filter(petition__isnull=False).select_related("petition"):
            self.filed.append((matter.petition, data.held_on))
        return record

    def matters(self, count: int, owner, town: Unit | None = None) -> list[actions.MatterData]:
        return [self.matter(town or self.dice.pick(self.ref.towns), self.outcome(), owner) for _ in range(count)]


def build(*, today: dt.date, seed: int, items: int = MIN_ITEMS) -> dict:
    """The demo's reception register (call inside the demo's transaction, after its ``items`` items).

    A small demo (fewer than ``MIN_ITEMS`` items, as tests and quick runs ask for) gets none: it holds exactly the
    items asked for, while the register's filed cases are items of their own.
    """
    if items < MIN_ITEMS:
        return {}
    ref = Reference()
    if not ref.leaders or not ref.registrars:
        return {}
    b = _Builder(ref, random.Random(seed), today)
    start = today - dt.timedelta(days=365)
    calendar = WorkCalendar.load()
    county_leader, second = ref.leaders[0], ref.leaders[-1]
    schedules = [
        actions.schedule_create(actor=b.registrar, data=actions.ScheduleData(
            leader=county_leader, unit=b.county, tier=ReceptionTier.COUNTY, place=HALL, starts_at=dt.time(9),
            ends_at=dt.time(12), recurrence=Recurrence.WEEKDAYS, weekdays=(0,), valid_from=start)),
    ]
    if second != county_leader:
        schedules.append(actions.schedule_create(actor=b.registrar, data=actions.ScheduleData(
            leader=second, unit=b.county, tier=ReceptionTier.COUNTY, place=HALL, starts_at=dt.time(14, 30),
            ends_at=dt.time(17, 30), recurrence=Recurrence.WEEKDAYS, weekdays=(0,), valid_from=start)))
    town_leader = User.objects.with_role("leader").filter(unit__kind=UnitKind.TOWNSHIP).select_related("unit").first()
    if town_leader is not None:
        schedules.append(actions.schedule_create(actor=b.registrar, data=actions.ScheduleData(
            leader=town_leader, unit=town_leader.unit, tier=ReceptionTier.LOCAL,
            place=f"{town_leader.unit.name}综治中心", starts_at=dt.time(8, 30), ends_at=dt.time(12),
            recurrence=Recurrence.EVERY_N_DAYS, every_days=5, anchor_on=start, weekends_too=True,
            holiday_rule=HolidayRule.NEXT_WORKDAY, valid_from=start)))
    for schedule in schedules:
        actions.schedule_publish(actor=b.registrar, schedule=schedule, until=today + dt.timedelta(days=90), on=start,
                                 calendar=calendar)

    # The campaign: two weeks of working days in spring, the county leaders in turn.
    campaign_start = today - dt.timedelta(days=200)
    campaign_end = campaign_start + dt.timedelta(days=13)
    workdays = [campaign_start + dt.timedelta(days=i) for i in range(14)
                if calendar.is_workday(campaign_start + dt.timedelta(days=i))]
    rota = [(day, ref.leaders[i % len(ref.leaders)]) for i, day in enumerate(workdays)]
    campaign = actions.campaign_create(actor=b.registrar, data=actions.CampaignData(
        title=f"{campaign_start.year}年春季集中大接访", starts_on=campaign_start, ends_on=campaign_end, place=HALL,
        rota=rota, note="县级领导每天一人在群众接待大厅坐班接访，信访局全程跟踪立案事项。"))
    for day, leader in rota:
        if b.dice.random() < 0.8:
            b.record(actions.RecordData(kind=ReceptionKind.CAMPAIGN, held_on=day, leader=leader, campaign=campaign,
                                        matters=b.matters(b.dice.between(2, 4), leader)))

    # Past reception days: most recorded, a few cancelled, the last two not entered yet.
    during = ReceptionDay.objects.filter(date__range=(campaign_start, campaign_end), tier=ReceptionTier.COUNTY)
    for day in during:
        actions.reception_day_cancel(actor=b.registrar, day=day, reason="大接访期间由坐班县领导在群众接待大厅接访。")
    past = list(ReceptionDay.objects.filter(date__lt=today, state=ReceptionDayState.SCHEDULED)
                .select_related("leader", "unit").order_by("date", "starts_at"))
    for day in past[:-2]:
        roll = b.dice.random()
        if roll < 0.06:
            actions.reception_day_cancel(actor=b.registrar, day=day, reason=b.dice.pick(CANCEL_REASONS))
            continue
        town = day.unit if day.tier == ReceptionTier.LOCAL else None
        owner = day.leader if day.tier == ReceptionTier.COUNTY else b.dice.pick(ref.leaders)
        count = b.dice.between(1, 3) if day.tier == ReceptionTier.COUNTY else b.dice.between(1, 2)
        b.record(actions.RecordData(kind=ReceptionKind.RECEPTION_DAY, held_on=day.date, leader=day.leader,
                                    reception_day=day, matters=b.matters(count, owner, town)))

    # Appointments: three held, two coming.
    appointments = []
    for offset in (150, 80, 30, -5, -12):
        date = today - dt.timedelta(days=offset)
        while not calendar.is_workday(date):
            date += dt.timedelta(days=1)
        booked_on = min(date - dt.timedelta(days=7), today)
        town = b.dice.pick(ref.towns)
        units = [town, *b.rng.sample(b.departments, 2)] if len(b.departments) >= 2 else [town]
        people = [actions.PersonData(person_name(b.rng), mobile(b.rng)) for _ in range(b.dice.between(1, 3))]
        scenario = b.dice.pick(b.scenarios)
        values = texts.fill_values(b.dice, scenario, village=town.name, town=town.name, surname=people[0].name[0])
        leader = b.dice.pick(ref.leaders)
        appointment = actions.appointment_book(actor=b.registrar, on=booked_on, data=actions.AppointmentData(
            subject=texts.fill(b.dice.pick(scenario.titles), values),
            content=texts.fill(b.dice.pick(scenario.contents), values), leader=leader, date=date,
            starts_at=dt.time(15), place="县信访局三楼会议室", units=units, representatives=people,
            headcount=len(people) + b.dice.between(0, 6)))
        Appointment.objects.filter(pk=appointment.pk).update(booked_at=moment(booked_on, 60, b.tz))
        for notice in appointment.notices.all():
            if offset > 0 or b.dice.random() < 0.5:
                handler = ref.handlers.get(notice.unit_id)
                if handler is not None:
                    actions.notice_acknowledge(actor=handler, notice=notice)
                    AttendanceNotice.objects.filter(pk=notice.pk).update(
                        acknowledged_at=moment(min(booked_on + dt.timedelta(days=1), today), 120, b.tz))
        AttendanceNotice.objects.filter(appointment=appointment).update(sent_at=moment(booked_on, 60, b.tz))
        appointments.append(appointment)
        if offset > 0:
            b.record(actions.RecordData(
                kind=ReceptionKind.APPOINTMENT, held_on=date, leader=leader, appointment=appointment,
                joint_units=[(u, b.dice.pick(JOINT_PARTS)) for u in units],
                matters=[b.matter(town, MatterOutcome.FILED if offset < 100 else MatterOutcome.ANSWERED, leader)],
            ))

    # Joint receptions: several departments receive together.
    for offset in (300, 170, 60, 20):
        date = today - dt.timedelta(days=offset)
        while not calendar.is_workday(date):
            date += dt.timedelta(days=1)
        units = b.rng.sample(b.departments, 3) if len(b.departments) >= 3 else b.departments
        if len(units) < 2:
            break
        leader = b.dice.pick(ref.leaders)
        b.record(actions.RecordData(
            kind=ReceptionKind.JOINT, held_on=date, leader=leader, place=HALL,
            joint_units=[(u, b.dice.pick(JOINT_PARTS)) for u in units],
            matters=b.matters(b.dice.between(2, 4), leader),
        ))

    _handle_filed(b)
    return {"schedules": len(schedules), "campaign": campaign.pk, "appointments": len(appointments),
            "records": ReceptionRecord.objects.count()}


def _handle_filed(b: _Builder) -> None:
    """The lead units sign for the filed cases; those filed more than a month ago are replied (closed), most of
    them on time; the events get the times of their own days."""
    events = []
    for petition, held_on in b.filed:
        handler = b.ref.handlers[petition.responsible_unit_id]
        times = [moment(held_on, 200, b.tz), moment(held_on, 210, b.tz)]
        signed_on = min(held_on + dt.timedelta(days=b.dice.between(0, 2)), b.today)
        petition = petition_actions.petition_sign_for(actor=handler, petition=petition, on=signed_on)
        times.append(moment(signed_on, 300, b.tz))
        age = (b.today - held_on).days
        if age > 30 or (age > 10 and b.dice.random() < 0.3):
            latest = min(petition.handling_due_on, b.today)
            reply_on = min(signed_on + dt.timedelta(days=b.dice.between(5, 25)), latest)
            if reply_on >= signed_on:
                opinion = b.dice.pick(("经调查核实，已按政策落实来访人诉求。", "经调查，诉求部分合理，已协调解决合理部分并向来访人解释说明。"))
                petition = petition_actions.petition_reply(actor=handler, petition=petition, outcome="support",
                                                           text=opinion, on=reply_on)
                times.append(moment(reply_on, 360, b.tz))
        for event, at in zip(petition.events.order_by("pk"), times, strict=False):
            event.at = at
            events.append(event)
        petition.registered_at = times[0]
        petition.save(update_fields=["registered_at"])
    PetitionEvent.objects.bulk_update(events, ["at"], batch_size=500)
