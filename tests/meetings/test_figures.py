"""stats.meetings against hand-counted figures, and the 联席会议 section of the year-end summary."""

import datetime as dt

import pytest

from meetings import actions
from meetings.summary import meetings_paragraph
from reports.summary import generate
from stats.meetings import compute
from stats.periods import Period

from .conftest import meeting_data

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def year(supervisor, bureau, township, other_township, case, other_case, handler):
    """January: 化子坪镇 attends, both cases, three decisions. March: 建华镇 alone, one case again, two decisions.
    (Nothing in February, April and May.)"""
    jan = actions.meeting_record(actor=supervisor, today=TODAY, data=meeting_data(
        (bureau, "局长"), (township, "高镇长"), agenda=[case, other_case], held_on=dt.date(2026, 1, 12), title="1月"))
    add = actions.meeting_task_add
    done = actions.meeting_task_complete
    t1 = add(actor=supervisor, meeting=jan, text="a", due_on=dt.date(2026, 1, 31), owner_unit=township)
    done(actor=supervisor, task=t1, done_on=dt.date(2026, 1, 30), note="ok", today=TODAY)  # on time
    t2 = add(actor=supervisor, meeting=jan, text="b", due_on=dt.date(2026, 1, 31), owner_unit=other_township)
    done(actor=supervisor, task=t2, done_on=dt.date(2026, 2, 3), note="ok", today=TODAY)  # late
    add(actor=supervisor, meeting=jan, text="c", due_on=dt.date(2026, 2, 15), owner_unit=township)  # overdue
    mar = actions.meeting_record(actor=supervisor, today=TODAY, data=meeting_data(
        (other_township, "某某"), agenda=[case], held_on=dt.date(2026, 3, 9), title="3月"))
    add(actor=supervisor, meeting=mar, text="d", due_on=dt.date(2026, 7, 30), owner_unit=other_township)  # not due
    t5 = add(actor=supervisor, meeting=mar, text="e", due_on=dt.date(2026, 3, 31), owner_user=handler)
    done(actor=supervisor, task=t5, done_on=dt.date(2026, 6, 20), note="ok", today=TODAY)  # late, after Q1


def test_the_county_figures_of_the_half_year(year):
    f = compute(Period.parse("2026-01-01..2026-06-30"), as_of=TODAY)
    assert (f.meetings, f.cases, f.tasks) == (2, 2, 5)  # the case studied twice counts once
    assert (f.done_on_time, f.done_late, f.open, f.overdue) == (1, 2, 2, 1)
    assert (f.on_time_rate.numerator, f.on_time_rate.denominator) == (1, 4)
    assert f.missed_months == ((2026, 2), (2026, 4), (2026, 5))  # June is not over on 30 June
    assert f.as_dict()["tasks"] == {"total": 5, "done": 3, "done_on_time": 1, "done_late": 2, "open": 2,
                                    "overdue": 1}
    assert f.as_dict()["rates"]["task_on_time"]["percent"] == 25.0


def test_a_finished_quarter_ignores_what_was_done_after_it(year):
    f = compute(Period.parse("2026-Q1"), as_of=TODAY)
    # Task e was done on 20 June: at the end of March it was open and overdue (due 31 March, the last day).
    assert (f.done_on_time, f.done_late, f.open, f.overdue) == (1, 1, 3, 2)
    assert f.missed_months == ((2026, 2),)


def test_a_units_figures_count_the_meetings_it_attended_and_the_tasks_it_owns(year, township, other_township):
    f = compute(Period.parse("2026-01-01..2026-06-30"), township, as_of=TODAY)
    assert (f.meetings, f.cases, f.tasks, f.done_on_time, f.done_late, f.overdue) == (1, 2, 3, 1, 1, 1)
    f = compute(Period.parse("2026-01-01..2026-06-30"), other_township, as_of=TODAY)
    assert (f.meetings, f.cases, f.tasks, f.done_late, f.open) == (1, 1, 2, 1, 1)


def test_the_running_period_is_counted_as_of_the_day(year):
    f = compute(Period.year(2026), as_of=dt.date(2026, 2, 2))
    assert (f.meetings, f.tasks, f.done_on_time, f.done_late, f.open, f.overdue) == (1, 3, 1, 0, 2, 1)
    assert f.missed_months == ()  # February is still running


def test_the_summary_paragraph_and_section(year):
    f = compute(Period.parse("2026-01-01..2026-06-30"), as_of=TODAY)
    assert meetings_paragraph(f, "本期") == (
        "本期共召开信访工作联席会议2次，协调研究重大信访案件2件，议定事项5项，已按期完成1项、逾期完成2项，"
        "尚在办理2项（其中已逾期1项），议定事项按期完成率25%。2026年2月、2026年4月、2026年5月未召开联席会议，"
        "未达到每月至少召开一次的要求。"
    )
    report = generate(Period.year(2026), as_of=TODAY)
    section = next(s for s in report.sections if s.key == "joint_meetings")
    assert section.heading.endswith("、信访工作联席会议") and section.text.startswith("全年共召开信访工作联席会议2次")


def test_the_section_is_left_out_without_meetings(db):
    report = generate(Period.year(2026), as_of=TODAY)
    assert not any(s.key == "joint_meetings" for s in report.sections)
