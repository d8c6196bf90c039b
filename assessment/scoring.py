"""The monthly assessment of units (目标责任制考核): every figure from ``stats.figures.compute`` for the unit's
subtree, turned into points by the year's scheme, and the units ranked.

    ranking = rank_units(Period.month(2026, 10), as_of=today)
    for group in ranking.groups:
        for result in group.results:
            result.rank, result.unit.name, result.score, result.scores, result.deductions

The rules (docs/assessment.md):

- **Rate indicators** (timely acceptance, on-time closure, reply rate, satisfaction): full points at or above the
  scheme's target rate, below it ``points × rate ÷ target``, on the exact rate (not the rounded percent).
  A rate that cannot be computed — the unit had nothing of the kind to do in the period (no decision, nothing
  due, nothing assigned, nothing evaluated) — gets **full points**, and the table says why, never 0%.
- **Count indicators** (lower is better): repeat petitions from the unit's area, and skip-level person-visits from
  its area: the points less the scheme's points per item / per person, not below 0.
- **Deductions** (扣分项): per overdue item (open past its due date at the end of the period) and per skip-level
  batch from the unit's area, each up to its cap.
- **Score** = the indicators' points − the deductions, not below 0; every figure rounded half-up to 0.01 point
  before it is added, so the columns of the table add up to the score shown.
- **Ranking**: townships (with sub-districts and management offices) and county departments are ranked in two
  groups — a department is never the place of a problem, so it has no intake figures to be measured on. In a
  group, higher score first; equal scores share a rank (1, 2, 2, 4) and are listed in the order of the unit tree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from organisation.models import Unit, UnitKind
from stats import wording
from stats.figures import Figures, compute, compute_each
from stats.periods import Period, PeriodKind
from stats.values import Ratio, percent_half_up

from .models import AssessmentScheme

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class Group(models.TextChoices):
    TOWNSHIPS = "townships", gettext_lazy("Townships and sub-districts")
    DEPARTMENTS = "departments", gettext_lazy("County departments")


GROUP_KINDS = {
    Group.TOWNSHIPS: (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE),
    Group.DEPARTMENTS: (UnitKind.DEPARTMENT, UnitKind.DISCIPLINE, UnitKind.POLITICAL_LEGAL),
}


class Rule:
    RATE = "rate"  # full points at or above the target rate, proportional below; not computable: full points
    PER_COUNT = "per_count"  # the points less so much per item or person, not below 0


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    rule: str
    ratio: Callable[[Figures], Ratio] | None = None  # the rate (for a count indicator: the rate shown beside it)
    count: Callable[[Figures], int] | None = None  # the count of a count indicator

    @property
    def weight_field(self) -> str:
        return f"{self.key}_weight"

    @property
    def parameter_field(self) -> str:
        """The scheme's target rate (rate indicators) or points off per item (count indicators)."""
        return {"repeat": "repeat_per_item", "skip_level": "skip_level_per_person"}.get(self.key, f"{self.key}_target")


INDICATORS = (
    Indicator("timely_acceptance", pgettext_lazy("assessment indicator", "Timely acceptance"), Rule.RATE,
              ratio=lambda f: f.rates.timely_acceptance),
    Indicator("on_time_closure", pgettext_lazy("assessment indicator", "On-time closure"), Rule.RATE, ratio=lambda f: f.rates.on_time_closure),
    Indicator("reply", pgettext_lazy("assessment indicator", "Reply rate"), Rule.RATE, ratio=lambda f: f.rates.reply),
    Indicator("satisfaction", pgettext_lazy("assessment indicator", "Satisfaction"), Rule.RATE, ratio=lambda f: f.rates.satisfaction),
    Indicator("repeat", pgettext_lazy("assessment indicator", "Repeat petitions"), Rule.PER_COUNT, ratio=lambda f: f.rates.repeat,
              count=lambda f: f.volume.repeat_items),
    Indicator("skip_level", pgettext_lazy("assessment indicator", "Skip-level person-visits"), Rule.PER_COUNT,
              count=lambda f: f.volume.skip_level.total.persons),
)


def round_points(value: Fraction) -> Decimal:
    """Points rounded half-up to 0.01 on the exact value."""
    return percent_half_up(value.numerator, value.denominator * 100, 2)


@dataclass(frozen=True)
class Score:
    """One indicator of one unit: the figure and the points it earned."""

    indicator: Indicator
    weight: Decimal
    points: Decimal
    ratio: Ratio | None
    count: int | None

    @property
    def full_by_rule(self) -> bool:
        """A rate that cannot be computed (nothing to do): full points by rule."""
        return self.indicator.rule == Rule.RATE and not self.ratio.computable


def score(indicator: Indicator, scheme: AssessmentScheme, figures: Figures) -> Score:
    weight = getattr(scheme, indicator.weight_field)
    parameter = getattr(scheme, indicator.parameter_field)
    ratio = indicator.ratio(figures) if indicator.ratio else None
    count = indicator.count(figures) if indicator.count else None
    if indicator.rule == Rule.RATE:
        if not ratio.computable:
            points = weight.quantize(CENT)
        else:
            reached = ratio.fraction * 100 / Fraction(parameter)
            points = round_points(Fraction(weight) * min(Fraction(1), reached))
    else:
        points = max(ZERO, weight - parameter * count).quantize(CENT)
    return Score(indicator, weight, points, ratio, count)


@dataclass(frozen=True)
class Deduction:
    """A deduction (扣分项): so many points per item or batch, up to a cap."""

    key: str  # "overdue" or "escalated"
    label: str | Promise
    count: int
    points: Decimal
    capped: bool


DEDUCTIONS = (
    ("overdue", gettext_lazy("Overdue items"), "overdue_per_item", "overdue_cap", lambda f: f.handling.overdue),
    ("escalated", gettext_lazy("Skip-level batches"), "escalated_per_batch", "escalated_cap",
     lambda f: f.volume.skip_level.total.batches),
)


def deductions(scheme: AssessmentScheme, figures: Figures) -> tuple[Deduction, ...]:
    result = []
    for key, label, per_field, cap_field, count_of in DEDUCTIONS:
        count = count_of(figures)
        uncapped = getattr(scheme, per_field) * count
        cap = getattr(scheme, cap_field)
        result.append(Deduction(key, label, count, min(uncapped, cap).quantize(CENT), uncapped > cap))
    return tuple(result)


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    figures: Figures
    scores: tuple[Score, ...]
    deductions: tuple[Deduction, ...]
    rank: int = 0

    @property
    def indicator_points(self) -> Decimal:
        return sum((s.points for s in self.scores), ZERO)

    @property
    def deducted(self) -> Decimal:
        return sum((d.points for d in self.deductions), ZERO)

    @property
    def score(self) -> Decimal:
        return max(ZERO, self.indicator_points - self.deducted)

    def deduction(self, key: str) -> Deduction:
        return next(d for d in self.deductions if d.key == key)

    @property
    def had_work(self) -> bool:
        """Whether the unit had anything to be measured on: a rate that could be computed, or a count above 0."""
        return any((s.ratio is not None and s.ratio.computable) or s.count for s in self.scores)


def assess(unit: Unit, figures: Figures, scheme: AssessmentScheme) -> UnitResult:
    return UnitResult(unit, figures, tuple(score(i, scheme, figures) for i in INDICATORS), deductions(scheme, figures))


def ranked(results: Iterable[UnitResult]) -> tuple[UnitResult, ...]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4) and keep the order of the unit tree."""
    ordered = sorted(results, key=lambda r: (-r.score, r.unit.path, r.unit.pk))
    out: list[UnitResult] = []
    for position, result in enumerate(ordered, start=1):
        rank = out[-1].rank if out and out[-1].score == result.score else position
        out.append(dataclasses.replace(result, rank=rank))
    return tuple(out)


@dataclass(frozen=True)
class RankedGroup:
    group: str
    results: tuple[UnitResult, ...]

    @property
    def label(self) -> str:
        return Group(self.group).label


@dataclass(frozen=True)
class Ranking:
    scheme: AssessmentScheme
    period: Period
    as_of: dt.date
    groups: tuple[RankedGroup, ...]
    county: Figures  # the whole county's figures of the period, with the comparisons (for the bulletin's opening)

    @property
    def results(self) -> tuple[UnitResult, ...]:
        return tuple(r for g in self.groups for r in g.results)

    def result_for(self, unit: Unit) -> UnitResult | None:
        return next((r for r in self.results if r.unit.pk == unit.pk), None)

    @property
    def label(self) -> str:
        return period_label(self.period)


def scheme_for(year: int) -> AssessmentScheme:
    """The stored scheme of ``year``, or the default scheme (not saved: the documented field defaults)."""
    return AssessmentScheme.objects.filter(year=year).first() or AssessmentScheme(year=year)


def assessed_units(group: str) -> list[Unit]:
    return list(Unit.objects.filter(is_active=True, kind__in=GROUP_KINDS[group]).order_by("path"))


def rank_units(period: Period, *, as_of: dt.date, scheme: AssessmentScheme | None = None) -> Ranking:
    """Assess and rank every active township and department for ``period`` (a month, or a year to date)."""
    scheme = scheme or scheme_for(period.start.year)
    units = {group: assessed_units(group) for group in Group}
    # Every unit's figures from one set of passes over the items (not a dozen queries per unit).
    figures = compute_each(period, [unit for members in units.values() for unit in members], as_of=as_of)
    groups = [
        RankedGroup(group, ranked(assess(unit, figures[unit.pk], scheme) for unit in members))
        for group, members in units.items()
    ]
    county = compute(period, None, as_of=as_of, compare=True)
    return Ranking(scheme, period, as_of, tuple(groups), county)


def year_to_date(month: Period) -> Period:
    """From 1 January to the end of ``month`` (年度累计)."""
    return Period.custom(dt.date(month.start.year, 1, 1), month.end)


def period_label(period: Period) -> str:
    """2026年10月; a year to date: 2026年1—10月."""
    if period.kind == PeriodKind.CUSTOM and period.start.month == 1 and period.start.day == 1 \
            and period.end.year == period.start.year and (period.end + dt.timedelta(days=1)).day == 1:
        if period.end.month == 1:
            return Period.month(period.start.year, 1).label
        return _("%(year)s, months 1 to %(month)s") % {"year": period.start.year, "month": period.end.month}
    return period.label


def figure_text(s: Score) -> str:
    """The figure of an indicator for a table cell: 94.1%; 2件（11.1%）; 3人次; or why it cannot be computed."""
    if s.indicator.rule == Rule.RATE:
        if s.full_by_rule:
            return _("not computable (%(reason)s): full points") % {"reason": s.ratio.reason}
        return wording.table_percent(s.ratio)
    unit = wording.CountingUnit.PERSON if s.indicator.key == "skip_level" else wording.CountingUnit.ITEM
    text = wording.quantity(s.count, unit)
    if s.ratio is not None and s.ratio.computable and s.count:
        text += _(" (%(percent)s)") % {"percent": wording.table_percent(s.ratio)}
    return text
