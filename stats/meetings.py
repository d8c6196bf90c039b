"""Joint-meeting figures (DESIGN.md §5: meetings held, cases coordinated, decisions carried out) for a period and
a unit's subtree.

    from stats.meetings import compute
    figures = compute(Period.year(2026), unit=None, as_of=today)
    figures.meetings, figures.cases               # 召开联席会议 次 / 协调研究案件 件
    figures.done_on_time, figures.done_late       # 议定事项 按期完成 / 逾期完成
    figures.open, figures.overdue                 # 尚未完成 / of them past their due date
    figures.on_time_rate.percent(0)               # 按期完成率
    figures.missed_months                         # months of the period without a meeting
    figures.as_dict()                             # the keys documented in docs/statistics.md

Counted from the joint-meeting register (``meetings``):

- a meeting counts when it was **held** in the period, up to the cutoff ``min(period end, as_of)``;
- **cases coordinated**: the distinct petition items on the agendas of those meetings (an item studied at two
  meetings of the period counts once);
- **decisions**: the tasks decided at those meetings; a task is *done on time* when reported done by its due date,
  *done late* when reported done after it, both only if reported done by the cutoff; otherwise it is *open*, and
  *overdue* when its due date is before the day after the cutoff (as ``stats.figures`` counts overdue items);
- **on-time rate** = done on time ÷ (done on time + done late + overdue): open tasks not yet due do not count;
- scope: the whole county; or, for a unit, the meetings its subtree attended (and their cases) and the tasks its
  subtree owns (of meetings held in the period, whoever attended);
- **missed months**: the calendar months of the counted days without a meeting anywhere in the county (the
  "at least monthly" rule, ``meetings.schedule``); the running month is not missed yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, JointMeeting, MeetingAttendee, MeetingTask, TaskState
from meetings.schedule import missed_months
from organisation.models import Unit

from .figures import Scope, counted_days
from .periods import Period
from .values import Ratio


@dataclass(frozen=True)
class MeetingFigures:
    period: Period
    scope: Scope
    as_of: dt.date
    cutoff: dt.date
    meetings: int = 0  # 召开联席会议, 次
    cases: int = 0  # 协调研究重大信访案件, 件 (distinct items on the agendas)
    tasks: int = 0  # 议定事项, 项
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0  # not reported done by the cutoff
    overdue: int = 0  # of the open ones, past their due date
    missed_months: tuple[tuple[int, int], ...] = ()

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> Ratio:
        return Ratio(self.done_on_time, self.done_on_time + self.done_late + self.overdue,
                     empty=_("no decision was done or fell due"))

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {
            "period": str(self.period),
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "unit": None if self.scope.whole_county else self.scope.unit.name,
            "meetings": self.meetings,
            "cases": self.cases,
            "tasks": {"total": self.tasks, "done": self.done, "done_on_time": self.done_on_time,
                      "done_late": self.done_late, "open": self.open, "overdue": self.overdue},
            "rates": {"task_on_time": {"percent": None if rate.percent(1) is None else float(rate.percent(1)),
                                       "numerator": rate.numerator, "denominator": rate.denominator,
                                       "reason": rate.reason}},
            "missed_months": [f"{year}-{month:02d}" for year, month in self.missed_months],
        }


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None) -> MeetingFigures:
    as_of, cutoff, overdue_on = counted_days(period, as_of)
    scope = Scope.of(unit)

    held = JointMeeting.objects.held_between(period.start, cutoff)
    all_dates = list(held.values_list("held_on", flat=True))
    meetings = held
    tasks = MeetingTask.objects.filter(meeting__in=held)
    if not scope.whole_county:
        attended = MeetingAttendee.objects.filter(unit_id__in=scope.subtree_ids).values("meeting_id")
        meetings = held.filter(pk__in=attended)
        tasks = tasks.filter(owner_unit_id__in=scope.subtree_ids)
    cases = AgendaItem.objects.filter(meeting__in=meetings).values("petition_id").distinct().count()

    counts = {"total": 0, "on_time": 0, "late": 0, "overdue": 0}
    for due_on, state, done_on in tasks.values_list("due_on", "state", "done_on"):
        counts["total"] += 1
        if state == TaskState.DONE and done_on <= cutoff:
            counts["on_time" if done_on <= due_on else "late"] += 1
        elif due_on < overdue_on:
            counts["overdue"] += 1
    done = counts["on_time"] + counts["late"]
    return MeetingFigures(
        period=period, scope=scope, as_of=as_of, cutoff=cutoff,
        meetings=meetings.count(), cases=cases, tasks=counts["total"],
        done_on_time=counts["on_time"], done_late=counts["late"], open=counts["total"] - done,
        overdue=counts["overdue"],
        missed_months=tuple(missed_months(all_dates, since=period.start, today=overdue_on)),
    )
