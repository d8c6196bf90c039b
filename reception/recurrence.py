"""The dates of a recurring reception-day rule — pure functions of the rule, a range of days and the calendar.

Two kinds of rule cover what counties publish:

- **weekdays**: on given days of the week (county leaders every Monday: ``weekdays=(0,)``);
- **every N days**: market days (逢集), every ``every_days`` days counted from an ``anchor`` market day
  (a township whose market is on the 1st, 6th, 11th … of a cycle of five days: ``every_days=5``).

**Non-working days.** A day the rule gives that is not a working day in the calendar (a weekend, or a public
holiday of the State Council's arrangement; an adjusted working weekend 调休 *is* a working day) is handled by the
rule's ``holiday_rule``:

- ``next_workday`` (the default): the reception moves to the next working day — the leader still receives that
  week, and the published schedule says from which day it was moved;
- ``skip``: no reception that time.

A market-day rule usually has ``weekends_too``: markets are held on Saturdays and Sundays as on any other day, so
ordinary weekends keep their reception and only public holidays are moved or skipped.

When a moved reception lands on a day the rule already gives (e.g. a market every two days across a long
holiday), it is held once (and says the latest day it was planned for). A date in a year the calendar does not know is judged by the Monday–Friday rule and
marked provisional, as every due date is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from django.db import models
from django.utils.translation import gettext_lazy as _

from workdays.calendar import PACKAGE_YEARS, WorkCalendar

MAX_SPAN_DAYS = 800  # a schedule is published at most about two years ahead


class Recurrence(models.TextChoices):
    WEEKDAYS = "weekdays", _("On given days of the week")  # e.g. county leaders every Monday
    EVERY_N_DAYS = "every_n_days", _("Every N days (market days)")  # 逢集: every 5 days from a market day


class HolidayRule(models.TextChoices):
    NEXT_WORKDAY = "next_workday", _("Move to the next working day")
    SKIP = "skip", _("Skip it")


@dataclass(frozen=True)
class Rule:
    recurrence: str
    weekdays: tuple[int, ...] = ()  # 0 = Monday … 6 = Sunday
    every_days: int = 0
    anchor: dt.date | None = None  # a day of the cycle (a market day)
    holiday_rule: str = HolidayRule.NEXT_WORKDAY
    weekends_too: bool = False  # ordinary weekends keep the reception (market days)

    def __post_init__(self):
        if self.recurrence == Recurrence.WEEKDAYS:
            if not self.weekdays or any(not 0 <= d <= 6 for d in self.weekdays):
                raise ValueError("a weekday rule needs weekdays between 0 (Monday) and 6 (Sunday)")
        elif self.recurrence == Recurrence.EVERY_N_DAYS:
            if self.every_days < 1 or self.anchor is None:
                raise ValueError("an every-N-days rule needs every_days >= 1 and an anchor day")
        else:
            raise ValueError(f"unknown recurrence {self.recurrence!r}")
        if self.holiday_rule not in HolidayRule.values:
            raise ValueError(f"unknown holiday rule {self.holiday_rule!r}")


@dataclass(frozen=True, order=True)
class Occurrence:
    date: dt.date  # the day the reception is held
    planned: dt.date  # the day the rule gives (differs when moved off a non-working day)
    provisional: bool = False  # rests on a year without calendar data

    @property
    def moved(self) -> bool:
        return self.date != self.planned


def is_public_holiday(day: dt.date, calendar: WorkCalendar) -> bool:
    """A non-working day that is not an ordinary weekend: a holiday of the State Council's arrangement (or a rest
    day the admin entered in the override table)."""
    if calendar.is_workday(day):
        return False
    if day in calendar.overrides:
        return True  # the admin's rest days are holidays (ordinary weekends need no row)
    if day.year in PACKAGE_YEARS:
        return chinese_calendar.get_holiday_detail(day)[1] is not None
    return False  # unknown year: only weekends are known to be rest days


def planned_days(rule: Rule, start: dt.date, end: dt.date):
    """The days the rule gives between ``start`` and ``end`` (both included), before non-working days are handled."""
    if rule.recurrence == Recurrence.WEEKDAYS:
        wanted = set(rule.weekdays)
        day = start
        while day <= end:
            if day.weekday() in wanted:
                yield day
            day += dt.timedelta(days=1)
        return
    offset = (start - rule.anchor).days % rule.every_days
    day = start + dt.timedelta(days=(rule.every_days - offset) % rule.every_days)
    while day <= end:
        yield day
        day += dt.timedelta(days=rule.every_days)


def _kept(day: dt.date, rule: Rule, calendar: WorkCalendar) -> bool:
    if calendar.is_workday(day):
        return True
    return rule.weekends_too and not is_public_holiday(day, calendar)


def occurrences(rule: Rule, start: dt.date, end: dt.date, calendar: WorkCalendar) -> list[Occurrence]:
    """The receptions of ``rule`` whose planned day is between ``start`` and ``end``, in date order.

    A moved reception can fall after ``end`` (a holiday at the end of the range moves it into the next days).
    """
    if end < start:
        return []
    if (end - start).days > MAX_SPAN_DAYS:
        raise ValueError(f"at most {MAX_SPAN_DAYS} days at a time")
    candidates: list[Occurrence] = []
    for planned in planned_days(rule, start, end):
        provisional = not calendar.knows(planned)
        day = planned
        if not _kept(day, rule, calendar):
            if rule.holiday_rule == HolidayRule.SKIP:
                continue
            while not calendar.is_workday(day):
                day += dt.timedelta(days=1)
                provisional |= not calendar.knows(day)
        candidates.append(Occurrence(day, planned, provisional))
    # A moved reception that lands on a day already holding one of the rule is held once: the one planned there,
    # else the one planned nearest before it.
    result: dict[dt.date, Occurrence] = {o.date: o for o in candidates if not o.moved}
    for occurrence in reversed(candidates):
        result.setdefault(occurrence.date, occurrence)
    return sorted(result.values())
