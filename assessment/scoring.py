"""The monthly assessment of units (目标责任制考核): every figure from ``stats.figures.compute`` for the unit's
subtree (and the two of ``assessment.handling``), turned into points by the year's scheme, and the units ranked.

    ranking = rank_units(Period.month(2026, 10), as_of=today)
    for group in ranking.groups:
        for result in group.results:
            result.rank, result.unit.name, result.score, result.scores, result.deductions

The rules (docs/assessment.md) score how petitions are handled, never how many were received (DESIGN.md §6):

- **Indicators** (timely acceptance, on-time closure, reply rate, satisfaction, repeat matters resolved, dispute
  resolution 化解率 over the disputes whose responsible unit is in the subtree) are rates:
  full points at or above the scheme's target rate, below it ``points × rate ÷ target``, on the exact rate (not
  the rounded percent). A rate that cannot be computed — the unit had nothing of the kind to do in the period (no
  decision, nothing due, nothing assigned, nothing evaluated, no repeat petition due, no dispute found) — gets
  **full points**, and
  the table says why, never 0%.
- **Deductions** (扣分项): per item open past its due date at the end of the period, up to a cap; and, when the
  scheme switches it on, per skip-level item on a matter the unit had let lapse (``assessment.handling``), up to a
  cap.
- **Skip-level visits** from the unit's area are shown beside the score for information; they earn and cost no
  points.
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
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from organisation.models import Unit, UnitKind
from stats import wording
from stats.figures import Figures, compute, compute_each
from stats.periods import Period, PeriodKind
from stats.values import Ratio, percent_half_up

from . import handling
from .handling import HandlingExtras
from .models import AssessmentScheme, plain

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class Group(models.TextChoices):
    TOWNSHIPS = "townships", gettext_lazy("Townships and sub-districts")
    DEPARTMENTS = "departments", gettext_lazy("County departments")


GROUP_KINDS = {
    Group.TOWNSHIPS: (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE),
    Group.DEPARTMENTS: (UnitKind.DEPARTMENT, UnitKind.DISCIPLINE, UnitKind.POLITICAL_LEGAL),
}


@dataclass(frozen=True)
class Indicator:
    """A handling rate: full points at or above the target rate, proportional below; not computable: full points."""

    key: str
    label: str | Promise
    ratio: Callable[[Figures, HandlingExtras], Ratio]

    @property
    def weight_field(self) -> str:
        return f"{self.key}_weight"

    @property
    def target_field(self) -> str:
        return f"{self.key}_target"


INDICATORS = (
    Indicator("timely_acceptance", pgettext_lazy("assessment indicator", "Timely acceptance"),
              lambda f, extras: f.rates.timely_acceptance),
    Indicator("on_time_closure", pgettext_lazy("assessment indicator", "On-time closure"),
              lambda f, extras: f.rates.on_time_closure),
    Indicator("reply", pgettext_lazy("assessment indicator", "Reply rate"), lambda f, extras: f.rates.reply),
    Indicator("satisfaction", pgettext_lazy("assessment indicator", "Satisfaction"),
              lambda f, extras: f.rates.satisfaction),
    Indicator("repeat_resolved", pgettext_lazy("assessment indicator", "Repeat matters resolved"),
              lambda f, extras: extras.repeat.resolved),
    Indicator("dispute_resolution", pgettext_lazy("assessment indicator", "Dispute resolution"),
              lambda f, extras: f.rates.dispute_resolution),
)


def round_points(value: Fraction) -> Decimal:
    """Points rounded half-up to 0.01 on the exact value."""
    return percent_half_up(value.numerator, value.denominator * 100, 2)


@dataclass(frozen=True)
class Score:
    """One indicator of one unit: the rate and the points it earned."""

    indicator: Indicator
    weight: Decimal
    points: Decimal
    ratio: Ratio

    @property
    def full_by_rule(self) -> bool:
        """A rate that cannot be computed (nothing to do): full points by rule."""
        return not self.ratio.computable


def score(indicator: Indicator, scheme: AssessmentScheme, figures: Figures, extras: HandlingExtras) -> Score:
    weight = getattr(scheme, indicator.weight_field)
    ratio = indicator.ratio(figures, extras)
    if not ratio.computable:
        points = weight.quantize(CENT)
    else:
        reached = ratio.fraction * 100 / Fraction(getattr(scheme, indicator.target_field))
        points = round_points(Fraction(weight) * min(Fraction(1), reached))
    return Score(indicator, weight, points, ratio)


@dataclass(frozen=True)
class Deduction:
    """A deduction (扣分项): so many points per item, up to a cap; ``counted`` False when the scheme does not
    deduct for it (the count is then shown, the points are 0)."""

    key: str  # "overdue" or "lapsed_skip_level"
    label: str | Promise
    count: int
    points: Decimal
    capped: bool
    counted: bool = True


def _deduction(key, label, count: int, per: Decimal, cap: Decimal, counted: bool = True) -> Deduction:
    uncapped = per * count if counted else ZERO
    return Deduction(key, label, count, min(uncapped, cap).quantize(CENT), uncapped > cap, counted)


def deductions(scheme: AssessmentScheme, figures: Figures, extras: HandlingExtras) -> tuple[Deduction, ...]:
    return (
        _deduction("overdue", gettext_lazy("Overdue items"), figures.handling.overdue, scheme.overdue_per_item,
                   scheme.overdue_cap),
        _deduction("lapsed_skip_level", gettext_lazy("Skip-level items after a lapse here"),
                   extras.lapsed_skip_level, scheme.lapsed_skip_level_per_item, scheme.lapsed_skip_level_cap,
                   counted=scheme.lapsed_skip_level_deducted),
    )


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    figures: Figures
    scores: tuple[Score, ...]
    deductions: tuple[Deduction, ...]
    extras: HandlingExtras = HandlingExtras()
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
        """Whether the unit had anything to be measured on: a rate that could be computed."""
        return any(s.ratio.computable for s in self.scores)

    @property
    def skip_level_text(self) -> str:
        """The skip-level visits from the unit's area, for information (no points): 1批2人次."""
        return wording.visits(self.figures.volume.skip_level.total)


def assess(unit: Unit, figures: Figures, scheme: AssessmentScheme, extras: HandlingExtras) -> UnitResult:
    return UnitResult(unit, figures, tuple(score(i, scheme, figures, extras) for i in INDICATORS),
                      deductions(scheme, figures, extras), extras)


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
    every = [unit for members in units.values() for unit in members]
    # Every unit's figures from one set of passes over the items (not a dozen queries per unit).
    figures = compute_each(period, every, as_of=as_of)
    extras = handling.compute_each(period, every, as_of=as_of)
    groups = [
        RankedGroup(group, ranked(assess(unit, figures[unit.pk], scheme, extras[unit.pk]) for unit in members))
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
    """The rate of an indicator for a table cell: 94.1%; or why it cannot be computed."""
    if s.full_by_rule:
        return _("not computable (%(reason)s): full points") % {"reason": s.ratio.reason}
    return wording.table_percent(s.ratio)


def scheme_text(scheme: AssessmentScheme) -> list[str]:
    """The scheme in words, sentence by sentence (the ranking page, the .xlsx and the bulletin say the same)."""
    separator = pgettext("list of figures", ", ")
    weights = separator.join(
        _("%(indicator)s %(points)s points") % {"indicator": i.label, "points": plain(getattr(scheme, i.weight_field))}
        for i in INDICATORS)
    targets = separator.join(
        _("%(indicator)s at least %(target)s%%")
        % {"indicator": i.label, "target": plain(getattr(scheme, i.target_field))}
        for i in INDICATORS)
    sentences = [
        _("The assessment scores how petitions are handled, never how many were received: %(weights)s, "
          "%(total)s points in all.") % {"weights": weights, "total": plain(scheme.total)},
        _("An indicator at or above its target (%(targets)s) earns full points, below it points in proportion to "
          "the rate; an indicator with nothing of the kind to do in the period counts as full points.")
        % {"targets": targets},
        _("Deduction: %(per)s points per item still open past its due date at the end of the period, at most "
          "%(cap)s points.") % {"per": plain(scheme.overdue_per_item), "cap": plain(scheme.overdue_cap)},
    ]
    if scheme.lapsed_skip_level_deducted:
        sentences.append(_(
            "A skip-level visit counts against a unit only when the same matter had been raised with that unit "
            "first and the unit had not decided or closed it within its limits: %(per)s points per such item, at "
            "most %(cap)s points. Every other skip-level visit is shown for information and costs no points."
        ) % {"per": plain(scheme.lapsed_skip_level_per_item), "cap": plain(scheme.lapsed_skip_level_cap)})
    else:
        sentences.append(_(
            "Skip-level visits are shown for information and cost no points. (A scheme may deduct points for a "
            "skip-level visit only when the same matter had been raised with the unit first and the unit had not "
            "decided or closed it within its limits; this scheme does not.)"
        ))
    return sentences
