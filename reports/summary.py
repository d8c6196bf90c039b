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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from duty.summary import duty_section
from meetings.summary import meetings_section
from organisation.models import Unit, UnitKind
from reception.summary import reception_section
from screening.summary import screening_section
from stats import wording
from stats.figures import Figures, Visits, compute
from stats.periods import Period, PeriodError, PeriodKind
from stats.values import NARRATIVE_PLACES, Change, Comparing
from stats.wording import CountingUnit
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


def visits_change(current: Visits, base: Visits, against: str) -> str:
    """The change of a kind of visit in batches and persons at once: "较去年同期的3批20人次分别下降了33%和25%"
    when both moved the same way from a base that is not zero, "与去年同期的…持平" when neither moved; otherwise
    each count with its own phrase ("批次较去年同期的0批有所上升（基数为零，无法计算升幅），人次……")."""
    batches = Change(current.batches, base.batches)
    persons = Change(current.persons, base.persons)
    values = {"when": against, "base": wording.visits(base)}
    if batches.direction == persons.direction == "flat":
        return _("the same as the %(base)s of %(when)s") % values
    if not base.batches and not base.persons:
        return _("up from %(base)s in %(when)s (no percentage: the base is zero)") % values
    if base.batches and base.persons and batches.direction == persons.direction:
        values["batches"] = abs(batches.percent(NARRATIVE_PLACES))
        values["persons"] = abs(persons.percent(NARRATIVE_PLACES))
        if values["batches"] and values["persons"]:
            if batches.direction == "up":
                return _("up %(batches)s%% and %(persons)s%% respectively from the %(base)s of %(when)s") % values
            return _("down %(batches)s%% and %(persons)s%% respectively from the %(base)s of %(when)s") % values
    return _("in batches %(batches)s, in person-visits %(persons)s") % {
        "batches": wording.change_words(batches, CountingUnit.BATCH, against),
        "persons": wording.change_words(persons, CountingUnit.PERSON, against),
    }


def with_change(text: str, change: str | None) -> str:
    """A count followed by its change against last year, when there is one: 来信5件，较去年同期的3件上升了67%."""
    return _("%(count)s, %(change)s") % {"count": text, "change": change} if change else text


def opening_summary(figures: Figures) -> str:
    """The opening paragraph in the genre of the reference summaries: the own-level total and its change; then,
    after 其中, letters (件), individual visits (人次), collective visits (批 and 人次) each with its own change
    against last year, and the collective share; the skip-level visits by level with their changes; the
    all-channel total. Without last year's data the first sentence says so once and no kind repeats it."""
    v = figures.volume
    yoy = figures.year_on_year
    base = yoy.base if yoy is not None and yoy.available else None
    against = wording.compared_with(Comparing.YEAR_ON_YEAR, figures.period.kind)
    place = wording.place_name(figures)
    total = wording.quantity(v.own_total, CountingUnit.ITEM_PERSON)
    if yoy is not None:
        sentences = [_("%(place)s received %(total)s of letters and visits, %(change)s.") % {
            "place": place, "total": total, "change": wording.change_phrase(yoy, "own_total")}]
    else:
        sentences = [_("%(place)s received %(total)s of letters and visits.") % {"place": place, "total": total}]

    def count_change(current: int, before: int | None, unit: str) -> str | None:
        return None if base is None else wording.change_words(Change(current, before), unit, against)

    def pair_change(current: Visits, before: Visits | None) -> str | None:
        return None if base is None else visits_change(current, before, against)

    if v.own_total or (base is not None and base.own_total):
        kinds = [
            with_change(_("letters %(n)s") % {"n": wording.quantity(v.letters, CountingUnit.ITEM)},
                        count_change(v.letters, base and base.letters, CountingUnit.ITEM)),
            with_change(_("individual visits %(n)s") % {
                "n": wording.quantity(v.individual_visits.persons, CountingUnit.PERSON)},
                count_change(v.individual_visits.persons, base and base.individual_visits.persons,
                             CountingUnit.PERSON)),
            with_change(_("collective visits %(visits)s") % {"visits": wording.visits(v.collective_visits)},
                        pair_change(v.collective_visits, base and base.collective_visits)),
        ]
        if v.own_total:  # the share of nothing is not said
            kinds.append(_("collective-visit persons were %(share)s of the letters and visits") % {
                "share": wording.percent(v.collective_share)})
        sentences.append(_("Of these, %(kinds)s.") % {"kinds": pgettext("kinds separator", "; ").join(kinds)})
    skip = v.skip_level
    if skip.total.batches or (base is not None and base.skip_level.total.batches):
        levels = []
        for name, label in (("city", _("to the city %(visits)s")), ("province", _("to the province %(visits)s")),
                            ("capital", _("to the capital %(visits)s"))):
            current = getattr(skip, name)
            before = None if base is None else getattr(base.skip_level, name)
            if current.batches or (before is not None and before.batches):
                levels.append(with_change(label % {"visits": wording.visits(current)}, pair_change(current, before)))
        sentences.append(_("Skip-level visits: %(total)s, of which %(levels)s.") % {
            "total": wording.visits(skip.total), "levels": pgettext("kinds separator", "; ").join(levels)})
    sentences.append(
        _("With skip-level visits, %(phone)s and %(online)s, the all-channel total was %(total)s.") % {
            "phone": _("phone petitions %(n)s") % {"n": wording.quantity(v.phone, CountingUnit.CALL)},
            "online": _("online petitions %(n)s") % {"n": wording.quantity(v.online, CountingUnit.ITEM)},
            "total": wording.quantity(v.all_channel_total, CountingUnit.ITEM_PERSON),
        }
    )
    return wording.join_sentences(sentences)


def overview_section(ctx: Context) -> Section:
    """The opening: totals, composition, changes against last year (and against the period before)."""
    figures = ctx.figures
    return Section("overview", "", paragraphs(
        wording.join_sentences([opening_summary(figures), wording.period_on_period_overview(figures)]),
    ))


# The handling section counts three different sets of items; each sentence names the one it counts
# (docs/statistics.md, "Handling"): the items *filed* in the period (closed = of those, closed by the cutoff:
# the closure rate), the items *due* in the period whenever filed (the on-time closure rate), and the items
# *replied* in the period whenever filed (the evaluations).


def closure_of_filed(figures: Figures) -> str:
    """本年受理的事项 and, of those, closed: the closure rate and the reply rate of the assigned ones."""
    h = figures.handling
    when = wording.period_word(figures.period.kind)
    if not h.filed:
        return wording.closure_summary(figures)
    return capfirst(_("%(when)s %(filed)s were filed (%(assigned)s assigned, %(answered)s answered on the spot); "
                      "of the items filed %(when)s, %(closed)s have been closed, a closure rate of %(rate)s, and "
                      "%(open)s are still being handled.") % {
        "when": when,
        "filed": wording.quantity(h.filed, CountingUnit.ITEM),
        "assigned": wording.quantity(h.assigned, CountingUnit.ITEM),
        "answered": wording.quantity(h.answered, CountingUnit.ITEM),
        "closed": wording.quantity(h.closed, CountingUnit.ITEM),
        "rate": wording.percent(h.closure_rate),
        "open": wording.quantity(h.open, CountingUnit.ITEM),
    })


def closure_of_due(figures: Figures) -> str:
    """The items whose handling time limit ran out in the period, whenever they were filed: on time, late,
    overdue; and the reply rate of the items assigned in the period."""
    h = figures.handling
    when = wording.period_word(figures.period.kind)
    if not h.due:
        return wording.on_time_summary(figures)
    due = _("%(when)s the handling time limit of %(due)s ran out (whenever they were filed): %(on_time)s of them "
            "were closed on time, an on-time closure rate of %(rate)s; %(late)s were closed late and %(overdue)s "
            "are overdue and still open.") % {
        "when": when,
        "due": wording.quantity(h.due, CountingUnit.ITEM),
        "on_time": wording.quantity(h.on_time, CountingUnit.ITEM),
        "rate": wording.percent(h.on_time_rate),
        "late": wording.quantity(h.late, CountingUnit.ITEM),
        "overdue": wording.quantity(h.overdue, CountingUnit.ITEM),
    }
    if h.assigned:
        reply = _("Of the %(assigned)s assigned %(when)s, the result of %(replied)s has been reported back, a reply "
                  "rate of %(rate)s.") % {
            "when": when,
            "assigned": wording.quantity(h.assigned, CountingUnit.ITEM),
            "replied": wording.quantity(h.assigned_closed, CountingUnit.ITEM),
            "rate": wording.percent(h.reply_rate),
        }
    else:
        reply = _("No item was assigned, so the reply rate cannot be computed.")
    return wording.join_sentences([capfirst(due), reply])


def evaluations_of_replied(figures: Figures) -> str:
    """The items closed (replied) in the period, whenever filed, and the evaluations of those open to it."""
    h = figures.handling
    e = h.evaluations
    when = wording.period_word(figures.period.kind)
    if not e.eligible:
        return wording.satisfaction_summary(figures)
    counted = capfirst(_("%(when)s %(replied)s were closed (counted by the date of the reply, items filed earlier "
                         "included), %(eligible)s of them open to evaluation; %(evaluated)s were evaluated, a "
                         "participation rate of %(participation)s.") % {
        "when": when,
        "replied": wording.quantity(h.replied, CountingUnit.ITEM),
        "eligible": wording.quantity(e.eligible, CountingUnit.ITEM),
        "evaluated": wording.quantity(e.evaluated, CountingUnit.ITEM),
        "participation": wording.percent(e.participation),
    })
    if not e.evaluated:
        rates = _("The satisfaction rate cannot be computed (%(reason)s).") % {"reason": e.satisfaction.reason}
        return wording.join_sentences([counted, rates])
    rates = _("Of the evaluated items, %(satisfied)s satisfied, %(basically)s basically satisfied and "
              "%(dissatisfied)s dissatisfied, a satisfaction rate of %(rate)s; %(page)s were given by the "
              "petitioners on the query page and %(staff)s were recorded by the bureau from call-backs, letters "
              "and visits.") % {
        "satisfied": wording.quantity(e.satisfied, CountingUnit.ITEM),
        "basically": wording.quantity(e.basically_satisfied, CountingUnit.ITEM),
        "dissatisfied": wording.quantity(e.dissatisfied, CountingUnit.ITEM),
        "rate": wording.percent(e.satisfaction),
        "page": wording.quantity(e.on_query_page, CountingUnit.ITEM),
        "staff": wording.quantity(e.entered_by_staff, CountingUnit.ITEM),
    }
    return wording.join_sentences([counted, rates])


def handling_section(ctx: Context) -> Section:
    """Case handling: decisions and timely acceptance; the items filed and closed of them; the items due and
    closed on time; the items closed in the period and their evaluations — each sentence naming its count."""
    figures = ctx.figures
    return Section("handling", _("Handling of petitions"), paragraphs(
        _("(1) Acceptance and assignment"),
        wording.decisions_summary(figures),
        _("(2) Closure"),
        closure_of_filed(figures),
        closure_of_due(figures),
        _("(3) Satisfaction evaluation"),
        evaluations_of_replied(figures),
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
