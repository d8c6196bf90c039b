"""Statistical periods: a year, a quarter, a month or any range of days, and the periods they are compared with.

``Period.parse("2026")``, ``"2026-Q1"``, ``"2026-03"``, ``"2026-01-05..2026-02-10"``; ``str(period)`` gives the
same text back. ``previous_year()`` is the same period one year earlier (同比), ``previous()`` the period just
before it (环比). A period never reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext


class PeriodKind(models.TextChoices):
    YEAR = "year", gettext_lazy("Year")
    QUARTER = "quarter", gettext_lazy("Quarter")
    MONTH = "month", gettext_lazy("Month")
    CUSTOM = "custom", gettext_lazy("Date range")


class PeriodError(ValueError):
    """Text that is not a period, or a range that ends before it starts; the message is for the user."""


_QUARTER_NAMES = (
    gettext_lazy("first quarter"),
    gettext_lazy("second quarter"),
    gettext_lazy("third quarter"),
    gettext_lazy("fourth quarter"),
)

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\S+?)\s*(?:\.\.|~|～|至)\s*(\S+)$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (earlier when negative), or that month's last day if it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def same_day_a_year_earlier(day: dt.date) -> dt.date:
    """The same calendar day a year earlier; 29 February becomes 28 February."""
    return shift_months(day, -12)


@dataclass(frozen=True, order=True)
class Period:
    """The days ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date
    kind: str = PeriodKind.CUSTOM

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError(
                _("The end of the period (%(end)s) is before its start (%(start)s).")
                % {"start": self.start.isoformat(), "end": self.end.isoformat()}
            )
        if self.kind not in PeriodKind.values:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.kind != PeriodKind.CUSTOM and _bounds(self.start, self.kind) != (self.start, self.end):
            raise ValueError(f"{self.start}..{self.end} is not a whole {self.kind}")

    # ---- constructors -------------------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(*_bounds(_first_day(year, 1), PeriodKind.YEAR), PeriodKind.YEAR)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(_("A quarter is 1 to 4 (Q1 to Q4), not %(quarter)s.") % {"quarter": quarter})
        return cls(*_bounds(_first_day(year, 3 * quarter - 2), PeriodKind.QUARTER), PeriodKind.QUARTER)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(_("A month is 1 to 12, not %(month)s.") % {"month": month})
        return cls(*_bounds(_first_day(year, month), PeriodKind.MONTH), PeriodKind.MONTH)

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> Period:
        return cls(start, end, PeriodKind.CUSTOM)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> Period:
        """The year, quarter or month that ``day`` falls in."""
        return cls(*_bounds(day, kind), kind)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026`` (year), ``2026-Q1`` (quarter), ``2026-03`` (month), ``2026-01-05..2026-02-10`` (days).

        Raises ``PeriodError`` with a message for the user when the text is none of these.
        """
        value = (text or "").strip()
        if match := _YEAR.match(value):
            return cls.year(int(match[1]))
        if match := _QUARTER.match(value):
            return cls.quarter(int(match[1]), int(match[2]))
        if match := _MONTH.match(value):
            return cls.month(int(match[1]), int(match[2]))
        if match := _RANGE.match(value):
            return cls.custom(_parse_date(match[1]), _parse_date(match[2]))
        raise PeriodError(
            _(
                "“%(text)s” is not a period. Write a year (2026), a quarter (2026-Q1), a month (2026-03) "
                "or a range of days (2026-01-05..2026-02-10)."
            )
            % {"text": value}
        )

    # ---- related periods ----------------------------------------------------------------------------------

    def previous_year(self) -> Period:
        """The same period one year earlier (同比): the same year, quarter, month or days of the previous year."""
        if self.kind == PeriodKind.YEAR:
            return Period.year(self.start.year - 1)
        if self.kind == PeriodKind.QUARTER:
            return Period.quarter(self.start.year - 1, self.quarter_number)
        if self.kind == PeriodKind.MONTH:
            return Period.month(self.start.year - 1, self.start.month)
        return Period.custom(same_day_a_year_earlier(self.start), same_day_a_year_earlier(self.end))

    def previous(self) -> Period:
        """The period just before (环比): the previous year, quarter or month; for a range, as many days before it."""
        if self.kind == PeriodKind.YEAR:
            return Period.year(self.start.year - 1)
        if self.kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
            return Period.containing(self.start - dt.timedelta(days=1), self.kind)
        end = self.start - dt.timedelta(days=1)
        return Period.custom(end - dt.timedelta(days=self.days - 1), end)

    def until(self, day: dt.date) -> Period:
        """The days of the period up to ``day`` (a range of days), or the period itself when ``day`` is on or
        after its end."""
        if day < self.start:
            raise PeriodError(
                _("%(day)s is before the period starts (%(start)s).")
                % {"day": day.isoformat(), "start": self.start.isoformat()}
            )
        return self if day >= self.end else Period.custom(self.start, day)

    # ---- properties ---------------------------------------------------------------------------------------

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def quarter_number(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        """The text ``parse`` reads back: 2026, 2026-Q1, 2026-03, 2026-01-05..2026-02-10."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{self.quarter_number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """In the active language: 2026年, 2026年第一季度, 2026年3月, 2026年1月5日至2026年2月10日.
        """
        if self.kind == PeriodKind.YEAR:
            return pgettext("period label", "%(year)s") % {"year": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return pgettext("period label", "%(quarter)s of %(year)s") % {
                "year": self.start.year,
                "quarter": _QUARTER_NAMES[self.quarter_number - 1],
            }
        if self.kind == PeriodKind.MONTH:
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT")
        if self.start == self.end:
            return formats.date_format(self.start, "DATE_FORMAT")
        return pgettext("period label", "%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "DATE_FORMAT"),
            "end": formats.date_format(self.end, "DATE_FORMAT"),
        }


MIN_YEAR = 1900  # a period's previous year must exist; no petition is older than this


def _first_day(year: int, month: int) -> dt.date:
    if not MIN_YEAR <= year <= dt.MAXYEAR:
        raise PeriodError(_("The year %(year)s is out of range.") % {"year": year})
    return dt.date(year, month, 1)


def _bounds(day: dt.date, kind: str) -> tuple[dt.date, dt.date]:
    """First and last day of the year, quarter or month that ``day`` falls in."""
    if kind == PeriodKind.YEAR:
        first_month, last_month = 1, 12
    elif kind == PeriodKind.QUARTER:
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    elif kind == PeriodKind.MONTH:
        first_month = last_month = day.month
    else:
        raise ValueError(f"no period of kind {kind!r} is defined by one day")
    return (
        dt.date(day.year, first_month, 1),
        dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
    )


def _parse_date(text: str) -> dt.date:
    if _DATE.match(text):
        year, month, day = (int(part) for part in text.split("-"))
        if year >= MIN_YEAR:
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
    raise PeriodError(_("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05.") % {"text": text})
