"""The register's documents (.docx), laid out by ``petitions.documents`` in official-document style and always
in Chinese (they are Chinese official documents whatever the interface language):

- 预约接待通知书 — to the representatives of an appointment: the leader's name and position, the time, the place;
- 领导接访纪要 — the minutes of a reception: who received, the units present, and each decision
  (answered on the spot, not supported, or filed with its lead unit, owning leader, deadline class and due date);
- 大接访活动情况报告 — a campaign's rota and figures.

Representatives' phone numbers never appear in a document.
"""

from __future__ import annotations

import datetime as dt

from organisation.models import Unit, UnitKind
from petitions.documents import DOCX_CONTENT_TYPE, Block, Style, render_docx
from stats.reception import for_campaign

from .models import Appointment, Campaign, MatterOutcome, ReceptionKind, ReceptionRecord

__all__ = ["DOCX_CONTENT_TYPE", "appointment_notice", "campaign_report", "minutes"]

WEEKDAYS = "一二三四五六日"
DEADLINE_WORDS = {"urgent": "急案", "general": "一般", "major": "大案"}
OUTCOME_WORDS = {MatterOutcome.ANSWERED: "现场答复", MatterOutcome.NOT_SUPPORTED: "不予支持", MatterOutcome.FILED: "立案办理"}
KIND_WORDS = {
    ReceptionKind.RECEPTION_DAY: "领导接待日",
    ReceptionKind.APPOINTMENT: "预约接待",
    ReceptionKind.CAMPAIGN: "大接访",
    ReceptionKind.JOINT: "联合接访",
}
NUMERALS = "一二三四五六七八九十"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _time(value: dt.time) -> str:
    return f"{value.hour}时{value.minute:02d}分" if value.minute else f"{value.hour}时"


def _numbered(n: int) -> str:
    return NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


def bureau_name() -> str:
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("path").first()
    return bureau.name if bureau else "县信访局"


def appointment_notice(appointment: Appointment, *, issued_on: dt.date) -> bytes:
    names = "、".join(r.name for r in appointment.representatives.all())
    day = appointment.date
    when = f"{chinese_date(day)}（星期{WEEKDAYS[day.weekday()]}）{_time(appointment.starts_at)}"
    units = "、".join(n.unit.name for n in appointment.notices.select_related("unit"))
    leader = appointment.leader
    blocks = [
        Block(Style.TITLE, "预约接待通知书"),
        Block(Style.SALUTATION, f"{names}："),
        Block(Style.BODY, f"你们反映的“{appointment.subject}”问题，涉及多个单位，经研究，安排由县领导预约接待。现将有关事项通知如下："),
        Block(Style.BODY, f"接待领导：{leader.full_name or leader}（{appointment.leader_position}）"),
        Block(Style.BODY, f"接待时间：{when}"),
        Block(Style.BODY, f"接待地点：{appointment.place}"),
        Block(Style.BODY, f"参加单位：{units}"),
        Block(Style.BODY, f"请你们按时到达，推选代表（不超过5人）反映问题，并携带身份证件和相关材料。预计到场人数：{appointment.headcount}人。"),
        Block(Style.BODY, "如不能按时参加，请提前与县信访局联系另行安排。"),
        Block(Style.ISSUER, bureau_name()),
        Block(Style.DATE, chinese_date(issued_on)),
    ]
    return render_docx(blocks, title="预约接待通知书")


def appointment_notice_filename(appointment: Appointment) -> str:
    return f"预约接待通知书-{appointment.date:%Y%m%d}-{appointment.pk}.docx"


def _matter_lines(index: int, matter) -> list[Block]:
    blocks = [
        Block(Style.SUBHEADING, f"（{_numbered(index)}）{matter.names}（{matter.headcount}人）：{matter.subject}"),
        Block(Style.BODY, f"反映内容：{matter.content}"),
        Block(Style.BODY, f"处理结果：{OUTCOME_WORDS[matter.outcome]}。{matter.decision}"),
    ]
    if matter.outcome == MatterOutcome.FILED and matter.petition_id:
        petition = matter.petition
        blocks.append(Block(Style.BODY, (
            f"立案编号{petition.number}，由{matter.lead_unit.name}牵头办理，包案领导{matter.owning_leader}"
            f"（{matter.owning_leader.position or '领导'}），办理时限类别{DEADLINE_WORDS.get(matter.deadline_class, '')}，"
            f"于{chinese_date(petition.handling_due_on)}前办结并报告结果。"
        )))
    return blocks


def minutes(record: ReceptionRecord) -> bytes:
    leader = record.leader
    kind = KIND_WORDS[record.kind]
    matters = list(record.matters.select_related("lead_unit", "owning_leader", "petition"))
    joint = list(record.joint_units.select_related("unit"))
    persons = sum(m.headcount for m in matters)
    blocks = [
        Block(Style.TITLE, f"{kind}纪要"),
        Block(Style.BODY, (
            f"{chinese_date(record.held_on)}，{leader.full_name or leader}（{leader.position or '领导'}）在{record.place}"
            f"开展{kind}，共接待来访群众{len(matters)}批{persons}人次。"
        )),
    ]
    if joint:
        blocks.append(Block(Style.BODY, "参加单位：" + "、".join(j.unit.name for j in joint) + "。"))
    blocks.append(Block(Style.HEADING, "一、接访事项及处理意见"))
    for index, matter in enumerate(matters, start=1):
        blocks += _matter_lines(index, matter)
    if joint and any(j.part for j in joint):
        blocks.append(Block(Style.HEADING, "二、各单位分工"))
        blocks += [Block(Style.BODY, f"{j.unit.name}：{j.part}") for j in joint if j.part]
    if record.note:
        blocks.append(Block(Style.HEADING, f"{'三' if joint and any(j.part for j in joint) else '二'}、其他事项"))
        blocks += [Block(Style.BODY, line.strip()) for line in record.note.splitlines() if line.strip()]
    filed = [m for m in matters if m.outcome == MatterOutcome.FILED]
    if filed:
        blocks.append(Block(Style.BODY, "立案事项由牵头单位按期办结，办理结果报县信访局，县信访局跟踪督办。"))
    blocks += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, chinese_date(record.held_on))]
    return render_docx(blocks, title=f"{kind}纪要")


def minutes_filename(record: ReceptionRecord) -> str:
    return f"{KIND_WORDS[record.kind]}纪要-{record.held_on:%Y%m%d}-{record.pk}.docx"


def campaign_report(campaign: Campaign, *, as_of: dt.date) -> bytes:
    figures = for_campaign(campaign, as_of=as_of)
    duties = list(campaign.duties.select_related("leader"))
    leaders = "、".join(dict.fromkeys(str(d.leader) for d in duties))
    blocks = [
        Block(Style.TITLE, f"{campaign.title}情况报告"),
        Block(Style.BODY, (
            f"{chinese_date(campaign.starts_on)}至{chinese_date(campaign.ends_on)}，我县在{campaign.place}开展{campaign.title}，"
            f"{leaders}等{len({d.leader_id for d in duties})}名县级领导按排班轮流坐班接访，共坐班{len(duties)}人次。"
        )),
        Block(Style.HEADING, "一、接访情况"),
        Block(Style.BODY, (
            f"活动期间共接待来访群众{figures.batches}批{figures.persons}人次。其中现场答复{figures.answered.batches}批"
            f"{figures.answered.persons}人次，不予支持{figures.not_supported.batches}批{figures.not_supported.persons}人次，"
            f"立案{figures.filed.batches}件{figures.filed.persons}人次。"
        )),
        Block(Style.BODY, f"立案事项中，已办结{figures.filed_closed}件，在办{figures.filed_open}件（截至{chinese_date(figures.closed_by)}）。"),
        Block(Style.HEADING, "二、坐班安排"),
    ]
    for duty in duties:
        blocks.append(Block(Style.BODY, f"{chinese_date(duty.date)}：{duty.leader}（{duty.leader.position or '领导'}）"))
    blocks += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, chinese_date(as_of))]
    return render_docx(blocks, title=f"{campaign.title}情况报告")


def campaign_report_filename(campaign: Campaign) -> str:
    return f"{campaign.title}情况报告.docx"
