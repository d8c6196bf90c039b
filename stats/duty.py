"""Duty-roster figures (DESIGN.md §5: duty rosters for important meetings and events) for a period.

    from stats.duty import compute
    figures = compute(Period.year(2026), as_of=today)
    figures.rosters            # the events with a roster whose shifts fall in the counted days, in date order
    figures.shifts, figures.days, figures.persons    # 班次 / 天 / 人次 on duty

Counted from the duty register (``duty``): a shift counts when its day lies in the period up to the cutoff
``min(period end, as_of)``; a roster counts when at least one of its shifts does. ``persons`` counts the names on
each shift (separated by 、), so one person on two shifts counts twice (人次). The rosters are the bureau's, kept
for the whole county: a unit's scope has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duty.models import DutyShift
from organisation.models import Unit

from .figures import Scope, counted_days
from .periods import Period


@dataclass(frozen=True)
class DutyFigures:
    period: Period
    as_of: dt.date
    cutoff: dt.date
    rosters: tuple[str, ...] = ()  # event names, in the order of their first counted shift
    shifts: int = 0  # 值班班次
    days: int = 0  # distinct days with at least one shift
    persons: int = 0  # 值班人次

    def as_dict(self) -> dict:
        return {
            "period": str(self.period),
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "rosters": list(self.rosters),
            "shifts": self.shifts,
            "days": self.days,
            "persons": self.persons,
        }


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None) -> DutyFigures:
    """One query: the shifts of the counted days with their roster's name."""
    as_of, cutoff, _overdue_on = counted_days(period, as_of)
    if not Scope.of(unit).whole_county:
        return DutyFigures(period, as_of, cutoff)
    rows = (
        DutyShift.objects.filter(on_date__range=(period.start, cutoff))
        .order_by("on_date", "roster__starts_on", "roster_id")
        .values_list("on_date", "roster__name", "staff")
    )
    rosters: dict[str, None] = {}
    days, shifts, persons = set(), 0, 0
    for on_date, name, staff in rows:
        rosters.setdefault(name, None)
        days.add(on_date)
        shifts += 1
        persons += len([person for person in staff.replace("，", "、").split("、") if person.strip()])
    return DutyFigures(period, as_of, cutoff, tuple(rosters), shifts, len(days), persons)
