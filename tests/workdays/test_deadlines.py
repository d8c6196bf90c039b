"""Every time limit of DESIGN.md §3 as a pure function of dates, the policy and the calendar.

Real dates of the 2026 State Council arrangement (as chinesecalendar carries it) are used throughout:
Spring Festival 15–23 Feb (Saturdays 14 and 28 Feb worked), Labour Day 1–5 May, Mid-autumn 25–27 Sep,
National Day 1–7 Oct (Sunday 20 Sep and Saturday 10 Oct worked). 2027 has no package data: the
Monday–Friday rule applies and the result is provisional until the admin enters override rows.

The policies are unsaved ``DeadlinePolicy`` instances, so the defaults tested are the model's own.
"""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.deadlines import DeadlineClass, Due
from workdays.models import DayCounting, DeadlinePolicy

D = dt.date
CAL = WorkCalendar()

CALENDAR = DayCounting.CALENDAR
ROLL = DayCounting.CALENDAR_ROLL
WORKING = DayCounting.WORKING


def policy(**values) -> DeadlinePolicy:
    return DeadlinePolicy(**values)


def test_default_policy_is_calendar_days_rolled_to_the_next_working_day():
    assert DeadlinePolicy().day_counting == ROLL


# --- The three day-counting policies -------------------------------------------------------------------------------


class TestDayCountingAroundNationalDay2026:
    """Received Wednesday 16 Sep 2026; 15 days end on 1 Oct, the first day of the National Day holiday."""

    received = D(2026, 9, 16)

    def test_calendar_days_end_on_the_holiday(self):
        assert deadlines.decision_due(self.received, policy(day_counting=CALENDAR), CAL) == Due(D(2026, 10, 1))

    def test_roll_moves_the_due_date_past_the_whole_holiday(self):
        assert deadlines.decision_due(self.received, policy(), CAL) == Due(D(2026, 10, 8))

    def test_working_days_skip_holidays_and_count_the_adjusted_sunday_and_saturday(self):
        # 17, 18, 20 (Sunday worked), 21–24, 28–30 Sep, 8, 9, 10 (Saturday worked), 12, 13 Oct.
        assert deadlines.decision_due(self.received, policy(day_counting=WORKING), CAL) == Due(D(2026, 10, 13))


class TestDayCountingAroundSpringFestival2026:
    def test_calendar_days_end_on_the_festival(self):
        assert deadlines.decision_due(D(2026, 2, 1), policy(day_counting=CALENDAR), CAL) == Due(D(2026, 2, 16))

    def test_roll_moves_to_the_first_day_after_the_festival(self):
        assert deadlines.decision_due(D(2026, 2, 1), policy(), CAL) == Due(D(2026, 2, 24))

    def test_working_days_count_the_adjusted_saturday_before_the_festival(self):
        # 2–6, 9–13, 14 (Saturday worked), 24–27 Feb.
        assert deadlines.decision_due(D(2026, 2, 1), policy(day_counting=WORKING), CAL) == Due(D(2026, 2, 27))

    def test_roll_stays_on_an_adjusted_working_saturday(self):
        # Friday 30 Jan + 15 days = Saturday 14 Feb, a working day before the festival.
        assert deadlines.decision_due(D(2026, 1, 30), policy(), CAL) == Due(D(2026, 2, 14))

    def test_roll_moves_an_ordinary_saturday_to_monday(self):
        # Friday 20 Mar + 15 days = Saturday 4 Apr, also the Tomb-sweeping holiday (4–6 Apr).
        assert deadlines.decision_due(D(2026, 3, 20), policy(), CAL) == Due(D(2026, 4, 7))


def test_adjusted_working_sunday_counts_in_working_day_counting():
    # From Friday 18 Sep 2026: Sunday 20 (worked), 21, 22, 23, 24 Sep.
    assert deadlines.add_working_days(D(2026, 9, 18), 5, CAL) == Due(D(2026, 9, 24))
    # Had that Sunday been a rest day, the fifth working day would be Monday 28 Sep, after Mid-autumn.
    without_it = WorkCalendar({D(2026, 9, 20): False})
    assert deadlines.add_working_days(D(2026, 9, 18), 5, without_it) == Due(D(2026, 9, 28))


def test_adjusted_working_sunday_after_new_year_2026_counts():
    # From Wednesday 31 Dec 2025: 1–3 Jan rest, Sunday 4 Jan worked, then 5–8 Jan.
    assert deadlines.add_working_days(D(2025, 12, 31), 5, CAL) == Due(D(2026, 1, 8))


def test_calendar_days_ignore_weekends_and_holidays_entirely():
    assert deadlines.add_days(D(2026, 9, 30), 3, CALENDAR, CAL) == Due(D(2026, 10, 3))


def test_the_day_of_the_event_is_not_counted():
    assert deadlines.add_days(D(2026, 3, 2), 1, CALENDAR, CAL) == Due(D(2026, 3, 3))
    assert deadlines.add_working_days(D(2026, 3, 6), 1, CAL) == Due(D(2026, 3, 9))  # Friday -> Monday


def test_unknown_day_counting_is_refused():
    with pytest.raises(ValueError, match="unknown day counting"):
        deadlines.add_days(D(2026, 3, 2), 15, "lunar", CAL)
    with pytest.raises(ValueError, match="unknown day counting"):
        deadlines.add_months(D(2026, 3, 2), 1, "lunar", CAL)


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError, match="negative"):
        deadlines.add_days(D(2026, 3, 2), -1, ROLL, CAL)
    with pytest.raises(ValueError, match="negative"):
        deadlines.add_working_days(D(2026, 3, 2), -1, CAL)
    with pytest.raises(ValueError, match="negative"):
        deadlines.add_months(D(2026, 3, 2), -1, ROLL, CAL)


# --- Decision, acceptance notice, jurisdiction objection ----------------------------------------------------------


def test_decision_limit_follows_the_policy_days():
    assert deadlines.decision_due(D(2026, 3, 2), policy(decision_days=10), CAL) == Due(D(2026, 3, 12))


def test_acceptance_notice_is_due_15_days_from_receipt():
    assert deadlines.acceptance_notice_due(D(2026, 9, 16), policy(), CAL) == Due(D(2026, 10, 8))
    assert deadlines.acceptance_notice_due(D(2026, 3, 2), policy(), CAL) == Due(D(2026, 3, 17))


def test_acceptance_notice_follows_its_own_policy_days():
    # 16 Sep + 10 = Saturday 26 Sep, inside the Mid-autumn holiday (25–27 Sep): Monday 28 Sep.
    due = deadlines.acceptance_notice_due(D(2026, 9, 16), policy(acceptance_notice_days=10), CAL)
    assert due == Due(D(2026, 9, 28))


def test_jurisdiction_objection_is_five_working_days_across_national_day():
    # From Monday 28 Sep: 29, 30 Sep, 8, 9, 10 Oct (a worked Saturday).
    assert deadlines.objection_due(D(2026, 9, 28), policy(), CAL) == Due(D(2026, 10, 10))


@pytest.mark.parametrize("counting", [CALENDAR, ROLL, WORKING])
def test_jurisdiction_objection_is_always_counted_in_working_days(counting):
    assert deadlines.objection_due(D(2026, 9, 28), policy(day_counting=counting), CAL) == Due(D(2026, 10, 10))


def test_jurisdiction_objection_follows_its_policy_days():
    assert deadlines.objection_due(D(2026, 9, 28), policy(jurisdiction_objection_working_days=2), CAL) == Due(
        D(2026, 9, 30)
    )


# --- Handling, local classes, fast track, due date from above -------------------------------------------------------


def test_handling_is_due_60_days_from_acceptance():
    assert deadlines.handling_due(D(2026, 7, 31), policy(), CAL) == Due(D(2026, 9, 29))


def test_handling_due_on_spring_festival_rolls_past_it():
    # 17 Dec 2025 + 60 days = Sunday 15 Feb 2026, the first day of the festival.
    assert deadlines.handling_due(D(2025, 12, 17), policy(day_counting=CALENDAR), CAL) == Due(D(2026, 2, 15))
    assert deadlines.handling_due(D(2025, 12, 17), policy(), CAL) == Due(D(2026, 2, 24))


def test_handling_limit_follows_the_policy_days():
    # 2 Mar + 20 = Sunday 22 Mar -> Monday 23 Mar.
    assert deadlines.handling_due(D(2026, 3, 2), policy(handling_days=20), CAL) == Due(D(2026, 3, 23))


class TestLocalDeadlineClasses:
    """Accepted Friday 31 Jul 2026; the statutory 60 days end on Tuesday 29 Sep."""

    accepted = D(2026, 7, 31)

    def test_urgent_class_is_three_days(self):
        assert deadlines.class_due(self.accepted, DeadlineClass.URGENT, policy(), CAL) == Due(D(2026, 8, 3))
        assert deadlines.handling_due(self.accepted, policy(), CAL, deadline_class=DeadlineClass.URGENT) == Due(
            D(2026, 8, 3)
        )

    def test_general_class_is_one_month(self):
        assert deadlines.class_due(self.accepted, DeadlineClass.GENERAL, policy(), CAL) == Due(D(2026, 8, 31))
        assert deadlines.handling_due(self.accepted, policy(), CAL, deadline_class=DeadlineClass.GENERAL) == Due(
            D(2026, 8, 31)
        )

    def test_major_class_of_two_months_never_lengthens_the_statutory_60_days(self):
        # Two months reach Wednesday 30 Sep, one day after the statutory limit: the earlier one applies.
        assert deadlines.class_due(self.accepted, DeadlineClass.MAJOR, policy(), CAL) == Due(D(2026, 9, 30))
        assert deadlines.handling_due(self.accepted, policy(), CAL, deadline_class=DeadlineClass.MAJOR) == Due(
            D(2026, 9, 29)
        )

    def test_general_class_never_lengthens_a_shorter_statutory_limit(self):
        short = policy(handling_days=20)
        assert deadlines.class_due(self.accepted, DeadlineClass.GENERAL, short, CAL) == Due(D(2026, 8, 31))
        # 31 Jul + 20 = Thursday 20 Aug.
        assert deadlines.handling_due(self.accepted, short, CAL, deadline_class=DeadlineClass.GENERAL) == Due(
            D(2026, 8, 20)
        )

    def test_class_lengths_follow_the_policy(self):
        longer = policy(urgent_days=7, general_months=2, major_months=3)
        assert deadlines.class_due(self.accepted, DeadlineClass.URGENT, longer, CAL) == Due(D(2026, 8, 7))
        assert deadlines.class_due(self.accepted, DeadlineClass.GENERAL, longer, CAL) == Due(D(2026, 9, 30))
        # Three months reach Saturday 31 Oct: Monday 2 Nov.
        assert deadlines.class_due(self.accepted, DeadlineClass.MAJOR, longer, CAL) == Due(D(2026, 11, 2))


def test_urgent_class_over_national_day_rolls_or_counts_working_days():
    accepted = D(2026, 9, 30)
    assert deadlines.class_due(accepted, DeadlineClass.URGENT, policy(day_counting=CALENDAR), CAL) == Due(
        D(2026, 10, 3)
    )
    assert deadlines.class_due(accepted, DeadlineClass.URGENT, policy(), CAL) == Due(D(2026, 10, 8))
    # 8, 9, 10 Oct (Saturday worked).
    assert deadlines.class_due(accepted, DeadlineClass.URGENT, policy(day_counting=WORKING), CAL) == Due(
        D(2026, 10, 10)
    )


def test_general_class_ending_in_the_holiday_rolls_to_the_next_working_day():
    assert deadlines.class_due(D(2026, 9, 1), DeadlineClass.GENERAL, policy(), CAL) == Due(D(2026, 10, 8))
    assert deadlines.class_due(D(2026, 9, 1), DeadlineClass.GENERAL, policy(day_counting=CALENDAR), CAL) == Due(
        D(2026, 10, 1)
    )


def test_an_unknown_deadline_class_is_refused_rather_than_taken_as_major():
    with pytest.raises(ValueError, match="unknown deadline class"):
        deadlines.class_due(D(2026, 3, 2), "routine", policy(), CAL)
    with pytest.raises(ValueError, match="unknown deadline class"):
        deadlines.handling_due(D(2026, 3, 2), policy(), CAL, deadline_class="routine")


class TestFastTrack:
    """Thursday 12 Feb 2026, just before Spring Festival."""

    received = D(2026, 2, 12)

    def test_decision_within_three_working_days(self):
        # 13 Feb, 14 Feb (Saturday worked), 24 Feb; the statutory 15 days end on 27 Feb.
        assert deadlines.decision_due(self.received, policy(), CAL) == Due(D(2026, 2, 27))
        assert deadlines.decision_due(self.received, policy(), CAL, fast_track=True) == Due(D(2026, 2, 24))

    def test_handling_within_ten_working_days(self):
        # 13, 14 (Sat), 24–27, 28 (Sat), 2, 3, 4 Mar; the statutory 60 days end on 13 Apr.
        assert deadlines.handling_due(self.received, policy(), CAL) == Due(D(2026, 4, 13))
        assert deadlines.handling_due(self.received, policy(), CAL, fast_track=True) == Due(D(2026, 3, 4))

    def test_fast_track_counts_working_days_whatever_the_day_counting(self):
        calendar_days = policy(day_counting=CALENDAR)
        assert deadlines.decision_due(self.received, calendar_days, CAL, fast_track=True) == Due(D(2026, 2, 24))
        assert deadlines.handling_due(self.received, calendar_days, CAL, fast_track=True) == Due(D(2026, 3, 4))

    def test_fast_track_never_lengthens_a_shorter_statutory_limit(self):
        short = policy(decision_days=2, handling_days=5)
        # 12 Feb + 2 = Saturday 14 Feb (worked); + 5 = Tuesday 17 Feb (festival) -> 24 Feb.
        assert deadlines.decision_due(self.received, short, CAL, fast_track=True) == Due(D(2026, 2, 14))
        assert deadlines.handling_due(self.received, short, CAL, fast_track=True) == Due(D(2026, 2, 24))

    def test_fast_track_days_follow_the_policy(self):
        quicker = policy(fast_track_decision_working_days=1, fast_track_handling_working_days=2)
        assert deadlines.decision_due(self.received, quicker, CAL, fast_track=True) == Due(D(2026, 2, 13))
        assert deadlines.handling_due(self.received, quicker, CAL, fast_track=True) == Due(D(2026, 2, 14))


class TestDueDateSetByTheHigherBody:
    accepted = D(2026, 3, 2)  # statutory: 1 May (Labour Day) -> 6 May

    def test_an_earlier_date_from_above_is_the_due_date(self):
        assert deadlines.handling_due(self.accepted, policy(), CAL, due_from_above=D(2026, 3, 20)) == Due(
            D(2026, 3, 20)
        )

    def test_a_later_date_from_above_never_lengthens_the_statutory_limit(self):
        assert deadlines.handling_due(self.accepted, policy(), CAL) == Due(D(2026, 5, 6))
        assert deadlines.handling_due(self.accepted, policy(), CAL, due_from_above=D(2026, 6, 30)) == Due(D(2026, 5, 6))

    def test_the_earliest_of_statutory_class_fast_track_and_above_applies(self):
        due = deadlines.handling_due(
            self.accepted,
            policy(),
            CAL,
            deadline_class=DeadlineClass.GENERAL,
            fast_track=True,
            due_from_above=D(2026, 3, 10),
        )
        # general: 2 Apr; fast track: 16 Mar; from above: 10 Mar.
        assert due == Due(D(2026, 3, 10))
        due = deadlines.handling_due(
            self.accepted,
            policy(),
            CAL,
            deadline_class=DeadlineClass.URGENT,
            fast_track=True,
            due_from_above=D(2026, 3, 10),
        )
        assert due == Due(D(2026, 3, 5))


# --- Extension, review, re-review ------------------------------------------------------------------------------------


class TestExtension:
    def test_thirty_days_are_counted_from_the_original_due_date(self):
        # Original due Tuesday 1 Sep 2026: + 30 = 1 Oct (National Day) -> 8 Oct.
        assert deadlines.extended_due(D(2026, 9, 1), 30, policy(), CAL) == Due(D(2026, 10, 8))
        assert deadlines.extended_due(D(2026, 9, 1), 30, policy(day_counting=CALENDAR), CAL) == Due(D(2026, 10, 1))

    def test_a_shorter_extension(self):
        assert deadlines.extended_due(D(2026, 9, 1), 1, policy(), CAL) == Due(D(2026, 9, 2))

    def test_working_day_counting_extends_by_working_days(self):
        assert deadlines.extended_due(D(2026, 9, 28), 5, policy(day_counting=WORKING), CAL) == Due(D(2026, 10, 10))

    @pytest.mark.parametrize("days", [0, -3, 31, 60])
    def test_an_extension_outside_1_to_30_days_is_refused(self, days):
        with pytest.raises(ValueError, match="1..30"):
            deadlines.extended_due(D(2026, 9, 1), days, policy(), CAL)

    def test_the_maximum_follows_the_policy(self):
        strict = policy(max_extension_days=10)
        assert deadlines.extended_due(D(2026, 3, 2), 10, strict, CAL) == Due(D(2026, 3, 12))
        with pytest.raises(ValueError, match="1..10"):
            deadlines.extended_due(D(2026, 3, 2), 11, strict, CAL)


def test_review_request_is_due_30_days_after_the_reply_is_received():
    assert deadlines.review_request_due(D(2026, 9, 1), policy(), CAL) == Due(D(2026, 10, 8))
    assert deadlines.review_request_due(D(2026, 9, 1), policy(day_counting=CALENDAR), CAL) == Due(D(2026, 10, 1))
    assert deadlines.review_request_due(D(2026, 3, 2), policy(review_request_days=15), CAL) == Due(D(2026, 3, 17))


def test_review_decision_is_due_30_days_after_the_request():
    # Friday 28 Aug + 30 = Sunday 27 Sep (Mid-autumn) -> Monday 28 Sep.
    assert deadlines.review_decision_due(D(2026, 8, 28), policy(), CAL) == Due(D(2026, 9, 28))
    assert deadlines.review_decision_due(D(2026, 3, 2), policy(review_decision_days=10), CAL) == Due(D(2026, 3, 12))


def test_re_review_request_is_due_30_days_after_the_review_opinion():
    # Monday 7 Sep + 30 = 7 Oct (National Day) -> 8 Oct.
    assert deadlines.re_review_request_due(D(2026, 9, 7), policy(), CAL) == Due(D(2026, 10, 8))
    assert deadlines.re_review_request_due(D(2026, 3, 2), policy(re_review_request_days=10), CAL) == Due(D(2026, 3, 12))


class TestReReviewDecision:
    requested = D(2026, 8, 3)  # Monday; + 30 = Wednesday 2 Sep

    def test_due_30_days_after_the_request(self):
        assert deadlines.re_review_decision_due(self.requested, policy(), CAL) == Due(D(2026, 9, 2))

    def test_hearing_days_are_not_counted(self):
        # 30 + 10 hearing days = Saturday 12 Sep -> Monday 14 Sep.
        assert deadlines.re_review_decision_due(self.requested, policy(), CAL, hearing_days=10) == Due(D(2026, 9, 14))

    def test_limit_follows_the_policy(self):
        assert deadlines.re_review_decision_due(self.requested, policy(re_review_decision_days=20), CAL) == Due(
            D(2026, 8, 24)
        )

    def test_negative_hearing_days_are_refused(self):
        with pytest.raises(ValueError, match="hearing"):
            deadlines.re_review_decision_due(self.requested, policy(), CAL, hearing_days=-1)


# --- Month arithmetic ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 Feb: the last day of February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),  # across the year end
        (D(2026, 11, 30), 1, D(2026, 12, 30)),
        (D(2026, 1, 15), 12, D(2027, 1, 15)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
    ],
)
def test_month_arithmetic_in_calendar_days(start, months, expected):
    assert deadlines.add_months(start, months, CALENDAR, CAL) == Due(expected)


def test_jan_31_plus_one_month_in_2026_is_an_adjusted_working_saturday_and_does_not_roll():
    assert deadlines.add_months(D(2026, 1, 31), 1, ROLL, CAL) == Due(D(2026, 2, 28))


@pytest.mark.parametrize("counting", [ROLL, WORKING])
def test_a_month_limit_ending_on_a_holiday_moves_to_the_next_working_day(counting):
    # 1 Apr + 1 month = 1 May (Labour Day, 1–5 May).
    assert deadlines.add_months(D(2026, 4, 1), 1, counting, CAL) == Due(D(2026, 5, 6))


def test_a_month_limit_in_calendar_days_may_end_on_a_holiday():
    assert deadlines.add_months(D(2026, 4, 1), 1, CALENDAR, CAL) == Due(D(2026, 5, 1))


# --- A year without calendar data (2027) -----------------------------------------------------------------------------


class TestYearWithoutCalendarData:
    """Accepted Tuesday 1 Dec 2026: 60 days end on Saturday 30 Jan 2027."""

    accepted = D(2026, 12, 1)

    def test_roll_uses_monday_to_friday_and_is_provisional(self):
        assert deadlines.handling_due(self.accepted, policy(), CAL) == Due(D(2027, 2, 1), provisional=True)

    def test_working_day_counting_into_2027_is_provisional(self):
        due = deadlines.handling_due(self.accepted, policy(day_counting=WORKING), CAL)
        assert due.provisional
        assert due.date.year == 2027 and due.date.weekday() < 5

    def test_calendar_days_need_no_calendar_and_are_not_provisional(self):
        assert deadlines.handling_due(self.accepted, policy(day_counting=CALENDAR), CAL) == Due(D(2027, 1, 30))

    def test_an_adjusted_working_saturday_entered_by_the_admin_counts(self):
        calendar = WorkCalendar({D(2027, 1, 30): True})
        assert deadlines.handling_due(self.accepted, policy(), calendar) == Due(D(2027, 1, 30))

    def test_a_holiday_entered_by_the_admin_moves_the_date_and_ends_provisional(self):
        calendar = WorkCalendar({D(2027, 2, 1): False, D(2027, 2, 2): False})
        assert deadlines.handling_due(self.accepted, policy(), calendar) == Due(D(2027, 2, 3))

    def test_any_override_row_of_2027_makes_the_monday_to_friday_result_definite(self):
        calendar = WorkCalendar({D(2027, 10, 1): False})
        assert deadlines.handling_due(self.accepted, policy(), calendar) == Due(D(2027, 2, 1))

    def test_working_day_counting_with_2027_overrides_skips_the_holidays(self):
        # From Monday 28 Dec 2026: 29, 30, 31 Dec, then 1 Jan 2027 (a Friday) is a working day by default …
        assert deadlines.objection_due(D(2026, 12, 28), policy(), CAL) == Due(D(2027, 1, 4), provisional=True)
        # … and a holiday once the admin says so.
        calendar = WorkCalendar({D(2027, 1, 1): False})
        assert deadlines.objection_due(D(2026, 12, 28), policy(), calendar) == Due(D(2027, 1, 5))

    def test_a_due_date_entirely_in_2026_is_not_provisional(self):
        assert deadlines.decision_due(D(2026, 12, 10), policy(), CAL) == Due(D(2026, 12, 25))
        assert deadlines.objection_due(D(2026, 12, 24), policy(), CAL) == Due(D(2026, 12, 31))

    def test_a_due_date_in_2026_that_rolls_into_january_2027_is_provisional(self):
        # 16 Dec + 15 = Thursday 31 Dec 2026. Suppose the admin marks it a rest day (as the 2027 New Year
        # arrangement may do) before entering 2027 itself: the roll lands on 1 Jan 2027, a guess.
        calendar = WorkCalendar({D(2026, 12, 31): False})
        assert deadlines.decision_due(D(2026, 12, 16), policy(), CAL) == Due(D(2026, 12, 31))
        assert deadlines.decision_due(D(2026, 12, 16), policy(), calendar) == Due(D(2027, 1, 1), provisional=True)
        # Once 2027 is entered as well, the same date is definite.
        calendar = WorkCalendar({D(2026, 12, 31): False, D(2027, 1, 1): False})
        assert deadlines.decision_due(D(2026, 12, 16), policy(), calendar) == Due(D(2027, 1, 4))

    def test_a_december_limit_ending_on_the_first_weekend_of_2027_is_provisional(self):
        # Friday 18 Dec 2026 + 15 = Saturday 2 Jan 2027 -> Monday 4 Jan 2027, by the Monday–Friday rule.
        assert deadlines.decision_due(D(2026, 12, 18), policy(), CAL) == Due(D(2027, 1, 4), provisional=True)

    def test_month_limit_into_2027_is_provisional_unless_counted_in_calendar_days(self):
        assert deadlines.add_months(D(2026, 12, 15), 1, ROLL, CAL) == Due(D(2027, 1, 15), provisional=True)
        assert deadlines.add_months(D(2026, 12, 15), 1, CALENDAR, CAL) == Due(D(2027, 1, 15))

    def test_a_date_from_above_before_a_provisional_statutory_date_is_definite(self):
        due = deadlines.handling_due(self.accepted, policy(), CAL, due_from_above=D(2026, 12, 31))
        assert due == Due(D(2026, 12, 31))

    def test_fast_track_decision_into_2027_is_provisional(self):
        # From Tuesday 29 Dec 2026: 30, 31 Dec, 1 Jan 2027 (unknown).
        due = deadlines.decision_due(D(2026, 12, 29), policy(), CAL, fast_track=True)
        assert due == Due(D(2027, 1, 1), provisional=True)


def test_earlier_keeps_provisional_when_a_tied_candidate_is_provisional():
    day = D(2027, 2, 1)
    assert deadlines.earlier(Due(day), Due(day, provisional=True)) == Due(day, provisional=True)
    assert deadlines.earlier(Due(day, provisional=True), Due(day)) == Due(day, provisional=True)


def test_earlier_takes_the_earliest_date_whatever_its_provisional_flag():
    assert deadlines.earlier(Due(D(2027, 2, 1), True), None, Due(D(2026, 12, 31))) == Due(D(2026, 12, 31))
    assert deadlines.earlier(Due(D(2027, 1, 4), True), Due(D(2027, 2, 1))) == Due(D(2027, 1, 4), True)


# --- Fast-track eligibility ------------------------------------------------------------------------------------------


def test_a_simple_first_petition_of_one_person_is_eligible_for_the_fast_track():
    assert deadlines.fast_track_eligible(is_repeat=False, is_collective=False, petitioner_count=1, from_above=False)


@pytest.mark.parametrize(
    "reason",
    [
        dict(is_repeat=True),
        dict(is_collective=True),
        dict(petitioner_count=2),
        dict(petitioner_count=5),
        dict(from_above=True),
    ],
    ids=["repeat", "collective", "two-parties", "five-parties", "assigned-from-above"],
)
def test_repeat_collective_multi_party_and_from_above_items_are_not_eligible(reason):
    values = dict(is_repeat=False, is_collective=False, petitioner_count=1, from_above=False) | reason
    assert not deadlines.fast_track_eligible(**values)


# --- Properties ------------------------------------------------------------------------------------------------------

# No per-example time limit (a test must not fail because the machine is busy) and no example database
# written into the work tree.
properties = settings(deadline=None, database=None)

all_days = st.dates(min_value=D(2004, 1, 1), max_value=D(2027, 12, 31))
countings = st.sampled_from([CALENDAR, ROLL, WORKING])
lengths = st.integers(min_value=0, max_value=400)
# Override rows for 2027 as the admin might enter them: some weekdays off, some weekend days worked.
overrides_2027 = st.dictionaries(
    st.dates(min_value=D(2027, 1, 1), max_value=D(2027, 12, 31)), st.booleans(), min_size=1, max_size=30
)
calendars = st.one_of(st.just(CAL), overrides_2027.map(WorkCalendar))


@properties
@given(start=all_days, n=lengths, counting=countings, calendar=calendars)
def test_property_due_is_never_before_the_start(start, n, counting, calendar):
    assert deadlines.add_days(start, n, counting, calendar).date >= start


@properties
@given(start=all_days, n=st.integers(min_value=1, max_value=400), calendar=calendars)
def test_property_working_day_counting_lands_on_a_working_day(start, n, calendar):
    due = deadlines.add_working_days(start, n, calendar)
    assert due.date > start
    assert calendar.is_workday(due.date)


@properties
@given(start=all_days, n=lengths, months=st.integers(min_value=0, max_value=24), calendar=calendars)
def test_property_roll_policy_never_ends_on_a_non_working_day(start, n, months, calendar):
    assert calendar.is_workday(deadlines.add_days(start, n, ROLL, calendar).date)
    assert calendar.is_workday(deadlines.add_months(start, months, ROLL, calendar).date)


@properties
@given(start=all_days, n=lengths, m=lengths, counting=countings, calendar=calendars)
def test_property_a_longer_limit_never_gives_an_earlier_date(start, n, m, counting, calendar):
    shorter, longer = sorted((n, m))
    assert (
        deadlines.add_days(start, shorter, counting, calendar).date
        <= deadlines.add_days(start, longer, counting, calendar).date
    )


@properties
@given(
    start=all_days,
    a=st.integers(min_value=0, max_value=36),
    b=st.integers(min_value=0, max_value=36),
    counting=countings,
)
def test_property_more_months_never_give_an_earlier_date(start, a, b, counting):
    fewer, more = sorted((a, b))
    assert (
        deadlines.add_months(start, fewer, counting, CAL).date <= deadlines.add_months(start, more, counting, CAL).date
    )


@properties
@given(
    accepted=all_days,
    counting=countings,
    deadline_class=st.sampled_from([DeadlineClass.URGENT, DeadlineClass.GENERAL, DeadlineClass.MAJOR]),
    handling_days=st.integers(min_value=1, max_value=120),
    urgent_days=st.integers(min_value=1, max_value=120),
    general_months=st.integers(min_value=1, max_value=6),
    major_months=st.integers(min_value=1, max_value=6),
    fast_track=st.booleans(),
)
def test_property_class_and_fast_track_due_never_later_than_statutory(
    accepted, counting, deadline_class, handling_days, urgent_days, general_months, major_months, fast_track
):
    rules = policy(
        day_counting=counting,
        handling_days=handling_days,
        urgent_days=urgent_days,
        general_months=general_months,
        major_months=major_months,
    )
    statutory = deadlines.handling_due(accepted, rules, CAL)
    effective = deadlines.handling_due(accepted, rules, CAL, deadline_class=deadline_class, fast_track=fast_track)
    assert effective.date <= statutory.date
    assert effective.date <= deadlines.class_due(accepted, deadline_class, rules, CAL).date


@properties
@given(start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 8, 31)), n=st.integers(min_value=1, max_value=60))
def test_property_working_days_agree_with_chinesecalendars_own_list(start, n):
    workdays = chinese_calendar.get_workdays(start + dt.timedelta(days=1), start + dt.timedelta(days=120))
    assert deadlines.add_working_days(start, n, CAL) == Due(workdays[n - 1])


@properties
@given(start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 8, 31)), n=lengths, counting=countings)
def test_property_a_due_date_within_the_package_years_is_never_provisional(start, n, counting):
    due = deadlines.add_days(start, n, counting, CAL)
    if due.date.year <= 2026:
        assert not due.provisional


@properties
@given(start=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 6, 30)), n=st.integers(min_value=1, max_value=400))
def test_property_a_rolled_or_working_day_due_in_2027_without_data_is_provisional(start, n):
    for counting in (ROLL, WORKING):
        due = deadlines.add_days(start, n, counting, CAL)
        if due.date.year == 2027:
            assert due.provisional


@properties
@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 6, 30)),
    n=st.integers(min_value=0, max_value=150),
    counting=countings,
    overrides=overrides_2027,
)
def test_property_with_2027_override_rows_nothing_in_2027_is_provisional(start, n, counting, overrides):
    due = deadlines.add_days(start, n, counting, WorkCalendar(overrides))
    if due.date.year <= 2027:
        assert not due.provisional
