"""Time limits as pure functions of dates, the policy and the calendar (DESIGN.md §3).

The day of the triggering event is not counted: a limit of N days starting on day D ends on D + N
(as Chinese procedural law counts periods). Nothing here reads the clock or the database.
"""

from __future__ import annotations

import calendar as _month_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from .calendar import WorkCalendar
from .models import DayCounting, DeadlineClass


class Policy(Protocol):
    day_counting: str
    decision_days: int
    acceptance_notice_days: int
    jurisdiction_objection_working_days: int
    handling_days: int
    max_extension_days: int
    review_request_days: int
    review_decision_days: int
    re_review_request_days: int
    re_review_decision_days: int
    urgent_days: int
    general_months: int
    major_months: int
    fast_track_decision_working_days: int
    fast_track_handling_working_days: int
    report_screening_working_days: int


@dataclass(frozen=True, order=True)
class Due:
    """A due date; ``provisional`` when it rests on a year without calendar data (Monday–Friday rule)."""

    date: dt.date
    provisional: bool = False


def roll_to_workday(day: dt.date, calendar: WorkCalendar) -> Due:
    provisional = False
    while True:
        provisional |= not calendar.knows(day)
        if calendar.is_workday(day):
            return Due(day, provisional)
        day += dt.timedelta(days=1)


def _check_length(n: int) -> None:
    if n < 0:
        raise ValueError(f"a time limit cannot be negative ({n})")


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar) -> Due:
    """The n-th working day after ``start``."""
    _check_length(n)
    day, counted, provisional = start, 0, False
    while counted < n:
        day += dt.timedelta(days=1)
        provisional |= not calendar.knows(day)
        if calendar.is_workday(day):
            counted += 1
    return Due(day, provisional)


_COUNTINGS = frozenset(DayCounting.values)


def add_days(start: dt.date, n: int, counting: str, calendar: WorkCalendar) -> Due:
    """A limit of ``n`` days under one of the three counting policies."""
    _check_length(n)
    if counting not in _COUNTINGS:
        raise ValueError(f"unknown day counting {counting!r}")
    if counting == DayCounting.WORKING:
        return add_working_days(start, n, calendar)
    end = start + dt.timedelta(days=n)
    if counting == DayCounting.CALENDAR_ROLL:
        return roll_to_workday(end, calendar)
    return Due(end)


def add_months(start: dt.date, months: int, counting: str, calendar: WorkCalendar) -> Due:
    """A limit in months: the same day of the month ``months`` later (the last day if it has none)."""
    _check_length(months)
    if counting not in _COUNTINGS:
        raise ValueError(f"unknown day counting {counting!r}")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    end = dt.date(year, month, min(start.day, _month_calendar.monthrange(year, month)[1]))
    if counting == DayCounting.CALENDAR:
        return Due(end)
    # Both other policies end a month-limit on a working day.
    return roll_to_workday(end, calendar)


def earlier(*dues: Due | None) -> Due:
    """The earliest due date; provisional if any candidate that gives that date is provisional.

    (``min`` over ``Due`` alone would prefer a non-provisional candidate on a tie and hide that the
    date rests on a year without calendar data.)
    """
    present = [d for d in dues if d is not None]
    first = min(d.date for d in present)
    return Due(first, any(d.provisional for d in present if d.date == first))


def decision_due(received_on: dt.date, policy: Policy, calendar: WorkCalendar, *, fast_track: bool = False) -> Due:
    """The bureau decides (forward, assign, decline) within 15 days of receipt; fast track: 3 working days."""
    statutory = add_days(received_on, policy.decision_days, policy.day_counting, calendar)
    if fast_track:
        return earlier(statutory, add_working_days(received_on, policy.fast_track_decision_working_days, calendar))
    return statutory


def acceptance_notice_due(received_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    """The acceptance or non-acceptance notice goes to the petitioner within 15 days of receipt.

    (None is needed when the petitioner's name and address are unknown; that is the caller's decision.)
    """
    return add_days(received_on, policy.acceptance_notice_days, policy.day_counting, calendar)


def objection_due(assigned_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    """A unit may hand an item back as not its jurisdiction within 5 working days of receiving it."""
    return add_working_days(assigned_on, policy.jurisdiction_objection_working_days, calendar)


def class_due(accepted_on: dt.date, deadline_class: str, policy: Policy, calendar: WorkCalendar) -> Due:
    """The limit of a local deadline class alone (urgent: days; general and major: months)."""
    if deadline_class == DeadlineClass.URGENT:
        return add_days(accepted_on, policy.urgent_days, policy.day_counting, calendar)
    if deadline_class == DeadlineClass.GENERAL:
        return add_months(accepted_on, policy.general_months, policy.day_counting, calendar)
    if deadline_class == DeadlineClass.MAJOR:
        return add_months(accepted_on, policy.major_months, policy.day_counting, calendar)
    raise ValueError(f"unknown deadline class {deadline_class!r}")


def handling_due(
    accepted_on: dt.date,
    policy: Policy,
    calendar: WorkCalendar,
    *,
    deadline_class: str | None = None,
    fast_track: bool = False,
    due_from_above: dt.date | None = None,
) -> Due:
    """Handle and reply within 60 days of acceptance.

    A local deadline class, the fast track and a due date set by the higher body that assigned the item
    can only shorten the statutory limit: the effective due date is the earliest of them.
    """
    candidates = [add_days(accepted_on, policy.handling_days, policy.day_counting, calendar)]
    if deadline_class:
        candidates.append(class_due(accepted_on, deadline_class, policy, calendar))
    if fast_track:
        candidates.append(add_working_days(accepted_on, policy.fast_track_handling_working_days, calendar))
    if due_from_above:
        candidates.append(Due(due_from_above))
    return earlier(*candidates)


def extended_due(original_due: dt.date, extension_days: int, policy: Policy, calendar: WorkCalendar) -> Due:
    """An extension of at most ``max_extension_days``, counted from the original due date."""
    if not 1 <= extension_days <= policy.max_extension_days:
        raise ValueError(f"extension must be 1..{policy.max_extension_days} days")
    return add_days(original_due, extension_days, policy.day_counting, calendar)


def review_request_due(reply_received_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    return add_days(reply_received_on, policy.review_request_days, policy.day_counting, calendar)


def review_decision_due(requested_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    return add_days(requested_on, policy.review_decision_days, policy.day_counting, calendar)


def re_review_request_due(review_received_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    return add_days(review_received_on, policy.re_review_request_days, policy.day_counting, calendar)


def re_review_decision_due(
    requested_on: dt.date, policy: Policy, calendar: WorkCalendar, *, hearing_days: int = 0
) -> Due:
    """Re-review decision within 30 days; days spent on a hearing are not counted."""
    if hearing_days < 0:
        raise ValueError(f"hearing days cannot be negative ({hearing_days})")
    return add_days(requested_on, policy.re_review_decision_days + hearing_days, policy.day_counting, calendar)


def fast_track_eligible(*, is_repeat: bool, is_collective: bool, petitioner_count: int, from_above: bool) -> bool:
    """Simple first petitions only: not repeat, collective, multi-party, or assigned from above."""
    return not (is_repeat or is_collective or petitioner_count > 1 or from_above)


def report_screening_due(reported_on: dt.date, policy: Policy, calendar: WorkCalendar) -> Due:
    """By when the township must screen an information officer's report (accept, merge or close it)."""
    return add_working_days(reported_on, policy.report_screening_working_days, calendar)
