"""The year-end summary's section on joint meetings (联席会议), built from ``stats.meetings`` alone.

``meetings_section`` is a section builder of ``reports.summary`` (``SECTION_BUILDERS``): it reads the period,
scope and as-of day of the report's figures and writes Chinese text, like every section of the summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stats.meetings import MeetingFigures, compute
from stats.wording import percent

if TYPE_CHECKING:
    from reports.summary import Context, Section


def meetings_paragraph(f: MeetingFigures, scope_words: str) -> str:
    """E.g. 全年共召开信访工作联席会议12次，协调研究重大信访案件30件，议定事项36项，已按期完成28项、逾期完成3项，
    尚在办理5项（其中已逾期2项），议定事项按期完成率84%。"""
    county = f.scope.whole_county
    attended = "共召开" if county else "参加"
    text = f"{scope_words}{attended}信访工作联席会议{f.meetings}次，协调研究重大信访案件{f.cases}件"
    if f.tasks:
        text += f"，议定事项{f.tasks}项，已按期完成{f.done_on_time}项、逾期完成{f.done_late}项"
        if f.open:
            text += f"，尚在办理{f.open}项"
            if f.overdue:
                text += f"（其中已逾期{f.overdue}项）"
        if f.on_time_rate.computable:
            text += f"，议定事项按期完成率{percent(f.on_time_rate)}"
    text += "。"
    if f.missed_months and county:
        months = "、".join(f"{year}年{month}月" for year, month in f.missed_months)
        text += f"{months}未召开联席会议，未达到每月至少召开一次的要求。"
    return text


def meetings_section(ctx: Context) -> Section | None:
    """联席会议: meetings held, cases coordinated, decisions done on time, late, open; months without a meeting.
    Left out when the period holds no meeting and no task of the scope."""
    from reports.summary import Section, paragraphs  # reports.summary lists this builder: imported when called

    figures = ctx.figures
    unit = None if figures.scope.whole_county else figures.scope.unit
    f = compute(figures.period, unit, as_of=figures.as_of)
    if not f.meetings and not f.tasks:
        return None
    scope_words = ("全年" if figures.period.kind == "year" else "本期") if unit is None else unit.name
    return Section("joint_meetings", "信访工作联席会议", paragraphs(meetings_paragraph(f, scope_words)))
