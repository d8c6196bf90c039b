"""Reads of the duty rosters: who is on duty on a day, and a roster laid out by day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import DutyRoster, DutyShift


def on_duty(user, day: dt.date) -> list[DutyShift]:
    """Every shift of ``day`` across the rosters the user sees (the "on duty today" panel)."""
    rosters = DutyRoster.objects.visible_to(user).covering(day)
    return list(DutyShift.objects.filter(roster__in=rosters, on_date=day).select_related("roster")
                .order_by("shift", "roster__name"))


@dataclass(frozen=True)
class Day:
    day: dt.date
    shifts: list[DutyShift]


def roster_days(roster: DutyRoster) -> list[Day]:
    """Each day of the period with its shifts (empty for a day nobody has been entered for yet)."""
    by_day: dict[dt.date, list[DutyShift]] = {}
    for shift in roster.shifts.order_by("on_date", "shift"):
        by_day.setdefault(shift.on_date, []).append(shift)
    return [Day(day, by_day.get(day, [])) for day in roster.days]
