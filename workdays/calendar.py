"""The Chinese working-day calendar: chinesecalendar for the years it knows, the override table above it.

A date in a year that neither source knows is judged by the Monday–Friday rule and reported as
*provisional*, so that callers can show it as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import chinese_calendar


def _package_years() -> range:
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return range(min(years), max(years) + 1)


PACKAGE_YEARS = _package_years()


@dataclass(frozen=True)
class WorkCalendar:
    """Immutable view of the calendar: ``overrides`` maps a date to True (working) or False (rest)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def __post_init__(self):
        # A copy: changing the caller's dict later must not change this calendar (nor leave the set of
        # known years out of step with the overrides).
        overrides = dict(self.overrides)
        object.__setattr__(self, "overrides", overrides)
        object.__setattr__(self, "_override_years", frozenset(d.year for d in overrides))
        # chinese_calendar.is_workday costs ~25 µs a call; a calendar answers the same days again and again.
        object.__setattr__(self, "_memo", {})

    def knows(self, day: dt.date) -> bool:
        return day.year in self._override_years or day.year in PACKAGE_YEARS

    def is_workday(self, day: dt.date) -> bool:
        try:
            return self._memo[day]
        except KeyError:
            pass
        if day in self.overrides:
            answer = self.overrides[day]
        elif day.year in PACKAGE_YEARS:
            answer = chinese_calendar.is_workday(day)
        else:
            # Year with overrides but no entry for this day, or unknown year: Monday–Friday.
            answer = day.weekday() < 5
        self._memo[day] = answer
        return answer

    @classmethod
    def load(cls) -> WorkCalendar:
        """The calendar with the admin's override table, kept in each process until the table changes (and with it
        the days it has already answered)."""
        from organisation import revision

        from .models import CalendarOverride

        return revision.kept("calendar", lambda: cls(dict(CalendarOverride.objects.values_list("date", "is_workday"))))
