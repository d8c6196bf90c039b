"""The "at least monthly" rule of joint meetings, as pure functions of the meeting dates and a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def month_of(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _next(month: tuple[int, int]) -> tuple[int, int]:
    year, number = month
    return (year + 1, 1) if number == 12 else (year, number + 1)


def missed_months(held: Iterable[dt.date], *, since: dt.date, today: dt.date) -> list[tuple[int, int]]:
    """The calendar months from ``since``'s month up to the month before ``today``'s that had no meeting.

    The running month is not missed yet: it still has days left for its meeting (``meeting_due_this_month``).
    """
    months = {month_of(day) for day in held}
    result, month, current = [], month_of(since), month_of(today)
    while month < current:
        if month not in months:
            result.append(month)
        month = _next(month)
    return result


def meeting_due_this_month(held: Iterable[dt.date], today: dt.date) -> bool:
    """True while the running month has had no meeting up to ``today``."""
    return not any(month_of(day) == month_of(today) and day <= today for day in held)
