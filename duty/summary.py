"""The year-end summary's paragraph on duty in important periods (重要时期值班), built from ``stats.duty`` alone.

``duty_section`` is a section builder of ``reports.summary`` (``SECTION_BUILDERS``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stats.duty import DutyFigures, compute

if TYPE_CHECKING:
    from reports.summary import Context, Section


def duty_paragraph(f: DutyFigures, period_words: str) -> str:
    """E.g. 全年在2026年全国两会期间、2026年国庆节期间等重要时期组织值班2次，安排值班30班次、45人次，覆盖20天。"""
    events = "、".join(f.rosters[:3])
    when = events if len(f.rosters) == 1 else f"{events}等重要时期"
    return f"{period_words}在{when}组织值班{len(f.rosters)}次，安排值班{f.shifts}班次、{f.persons}人次，覆盖{f.days}天。"


def duty_section(ctx: Context) -> Section | None:
    """重要时期值班: rosters, shifts and persons on duty. Left out for a unit's report and when nothing was rostered."""
    from reports.summary import Section, paragraphs  # reports.summary lists this builder: imported when called

    figures = ctx.figures
    if not figures.scope.whole_county:
        return None
    f = compute(figures.period, as_of=figures.as_of)
    if not f.rosters:
        return None
    period_words = "全年" if figures.period.kind == "year" else "本期"
    return Section("duty", "重要时期值班", paragraphs(duty_paragraph(f, period_words)))
