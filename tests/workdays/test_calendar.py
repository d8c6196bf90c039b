"""The working-day calendar: the State Council arrangement from chinesecalendar, the admin's overrides above it,
and the Monday–Friday rule for a year that neither knows (DESIGN.md §3).

The 2026 dates are the published arrangement as chinesecalendar 1.11 carries it:
New Year 1–3 Jan (Sunday 4 Jan worked); Spring Festival 15–23 Feb (Saturdays 14 and 28 Feb worked);
Labour Day 1–5 May (Saturday 9 May worked); Mid-autumn 25–27 Sep; National Day 1–7 Oct
(Sunday 20 Sep and Saturday 10 Oct worked). The package stops at 2026.
"""

import datetime as dt

import pytest

from workdays.calendar import PACKAGE_YEARS, WorkCalendar
from workdays.models import CalendarOverride

D = dt.date
CAL = WorkCalendar()


def test_package_covers_2004_to_2026_and_not_2027():
    assert PACKAGE_YEARS[0] == 2004
    assert PACKAGE_YEARS[-1] == 2026
    assert 2027 not in PACKAGE_YEARS


@pytest.mark.parametrize("day", [D(2026, 10, d) for d in range(1, 8)])
def test_national_day_2026_is_seven_rest_days(day):
    assert not CAL.is_workday(day)


def test_first_day_after_national_day_2026_is_a_working_day():
    assert CAL.is_workday(D(2026, 10, 8))


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 4),  # Sunday, New Year
        D(2026, 2, 14),  # Saturday, Spring Festival
        D(2026, 2, 28),  # Saturday, Spring Festival
        D(2026, 5, 9),  # Saturday, Labour Day
        D(2026, 9, 20),  # Sunday, National Day
        D(2026, 10, 10),  # Saturday, National Day
    ],
)
def test_adjusted_working_weekends_of_2026_are_working_days(day):
    assert day.weekday() >= 5
    assert CAL.is_workday(day)


def test_ordinary_weekend_next_to_an_adjusted_one_is_rest():
    assert not CAL.is_workday(D(2026, 10, 11))  # the Sunday after the worked Saturday 10 Oct
    assert not CAL.is_workday(D(2026, 9, 19))  # the Saturday before the worked Sunday 20 Sep


@pytest.mark.parametrize("day", [D(2026, 2, d) for d in range(15, 24)])
def test_spring_festival_2026_is_nine_rest_days(day):
    assert not CAL.is_workday(day)


def test_weekday_holidays_of_2026_are_rest_days():
    assert not CAL.is_workday(D(2026, 1, 2))  # Friday, New Year
    assert not CAL.is_workday(D(2026, 4, 6))  # Monday, Tomb-sweeping
    assert not CAL.is_workday(D(2026, 6, 19))  # Friday, Dragon Boat
    assert not CAL.is_workday(D(2026, 9, 25))  # Friday, Mid-autumn


def test_years_of_the_package_are_known():
    assert CAL.knows(D(2004, 1, 1))
    assert CAL.knows(D(2026, 12, 31))


def test_years_outside_the_package_are_unknown_without_overrides():
    assert not CAL.knows(D(2027, 1, 1))
    assert not CAL.knows(D(2003, 12, 31))


def test_unknown_year_follows_monday_to_friday():
    # 1 Jan 2027 is a Friday: without data it counts as a working day (the result is provisional).
    assert [CAL.is_workday(D(2027, 1, d)) for d in range(1, 8)] == [True, False, False, True, True, True, True]


def test_one_override_row_makes_its_whole_year_known():
    calendar = WorkCalendar({D(2027, 2, 10): False})
    assert calendar.knows(D(2027, 1, 1))
    assert calendar.knows(D(2027, 12, 31))
    assert not calendar.knows(D(2028, 1, 1))


def test_override_holiday_and_adjusted_saturday_in_a_new_year():
    calendar = WorkCalendar({D(2027, 1, 1): False, D(2027, 1, 9): True})
    assert not calendar.is_workday(D(2027, 1, 1))  # Friday made a holiday
    assert calendar.is_workday(D(2027, 1, 9))  # Saturday made a working day


def test_days_without_a_row_in_an_override_year_follow_monday_to_friday():
    calendar = WorkCalendar({D(2027, 1, 1): False})
    assert calendar.is_workday(D(2027, 1, 4))  # Monday
    assert not calendar.is_workday(D(2027, 1, 2))  # Saturday


def test_override_corrects_a_package_year():
    calendar = WorkCalendar({D(2026, 12, 31): False, D(2026, 10, 11): True})
    assert not calendar.is_workday(D(2026, 12, 31))
    assert calendar.is_workday(D(2026, 10, 11))
    # Other days of the year keep the package's arrangement.
    assert not calendar.is_workday(D(2026, 10, 1))
    assert calendar.is_workday(D(2026, 10, 10))


def test_changing_the_callers_dict_later_does_not_change_the_calendar():
    rows = {D(2027, 1, 1): False}
    calendar = WorkCalendar(rows)
    rows[D(2028, 1, 3)] = False
    rows[D(2027, 1, 1)] = True
    assert not calendar.knows(D(2028, 1, 3))
    assert not calendar.is_workday(D(2027, 1, 1))


def test_load_with_an_empty_table_is_the_package_calendar(db):
    calendar = WorkCalendar.load()
    assert dict(calendar.overrides) == {}
    assert not calendar.knows(D(2027, 3, 1))
    assert not calendar.is_workday(D(2026, 10, 1))


def test_load_reads_the_admins_override_rows(db):
    CalendarOverride.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    CalendarOverride.objects.create(date=D(2027, 2, 20), is_workday=True, note="春节调休")
    CalendarOverride.objects.create(date=D(2026, 12, 31), is_workday=False, note="元旦")
    calendar = WorkCalendar.load()
    assert calendar.overrides == {D(2027, 1, 1): False, D(2027, 2, 20): True, D(2026, 12, 31): False}
    assert calendar.knows(D(2027, 6, 1))
    assert not calendar.is_workday(D(2027, 1, 1))
    assert calendar.is_workday(D(2027, 2, 20))  # a Saturday
    assert not calendar.is_workday(D(2026, 12, 31))
