"""Duty-roster figures (stats/duty.py) and their paragraph in the year-end summary (duty/summary.py)."""

import datetime as dt

from duty.summary import duty_paragraph
from stats.duty import compute
from stats.periods import Period


def test_shifts_days_and_persons_of_the_counted_days(roster):
    # 1 October: a day shift of two (刘晓燕、张志华) and a night shift of one; 2 October: a day shift of one.
    f = compute(Period.parse("2026"), as_of=dt.date(2026, 11, 27))
    assert (f.rosters, f.shifts, f.days, f.persons) == (("2026年国庆节期间",), 3, 2, 4)
    assert f.as_dict()["persons"] == 4


def test_only_shifts_up_to_the_cutoff_count(roster):
    f = compute(Period.parse("2026-10"), as_of=dt.date(2026, 10, 1))
    assert (f.shifts, f.days, f.persons) == (2, 1, 3)
    assert compute(Period.parse("2026-09"), as_of=dt.date(2026, 11, 27)).rosters == ()


def test_a_unit_has_no_rosters_of_its_own(roster, township):
    f = compute(Period.parse("2026"), township, as_of=dt.date(2026, 11, 27))
    assert (f.rosters, f.shifts) == ((), 0)


def test_the_summary_paragraph(roster):
    f = compute(Period.parse("2026"), as_of=dt.date(2026, 11, 27))
    assert duty_paragraph(f, "全年") == "全年在2026年国庆节期间组织值班1次，安排值班3班次、4人次，覆盖2天。"


def test_several_rosters_are_named_as_important_periods(roster, supervisor):
    from duty import actions
    from duty.models import Shift

    meeting = actions.duty_roster_create(actor=supervisor, name="2026年全国两会期间", starts_on=dt.date(2026, 3, 4),
                                         ends_on=dt.date(2026, 3, 11))
    actions.duty_shift_set(actor=supervisor, roster=meeting, on_date=dt.date(2026, 3, 5), shift=Shift.ALL_DAY,
                           staff="赵强", place="县信访局", phone="0911-6212345")
    f = compute(Period.parse("2026"), as_of=dt.date(2026, 11, 27))
    assert f.rosters == ("2026年全国两会期间", "2026年国庆节期间")
    assert duty_paragraph(f, "全年") == (
        "全年在2026年全国两会期间、2026年国庆节期间等重要时期组织值班2次，安排值班4班次、5人次，覆盖3天。"
    )
