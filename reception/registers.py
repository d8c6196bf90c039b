"""The reception register's ledgers (台账) through ``ledgers.registers``: export, and an all-or-nothing import that
saves through ``reception.actions``.

- 领导接待日台账 — one row per reception day;
- 接访记录台账 — one row per matter (batch) received; the rows of one reception share its 接访编号;
- 大接访排班台账 — one row per leader on duty per day of a campaign.

Representatives' phone numbers are not part of any ledger (DESIGN.md §7). Importing the records ledger files its
“立案” matters as new petition items: import it into a system that does not hold those items yet. A reception-day
record needs its day (import the reception days first), a campaign record its campaign (import the rota first), an
appointment record its booked appointment.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.db.models import Q

from ledgers.columns import CellError, category, category_path, integer, parse_date, text, unit
from ledgers.registers import Column, Register, Row, RowProblem, words
from organisation.models import Role, User
from workdays.models import DeadlineClass

from . import actions
from .models import (
    Appointment,
    AppointmentState,
    Campaign,
    MatterOutcome,
    ReceptionDay,
    ReceptionDayState,
    ReceptionKind,
    ReceptionMatter,
    ReceptionRecord,
    ReceptionTier,
)

TIER_WORDS = {ReceptionTier.COUNTY: "县级", ReceptionTier.LOCAL: "乡镇部门"}
DAY_STATE_WORDS = {ReceptionDayState.SCHEDULED: "已安排", ReceptionDayState.HELD: "已接待",
                   ReceptionDayState.CANCELLED: "已取消"}
KIND_WORDS = {ReceptionKind.RECEPTION_DAY: "领导接待日", ReceptionKind.APPOINTMENT: "预约接待",
              ReceptionKind.CAMPAIGN: "大接访", ReceptionKind.JOINT: "联合接访"}
OUTCOME_WORDS = {MatterOutcome.ANSWERED: "现场答复", MatterOutcome.NOT_SUPPORTED: "不予支持", MatterOutcome.FILED: "立案"}
DEADLINE_WORDS = {DeadlineClass.URGENT: "急案", DeadlineClass.GENERAL: "一般", DeadlineClass.MAJOR: "大案"}
PART_SEPARATOR = "；"


def _time(raw, lookups) -> dt.time:
    if isinstance(raw, dt.datetime):
        return raw.time().replace(second=0, microsecond=0)
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0)
    if isinstance(raw, float) and 0 <= raw < 1:  # a time cell that lost its format: a fraction of a day
        minutes = round(raw * 24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    value = str(raw).strip().replace("：", ":")
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(value, fmt).time()  # noqa: DTZ007 - a time of day
        except ValueError:
            continue
    raise CellError(f"“{value}”不是时间，请写成 09:00。")


def _leader(raw, lookups):
    name = str(raw).strip()
    found = list(User.objects.with_role(Role.LEADER).filter(Q(full_name=name) | Q(username=name, full_name="")))
    if not found:
        found = list(User.objects.with_role(Role.LEADER).filter(username=name))
    if len(found) != 1:
        raise CellError(f"没有名为“{name}”的领导。" if not found else f"有{len(found)}名领导叫“{name}”，请写登录名。")
    return found[0]


def _time_text(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _problem(row: Row, exc: ValidationError, heading: str = ""):
    return RowProblem(row, "；".join(exc.messages), heading)


# --- Reception days ---------------------------------------------------------------------------------------------


def _save_days(rows: list[Row], user) -> list:
    saved = []
    for row in rows:
        data = actions.DayData(
            leader=row.get("leader"), unit=row.get("unit"), tier=row.get("tier"), date=row.get("date"),
            starts_at=row.get("starts_at"), ends_at=row.get("ends_at"), place=row.get("place"),
            planned_on=row.get("planned_on"),
        )
        try:
            day = actions.reception_day_add(actor=user, data=data)
            if row.get("state") == ReceptionDayState.CANCELLED:
                day = actions.reception_day_cancel(actor=user, day=day, reason=row.get("cancel_reason") or "（台账导入）")
        except ValidationError as exc:
            raise _problem(row, exc) from exc
        saved.append(day)
    return saved


def _check_day(row: Row) -> list[tuple[str, str]]:
    problems = []
    if row.get("ends_at") and row.get("starts_at") and row.get("ends_at") <= row.get("starts_at"):
        problems.append(("结束时间", "结束时间应晚于开始时间。"))
    if row.get("state") == ReceptionDayState.CANCELLED and not row.get("cancel_reason"):
        problems.append(("取消原因", "已取消的接待日应写明取消原因。"))
    return problems


RECEPTION_DAYS = Register(
    title="领导接待日台账",
    columns=(
        Column("日期", lambda d: d.date, "date", parse_date, required=True, width=12),
        Column("开始时间", lambda d: _time_text(d.starts_at), "starts_at", _time, required=True, width=9),
        Column("结束时间", lambda d: _time_text(d.ends_at), "ends_at", _time, required=True, width=9),
        Column("接待领导", lambda d: str(d.leader), "leader", _leader, required=True),
        Column("职务", lambda d: d.leader.position or None, width=16),
        Column("接待单位", lambda d: d.unit.name, "unit", unit, required=True, width=16),
        Column("层级", lambda d: TIER_WORDS[d.tier], "tier", words(TIER_WORDS), required=True, width=9),
        Column("地点", lambda d: d.place, "place", text("place", ReceptionDay), required=True, width=24),
        Column("状态", lambda d: DAY_STATE_WORDS[d.state], "state", words(DAY_STATE_WORDS), width=9),
        Column("原定日期", lambda d: d.planned_on if d.moved else None, "planned_on", parse_date, width=12),
        Column("取消原因", lambda d: d.cancel_reason or None, "cancel_reason",
               text("cancel_reason", ReceptionDay), width=20),
    ),
    save=_save_days,
    check=_check_day,
)


def days_for_ledger(queryset):
    return queryset.select_related("leader", "unit").order_by("date", "starts_at", "pk")


# --- Reception records ------------------------------------------------------------------------------------------


def _parts(raw, lookups) -> list:
    """“县人社局：核实工资；县住建局：督促企业” → [(unit, part), …]."""
    result = []
    for item in str(raw).replace(";", PART_SEPARATOR).split(PART_SEPARATOR):
        if not item.strip():
            continue
        name, _sep, part = item.replace(":", "：").partition("：")
        found = lookups.units.get(name.strip())
        if found is None:
            raise CellError(f"没有名为“{name.strip()}”的单位。")
        result.append((found, part.strip()))
    return result


def _joint_text(record: ReceptionRecord) -> str | None:
    parts = [f"{j.unit.name}：{j.part}" if j.part else j.unit.name for j in record.joint_units.all()]
    return PART_SEPARATOR.join(parts) or None


def _petition_state(matter: ReceptionMatter) -> str | None:
    petition = matter.petition
    if petition is None:
        return None
    return "已办结" if petition.replied_on else "在办"


def _record_key(matter: ReceptionMatter) -> str:
    return f"JF{matter.record.held_on:%Y}-{matter.record_id:05d}"


RECEPTION_RECORDS = Register(
    title="接访记录台账",
    columns=(
        Column("接访编号", _record_key, "key", text(), required=True, width=14),
        Column("接访日期", lambda m: m.record.held_on, "held_on", parse_date, required=True, width=12),
        Column("接访类型", lambda m: KIND_WORDS[m.record.kind], "kind", words(KIND_WORDS), required=True, width=12),
        Column("接访领导", lambda m: str(m.record.leader), "leader", _leader, required=True),
        Column("接待单位", lambda m: m.record.unit.name, width=16),
        Column("地点", lambda m: m.record.place, "place", text("place", ReceptionRecord), width=20),
        Column("大接访活动", lambda m: m.record.campaign.title if m.record.campaign_id else None, "campaign",
               text("title", Campaign), width=18),
        Column("参加单位及分工", lambda m: _joint_text(m.record), "joint_units", _parts, width=30),
        Column("来访人", lambda m: m.names, "names", text("names", ReceptionMatter), required=True, width=16),
        Column("人数", lambda m: m.headcount, "headcount", integer(1), required=True, width=6),
        Column("事项", lambda m: m.subject, "subject", text("subject", ReceptionMatter), required=True, width=24),
        Column("反映内容", lambda m: m.content, "content", text(), required=True, width=36),
        Column("内容分类", lambda m: category_path(m.category), "category", category, required=True, width=16),
        Column("问题属地", lambda m: m.place.name, "matter_place", unit, required=True, width=12),
        Column("处理结果", lambda m: OUTCOME_WORDS[m.outcome], "outcome", words(OUTCOME_WORDS), required=True, width=10),
        Column("处理意见", lambda m: m.decision, "decision", text(), required=True, width=36),
        Column("牵头单位", lambda m: m.lead_unit.name if m.lead_unit_id else None, "lead_unit", unit, width=16),
        Column("包案领导", lambda m: str(m.owning_leader) if m.owning_leader_id else None, "owning_leader", _leader),
        Column("时限类别", lambda m: DEADLINE_WORDS.get(m.deadline_class), "deadline_class", words(DEADLINE_WORDS),
               width=9),
        Column("信访件编号", lambda m: m.petition.number if m.petition_id else None, width=16),
        Column("办理状态", _petition_state, width=9),
        Column("备注", lambda m: m.record.note or None, "note", text(), width=20),
    ),
)


def _check_record_row(row: Row) -> list[tuple[str, str]]:
    problems = []
    if row.get("outcome") == MatterOutcome.FILED:
        for key, heading in (("lead_unit", "牵头单位"), ("owning_leader", "包案领导"), ("deadline_class", "时限类别")):
            if not row.get(key):
                problems.append((heading, "立案事项须写明牵头单位、包案领导和时限类别。"))
    kind = row.get("kind")
    if kind == ReceptionKind.CAMPAIGN and not row.get("campaign"):
        problems.append(("大接访活动", "大接访的接访记录须写明活动名称。"))
    return problems


def _occasion(rows: list[Row], user) -> dict:
    first = rows[0]
    kind, held_on, leader = first.get("kind"), first.get("held_on"), first.get("leader")
    if kind == ReceptionKind.RECEPTION_DAY:
        day = ReceptionDay.objects.filter(leader=leader, date=held_on, state=ReceptionDayState.SCHEDULED).first()
        if day is None:
            raise RowProblem(first, "系统中没有该领导当天未记录的接待日，请先导入领导接待日台账。", "接访日期")
        return {"reception_day": day}
    if kind == ReceptionKind.APPOINTMENT:
        appointment = Appointment.objects.filter(leader=leader, date=held_on, state=AppointmentState.BOOKED).first()
        if appointment is None:
            raise RowProblem(first, "系统中没有该领导当天已预约、未记录的预约接待。", "接访日期")
        return {"appointment": appointment}
    if kind == ReceptionKind.CAMPAIGN:
        campaign = Campaign.objects.filter(title=first.get("campaign"), starts_on__lte=held_on,
                                           ends_on__gte=held_on).first()
        if campaign is None:
            raise RowProblem(first, "系统中没有这一大接访活动，请先导入大接访排班台账。", "大接访活动")
        return {"campaign": campaign}
    return {}


def _save_records(rows: list[Row], user) -> list:
    groups: OrderedDict[str, list[Row]] = OrderedDict()
    for row in rows:
        groups.setdefault(row.get("key"), []).append(row)
    saved = []
    for group in groups.values():
        first = group[0]
        for row in group[1:]:
            for key, heading in (("held_on", "接访日期"), ("kind", "接访类型"), ("leader", "接访领导")):
                if row.get(key) != first.get(key):
                    raise RowProblem(row, "同一接访编号的各行，接访日期、类型和领导须一致。", heading)
        matters = [
            actions.MatterData(
                names=row.get("names"), headcount=row.get("headcount"), subject=row.get("subject"),
                content=row.get("content"), category=row.get("category"), place=row.get("matter_place"),
                outcome=row.get("outcome"), decision=row.get("decision"), lead_unit=row.get("lead_unit"),
                owning_leader=row.get("owning_leader"), deadline_class=row.get("deadline_class") or "",
            )
            for row in group
        ]
        data = actions.RecordData(
            kind=first.get("kind"), held_on=first.get("held_on"), leader=first.get("leader"),
            place=first.get("place") or "", joint_units=first.get("joint_units") or [], note=first.get("note") or "",
            matters=matters, **_occasion(group, user),
        )
        try:
            saved.append(actions.record_write(actor=user, data=data))
        except ValidationError as exc:
            raise _problem(first, exc) from exc
    return saved


RECEPTION_RECORDS = Register(
    title=RECEPTION_RECORDS.title, columns=RECEPTION_RECORDS.columns, save=_save_records, check=_check_record_row,
)


def matters_for_ledger(records):
    return (ReceptionMatter.objects.filter(record__in=records.values("pk"))
            .select_related("record__leader", "record__unit", "record__campaign", "category__parent", "place",
                            "lead_unit", "owning_leader", "petition")
            .prefetch_related("record__joint_units__unit")
            .order_by("record__held_on", "record_id", "position", "pk"))


# --- Campaign rota -----------------------------------------------------------------------------------------------


def _save_rota(rows: list[Row], user) -> list:
    groups: OrderedDict[tuple, list[Row]] = OrderedDict()
    for row in rows:
        groups.setdefault((row.get("title"), row.get("starts_on"), row.get("ends_on")), []).append(row)
    saved = []
    for (title, starts_on, ends_on), group in groups.items():
        data = actions.CampaignData(
            title=title, starts_on=starts_on, ends_on=ends_on, place=group[0].get("place") or "",
            rota=[(row.get("date"), row.get("leader")) for row in group], note=group[0].get("note") or "",
        )
        try:
            saved.append(actions.campaign_create(actor=user, data=data))
        except ValidationError as exc:
            raise _problem(group[0], exc) from exc
    return saved


def _check_duty(row: Row) -> list[tuple[str, str]]:
    if row.get("date") and row.get("starts_on") and row.get("ends_on") and not (
        row.get("starts_on") <= row.get("date") <= row.get("ends_on")
    ):
        return [("坐班日期", "坐班日期不在活动期间内。")]
    return []


CAMPAIGN_ROTA = Register(
    title="大接访排班台账",
    columns=(
        Column("活动名称", lambda d: d.campaign.title, "title", text("title", Campaign), required=True, width=24),
        Column("开始日期", lambda d: d.campaign.starts_on, "starts_on", parse_date, required=True, width=12),
        Column("结束日期", lambda d: d.campaign.ends_on, "ends_on", parse_date, required=True, width=12),
        Column("地点", lambda d: d.campaign.place, "place", text("place", Campaign), required=True, width=20),
        Column("坐班日期", lambda d: d.date, "date", parse_date, required=True, width=12),
        Column("坐班领导", lambda d: str(d.leader), "leader", _leader, required=True),
        Column("职务", lambda d: d.leader.position or None, width=16),
        Column("备注", lambda d: d.campaign.note or None, "note", text(), width=20),
    ),
    save=_save_rota,
    check=_check_duty,
)


def duties_for_ledger(campaigns):
    from .models import CampaignDuty

    return (CampaignDuty.objects.filter(campaign__in=campaigns.values("pk")).select_related("campaign", "leader")
            .order_by("campaign__starts_on", "campaign_id", "date", "pk"))


REGISTERS = {"days": RECEPTION_DAYS, "records": RECEPTION_RECORDS, "rota": CAMPAIGN_ROTA}

