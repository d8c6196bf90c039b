"""The joint-meeting ledger (联席会议台账), declared once for ``ledgers.registers``.

One row per decision (议定事项), the meeting's own cells repeated on each of its rows; a meeting without
decisions has one row with the decision cells empty. On import the rows of one meeting are those with the same
date and name; their meeting cells must agree. Each meeting is saved through ``meeting_record``, its decisions
through ``meeting_task_add`` and, when done, ``meeting_task_complete`` — the same actions as the pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ledgers.columns import CellError, Lookups, parse_date, text
from ledgers.registers import Column, Register, Row, RowProblem
from organisation.models import User
from petitions.models import Petition

from . import actions
from .models import AgendaItem, JointMeeting, MeetingTask, TaskStatus

TITLE = "联席会议台账"
SEPARATOR = "、"
STATUS_WORDS = {
    TaskStatus.OPEN: "未到期",
    TaskStatus.DUE_SOON: "即将到期",
    TaskStatus.OVERDUE: "已逾期",
    TaskStatus.DONE_ON_TIME: "按期完成",
    TaskStatus.DONE_LATE: "逾期完成",
}
_ATTENDEE = re.compile(r"^(?P<unit>[^（(]+)[（(](?P<person>[^）)]+)[）)]$")


@dataclass(frozen=True)
class LedgerRow:
    meeting: JointMeeting
    task: MeetingTask | None
    today: dt.date
    shown: frozenset | None = None  # ids of the items the user may see; None: all

    def numbers(self) -> str | None:
        return SEPARATOR.join(a.petition.number for a in self.meeting.agenda.all() if self.visible(a.petition_id)) or None

    def visible(self, petition_id) -> bool:
        return self.shown is None or petition_id in self.shown


def ledger_rows(meetings, today: dt.date, user=None):
    """The export's rows: per meeting (oldest first) its decisions in the order they were taken. For ``user``
    outside the bureau, the cases on the agendas are those the access rule lets him or her see."""
    shown = None
    if user is not None and not user.is_bureau_staff:
        agenda = AgendaItem.objects.filter(meeting__in=meetings).values("petition_id")
        shown = frozenset(Petition.objects.visible_to(user).filter(pk__in=agenda).values_list("pk", flat=True))
    for meeting in meetings.order_by("held_on", "pk").prefetch_related(
        "attendees__unit", "agenda__petition", "tasks__owner_unit", "tasks__owner_user", "tasks__petition"
    ):
        tasks = sorted(meeting.tasks.all(), key=lambda t: t.pk)
        for task in tasks or [None]:
            yield LedgerRow(meeting, task, today, shown)


def _task(get):
    return lambda r: get(r.task) if r.task is not None else None


def petition_by_number(number: str) -> Petition:
    petition = Petition.objects.by_number(number)
    if petition is None:
        raise CellError(_("No item has the registration number “%(number)s”.") % {"number": number})
    return petition


def petition_numbers(raw, lookups: Lookups) -> list[Petition]:
    return [petition_by_number(part) for part in re.split(r"[、，,；;\s]+", str(raw).strip()) if part]


def attendees(raw, lookups: Lookups) -> list[tuple]:
    found = []
    for part in [p.strip() for p in re.split(r"[、；;]", str(raw)) if p.strip()]:
        match = _ATTENDEE.match(part)
        if not match:
            raise CellError(_("Write each attendee as unit (person), e.g. 县人社局（张明）; “%(part)s” is not.")
                            % {"part": part})
        unit = lookups.units.get(match.group("unit").strip())
        if unit is None:
            raise CellError(_("Unknown unit “%(name)s”; use the name of a unit in the organisation list.")
                            % {"name": match.group("unit").strip()})
        found.append((unit, match.group("person").strip()))
    return found


def unit(raw, lookups: Lookups):
    found = lookups.units.get(str(raw).strip())
    if found is None:
        raise CellError(_("Unknown unit “%(name)s”; use the name of a unit in the organisation list.")
                        % {"name": str(raw).strip()})
    return found


COLUMNS = (
    Column("会议日期", lambda r: r.meeting.held_on, "held_on", parse_date, required=True, width=12),
    Column("会议名称", lambda r: r.meeting.title, "title", text("title", JointMeeting), required=True, width=28),
    Column("会议地点", lambda r: r.meeting.place, "place", text("place", JointMeeting), required=True, width=18),
    Column("主持人", lambda r: r.meeting.chair, "chair", text("chair", JointMeeting), required=True, width=22),
    Column("参会单位及人员", lambda r: SEPARATOR.join(str(a) for a in r.meeting.attendees.all()),
           "attendees", attendees, required=True, width=40),
    Column("研究案件", lambda r: r.numbers(), "agenda", petition_numbers, width=30),
    Column("会议情况", lambda r: r.meeting.summary or None, "summary", width=40),
    Column("议定事项", _task(lambda t: t.text), "text", width=40),
    Column("关联案件", lambda r: r.task.petition.number if r.task and r.task.petition_id and r.visible(r.task.petition_id)
           else None, "petition",
           lambda raw, lookups: petition_by_number(str(raw)), width=16),
    Column("责任单位", _task(lambda t: t.owner_unit.name), "owner_unit", unit, width=16),
    Column("责任人", _task(lambda t: t.owner_user.full_name or t.owner_user.username if t.owner_user_id else None),
           "owner_person", width=10),
    Column("完成时限", _task(lambda t: t.due_on), "due_on", parse_date, width=12),
    Column("完成日期", _task(lambda t: t.done_on), "done_on", parse_date, width=12),
    Column("完成情况", _task(lambda t: t.done_note or None), "done_note", width=30),
    Column("办理状态", lambda r: STATUS_WORDS[r.task.status(r.today)] if r.task is not None else None, width=10),
)

MEETING_KEYS = ("held_on", "title", "place", "chair", "attendees", "agenda", "summary")
TASK_KEYS = ("text", "petition", "owner_unit", "owner_person", "due_on", "done_on", "done_note")


def check(row: Row) -> list[tuple[str, str]]:
    problems = []
    if any(row.get(key) is not None for key in TASK_KEYS) and not row.get("text"):
        problems.append(("议定事项", _("A row with a responsible unit, due date or completion needs its decision.")))
    if row.get("text"):
        if row.get("owner_unit") is None:
            problems.append(("责任单位", _("A decision needs its responsible unit.")))
        if row.get("due_on") is None:
            problems.append(("完成时限", _("A decision needs its due date.")))
    if (row.get("done_on") is None) != (row.get("done_note") is None):
        heading = "完成情况" if row.get("done_on") is not None else "完成日期"
        problems.append((heading, _("A task reported done needs both the day it was done and how it was done.")))
    return problems


_HEADINGS = {"held_on": "会议日期", "title": "会议名称", "place": "会议地点", "chair": "主持人",
             "attendees": "参会单位及人员", "agenda": "研究案件", "text": "议定事项", "petition": "关联案件",
             "owner_unit": "责任单位", "owner_user": "责任人", "due_on": "完成时限", "done_on": "完成日期",
             "note": "完成情况"}


def _problem(row: Row, error: ValidationError) -> RowProblem:
    if hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return RowProblem(row, messages[0], _HEADINGS.get(name, ""))
    return RowProblem(row, error.messages[0])


def _meeting_cells(row: Row) -> tuple:
    values = []
    for key in MEETING_KEYS:
        value = row.get(key)
        if key == "attendees":
            value = tuple((u.pk, person) for u, person in value or ())
        elif key == "agenda":
            value = tuple(p.pk for p in value or ())
        values.append(value)
    return tuple(values)


def _owner_user(row: Row):
    person = row.get("owner_person")
    if not person:
        return None
    users = list(User.objects.filter(unit=row.get("owner_unit"), full_name=person, is_active=True)[:2])
    if len(users) != 1:
        raise RowProblem(row, _("%(unit)s has no single staff member called “%(person)s”.")
                         % {"unit": row.get("owner_unit").name, "person": person}, "责任人")
    return users[0]


def save(rows: list[Row], user) -> list[JointMeeting]:
    today = timezone.localdate()
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.get("held_on"), row.get("title")), []).append(row)
    saved = []
    for group in groups.values():
        first = group[0]
        for row in group[1:]:
            if _meeting_cells(row) != _meeting_cells(first):
                raise RowProblem(row, _("The meeting cells differ from those of row %(n)s of the same meeting.")
                                 % {"n": first.number})
        data = actions.MeetingData(
            held_on=first.get("held_on"), title=first.get("title"), place=first.get("place"),
            chair=first.get("chair"), summary=first.get("summary", ""),
            attendees=[actions.AttendeeData(u, person) for u, person in first.get("attendees")],
            agenda=first.get("agenda", []),
        )
        try:
            meeting = actions.meeting_record(actor=user, data=data, today=today)
        except ValidationError as error:
            raise _problem(first, error) from error
        for row in group:
            if not row.get("text"):
                continue
            try:
                task = actions.meeting_task_add(
                    actor=user, meeting=meeting, text=row.get("text"), due_on=row.get("due_on"),
                    owner_unit=row.get("owner_unit"), owner_user=_owner_user(row), petition=row.get("petition"),
                )
                if row.get("done_on"):
                    actions.meeting_task_complete(actor=user, task=task, done_on=row.get("done_on"),
                                                  note=row.get("done_note"), today=today)
            except ValidationError as error:
                raise _problem(row, error) from error
        saved.append(meeting)
    return saved


REGISTER = Register(title=TITLE, columns=COLUMNS, save=save, check=check)
