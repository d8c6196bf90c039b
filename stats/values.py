"""Value types for figures that may not be computable: a ratio and a change against a base period.

A ratio with a zero denominator, or a change against a period without data, is *not computable*: its value is
``None`` and ``reason`` says why, in words. It is never shown as 0% and never raises.

Rounding is half-up on the exact fraction (12.5% → 13%, 0.5% → 1%, −12.5% → −13%), as ``Decimal`` with
``ROUND_HALF_UP`` would round it if the quotient were written out exactly; Python's ``round()`` (half-to-even,
on a binary float) is never used. Narrative text uses whole percents, tables one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NARRATIVE_PLACES = 0  # whole percent in sentences
TABLE_PLACES = 1  # one decimal in tables, the JSON output and the dashboard

NOTHING_TO_DIVIDE_BY = _("nothing to divide by")


def percent_half_up(numerator: int, denominator: int, places: int = TABLE_PLACES) -> Decimal:
    """``numerator / denominator`` as a percent rounded half-up (away from zero on a tie) to ``places`` decimals.

    Exact for any integers. The quotient is first cut (ROUND_DOWN, never rounded up) a few digits beyond the
    rounding digit: cutting keeps a value below the half below it and an exact half exact, so ``ROUND_HALF_UP``
    then rounds as it would the exact fraction (no double rounding).
    """
    if denominator == 0:
        raise ZeroDivisionError("percent of a zero denominator")
    digits = len(str(abs(numerator) * 100 // abs(denominator))) + places + 2
    with localcontext(prec=digits, rounding=ROUND_DOWN) as context:
        quotient = Decimal(numerator * 100) / Decimal(denominator)
        context.rounding = ROUND_HALF_UP
        return quotient.quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True)
class Ratio:
    """``numerator ÷ denominator``, shown as a percent.

    ``empty`` says in words what a zero denominator means for this figure (e.g. "no item fell due in the period");
    ``unavailable`` is set instead when the figure cannot exist at all (no register holds its data yet).
    """

    numerator: int | None
    denominator: int | None
    empty: str | Promise = NOTHING_TO_DIVIDE_BY
    unavailable: str | Promise | None = None

    @classmethod
    def not_available(cls, reason: str | Promise) -> Ratio:
        return cls(None, None, unavailable=reason)

    @property
    def computable(self) -> bool:
        return self.unavailable is None and bool(self.denominator)

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.computable else None

    def percent(self, places: int = TABLE_PLACES) -> Decimal | None:
        """The percent rounded half-up to ``places`` decimals, or None when not computable."""
        return percent_half_up(self.numerator, self.denominator, places) if self.computable else None

    @property
    def reason(self) -> str | None:
        """Why the ratio cannot be computed, in the active language; None when it can."""
        if self.unavailable is not None:
            return str(self.unavailable)
        if not self.denominator:
            return str(self.empty)
        return None


class Comparing:
    """What a change is measured against (for the wording): the same period last year, or the period before."""

    YEAR_ON_YEAR = "year_on_year"
    PERIOD_ON_PERIOD = "period_on_period"


@dataclass(frozen=True)
class Change:
    """A figure of this period against the same figure of a base period: ``(current − base) ÷ base``.

    ``base`` is None when the base period has no data at all (e.g. the system was not yet in use); then
    ``no_data`` says so in words. A base of 0 cannot be divided by either; the reason says that.
    """

    current: int
    base: int | None
    no_data: str | Promise | None = None

    @property
    def available(self) -> bool:
        return self.base is not None

    @property
    def difference(self) -> int | None:
        return None if self.base is None else self.current - self.base

    @property
    def ratio(self) -> Ratio:
        """The relative change as a ratio (its percent is signed: −12.5 for a fall of 12.5%)."""
        if self.base is None:
            return Ratio.not_available(self.no_data or _("no data for the base period"))
        return Ratio(self.current - self.base, self.base, empty=_("the base period's figure is 0"))

    def percent(self, places: int = TABLE_PLACES) -> Decimal | None:
        return self.ratio.percent(places)

    @property
    def direction(self) -> str | None:
        """'up', 'down' or 'flat'; None without data for the base period."""
        if self.base is None:
            return None
        if self.current == self.base:
            return "flat"
        return "up" if self.current > self.base else "down"

    @property
    def reason(self) -> str | None:
        return self.ratio.reason
