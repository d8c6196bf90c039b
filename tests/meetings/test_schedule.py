"""The "at least monthly" rule as pure functions."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from meetings.schedule import meeting_due_this_month, missed_months


def test_the_months_without_a_meeting_are_listed_but_not_the_running_one():
    held = [dt.date(2026, 1, 12), dt.date(2026, 3, 2), dt.date(2026, 3, 30), dt.date(2026, 5, 8)]
    assert missed_months(held, since=dt.date(2026, 1, 1), today=dt.date(2026, 6, 3)) == [(2026, 2), (2026, 4)]
    assert missed_months(held, since=dt.date(2026, 1, 1), today=dt.date(2026, 2, 27)) == []


def test_a_year_boundary_is_crossed():
    assert missed_months([dt.date(2025, 11, 5)], since=dt.date(2025, 11, 1), today=dt.date(2026, 2, 1)) == [
        (2025, 12), (2026, 1)]


def test_the_running_month_is_due_until_its_meeting_is_held():
    held = [dt.date(2026, 5, 20)]
    assert meeting_due_this_month(held, dt.date(2026, 5, 19))  # planned later: not held yet
    assert not meeting_due_this_month(held, dt.date(2026, 5, 20))
    assert meeting_due_this_month(held, dt.date(2026, 6, 1))


@given(st.lists(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)), max_size=30),
       st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_each_month_before_today_is_either_held_or_missed(held, today):
    since = dt.date(2024, 1, 1)
    missed = set(missed_months(held, since=since, today=today))
    month = (since.year, since.month)
    while month < (today.year, today.month):
        assert (month in missed) != any((d.year, d.month) == month for d in held)
        month = (month[0] + 1, 1) if month[1] == 12 else (month[0], month[1] + 1)
    assert all(m < (today.year, today.month) for m in missed)
