"""The screening register's ledgers (台账) through ``ledgers.registers``: export what a user may see, and an
all-or-nothing import that saves through ``screening.actions`` (so every permission and check of the pages holds).

- 矛盾纠纷排查活动台账 — one row per campaign × unit that must screen, with the unit's report;
- 矛盾纠纷台账 — one row per dispute; its parties are counted, never named (DESIGN.md §7): no name, ID number,
  phone or address of a party is written into a ledger, and the import does not read any either — parties are
  entered on the dispute's page, where their numbers are masked and every reveal is logged. A paper ledger typed
  in therefore brings the dispute and its number of people, not the persons;
- 应急联动台账 — one row per emergency linkage.

Import order: campaigns, then disputes (a dispute names its campaign), then the campaigns ledger once more. A unit's
report that is not "nil" needs the unit's disputes registered in the campaign, which cannot exist before the
campaign does: the import that creates a campaign records its nil reports and leaves the others for the second
import of the same ledger. That one reuses the campaigns already in the system (same name and start date),
records the reports still missing, and leaves a report already recorded with the same day, nil and note as it is.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.utils import timezone

from ledgers.columns import CellError, integer, parse_date, text, unit, yes_no
from ledgers.registers import Column, Register, Row, RowProblem, date_time, unit_names, words
from petitions.models import Petition

from . import actions
from .models import (
    AttemptResult,
    CampaignKind,
    CampaignUnit,
    Dispute,
    DisputeState,
    DisputeType,
    Incident,
    Method,
    RiskLevel,
    ScreeningCampaign,
)

KIND_WORDS = {CampaignKind.REGULAR: "定期排查", CampaignKind.SPECIAL: "专项排查"}
RISK_WORDS = {RiskLevel.LOW: "低", RiskLevel.MEDIUM: "中", RiskLevel.HIGH: "高"}
STATE_WORDS = {DisputeState.UNDER_WAY: "化解中", DisputeState.RESOLVED: "已化解", DisputeState.ESCALATED: "已上报"}
METHOD_WORDS = {Method.PEOPLES_MEDIATION: "人民调解", Method.JUDICIAL_MEDIATION: "司法调解",
                Method.ADMINISTRATIVE_MEDIATION: "行政调解", Method.PETITION_HANDLING: "信访途径",
                Method.LITIGATION: "引导诉讼", Method.ARBITRATION: "仲裁", Method.RECONSIDERATION: "行政复议"}
LIST_SEPARATOR = "、"
IMPORTED_NOTE = "（台账导入）"


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _problem(row: Row, exc: Exception, heading: str = "") -> RowProblem:
    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return RowProblem(row, "；".join(str(m) for m in messages), heading)


def _list(raw) -> list[str]:
    value = str(raw).replace("；", LIST_SEPARATOR).replace(";", LIST_SEPARATOR).replace(",", LIST_SEPARATOR)
    return [part.strip() for part in value.replace("，", LIST_SEPARATOR).split(LIST_SEPARATOR) if part.strip()]


def _topics(raw, lookups) -> str:
    return "\n".join(_list(raw))


# --- Campaigns -------------------------------------------------------------------------------------------------


def _check_campaign(row: Row) -> list[tuple[str, str]]:
    problems = []
    if row.get("starts_on") and row.get("ends_on") and row.get("ends_on") < row.get("starts_on"):
        problems.append(("结束日期", "结束日期不能早于开始日期。"))
    if row.get("nil") is not None and not row.get("reported_on"):
        problems.append(("报告日期", "写明零报告的，须写明报告日期。"))
    return problems


def _campaign_of(group: list[Row], user) -> tuple[ScreeningCampaign, bool]:
    """The group's campaign, and whether this import created it."""
    first = group[0]
    for row in group[1:]:
        for key, heading in (("kind", "排查类型"), ("ends_on", "结束日期"), ("focus_topics", "排查重点")):
            if row.get(key) != first.get(key):
                raise RowProblem(row, "同一排查活动的各行，类型、期间和排查重点须一致。", heading)
    existing = ScreeningCampaign.objects.filter(name=first.get("name"), starts_on=first.get("starts_on")).first()
    if existing is not None:
        if existing.kind != first.get("kind") or existing.ends_on != first.get("ends_on"):
            raise RowProblem(first, "系统中已有同名、同一开始日期的排查活动，但类型或结束日期不同。", "排查活动")
        have = set(existing.unit_reports.values_list("unit_id", flat=True))
        for row in group:
            if row.get("unit").pk not in have:
                raise RowProblem(row, f"“{row.get('unit')}”不是系统中该排查活动的排查单位。", "排查单位")
        return existing, False
    data = actions.CampaignData(
        kind=first.get("kind"), name=first.get("name"), starts_on=first.get("starts_on"), ends_on=first.get("ends_on"),
        units=[row.get("unit") for row in group], focus_topics=first.get("focus_topics") or "")
    try:
        return actions.campaign_create(actor=user, data=data), True
    except (ValidationError, PermissionDenied) as exc:
        raise _problem(first, exc) from exc


def _save_campaigns(rows: list[Row], user) -> list:
    groups: OrderedDict[tuple, list[Row]] = OrderedDict()
    for row in rows:
        groups.setdefault((row.get("name"), row.get("starts_on")), []).append(row)
    saved = []
    for group in groups.values():
        campaign, created = _campaign_of(group, user)
        reports = {r.unit_id: r for r in campaign.unit_reports.all()}
        for row in group:
            if not row.get("reported_on"):
                continue
            nil, note = bool(row.get("nil")), row.get("note") or ""
            known = reports.get(row.get("unit").pk)
            if known is not None and (known.reported_on, known.is_nil, known.note) == (row.get("reported_on"), nil,
                                                                                        note):
                continue  # recorded by an earlier import of this ledger
            if created and not nil:
                continue  # its disputes come with the disputes ledger; the second import records the report
            try:
                actions.campaign_report(actor=user, campaign=campaign, unit=row.get("unit"), nil=nil, note=note,
                                        on=row.get("reported_on"))
            except (ValidationError, PermissionDenied) as exc:
                raise _problem(row, exc, "零报告") from exc
        saved.append(campaign)
    return saved


CAMPAIGNS = Register(
    title="矛盾纠纷排查活动台账",
    columns=(
        Column("排查活动", lambda r: r.campaign.name, "name", text("name", ScreeningCampaign), required=True, width=30),
        Column("排查类型", lambda r: KIND_WORDS[r.campaign.kind], "kind", words(KIND_WORDS), required=True, width=10),
        Column("开始日期", lambda r: r.campaign.starts_on, "starts_on", parse_date, required=True, width=12),
        Column("结束日期", lambda r: r.campaign.ends_on, "ends_on", parse_date, required=True, width=12),
        Column("排查重点", lambda r: LIST_SEPARATOR.join(r.campaign.topics) or None, "focus_topics", _topics, width=24),
        Column("排查单位", lambda r: r.unit.name, "unit", unit, required=True, width=16),
        Column("报告日期", lambda r: r.reported_on, "reported_on", parse_date, width=12),
        Column("零报告", lambda r: _yes_no(r.is_nil) if r.has_reported else None, "nil", yes_no, width=8),
        Column("备注", lambda r: r.note or None, "note", text(), width=24),
    ),
    save=_save_campaigns,
    check=_check_campaign,
)


def campaign_units_for_ledger(campaigns):
    return (CampaignUnit.objects.filter(campaign__in=campaigns.values("pk")).select_related("campaign", "unit")
            .order_by("campaign__starts_on", "campaign_id", "unit__path", "pk"))


# --- Disputes --------------------------------------------------------------------------------------------------


def _type_path(dispute_type: DisputeType) -> str:
    return f"{dispute_type.parent.name}/{dispute_type.name}" if dispute_type.parent_id else dispute_type.name


def _dispute_type(raw, lookups) -> DisputeType:
    value = str(raw).strip().replace("／", "/").replace(" / ", "/")
    parent, _sep, name = value.rpartition("/")
    found = DisputeType.objects.filter(name=name.strip(), is_active=True)
    if parent:
        found = found.filter(parent__name=parent.strip())
    found = list(found[:2])
    if len(found) != 1:
        raise CellError(f"没有名为“{value}”的纠纷类型。" if not found
                        else f"有几个纠纷类型叫“{value}”，请写成“大类/小类”。")
    return found[0]


def _methods(raw, lookups) -> list[str]:
    reverse = {word: value for value, word in METHOD_WORDS.items()}
    found = []
    for part in _list(raw):
        if part not in reverse:
            raise CellError(f"“{part}”不是化解方式之一：{LIST_SEPARATOR.join(METHOD_WORDS.values())}。")
        found.append(reverse[part])
    return list(dict.fromkeys(found))


def _methods_text(dispute: Dispute) -> str | None:
    used = []
    for attempt in dispute.attempts.all():
        used.extend(attempt.methods)
    return LIST_SEPARATOR.join(METHOD_WORDS[m] for m in dict.fromkeys(used) if m in METHOD_WORDS) or None


def _check_dispute(row: Row) -> list[tuple[str, str]]:
    problems = []
    state = row.get("state") or DisputeState.UNDER_WAY
    if state == DisputeState.RESOLVED and not row.get("resolved_on"):
        problems.append(("化解日期", "已化解的纠纷须写明化解日期。"))
    if state == DisputeState.ESCALATED:
        if not row.get("escalated_on"):
            problems.append(("上报日期", "已上报的纠纷须写明上报日期。"))
        if not row.get("escalated_to"):
            problems.append(("上报至", "已上报的纠纷须写明上报至何处。"))
    if state != DisputeState.UNDER_WAY and not row.get("methods"):
        problems.append(("化解方式", "已化解或已上报的纠纷须写明化解方式。"))
    if state != DisputeState.RESOLVED and row.get("resolved_on"):
        problems.append(("化解日期", "只有已化解的纠纷才有化解日期。"))
    if state != DisputeState.ESCALATED and (row.get("escalated_on") or row.get("escalated_to")):
        problems.append(("上报日期", "只有已上报的纠纷才有上报日期和上报至。"))
    return problems


def _campaign_named(row: Row) -> ScreeningCampaign | None:
    name = row.get("campaign")
    if not name:
        return None
    found = ScreeningCampaign.objects.filter(name=name, starts_on__lte=row.get("found_on"),
                                             ends_on__gte=row.get("found_on")).first()
    if found is None:
        raise RowProblem(row, "系统中没有这一期间内的排查活动，请先导入矛盾纠纷排查活动台账。", "排查活动")
    return found


def _save_disputes(rows: list[Row], user) -> list:
    saved = []
    today = timezone.localdate()
    for row in rows:
        data = actions.DisputeData(
            found_on=row.get("found_on"), found_by_unit=row.get("found_by_unit"), place=row.get("place"),
            type=row.get("type"), title=row.get("title"), description=row.get("description"),
            responsible_unit=row.get("responsible_unit"), people_involved=row.get("people_involved", 1),
            risk_level=row.get("risk_level") or RiskLevel.LOW, is_major=bool(row.get("is_major")),
            due_on=row.get("due_on"), place_detail=row.get("place_detail") or "", campaign=_campaign_named(row))
        try:
            dispute = actions.dispute_register(actor=user, data=data, on=today)
            state, methods = row.get("state") or DisputeState.UNDER_WAY, row.get("methods") or []
            if methods:
                result = {DisputeState.RESOLVED: AttemptResult.RESOLVED, DisputeState.ESCALATED: AttemptResult.ESCALATED
                          }.get(state, AttemptResult.UNDER_WAY)
                on = {DisputeState.RESOLVED: row.get("resolved_on"), DisputeState.ESCALATED: row.get("escalated_on")
                      }.get(state) or row.get("found_on")
                actions.dispute_attempt(actor=user, dispute=dispute, data=actions.AttemptData(
                    method=methods[0], also_methods=methods[1:], by=row.get("responsible_unit").name, on=on,
                    result=result, text=IMPORTED_NOTE, escalated_to=row.get("escalated_to") or ""))
        except (ValidationError, PermissionDenied) as exc:
            raise _problem(row, exc) from exc
        saved.append(dispute)
    return saved


DISPUTES = Register(
    title="矛盾纠纷台账",
    columns=(
        Column("编号", lambda d: d.number, width=14),
        Column("发现日期", lambda d: d.found_on, "found_on", parse_date, required=True, width=12),
        Column("发现单位", lambda d: d.found_by_unit.name, "found_by_unit", unit, required=True, width=16),
        Column("排查活动", lambda d: d.campaign.name if d.campaign_id else None, "campaign",
               text("name", ScreeningCampaign), width=24),
        Column("所在地", lambda d: d.place.name, "place", unit, required=True, width=14),
        Column("具体地点", lambda d: d.place_detail or None, "place_detail", text("place_detail", Dispute), width=16),
        Column("纠纷类型", lambda d: _type_path(d.type), "type", _dispute_type, required=True, width=16),
        Column("纠纷事由", lambda d: d.title, "title", text("title", Dispute), required=True, width=24),
        Column("简要情况", lambda d: d.description, "description", text(), required=True, width=36),
        Column("涉及人数", lambda d: d.people_involved, "people_involved", integer(1), width=8),
        Column("当事人数", lambda d: d.party_count, width=8),
        Column("风险等级", lambda d: RISK_WORDS[d.risk_level], "risk_level", words(RISK_WORDS), width=8),
        Column("重大纠纷", lambda d: _yes_no(d.is_major), "is_major", yes_no, width=8),
        Column("责任单位", lambda d: d.responsible_unit.name, "responsible_unit", unit, required=True, width=16),
        Column("化解期限", lambda d: d.due_on, "due_on", parse_date, width=12),
        Column("状态", lambda d: STATE_WORDS[d.state], "state", words(STATE_WORDS), width=9),
        Column("化解日期", lambda d: d.resolved_on, "resolved_on", parse_date, width=12),
        Column("上报日期", lambda d: d.escalated_on, "escalated_on", parse_date, width=12),
        Column("上报至", lambda d: d.escalated_to or None, "escalated_to", text("escalated_to", Dispute), width=16),
        Column("化解方式", _methods_text, "methods", _methods, width=20),
        Column("关联信访件", lambda d: LIST_SEPARATOR.join(p.number for p in d.visible_items) or None, width=20),
    ),
    save=_save_disputes,
    check=_check_dispute,
)


def disputes_for_ledger(disputes, user):
    """The disputes' rows; of their linked petition items only those ``user`` may see (as on the dispute's page:
    an accusation's number never reaches the accused unit's ledger)."""
    items = Petition.objects.visible_to(user).only("pk", "received_on").order_by("received_on", "pk")
    return (disputes.select_related("found_by_unit", "campaign", "place", "type__parent", "responsible_unit")
            .prefetch_related("attempts", Prefetch("petitions", queryset=items, to_attr="visible_items"))
            .annotate(party_count=Count("dispute_parties", distinct=True))
            .order_by("year", "serial"))


# --- Emergency linkage -----------------------------------------------------------------------------------------


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


def _check_incident(row: Row) -> list[tuple[str, str]]:
    problems = []
    started, happened, stood_down = (_aware(row.get(k)) for k in ("started_at", "happened_at", "stood_down_at"))
    if started and happened and started < happened:
        problems.append(("启动时间", "启动时间不能早于发生时间。"))
    if stood_down and started and stood_down < started:
        problems.append(("解除时间", "解除时间不能早于启动时间。"))
    if stood_down and not row.get("result"):
        problems.append(("处置结果", "已解除的应急联动须写明处置结果。"))
    if row.get("result") and not stood_down:
        problems.append(("解除时间", "写明处置结果的，须写明解除时间。"))
    return problems


def _save_incidents(rows: list[Row], user) -> list:
    saved = []
    for row in rows:
        data = actions.IncidentData(
            title=row.get("title"), description=row.get("description"), happened_at=_aware(row.get("happened_at")),
            place=row.get("place"), units_mobilised=row.get("units_mobilised") or [],
            people_involved=row.get("people_involved", 1), place_detail=row.get("place_detail") or "")
        try:
            incident = actions.incident_start(actor=user, data=data, at=_aware(row.get("started_at")))
            if row.get("stood_down_at"):
                incident = actions.incident_stand_down(actor=user, incident=incident, result=row.get("result"),
                                                       at=_aware(row.get("stood_down_at")))
        except (ValidationError, PermissionDenied) as exc:
            raise _problem(row, exc) from exc
        saved.append(incident)
    return saved


INCIDENTS = Register(
    title="应急联动台账",
    columns=(
        Column("编号", lambda i: i.number, width=14),
        Column("启动时间", lambda i: i.started_at, "started_at", date_time, required=True, width=17),
        Column("发生时间", lambda i: i.happened_at, "happened_at", date_time, required=True, width=17),
        Column("地点", lambda i: i.place.name, "place", unit, required=True, width=14),
        Column("具体地点", lambda i: i.place_detail or None, "place_detail", text("place_detail", Incident), width=16),
        Column("事件", lambda i: i.title, "title", text("title", Incident), required=True, width=24),
        Column("简要情况", lambda i: i.description, "description", text(), required=True, width=36),
        Column("涉及人数", lambda i: i.people_involved, "people_involved", integer(1), width=8),
        Column("联动单位", lambda i: LIST_SEPARATOR.join(u.name for u in i.units_mobilised.all()), "units_mobilised",
               unit_names, required=True, width=24),
        Column("处置措施数", lambda i: len(i.actions.all()), width=9),
        Column("解除时间", lambda i: i.stood_down_at, "stood_down_at", date_time, width=17),
        Column("处置结果", lambda i: i.result or None, "result", text(), width=30),
    ),
    save=_save_incidents,
    check=_check_incident,
)


def incidents_for_ledger(incidents):
    return (Incident.objects.filter(pk__in=incidents.values("pk")).select_related("place")
            .prefetch_related("units_mobilised", "actions").order_by("year", "serial"))


REGISTERS = {"campaigns": CAMPAIGNS, "disputes": DISPUTES, "incidents": INCIDENTS}


def records_of(name: str, user):
    """The rows of a ledger that ``user`` may see (each register's ``visible_to``)."""
    if name == "campaigns":
        return campaign_units_for_ledger(ScreeningCampaign.objects.visible_to(user))
    if name == "disputes":
        return disputes_for_ledger(Dispute.objects.visible_to(user), user)
    return incidents_for_ledger(Incident.objects.visible_to(user))
