"""The generated first draft of a year-end summary (年度信访工作总结) or a monthly / quarterly report (信访情况通报).

    report = generate(Period.year(2026), unit=None, as_of=dt.date(2027, 1, 15))
    report.title                 # 县信访局2026年信访工作总结
    report.sections              # (Section(key="overview", heading="", text="全县共接待受理……"), …)

The text is built from ``stats.figures.compute`` alone, in the sentences of ``stats.wording`` (the same sentences
as every other report), always in Chinese: it is the text of a Chinese official document. The same data and the
same ``as_of`` give the same text; the only date in it is ``as_of`` (the date under the signature).

A report is a list of sections, each made by one *builder*: ``SECTION_BUILDERS`` holds the builders of the areas of
work in order; a new register (reception days, supervision, dispute screening) adds one function to that list.
The sections the author must write — the problems, and the plans — always come last, as marked places
(``PLACEHOLDER_MARK``). Headings are numbered 一、二、三… in order; a section without a heading (the opening) is not
numbered. In a section's text every line is a paragraph; a line like "（一）……" without a full stop is a
second-level heading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from duty.summary import duty_section
from meetings.summary import meetings_section
from organisation.models import Unit, UnitKind
from reception.summary import reception_section
from screening.summary import screening_section
from stats import wording
from stats.figures import Figures, compute
from stats.periods import Period, PeriodError, PeriodKind
from supervision.summary import supervision_section

REPORT_KINDS = (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH)
PLACEHOLDER_MARK = "【"  # an author's place starts with it: 【请在此处填写……】
NUMERALS = "一二三四五六七八九十"
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。]*$")


@dataclass(frozen=True)
class Section:
    key: str  # stable name of the builder's section ("overview", "handling" …)
    heading: str  # without its number; "" for the opening paragraph
    text: str  # paragraphs, one per line

    def as_dict(self) -> dict:
        return {"key": self.key, "heading": self.heading, "text": self.text}


@dataclass(frozen=True)
class Report:
    period: Period
    unit: Unit | None
    as_of: dt.date
    title: str
    issuer: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Context:
    """What a section builder reads: the figures of the period and scope, computed once."""

    figures: Figures

    @property
    def kind(self) -> str:
        return self.figures.period.kind


Builder = Callable[[Context], Section | None]


def paragraphs(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def check_period(period: Period) -> None:
    if period.kind not in REPORT_KINDS:
        raise PeriodError(_("A report covers a year, a quarter or a month (e.g. 2026, 2026-Q1, 2026-03)."))


# ------------------------------------------------------------------------------------------------------------
# The builders, one per area of work.


def overview_section(ctx: Context) -> Section:
    """The opening: totals, composition, changes against last year (and against the period before)."""
    figures = ctx.figures
    return Section("overview", "", paragraphs(
        wording.join_sentences([wording.overview(figures), wording.period_on_period_overview(figures)]),
    ))


def handling_section(ctx: Context) -> Section:
    """Case handling: decisions and timely acceptance, filed and closed, on time, replies, satisfaction."""
    figures = ctx.figures
    return Section("handling", _("Handling of petitions"), paragraphs(
        _("(1) Acceptance and assignment"),
        wording.decisions_summary(figures),
        _("(2) Closure"),
        wording.closure_summary(figures),
        wording.on_time_summary(figures),
        _("(3) Satisfaction evaluation"),
        wording.satisfaction_summary(figures),
    ))


def repeat_section(ctx: Context) -> Section:
    """Repeat petitions and the repeat rate."""
    return Section("repeat", _("Repeat petitions"), wording.repeat_summary(ctx.figures))


def distribution_section(ctx: Context) -> Section:
    """Where the items came from and what they were about: categories, places, content types, with shares."""
    figures = ctx.figures
    content = wording.content_type_summary(figures)
    return Section("distribution", _("Distribution of the matters raised"), paragraphs(
        _("(1) By category"),
        wording.category_summary(figures),
        _("(2) By place"),
        wording.place_summary(figures),
        _("(3) By content") if content else "",
        content,
    ))


# The areas of work, in the order of the report. A new register adds its builder here.
SECTION_BUILDERS: list[Builder] = [
    overview_section,
    screening_section,  # the reference summaries open with the screening work and judge the year by it
    handling_section,
    repeat_section,
    distribution_section,
    reception_section,
    supervision_section,
    meetings_section,
    duty_section,
]


def problems_section(ctx: Context) -> Section:
    return Section("problems", _("Problems"), _(
        "【Write here the problems in this period's petition work: weak points in handling, matters that keep "
        "coming back, places and categories that need attention.】"))


def plans_section(ctx: Context) -> Section:
    if ctx.kind == PeriodKind.YEAR:
        return Section("plans", _("Plans for next year"), _(
            "【Write here the plans for next year's petition work: goals, measures and who is responsible.】"))
    return Section("plans", _("Next steps"), _(
        "【Write here the next steps of the petition work: priorities, measures and who is responsible.】"))


# Written by the author; always last.
AUTHOR_BUILDERS: list[Builder] = [problems_section, plans_section]


# ------------------------------------------------------------------------------------------------------------
# The report.


def issuer_name(unit: Unit | None) -> str:
    """Who issues the report: the county petition bureau, or the township writing its own."""
    if unit is not None and unit.kind not in (UnitKind.BUREAU, UnitKind.COUNTY):
        return unit.name
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("path").first()
    return bureau.name if bureau else _("County Petition Bureau")


def title_of(period: Period, issuer: str) -> str:
    if period.kind == PeriodKind.YEAR:
        return _("%(issuer)s summary of petition work in %(period)s") % {"issuer": issuer, "period": period.label}
    return _("%(issuer)s report on petitions in %(period)s") % {"issuer": issuer, "period": period.label}


def numbered(index: int, heading: str) -> str:
    """一、信访事项办理情况 (the first-level headings of an official document)."""
    number = NUMERALS[index - 1] if index <= 10 else f"十{NUMERALS[index - 11]}"
    return f"{number}、{heading}"


def generate(period: Period, unit: Unit | None = None, *, as_of: dt.date) -> Report:
    """The first draft of the report of ``period`` for the whole county (``unit`` None) or ``unit``'s subtree,
    with the figures as of ``as_of``. Raises ``PeriodError`` (a message for the user) for a period that is not a
    year, a quarter or a month, or that has not started on ``as_of``."""
    check_period(period)
    with translation.override("zh-hans"):
        ctx = Context(compute(period, unit, as_of=as_of))
        sections = [s for s in (build(ctx) for build in [*SECTION_BUILDERS, *AUTHOR_BUILDERS]) if s is not None]
        index = 0
        numbered_sections = []
        for s in sections:
            if s.heading:
                index += 1
                s = Section(s.key, numbered(index, s.heading), s.text)
            numbered_sections.append(s)
        issuer = issuer_name(unit)
        return Report(period, unit, as_of, title_of(period, issuer), issuer, tuple(numbered_sections))


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER_MARK in text
