"""The duty-roster ledger (值班表台账), declared once for ``ledgers.registers``.

One row per shift, the roster's own cells repeated on each of its rows; a roster without shifts has one row with
the shift cells empty. On import the rows of one roster are those with the same event and first day; their roster
cells must agree. Saved through ``duty_roster_create`` and ``duty_shift_set``, as on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ledgers.columns import parse_date, text
from ledgers.registers import Column, Register, Row, RowProblem, words

from . import actions
from .models import DutyRoster, DutyShift, Shift

TITLE = "值班表台账"
SHIFT_WORDS = {Shift.ALL_DAY: "全天", Shift.DAY: "白班", Shift.NIGHT: "夜班"}


@dataclass(frozen=True)
class LedgerRow:
    roster: DutyRoster
    shift: DutyShift | None


def ledger_rows(rosters):
    for roster in rosters.order_by("starts_on", "pk").prefetch_related("shifts"):
        shifts = sorted(roster.shifts.all(), key=lambda s: (s.on_date, s.shift))
        for shift in shifts or [None]:
            yield LedgerRow(roster, shift)


def _shift(get):
    return lambda r: get(r.shift) if r.shift is not None else None


COLUMNS = (
    Column("活动名称", lambda r: r.roster.name, "name", text("name", DutyRoster), required=True, width=26),
    Column("开始日期", lambda r: r.roster.starts_on, "starts_on", parse_date, required=True, width=12),
    Column("结束日期", lambda r: r.roster.ends_on, "ends_on", parse_date, required=True, width=12),
    Column("值班要求", lambda r: r.roster.requirements or None, "requirements", width=36),
    Column("值班日期", _shift(lambda s: s.on_date), "on_date", parse_date, width=12),
    Column("班次", _shift(lambda s: SHIFT_WORDS[s.shift]), "shift", words(SHIFT_WORDS), width=8),
    Column("值班人员", _shift(lambda s: s.staff), "staff", text("staff", DutyShift), width=20),
    Column("值班地点", _shift(lambda s: s.place), "place", text("place", DutyShift), width=20),
    Column("联系电话", _shift(lambda s: s.phone), "phone", text("phone", DutyShift), width=16),
    Column("带班领导", _shift(lambda s: s.leader or None), "leader", text("leader", DutyShift), width=20),
)
ROSTER_KEYS = ("name", "starts_on", "ends_on", "requirements")
SHIFT_KEYS = ("on_date", "shift", "staff", "place", "phone", "leader")
REQUIRED_FOR_SHIFT = {"on_date": "值班日期", "staff": "值班人员", "place": "值班地点", "phone": "联系电话"}
_HEADINGS = {"name": "活动名称", "starts_on": "开始日期", "ends_on": "结束日期", "on_date": "值班日期", "shift": "班次",
             "staff": "值班人员", "place": "值班地点", "phone": "联系电话"}


def check(row: Row) -> list[tuple[str, str]]:
    if not any(row.get(key) is not None for key in SHIFT_KEYS):
        return []
    return [(heading, _("A shift needs its day, who is on duty, where and a phone."))
            for key, heading in REQUIRED_FOR_SHIFT.items() if row.get(key) is None]


def _problem(row: Row, error: ValidationError) -> RowProblem:
    if hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return RowProblem(row, messages[0], _HEADINGS.get(name, ""))
    return RowProblem(row, error.messages[0])


def save(rows: list[Row], user) -> list[DutyRoster]:
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.get("name"), row.get("starts_on")), []).append(row)
    saved = []
    for group in groups.values():
        first = group[0]
        for row in group[1:]:
            if any(row.get(key) != first.get(key) for key in ROSTER_KEYS):
                raise RowProblem(row, _("The roster cells differ from those of row %(n)s of the same roster.")
                                 % {"n": first.number})
        try:
            roster = actions.duty_roster_create(
                actor=user, name=first.get("name"), starts_on=first.get("starts_on"), ends_on=first.get("ends_on"),
                requirements=first.get("requirements", ""),
            )
        except ValidationError as error:
            raise _problem(first, error) from error
        seen = {}
        for row in group:
            if row.get("on_date") is None:
                continue
            key = (row.get("on_date"), row.get("shift", Shift.ALL_DAY))
            if key in seen:
                raise RowProblem(row, _("Row %(n)s already holds this day and shift.") % {"n": seen[key]}, "班次")
            seen[key] = row.number
            try:
                actions.duty_shift_set(
                    actor=user, roster=roster, on_date=key[0], shift=key[1], staff=row.get("staff"),
                    place=row.get("place"), phone=row.get("phone"), leader=row.get("leader", ""),
                )
            except ValidationError as error:
                raise _problem(row, error) from error
        saved.append(roster)
    return saved


REGISTER = Register(title=TITLE, columns=COLUMNS, save=save, check=check)
