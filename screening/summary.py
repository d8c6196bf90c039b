"""The year-end summary's and the monthly report's section on dispute screening and resolution (矛盾纠纷排查化解)
and emergency linkage (应急联动), built from ``stats.screening`` alone.

``screening_section`` is a section builder of ``reports.summary`` (``SECTION_BUILDERS``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stats import wording
from stats.screening import ScreeningFigures, compute

if TYPE_CHECKING:
    from reports.summary import Context, Section


def screening_paragraph(f: ScreeningFigures, period_words: str, scope_words: str) -> str:
    """E.g. 全年全县共开展矛盾纠纷排查4次，排查出各类矛盾纠纷214起，化解198起，化解率93%；本级无法化解、已上报3起，
    正在化解13起。化解方式：人民调解120起、行政调解50起……"""
    text = f"{period_words}{scope_words}共开展矛盾纠纷排查{f.campaigns}次" if f.campaigns else \
        f"{period_words}{scope_words}未部署集中排查"
    if f.campaigns and f.regular_campaigns and f.special_campaigns:
        text += f"（拉网式排查{f.regular_campaigns}次、专项排查{f.special_campaigns}次）"
    if not f.found:
        return text + "，未排查出矛盾纠纷。"
    text += f"，排查出各类矛盾纠纷{f.found}起，化解{f.resolved}起，化解率{wording.percent(f.resolution)}"
    rest = []
    if f.escalated:
        rest.append(f"本级无法化解、已依法上报或移交{f.escalated}起")
    if f.under_way:
        rest.append(f"正在化解{f.under_way}起")
    text += ("；" + "，".join(rest)) if rest else ""
    text += "。"
    if f.by_method:
        text += "化解方式：" + "、".join(f"{m}{n}起" for m, n in f.by_method.items()) + "。"
    if f.by_type:
        top = list(f.by_type.items())[:3]
        text += "从类别看，" + "、".join(f"{t}{n}起" for t, n in top) + (
            "居前。" if len(f.by_type) > len(top) else "。")
    if f.reopened:
        text += f"已化解的矛盾纠纷中有{f.reopened}起出现反复，已重新启动化解。"
    return text


def officers_paragraph(f: ScreeningFigures, period_words: str) -> str:
    if not f.reports:
        return ""
    text = f"{period_words}村（社区）信访信息员报送矛盾纠纷信息{f.reports}条，经乡镇甄别登记为矛盾纠纷{f.reports_accepted}起"
    if f.reports_merged:
        text += f"，并入已知矛盾纠纷{f.reports_merged}条"
    if f.reports_closed:
        text += f"，核实办结{f.reports_closed}条"
    if f.reports_waiting:
        text += f"，待甄别{f.reports_waiting}条"
    return text + "。"


def linkage_paragraph(f: ScreeningFigures, period_words: str) -> str:
    if not f.incidents:
        return ""
    return f"{period_words}启动应急联动{f.incidents}次，涉及群众{f.incident_persons}人次。"


def screening_section(ctx: Context) -> Section | None:
    """矛盾纠纷排查化解: campaigns, disputes found and resolved with the rate, methods and types; officers' reports;
    emergency linkages. Left out when the period holds none of these."""
    from reports.summary import Section, paragraphs

    figures = ctx.figures
    unit = None if figures.scope.whole_county else figures.scope.unit
    f = compute(figures.period, unit, as_of=figures.as_of)
    if not (f.campaigns or f.found or f.reports or f.incidents):
        return None
    period_words = "全年" if figures.period.kind == "year" else "本期"
    scope_words = "全县" if unit is None else ""
    return Section("screening", "矛盾纠纷排查化解工作", paragraphs(
        screening_paragraph(f, period_words, scope_words),
        officers_paragraph(f, period_words),
        linkage_paragraph(f, period_words),
    ))
