"""The year-end summary's section on leader reception (领导接访 and 大接访), built from ``stats.reception`` alone.

``reception_section`` is a section builder of ``reports.summary`` (``SECTION_BUILDERS``): it reads the period,
scope and as-of day of the report's figures and writes Chinese text, like every section of the summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stats.reception import ReceptionFigures, compute, for_campaign

from .models import Campaign, ReceptionKind

if TYPE_CHECKING:
    from reports.summary import Context, Section

KIND_WORDS = {
    ReceptionKind.RECEPTION_DAY: "领导接待日",
    ReceptionKind.APPOINTMENT: "预约接待",
    ReceptionKind.CAMPAIGN: "大接访",
    ReceptionKind.JOINT: "联合接访",
}


def _outcomes(f: ReceptionFigures) -> str:
    text = (
        f"接待来访群众{f.batches}批{f.persons}人次，其中现场答复{f.answered.batches}批{f.answered.persons}人次，"
        f"不予支持{f.not_supported.batches}批{f.not_supported.persons}人次，立案{f.filed.batches}件"
    )
    if f.filed.batches:
        text += f"；立案事项已办结{f.filed_closed}件，在办{f.filed_open}件"
    return text + "。"


def reception_paragraph(f: ReceptionFigures, scope_words: str) -> str:
    kinds = "、".join(f"{KIND_WORDS[k]}{n}次" for k, n in f.by_kind.items() if n)
    return (f"{scope_words}各级领导共开展接访活动{f.receptions}次（{kinds}），{f.leaders}名领导亲自接访，"
            + _outcomes(f))


def campaign_paragraph(campaign: Campaign, f: ReceptionFigures) -> str:
    duties = campaign.duties.count()
    leaders = campaign.duties.values("leader_id").distinct().count()
    return (
        f"{campaign.starts_on.month}月{campaign.starts_on.day}日至{campaign.ends_on.month}月{campaign.ends_on.day}日开展"
        f"“{campaign.title}”活动，{leaders}名县级领导在{campaign.place}轮流坐班接访{duties}人次，" + _outcomes(f)
    )


def reception_section(ctx: Context) -> Section | None:
    """领导接访: receptions by occasion, batches and persons, outcomes, filed cases closed and in progress; then each
    reception campaign of the period. Left out when the period holds no reception."""
    from reports.summary import Section, paragraphs

    figures = ctx.figures
    unit = None if figures.scope.whole_county else figures.scope.unit
    f = compute(figures.period, unit, as_of=figures.as_of)
    if not f.receptions:
        return None
    scope_words = "全县" if unit is None else unit.name
    lines = [reception_paragraph(f, scope_words)]
    if unit is None:
        campaigns = Campaign.objects.filter(starts_on__lte=f.cutoff, ends_on__gte=figures.period.start)
        for campaign in campaigns.order_by("starts_on", "pk"):
            lines.append(campaign_paragraph(campaign, for_campaign(campaign, as_of=f.cutoff)))
    return Section("reception", "领导接访工作", paragraphs(*lines))
