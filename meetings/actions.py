"""Writes of the joint-meeting register: each checks permission and input, runs in a transaction and appends a
``MeetingEvent`` (STYLE.md §1, §4). The HTML views and the ledger import call the same functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Role, Unit, User
from petitions.access import keeps_bureau_registers, refuse_accused

from .models import AgendaItem, JointMeeting, MeetingAttendee, MeetingEvent, MeetingEventKind, MeetingTask, TaskState


class MeetingRefused(PermissionDenied):
    """The user may not make this change; the message says why."""


def can_edit_meetings(user) -> bool:
    """Recording and correcting meetings and their decisions: the bureau's supervisors and administrators (``petitions.access.keeps_bureau_registers``)."""
    return keeps_bureau_registers(user)


def can_report_done(user, task: MeetingTask) -> bool:
    """Who may report a task done: whoever edits meetings, the task's owner, and the owning unit's handlers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if can_edit_meetings(user) or task.owner_user_id == user.pk:
        return True
    return user.has_role(Role.UNIT_HANDLER) and user.unit_id == task.owner_unit_id


@dataclass(frozen=True)
class AttendeeData:
    unit: Unit
    person: str
    user: User | None = None


@dataclass
class MeetingData:
    held_on: dt.date
    title: str
    place: str
    chair: str
    summary: str = ""
    attendees: list[AttendeeData] = field(default_factory=list)
    agenda: list = field(default_factory=list)  # petitions


def _check_editor(actor) -> None:
    if not can_edit_meetings(actor):
        raise MeetingRefused(_("Only the petition bureau's supervisors and administrators can record joint meetings."))


def attendee_user(unit: Unit, person: str) -> User | None:
    """The one rule that links an attendee to a staff account: the only active user of that unit with that name."""
    users = list(User.objects.filter(unit=unit, full_name=person, is_active=True)[:2])
    return users[0] if len(users) == 1 else None


def _validate(data: MeetingData, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if data.held_on > today:
        errors["held_on"] = [_("A meeting is recorded once it has been held; %(date)s is in the future.")
                             % {"date": data.held_on.isoformat()}]
    for name in ("title", "place", "chair"):
        if not getattr(data, name).strip():
            errors[name] = [_("This field is required.")]
    seen = set()
    for attendee in data.attendees:
        key = (attendee.unit.pk, attendee.person.strip())
        if not attendee.person.strip():
            errors.setdefault("attendees", []).append(
                _("Name the person who came for %(unit)s.") % {"unit": attendee.unit.name})
        elif key in seen:
            errors.setdefault("attendees", []).append(
                _("%(unit)s (%(person)s) is listed twice.") % {"unit": attendee.unit.name, "person": attendee.person})
        seen.add(key)
        if attendee.user is not None and attendee.user.unit_id != attendee.unit.pk:
            errors.setdefault("attendees", []).append(
                _("%(person)s does not belong to %(unit)s.") % {"person": attendee.user, "unit": attendee.unit.name})
    if not data.attendees:
        errors["attendees"] = [_("List the units and persons who attended.")]
    if len({p.pk for p in data.agenda}) != len(data.agenda):
        errors["agenda"] = [_("A case is on the agenda twice.")]
    for petition in data.agenda:  # an accusation is never discussed with whom it accuses at the table
        for attendee in data.attendees:
            try:
                refuse_accused(petition, field_name="agenda", unit=attendee.unit, user=attendee.user,
                               name=attendee.person)
            except ValidationError as exc:
                errors.setdefault("agenda", []).extend(exc.message_dict["agenda"])
                break
    if errors:
        raise ValidationError(errors)


def _snapshot(meeting: JointMeeting) -> dict:
    return {
        "held_on": meeting.held_on.isoformat(), "title": meeting.title, "place": meeting.place,
        "chair": meeting.chair, "summary": meeting.summary,
        "attendees": [str(a) for a in meeting.attendees.select_related("unit")],
        "agenda": [a.petition.number for a in meeting.agenda.select_related("petition")],
    }


def _fill(meeting: JointMeeting, data: MeetingData) -> None:
    meeting.attendees.all().delete()
    meeting.agenda.all().delete()
    MeetingAttendee.objects.bulk_create([
        MeetingAttendee(meeting=meeting, unit=a.unit, person=a.person.strip(),
                        user=a.user or attendee_user(a.unit, a.person.strip()))
        for a in data.attendees
    ])
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, petition=p) for p in data.agenda])


def _duplicate(data: MeetingData, exclude: int | None = None) -> None:
    same = JointMeeting.objects.filter(held_on=data.held_on, title=data.title.strip()).exclude(pk=exclude)
    if same.exists():
        raise ValidationError({"title": [_("A meeting with this name was already recorded on %(date)s.")
                                         % {"date": data.held_on.isoformat()}]})


def meeting_record(*, actor, data: MeetingData, today: dt.date | None = None) -> JointMeeting:
    """Record a meeting that was held: its header, attendees and the cases on its agenda."""
    _check_editor(actor)
    today = today or timezone.localdate()
    _validate(data, today)
    with transaction.atomic():
        _duplicate(data)
        now = timezone.now()
        meeting = JointMeeting.objects.create(
            held_on=data.held_on, title=data.title.strip(), place=data.place.strip(), chair=data.chair.strip(),
            summary=data.summary.strip(), recorded_by=actor, recorded_at=now,
        )
        _fill(meeting, data)
        MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.RECORDED, actor=actor, at=now,
                                    data={"new": _snapshot(meeting)})
        return meeting


def meeting_correct(*, actor, meeting: JointMeeting, data: MeetingData, today: dt.date | None = None) -> JointMeeting:
    """Correct a recorded meeting (header, attendees, agenda); the event keeps the old and the new values."""
    _check_editor(actor)
    today = today or timezone.localdate()
    _validate(data, today)
    with transaction.atomic():
        meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
        _duplicate(data, exclude=meeting.pk)
        first_due = meeting.tasks.order_by("due_on").values_list("due_on", flat=True).first()
        if first_due and first_due < data.held_on:
            raise ValidationError({"held_on": [_("A decision of this meeting is due on %(date)s, before that day.")
                                               % {"date": first_due.isoformat()}]})
        cases = set(meeting.tasks.exclude(petition=None).values_list("petition_id", flat=True))
        if not cases <= {p.pk for p in data.agenda}:
            raise ValidationError({"agenda": [_("A decision refers to a case you removed from the agenda.")]})
        old = _snapshot(meeting)
        meeting.held_on, meeting.title, meeting.place = data.held_on, data.title.strip(), data.place.strip()
        meeting.chair, meeting.summary = data.chair.strip(), data.summary.strip()
        meeting.save(update_fields=["held_on", "title", "place", "chair", "summary"])
        _fill(meeting, data)
        MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.CHANGED, actor=actor, at=timezone.now(),
                                    data={"old": old, "new": _snapshot(meeting)})
        return meeting


def meeting_task_add(
    *, actor, meeting: JointMeeting, text: str, due_on: dt.date, owner_unit: Unit | None = None,
    owner_user: User | None = None, petition=None,
) -> MeetingTask:
    """A decision of the meeting becomes a task with its owner (a unit, or a person and his or her unit) and a
    due date not before the meeting; it may refer to a case on the meeting's agenda."""
    _check_editor(actor)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("This field is required.")]
    if owner_user is not None:
        if not owner_user.unit_id:
            errors["owner_user"] = [_("%(person)s belongs to no unit.") % {"person": owner_user}]
        elif owner_unit is not None and owner_unit.pk != owner_user.unit_id:
            errors["owner_user"] = [_("%(person)s does not belong to %(unit)s.")
                                    % {"person": owner_user, "unit": owner_unit.name}]
        owner_unit = owner_unit or owner_user.unit
    if owner_unit is None:
        errors["owner_unit"] = [_("Name the unit or the person responsible.")]
    if due_on < meeting.held_on:
        errors["due_on"] = [_("The due date cannot be before the meeting (%(date)s).")
                            % {"date": meeting.held_on.isoformat()}]
    if petition is not None and not meeting.agenda.filter(petition=petition).exists():
        errors["petition"] = [_("Case %(number)s is not on this meeting's agenda.") % {"number": petition.number}]
    if petition is not None and owner_unit is not None:
        try:
            refuse_accused(petition, field_name="owner_unit", unit=owner_unit, user=owner_user)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = MeetingTask.objects.create(
            meeting=meeting, text=text.strip(), due_on=due_on, owner_unit=owner_unit, owner_user=owner_user,
            petition=petition,
        )
        MeetingEvent.objects.create(meeting=meeting, task=task, kind=MeetingEventKind.TASK_ADDED, actor=actor,
                                    at=timezone.now(), data={"text": task.text, "owner": task.owner_label,
                                                             "due_on": due_on.isoformat()})
        return task


def meeting_task_complete(*, actor, task: MeetingTask, done_on: dt.date, note: str,
                          today: dt.date | None = None) -> MeetingTask:
    """The owner (or the bureau) reports a task done on ``done_on`` with a note of what was done."""
    if not can_report_done(actor, task):
        raise MeetingRefused(_("Only the task's owner or the bureau's supervisors can report it done."))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not note.strip():
        errors["note"] = [_("Say briefly how the task was done.")]
    if done_on > today:
        errors["done_on"] = [_("The day it was done cannot be in the future.")]
    if done_on < task.meeting.held_on:
        errors["done_on"] = [_("The day it was done cannot be before the meeting (%(date)s).")
                             % {"date": task.meeting.held_on.isoformat()}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = MeetingTask.objects.select_for_update().select_related("meeting").get(pk=task.pk)
        if task.state != TaskState.OPEN:
            raise MeetingRefused(_("This task was already reported done on %(date)s.")
                                 % {"date": task.done_on.isoformat()})
        task.state, task.done_on, task.done_note = TaskState.DONE, done_on, note.strip()
        task.save(update_fields=["state", "done_on", "done_note"])
        MeetingEvent.objects.create(meeting=task.meeting, task=task, kind=MeetingEventKind.TASK_DONE, actor=actor,
                                    at=timezone.now(), data={"done_on": done_on.isoformat(), "note": task.done_note})
        return task
