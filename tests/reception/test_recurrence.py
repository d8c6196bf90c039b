"""Reception days from a recurrence rule: a pure function of the rule, the range and the working-day calendar."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.recurrence import HolidayRule, Occurrence, Recurrence, Rule, is_public_holiday, occurrences
from workdays.calendar import WorkCalendar

D = dt.date
MONDAYS = Rule(Recurrence.WEEKDAYS, weekdays=(0,))
CAL = WorkCalendar({})  # chinesecalendar alone (it knows 2026)


def dates(found):
    return [o.date for o in found]


def test_every_monday_of_an_ordinary_month():
    found = occurrences(MONDAYS, D(2026, 3, 1), D(2026, 3, 31), CAL)
    assert dates(found) == [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)]
    assert not any(o.moved or o.provisional for o in found)


def test_a_monday_on_a_public_holiday_moves_to_the_next_working_day():
    # 6 April 2026 is Qingming (Monday); 4 May is inside the Labour Day holiday until the 5th; 5 October inside
    # National Day until the 7th.
    found = occurrences(MONDAYS, D(2026, 4, 1), D(2026, 10, 12), CAL)
    moved = {o.planned: o.date for o in found if o.moved}
    assert moved == {D(2026, 4, 6): D(2026, 4, 7), D(2026, 5, 4): D(2026, 5, 6), D(2026, 10, 5): D(2026, 10, 8)}


def test_two_mondays_of_the_spring_festival_are_held_once_after_it():
    # 16 and 23 February 2026 are both Spring Festival holidays; the next working day is Tuesday the 24th.
    found = occurrences(MONDAYS, D(2026, 2, 9), D(2026, 3, 2), CAL)
    assert found == [Occurrence(D(2026, 2, 9), D(2026, 2, 9)), Occurrence(D(2026, 2, 24), D(2026, 2, 23)),
                     Occurrence(D(2026, 3, 2), D(2026, 3, 2))]


def test_the_skip_rule_leaves_the_holiday_out():
    rule = Rule(Recurrence.WEEKDAYS, weekdays=(0,), holiday_rule=HolidayRule.SKIP)
    assert dates(occurrences(rule, D(2026, 4, 1), D(2026, 4, 30), CAL)) == [D(2026, 4, 13), D(2026, 4, 20),
                                                                            D(2026, 4, 27)]


def test_market_days_every_five_days_keep_ordinary_weekends_but_not_holidays():
    rule = Rule(Recurrence.EVERY_N_DAYS, every_days=5, anchor=D(2026, 3, 1), weekends_too=True)
    found = occurrences(rule, D(2026, 3, 1), D(2026, 3, 31), CAL)
    assert dates(found) == [D(2026, 3, d) for d in (1, 6, 11, 16, 21, 26, 31)]  # 1 and 21 are Sundays/Saturdays
    # Around Qingming (4–6 April 2026): the market day of the 5th (a holiday Sunday) moves to Tuesday the 7th.
    found = occurrences(rule, D(2026, 4, 1), D(2026, 4, 10), CAL)
    assert [(o.planned, o.date) for o in found] == [(D(2026, 4, 5), D(2026, 4, 7)), (D(2026, 4, 10), D(2026, 4, 10))]


def test_market_days_without_weekends_move_a_saturday_to_monday():
    rule = Rule(Recurrence.EVERY_N_DAYS, every_days=5, anchor=D(2026, 3, 1))
    found = occurrences(rule, D(2026, 3, 20), D(2026, 3, 22), CAL)
    assert [(o.planned, o.date) for o in found] == [(D(2026, 3, 21), D(2026, 3, 23))]


def test_an_adjusted_working_weekend_keeps_its_reception():
    # Saturday 14 February 2026 is a working day (调休); the other Saturdays of the month are not.
    rule = Rule(Recurrence.WEEKDAYS, weekdays=(5,), holiday_rule=HolidayRule.SKIP)
    assert dates(occurrences(rule, D(2026, 2, 1), D(2026, 2, 28), CAL)) == [D(2026, 2, 14), D(2026, 2, 28)]


def test_a_year_without_calendar_data_uses_the_overrides_and_is_provisional_otherwise():
    calendar = WorkCalendar({D(2031, 1, 6): False})  # the admin entered a holiday on a Monday of 2031
    found = occurrences(MONDAYS, D(2031, 1, 1), D(2031, 1, 13), calendar)
    assert [(o.planned, o.date, o.provisional) for o in found] == [
        (D(2031, 1, 6), D(2031, 1, 7), False), (D(2031, 1, 13), D(2031, 1, 13), False),
    ]
    unknown = occurrences(MONDAYS, D(2032, 1, 1), D(2032, 1, 12), WorkCalendar({}))
    assert [o.provisional for o in unknown] == [True, True]
    assert is_public_holiday(D(2031, 1, 6), calendar) and not is_public_holiday(D(2031, 1, 4), calendar)


@pytest.mark.parametrize("rule_args", [
    dict(recurrence=Recurrence.WEEKDAYS),
    dict(recurrence=Recurrence.WEEKDAYS, weekdays=(7,)),
    dict(recurrence=Recurrence.EVERY_N_DAYS, every_days=5),
    dict(recurrence=Recurrence.EVERY_N_DAYS, anchor=D(2026, 1, 1)),
    dict(recurrence="monthly", weekdays=(0,)),
])
def test_incomplete_rules_are_refused(rule_args):
    with pytest.raises(ValueError):
        Rule(**rule_args)


def test_too_long_a_range_is_refused():
    with pytest.raises(ValueError):
        occurrences(MONDAYS, D(2026, 1, 1), D(2029, 1, 1), CAL)


@settings(max_examples=60, deadline=None)
@given(
    every=st.integers(1, 10), anchor=st.dates(D(2025, 1, 1), D(2026, 12, 31)),
    start=st.dates(D(2026, 1, 1), D(2026, 11, 30)), length=st.integers(0, 60),
    skip=st.booleans(), weekends=st.booleans(),
)
def test_every_occurrence_is_on_a_day_the_rule_allows_once(every, anchor, start, length, skip, weekends):
    rule = Rule(Recurrence.EVERY_N_DAYS, every_days=every, anchor=anchor, weekends_too=weekends,
                holiday_rule=HolidayRule.SKIP if skip else HolidayRule.NEXT_WORKDAY)
    end = start + dt.timedelta(days=length)
    found = occurrences(rule, start, end, CAL)
    assert dates(found) == sorted(set(dates(found)))
    for o in found:
        assert start <= o.planned <= end and (o.planned - anchor).days % every == 0
        assert o.date >= o.planned
        if o.moved:
            assert not skip and CAL.is_workday(o.date)
            assert all(not CAL.is_workday(o.planned + dt.timedelta(days=i)) for i in range((o.date - o.planned).days))
        else:
            assert CAL.is_workday(o.date) or (weekends and not is_public_holiday(o.date, CAL))
    # Nothing the rule gives on a kept day is lost.
    for day in (start + dt.timedelta(days=i) for i in range(length + 1)):
        if (day - anchor).days % every == 0 and CAL.is_workday(day):
            assert day in dates(found)
