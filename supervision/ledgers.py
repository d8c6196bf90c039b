"""The ledgers (台账) of case ownership (包案台账) and supervision notices (督办台账), declared for
``ledgers.registers``: export, and an all-or-nothing import that saves every row through this app's actions."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ledgers.columns import CellError, parse_date
from ledgers.registers import Column, Register, Row, RowProblem
from organisation.models import Role, User
from petitions.models import Petition

from . import actions
from .models import Assurance, SupervisionNotice

_NOTICE_NUMBER = re.compile(r"^督〔(\d{4})〕(\d+)号$")
STATUS_WORDS = {"on_time": "按期办结", "late": "逾期办结", "overdue": "超期未办结", "due_soon": "即将到期", "open": "在办"}


def _text(limit: int):
    def parse(raw, lookups):
        value = str(raw).strip()
        if len(value) > limit:
            raise CellError(_("At most %(n)s characters (this cell has %(m)s).") % {"n": limit, "m": len(value)})
        return value
    return parse


def _long_text(raw, lookups) -> str:
    return str(raw).strip()


def parse_petition(raw, lookups) -> Petition:
    """An item by its registration number (XF2026-0000012)."""
    text = str(raw).strip().upper()
    petition = Petition.objects.by_number(text)
    if petition is None:
        raise CellError(_("“%(value)s” is not the registration number of an item.") % {"value": text})
    return petition


def parse_leader(raw, lookups) -> User:
    """A leader by full name (or login name)."""
    name = str(raw).strip()
    leaders = User.objects.with_role(Role.LEADER)
    found = list(leaders.filter(full_name=name)[:2]) or list(leaders.filter(username=name)[:2])
    if len(found) != 1:
        raise CellError(_("“%(name)s” is not the name of exactly one leader.") % {"name": name} if found
                        else _("No leader is called “%(name)s”.") % {"name": name})
    return found[0]


def parse_unit(raw, lookups):
    unit = lookups.units.get(str(raw).strip())
    if unit is None:
        raise CellError(_("Unknown unit “%(name)s”; use the name of a unit in the organisation list.") % {"name": raw})
    return unit


def parse_notice_number(raw, lookups) -> tuple[int, int]:
    match = _NOTICE_NUMBER.match(str(raw).strip())
    if not match:
        raise CellError(_("“%(value)s” is not a notice number like 督〔2026〕15号.") % {"value": raw})
    return int(match[1]), int(match[2])


def _problem(row: Row, exc: ValidationError, headings: dict[str, str]) -> RowProblem:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return RowProblem(row, " ".join(messages), headings.get(field, ""))
    return RowProblem(row, " ".join(exc.messages))


# --- 包案台账 ------------------------------------------------------------------------------------------------------


def _state(ownership) -> str:
    missing = ownership.missing()
    if not missing:
        return "已落实"
    with_labels = {Assurance.LEADER: "包案领导", Assurance.UNIT: "牵头单位和责任人", Assurance.DEADLINE: "化解期限",
                   Assurance.RISK: "风险防控措施", Assurance.FUNDS: "资金落实"}
    return "未落实：" + "、".join(with_labels[a] for a in missing)


OWNERSHIP_HEADINGS = {"owning_leader": "包案领导", "lead_unit": "牵头单位", "handlers": "责任人", "deadline": "化解期限",
                      "risk_measures": "风险防控措施", "funds": "资金落实"}


def _check_ownership(row: Row) -> list[tuple[str, str]]:
    keys = ("owning_leader", "lead_unit", "handlers", "deadline", "risk_measures", "funds")
    if row.get("completed_on") and not all(row.get(k) for k in keys):
        return [("落实日期", "五落实未全部填写，不能填写落实日期。")]
    return []


def _save_ownership(rows: list[Row], user) -> list:
    saved = []
    for row in rows:
        petition = row.get("petition")
        try:
            saved.append(actions.ownership_set(
                actor=user, petition=petition, owning_leader=row.get("owning_leader"), lead_unit=row.get("lead_unit"),
                handlers=row.get("handlers", ""), deadline=row.get("deadline"),
                risk_measures=row.get("risk_measures", ""), funds=row.get("funds", ""), on=row.get("completed_on"),
            ))
        except ValidationError as exc:
            raise _problem(row, exc, OWNERSHIP_HEADINGS) from exc
    return saved


OWNERSHIP_REGISTER = Register(
    title="包案台账",
    columns=(
        Column("信访事项编号", lambda o: o.petition.number, "petition", parse_petition, required=True, width=16),
        Column("事项标题", lambda o: o.petition.title, width=30),
        Column("责任单位", lambda o: o.petition.responsible_unit.name if o.petition.responsible_unit_id else None),
        Column("包案领导", lambda o: str(o.petition.owning_leader) if o.petition.owning_leader_id else None,
               "owning_leader", parse_leader),
        Column("牵头单位", lambda o: o.lead_unit.name if o.lead_unit_id else None, "lead_unit", parse_unit),
        Column("责任人", lambda o: o.handlers or None, "handlers", _text(200), width=24),
        Column("化解期限", lambda o: o.deadline, "deadline", parse_date),
        Column("风险防控措施", lambda o: o.risk_measures or None, "risk_measures", _long_text, width=36),
        Column("资金落实", lambda o: o.funds or None, "funds", _long_text, width=24),
        Column("落实日期", lambda o: o.completed_on, "completed_on", parse_date),
        Column("五落实", _state, width=20),
    ),
    save=_save_ownership,
    check=_check_ownership,
)


def ownership_records(queryset):
    return queryset.select_related("petition__responsible_unit", "petition__owning_leader", "lead_unit").order_by(
        "petition_id")


# --- 督办台账 ------------------------------------------------------------------------------------------------------

NOTICE_HEADINGS = {"due_on": "办结期限", "requirement": "督办要求", "result": "办结情况", "number": "督办编号",
                   "on": "办结日期"}


def _check_notice(row: Row) -> list[tuple[str, str]]:
    problems = []
    issued, due, completed = row.get("issued_on"), row.get("due_on"), row.get("completed_on")
    if issued and due and due < issued:
        problems.append(("办结期限", "办结期限早于督办日期。"))
    if completed and issued and completed < issued:
        problems.append(("办结日期", "办结日期早于督办日期。"))
    if bool(completed) != bool(row.get("result")):
        problems.append(("办结情况", "办结日期和办结情况应同时填写。"))
    number = row.get("number")
    if number and issued and number[0] != issued.year:
        problems.append(("督办编号", "督办编号的年份与督办日期不符。"))
    return problems


def _save_notices(rows: list[Row], user) -> list:
    saved = []
    for row in sorted(rows, key=lambda r: (r.get("issued_on"), r.number)):
        try:
            notice = actions.notice_issue(
                actor=user, petition=row.get("petition"), due_on=row.get("due_on"),
                requirement=row.get("requirement", ""), on=row.get("issued_on"),
                serial=row.get("number")[1] if row.get("number") else None,
            )
            if row.get("completed_on"):
                notice = actions.notice_complete(actor=user, notice=notice, result=row.get("result", ""),
                                                 on=row.get("completed_on"))
        except ValidationError as exc:
            raise _problem(row, exc, NOTICE_HEADINGS) from exc
        saved.append(notice)
    return saved


def _status_word(notice: SupervisionNotice, today) -> str:
    return STATUS_WORDS[notice.status(today)]


def notice_register(today) -> Register:
    """The notice ledger; its status column is as of ``today``."""
    return Register(
        title="督办台账",
        columns=(
            Column("督办编号", lambda n: n.number, "number", parse_notice_number, width=16),
            Column("信访事项编号", lambda n: n.petition.number, "petition", parse_petition, required=True, width=16),
            Column("事项标题", lambda n: n.petition.title, width=30),
            Column("责任单位", lambda n: n.petition.responsible_unit.name if n.petition.responsible_unit_id else None),
            Column("包案领导", lambda n: str(n.petition.owning_leader) if n.petition.owning_leader_id else None),
            Column("督办日期", lambda n: n.issued_on, "issued_on", parse_date, required=True),
            Column("办结期限", lambda n: n.due_on, "due_on", parse_date, required=True),
            Column("督办要求", lambda n: n.requirement, "requirement", _long_text, required=True, width=36),
            Column("督办人", lambda n: str(n.issued_by)),
            Column("办结日期", lambda n: n.completed_on, "completed_on", parse_date),
            Column("办结情况", lambda n: n.result or None, "result", _long_text, width=30),
            Column("状态", lambda n: _status_word(n, today)),
        ),
        save=_save_notices,
        check=_check_notice,
    )


def notice_records(queryset):
    return queryset.select_related("petition__responsible_unit", "petition__owning_leader", "issued_by").order_by(
        "year", "serial")
