"""Every write to the reception register is one of these functions (STYLE.md §1, §4).

Each checks the actor (``reception.access``) and the state, runs in one transaction and appends a
``ReceptionEvent``. A matter filed at a reception becomes a petition item through ``petitions.actions``: it is
registered as a visit received at own level on the day of the reception, then accepted and assigned to its lead
unit with its owning leader and deadline class — and from then on it is tracked like any other item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Role, Unit, UnitKind
from petitions import actions as petition_actions
from petitions.identity import normalise_phone
from petitions.models import Channel, ContentType, ReceivedLevel
from workdays.calendar import WorkCalendar
from workdays.models import DeadlineClass

from . import access, recurrence
from .models import (
    Appointment,
    AppointmentState,
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

MAX_REPRESENTATIVES = petition_actions.MAX_REPRESENTATIVES
NAME_SEPARATOR = "、"
MATTER_CONTENT_TYPES = (ContentType.APPEAL_DEMAND, ContentType.SUGGESTION)
Kind = ReceptionEvent.Kind


def _now_today(on: dt.date | None):
    now = timezone.now()
    return now, on or timezone.localdate(now)


def _event(kind: str, subject: str, *, actor, at, note: str = "", data: dict | None = None) -> ReceptionEvent:
    return ReceptionEvent.objects.create(kind=kind, subject=subject, actor=actor, at=at, note=note, data=data or {})


def _require_writer(actor) -> None:
    if not access.can_write(actor):
        raise ValidationError(_("Only the petition bureau's registrars and supervisors keep the reception register."))


def _errors():
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(str(message))

    return errors, add


def _is_leader(user) -> bool:
    return user is not None and user.is_active and user.has_role(Role.LEADER)


def is_county_leader(user) -> bool:
    return _is_leader(user) and user.unit_id is not None and user.unit.kind in access.COUNTY_KINDS


def split_names(text: str) -> list[str]:
    """“刘建国、王秀英” (also separated by ， , ；) → ["刘建国", "王秀英"]."""
    for separator in ("，", ",", "；", ";", " "):
        text = text.replace(separator, NAME_SEPARATOR)
    return [part.strip() for part in text.split(NAME_SEPARATOR) if part.strip()]


# --- Reception days ----------------------------------------------------------------------------------------------


@dataclass
class ScheduleData:
    leader: object
    unit: Unit
    tier: str
    place: str
    starts_at: dt.time
    ends_at: dt.time
    recurrence: str
    valid_from: dt.date
    weekdays: tuple[int, ...] = ()
    every_days: int | None = None
    anchor_on: dt.date | None = None
    holiday_rule: str = recurrence.HolidayRule.NEXT_WORKDAY
    weekends_too: bool = False
    valid_until: dt.date | None = None


def _check_leader_and_tier(add, leader, unit, tier) -> None:
    if not _is_leader(leader):
        add("leader", _("“%(user)s” is not a leader.") % {"user": leader})
    if tier not in ReceptionTier.values:
        add("tier", _("Please choose the tier."))
    elif unit is not None:
        county_unit = unit.kind in access.COUNTY_KINDS
        if tier == ReceptionTier.COUNTY and not county_unit:
            add("unit", _("A county reception day is held by the county (县委县政府)."))
        if tier == ReceptionTier.LOCAL and (county_unit or not unit.can_be_responsible):
            add("unit", _("A township or department reception day is held by a township or a county department."))


def _check_times(add, starts_at, ends_at) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        add("ends_at", _("The end must be after the start."))


def schedule_create(*, actor, data: ScheduleData) -> ReceptionSchedule:
    """Publish a leader's recurring reception day (the days themselves come from ``schedule_publish``)."""
    _require_writer(actor)
    errors, add = _errors()
    _check_leader_and_tier(add, data.leader, data.unit, data.tier)
    _check_times(add, data.starts_at, data.ends_at)
    if not data.place.strip():
        add("place", _("Please enter the place."))
    if data.valid_until and data.valid_until < data.valid_from:
        add("valid_until", _("The end of validity is before its start."))
    try:
        recurrence.Rule(
            recurrence=data.recurrence, weekdays=tuple(data.weekdays), every_days=data.every_days or 0,
            anchor=data.anchor_on, holiday_rule=data.holiday_rule, weekends_too=data.weekends_too,
        )
    except ValueError:
        if data.recurrence == recurrence.Recurrence.WEEKDAYS:
            add("weekdays", _("Please choose at least one day of the week."))
        else:
            add("every_days", _("Please give the number of days between market days and one market day."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        schedule = ReceptionSchedule.objects.create(
            leader=data.leader, unit=data.unit, tier=data.tier, place=data.place.strip(), starts_at=data.starts_at,
            ends_at=data.ends_at, recurrence=data.recurrence, weekdays=sorted(set(data.weekdays)),
            every_days=data.every_days if data.recurrence == recurrence.Recurrence.EVERY_N_DAYS else None,
            anchor_on=data.anchor_on if data.recurrence == recurrence.Recurrence.EVERY_N_DAYS else None,
            holiday_rule=data.holiday_rule, weekends_too=data.weekends_too, valid_from=data.valid_from,
            valid_until=data.valid_until, created_by=actor, created_at=now,
        )
    return schedule


def schedule_publish(*, actor, schedule: ReceptionSchedule, until: dt.date, on: dt.date | None = None,
                     calendar: WorkCalendar | None = None) -> list[ReceptionDay]:
    """Put the schedule's reception days from today (or its start) up to ``until`` on the published list.

    Days already on the list (the leader at that time of that day) are left as they are: publishing again is safe.
    """
    _require_writer(actor)
    now, today = _now_today(on)
    start = max(today, schedule.valid_from)
    end = min(until, schedule.valid_until) if schedule.valid_until else until
    if end < start:
        raise ValidationError({"until": [_("Nothing to publish: the schedule is not valid in that range.")]})
    if (end - start).days > recurrence.MAX_SPAN_DAYS:
        raise ValidationError({"until": [_("A schedule is published at most two years ahead.")]})
    calendar = calendar or WorkCalendar.load()
    found = recurrence.occurrences(schedule.rule(), start, end, calendar)
    with transaction.atomic():
        existing = set(
            ReceptionDay.objects.filter(leader=schedule.leader, starts_at=schedule.starts_at,
                                        date__gte=start).values_list("date", flat=True)
        )
        days = [
            ReceptionDay(
                schedule=schedule, leader=schedule.leader, unit=schedule.unit, tier=schedule.tier,
                date=o.date, planned_on=o.planned if o.moved else None, provisional=o.provisional,
                starts_at=schedule.starts_at, ends_at=schedule.ends_at, place=schedule.place,
                created_by=actor, created_at=now,
            )
            for o in found if o.date not in existing
        ]
        ReceptionDay.objects.bulk_create(days)
        _event(Kind.SCHEDULE_PUBLISHED, f"schedule:{schedule.pk}", actor=actor, at=now,
               data={"from": start.isoformat(), "until": end.isoformat(), "days": len(days)})
    return days


@dataclass
class DayData:
    leader: object
    unit: Unit
    tier: str
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str
    planned_on: dt.date | None = None  # the day a schedule gave, when moved off a non-working day


def reception_day_add(*, actor, data: DayData, on: dt.date | None = None) -> ReceptionDay:
    """A single reception day outside any schedule (or one entered from a paper ledger)."""
    _require_writer(actor)
    now, _today = _now_today(on)
    errors, add = _errors()
    _check_leader_and_tier(add, data.leader, data.unit, data.tier)
    _check_times(add, data.starts_at, data.ends_at)
    if not data.place.strip():
        add("place", _("Please enter the place."))
    if not errors and ReceptionDay.objects.filter(leader=data.leader, date=data.date, starts_at=data.starts_at).exists():
        add("date", _("%(leader)s already has a reception day at that time.") % {"leader": data.leader})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        day = ReceptionDay.objects.create(
            leader=data.leader, unit=data.unit, tier=data.tier, date=data.date, starts_at=data.starts_at,
            ends_at=data.ends_at, place=data.place.strip(), created_by=actor, created_at=now,
            planned_on=data.planned_on if data.planned_on and data.planned_on != data.date else None,
        )
        _event(Kind.DAY_ADDED, f"day:{day.pk}", actor=actor, at=now, data={"date": data.date.isoformat()})
    return day


def reception_day_cancel(*, actor, day: ReceptionDay, reason: str) -> ReceptionDay:
    return _cancel(
        actor, day, reason, open_state=ReceptionDayState.SCHEDULED, cancelled=ReceptionDayState.CANCELLED,
        refused=_("Only a scheduled reception day can be cancelled."), kind=Kind.DAY_CANCELLED, subject="day",
    )


def _cancel(actor, obj, reason: str, *, open_state: str, cancelled: str, refused: str, kind: str, subject: str):
    """Cancel a reception day or an appointment that is still ``open_state``, with the reason, and record it."""
    _require_writer(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give the reason for cancelling.")]})
    now = timezone.now()
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if obj.state != open_state:
            raise ValidationError(refused)
        obj.state, obj.cancel_reason = cancelled, reason
        obj.save(update_fields=["state", "cancel_reason"])
        _event(kind, f"{subject}:{obj.pk}", actor=actor, at=now, note=reason)
    return obj


# --- Appointments ------------------------------------------------------------------------------------------------


@dataclass
class PersonData:
    name: str
    phone: str = ""


@dataclass
class AppointmentData:
    subject: str
    content: str
    leader: object
    date: dt.date
    starts_at: dt.time
    place: str
    units: list[Unit]
    representatives: list[PersonData]
    headcount: int = 1
    reception_day: ReceptionDay | None = None


def appointment_book(*, actor, data: AppointmentData, on: dt.date | None = None) -> Appointment:
    """Book a matter that needs several units for a county leader; notify each unit concerned to attend."""
    _require_writer(actor)
    now, today = _now_today(on)
    errors, add = _errors()
    if not data.subject.strip():
        add("subject", _("Please enter the matter."))
    if not data.content.strip():
        add("content", _("Please say what the petitioners ask."))
    if not is_county_leader(data.leader):
        add("leader", _("An appointment reception is booked for a county leader."))
    if data.date < today:
        add("date", _("An appointment is booked for today or a later day."))
    if not data.place.strip():
        add("place", _("Please enter the place."))
    units = list(dict.fromkeys(data.units))
    if len(units) < 2:
        add("units", _("An appointment reception is for a matter that needs several units: choose at least two."))
    for unit in units:
        if not unit.can_be_responsible:
            add("units", _("“%(unit)s” cannot be notified to attend.") % {"unit": unit})
    people = [p for p in data.representatives if p.name.strip()]
    if not people:
        add("representatives", _("Please name at least one representative."))
    if len(people) > MAX_REPRESENTATIVES:
        add("representatives", _("A visit can name at most 5 representatives."))
    if data.headcount < max(1, len(people)):
        add("headcount", _("More representatives are named than persons are expected."))
    for person in people:
        try:
            normalise_phone(person.phone)
        except ValidationError as exc:
            add("representatives", _("%(name)s: %(error)s") % {"name": person.name.strip(), "error": exc.messages[0]})
    day = data.reception_day
    if day is not None and (day.leader_id != getattr(data.leader, "pk", None) or day.date != data.date
                            or day.state != ReceptionDayState.SCHEDULED):
        add("reception_day", _("The reception day must be a scheduled day of the same leader on the same date."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            subject=data.subject.strip(), content=data.content.strip(), headcount=data.headcount,
            leader=data.leader, leader_position=data.leader.position or _("Leader"), date=data.date,
            starts_at=data.starts_at, place=data.place.strip(), reception_day=day, booked_by=actor, booked_at=now,
        )
        Representative.objects.bulk_create([
            Representative(appointment=appointment, name=p.name.strip(), phone=normalise_phone(p.phone), position=i)
            for i, p in enumerate(people)
        ])
        AttendanceNotice.objects.bulk_create([
            AttendanceNotice(appointment=appointment, unit=unit, sent_at=now) for unit in units
        ])
        _event(Kind.APPOINTMENT_BOOKED, f"appointment:{appointment.pk}", actor=actor, at=now,
               data={"units": [u.pk for u in units], "date": data.date.isoformat()})
    return appointment


def appointment_cancel(*, actor, appointment: Appointment, reason: str) -> Appointment:
    return _cancel(
        actor, appointment, reason, open_state=AppointmentState.BOOKED, cancelled=AppointmentState.CANCELLED,
        refused=_("Only a booked appointment can be cancelled."), kind=Kind.APPOINTMENT_CANCELLED,
        subject="appointment",
    )


def notice_acknowledge(*, actor, notice: AttendanceNotice) -> AttendanceNotice:
    """The unit concerned confirms it has the notice and will attend."""
    if not access.can_acknowledge(actor, notice):
        raise ValidationError(_("Only the staff of the unit addressed can acknowledge this notice."))
    now = timezone.now()
    with transaction.atomic():
        notice = AttendanceNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.acknowledged_at is not None:
            raise ValidationError(_("This notice has already been acknowledged."))
        notice.acknowledged_at, notice.acknowledged_by = now, actor
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _event(Kind.NOTICE_ACKNOWLEDGED, f"notice:{notice.pk}", actor=actor, at=now, data={"unit": notice.unit_id})
    return notice


def phone_reveal(*, actor, subject: str) -> None:
    """Log that ``actor`` was shown a full phone number of ``subject`` (DESIGN.md §7)."""
    if not access.can_see_phone(actor):
        raise ValidationError(_("You may not see full phone numbers."))
    _event(Kind.PHONE_REVEALED, subject, actor=actor, at=timezone.now())


# --- Campaigns ---------------------------------------------------------------------------------------------------


@dataclass
class CampaignData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    rota: list[tuple[dt.date, object]] = field(default_factory=list)  # (day, leader)
    note: str = ""


def campaign_create(*, actor, data: CampaignData) -> Campaign:
    """A reception campaign with its daily rota of leaders in the reception hall."""
    _require_writer(actor)
    errors, add = _errors()
    if not data.title.strip():
        add("title", _("Please enter the title."))
    if not data.place.strip():
        add("place", _("Please enter the place."))
    if data.ends_on < data.starts_on:
        add("ends_on", _("The campaign ends before it starts."))
    _check_rota(add, data.starts_on, data.ends_on, data.rota)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=data.title.strip(), starts_on=data.starts_on, ends_on=data.ends_on, place=data.place.strip(),
            note=data.note.strip(), created_by=actor, created_at=now,
        )
        CampaignDuty.objects.bulk_create([
            CampaignDuty(campaign=campaign, date=day, leader=leader) for day, leader in dict.fromkeys(data.rota)
        ])
        _event(Kind.CAMPAIGN_CREATED, f"campaign:{campaign.pk}", actor=actor, at=now, data={"duties": len(data.rota)})
    return campaign


def _check_rota(add, starts_on, ends_on, rota) -> None:
    if not rota:
        add("rota", _("Please put at least one leader on the rota."))
    for day, leader in rota:
        if not starts_on <= day <= ends_on:
            add("rota", _("%(day)s is outside the campaign.") % {"day": day.isoformat()})
        if not is_county_leader(leader):
            add("rota", _("“%(user)s” is not a county leader.") % {"user": leader})


# --- Reception records -------------------------------------------------------------------------------------------


@dataclass
class MatterData:
    names: str  # the persons named (representatives), separated by 、
    headcount: int
    subject: str
    content: str
    category: object
    place: Unit
    outcome: str
    decision: str
    phone: str = ""
    content_type: str = ContentType.APPEAL_DEMAND
    lead_unit: Unit | None = None
    owning_leader: object = None
    deadline_class: str = ""


@dataclass
class RecordData:
    kind: str
    held_on: dt.date
    leader: object
    matters: list[MatterData]
    place: str = ""
    reception_day: ReceptionDay | None = None
    appointment: Appointment | None = None
    campaign: Campaign | None = None
    joint_units: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, its part)
    note: str = ""


def _check_occasion(add, data: RecordData, today: dt.date) -> tuple[Unit | None, str]:
    """The receiving unit and place the occasion gives; adds the problems of the occasion."""
    leader = data.leader
    if data.held_on > today:
        add("held_on", _("A reception is recorded on or after the day it was held."))
    if not _is_leader(leader):
        add("leader", _("“%(user)s” is not a leader.") % {"user": leader})
    unit, place = (leader.unit if leader is not None else None), data.place.strip()
    if data.kind == ReceptionKind.RECEPTION_DAY:
        day = data.reception_day
        if day is None:
            add("reception_day", _("Please choose the reception day."))
        else:
            if day.state != ReceptionDayState.SCHEDULED:
                add("reception_day", _("This reception day is already recorded or was cancelled."))
            if day.date != data.held_on:
                add("held_on", _("The reception day is %(day)s.") % {"day": day.date.isoformat()})
            if leader is not None and day.leader_id != leader.pk:
                add("leader", _("The reception day is %(leader)s's.") % {"leader": day.leader})
            unit, place = day.unit, place or day.place
    elif data.kind == ReceptionKind.APPOINTMENT:
        appointment = data.appointment
        if appointment is None:
            add("appointment", _("Please choose the appointment."))
        else:
            if appointment.state != AppointmentState.BOOKED:
                add("appointment", _("This appointment is already recorded or was cancelled."))
            if leader is not None and appointment.leader_id != leader.pk:
                add("leader", _("The appointment is with %(leader)s.") % {"leader": appointment.leader})
            place = place or appointment.place
    elif data.kind == ReceptionKind.CAMPAIGN:
        campaign = data.campaign
        if campaign is None:
            add("campaign", _("Please choose the campaign."))
        else:
            if not campaign.starts_on <= data.held_on <= campaign.ends_on:
                add("held_on", _("The day is outside the campaign."))
            elif leader is not None and not campaign.duties.filter(date=data.held_on, leader=leader).exists():
                add("leader", _("%(leader)s is not on the campaign's rota that day.") % {"leader": leader})
            place = place or campaign.place
    elif data.kind == ReceptionKind.JOINT:
        if len({u.pk for u, _part in data.joint_units}) < 2:
            add("joint_units", _("A joint reception names at least two units that received together."))
        for unit_, part in data.joint_units:
            if not part.strip():
                add("joint_units", _("Please say what %(unit)s did.") % {"unit": unit_})
    else:
        add("kind", _("Please choose the occasion."))
    if not place:
        add("place", _("Please enter the place."))
    return unit, place


def _check_matter(add, index: int, matter: MatterData) -> None:
    def problem(message):
        add("matters", _("Matter %(n)s: %(problem)s") % {"n": index, "problem": message})

    names = split_names(matter.names)
    if not names:
        problem(_("please name the persons received (the representatives of a group)."))
    if len(names) > MAX_REPRESENTATIVES:
        problem(_("at most 5 representatives are named."))
    if matter.headcount < max(1, len(names)):
        problem(_("more persons are named than came."))
    if not matter.subject.strip() or not matter.content.strip():
        problem(_("please enter the matter and what they asked."))
    if matter.content_type not in MATTER_CONTENT_TYPES:
        problem(_("an accusation is registered in writing as a petition, not at a reception."))
    if matter.category is None or matter.place is None:
        problem(_("please choose the category and the place of the problem."))
    if matter.outcome not in MatterOutcome.values:
        problem(_("please choose the outcome."))
    if not matter.decision.strip():
        problem(_("please write the decision."))
    if matter.phone.strip():
        try:
            normalise_phone(matter.phone)
        except ValidationError as exc:
            problem(exc.messages[0])
    if matter.outcome == MatterOutcome.FILED:
        if matter.lead_unit is None or not matter.lead_unit.can_be_responsible:
            problem(_("a filed case needs a lead unit that can handle it."))
        if not _is_leader(matter.owning_leader):
            problem(_("a filed case needs an owning leader."))
        if matter.deadline_class not in DeadlineClass.values:
            problem(_("a filed case needs a deadline class (urgent, general or major)."))


def record_write(*, actor, data: RecordData, on: dt.date | None = None) -> ReceptionRecord:
    """Record a reception: its matters and outcomes; file each matter decided so as a petition item."""
    _require_writer(actor)
    now, today = _now_today(on)
    with transaction.atomic():
        # Lock and re-read the occasion: two clerks cannot record it twice, and its state is the stored one.
        if data.reception_day is not None:
            data.reception_day = ReceptionDay.objects.select_for_update().get(pk=data.reception_day.pk)
        if data.appointment is not None:
            data.appointment = Appointment.objects.select_for_update().get(pk=data.appointment.pk)
        errors, add = _errors()
        unit, place = _check_occasion(add, data, today)
        if not data.matters:
            add("matters", _("Please record at least one matter (batch) received."))
        for index, matter in enumerate(data.matters, start=1):
            _check_matter(add, index, matter)
        if errors:
            raise ValidationError(errors)
        record = ReceptionRecord.objects.create(
            kind=data.kind, held_on=data.held_on, leader=data.leader, unit=unit, place=place,
            reception_day=data.reception_day if data.kind == ReceptionKind.RECEPTION_DAY else None,
            appointment=data.appointment if data.kind == ReceptionKind.APPOINTMENT else None,
            campaign=data.campaign if data.kind == ReceptionKind.CAMPAIGN else None,
            note=data.note.strip(), recorded_by=actor, recorded_at=now,
        )
        JointUnit.objects.bulk_create([
            JointUnit(record=record, unit=u, part=part.strip()) for u, part in dict(data.joint_units).items()
        ])
        for position, matter in enumerate(data.matters):
            _save_matter(actor, record, position, matter)
        if data.kind == ReceptionKind.RECEPTION_DAY:
            ReceptionDay.objects.filter(pk=data.reception_day.pk).update(state=ReceptionDayState.HELD)
        if data.kind == ReceptionKind.APPOINTMENT:
            Appointment.objects.filter(pk=data.appointment.pk).update(state=AppointmentState.HELD)
        _event(Kind.RECORD_WRITTEN, f"record:{record.pk}", actor=actor, at=now,
               data={"matters": len(data.matters),
                     "filed": [m.petition_id for m in record.matters.all() if m.petition_id]})
    return record


def _save_matter(actor, record: ReceptionRecord, position: int, matter: MatterData) -> ReceptionMatter:
    names = split_names(matter.names)
    petition = None
    if matter.outcome == MatterOutcome.FILED:
        petition = _file(actor, record, matter, names)
    return ReceptionMatter.objects.create(
        record=record, position=position, names=NAME_SEPARATOR.join(names), phone=normalise_phone(matter.phone),
        headcount=matter.headcount, subject=matter.subject.strip(), content=matter.content.strip(),
        content_type=matter.content_type, category=matter.category, place=matter.place, outcome=matter.outcome,
        decision=matter.decision.strip(),
        lead_unit=matter.lead_unit if petition else None,
        owning_leader=matter.owning_leader if petition else None,
        deadline_class=matter.deadline_class if petition else "",
        petition=petition,
    )


def _file(actor, record: ReceptionRecord, matter: MatterData, names: list[str]):
    """Register the matter as an own-level visit on the day of the reception, then accept and assign it."""
    group = matter.headcount > 1
    people = [
        petition_actions.PetitionerData(name=name, phone=matter.phone.strip() if index == 0 else "",
                                        is_representative=group)
        for index, name in enumerate(names)
    ]
    registration = petition_actions.RegistrationData(
        channel=Channel.VISIT, received_on=record.held_on, received_level=ReceivedLevel.OWN,
        headcount=matter.headcount, title=matter.subject.strip(), content=matter.content.strip(),
        content_type=matter.content_type, category=matter.category, place=matter.place, petitioners=people,
    )
    try:
        petition = petition_actions.petition_register(actor=actor, data=registration, on=record.held_on)
        note = _("Filed at the %(occasion)s of %(day)s, received by %(leader)s: %(decision)s") % {
            "occasion": record.get_kind_display(), "day": record.held_on.isoformat(),
            "leader": record.leader, "decision": matter.decision.strip(),
        }
        return petition_actions.petition_assign(
            actor=actor, petition=petition, unit=matter.lead_unit, deadline_class=matter.deadline_class,
            owning_leader=matter.owning_leader, note=note, on=record.held_on,
        )
    except ValidationError as exc:
        messages = exc.messages
        raise ValidationError({"matters": [_("“%(subject)s” cannot be filed: %(problem)s")
                                           % {"subject": matter.subject, "problem": "；".join(messages)}]}) from exc


def county_unit() -> Unit | None:
    """The county's own unit (县委县政府), which holds the county leaders' reception days."""
    return Unit.objects.filter(kind=UnitKind.COUNTY, is_active=True).order_by("path").first()
