"""A year of monthly joint meetings for the demo county, recorded through the register's own actions.

One meeting a month (mid-month, on a working day; the running month's only once its day has come), the
county's political-legal secretary in the chair, the bureau, the political-legal organs and the units of the
cases on the agenda attending; two to four major open cases on each agenda, a decision per case (owned by the
case's responsible unit) and one for the bureau. Most decisions are done on time, some late, a few still open
and overdue. The events carry the demo's own dates.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from demo.names import person_name
from organisation.models import Role, Unit, User
from petitions.models import Petition

from . import actions
from .models import JointMeeting, MeetingEvent, MeetingEventKind, MeetingTask

CHAIR = "白志强（县委常委、政法委书记）"
PLACE = "县委第三会议室"
STANDING = ("县公安局", "县法院", "县检察院", "县人社局", "县住建局", "县自然资源局", "县司法局")
CASE_TASKS = (
    "{unit}牵头，会同相关部门于{due}前拿出化解方案，报包案领导审定后落实。",
    "{unit}对信访人反映的问题再次调查核实，依法依规答复，{due}前将办理结果报县信访局。",
    "{unit}主要负责同志亲自接谈信访人，做好思想疏导，{due}前化解到位。",
    "{unit}会同县司法局引导信访人通过法定途径解决，{due}前报送工作进展。",
)
BUREAU_TASKS = (
    "县信访局对本月到期未结事项逐件督办，{due}前通报办理情况。",
    "县信访局牵头对重复信访事项开展集中排查，{due}前形成清单报联席会议办公室。",
    "县信访局会同各乡镇梳理群众反映集中的问题，逐件制定化解方案，{due}前报送工作方案。",
)
SUMMARIES = (
    "会议听取了县信访局关于本月信访形势的汇报，逐件研究了重大信访案件的化解措施，对下一步工作作出安排。",
    "会议通报了上月议定事项落实情况，研究了疑难复杂信访案件，明确了责任单位和完成时限。",
)


def _mid_month(year: int, month: int, rng: random.Random) -> dt.date:
    day = dt.date(year, month, rng.randint(8, 18))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _months(today: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = today.year - 1, today.month
    for _ in range(13):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[1:]  # the twelve months ending with the running one


def _person(unit: Unit, rng: random.Random) -> tuple[str, User | None]:
    staff = User.objects.filter(unit=unit, is_active=True).order_by("pk").first()
    if staff is not None and not staff.full_name.endswith("办理员"):
        return staff.full_name, staff
    return person_name(rng, female=rng.random() < 0.3), None


def _agenda(built: list[Petition], held_on: dt.date, used: set[int], rng: random.Random) -> list[Petition]:
    ids = [p.pk for p in built]
    candidates = list(
        Petition.objects.filter(pk__in=ids, responsible_unit__isnull=False, accepted_on__lt=held_on)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=held_on))
        .filter(Q(owning_leader__isnull=False) | Q(deadline_class="major") | Q(is_collective=True)
                | Q(source_body__isnull=False))
        .exclude(pk__in=used).select_related("responsible_unit").order_by("accepted_on", "pk")
    )
    chosen = rng.sample(candidates, min(len(candidates), rng.randint(2, 4)))
    used.update(p.pk for p in chosen)
    return sorted(chosen, key=lambda p: p.pk)


def _completion(task: MeetingTask, today: dt.date, rng: random.Random) -> tuple[dt.date, str] | None:
    held = task.meeting.held_on
    if task.due_on < today:
        draw = rng.random()
        if draw < 0.12:
            return None  # still open, overdue
        if draw < 0.25:
            late = task.due_on + dt.timedelta(days=rng.randint(1, 12))
            return (min(late, today), "已按要求落实，因协调多个部门，完成时间有所延后。")
        return (held + dt.timedelta(days=rng.randint(3, max(3, (task.due_on - held).days))),
                "已按会议要求落实到位，办理结果已报县信访局。")
    if rng.random() < 0.3 and (today - held).days >= 3:
        return (held + dt.timedelta(days=rng.randint(3, (today - held).days)), "已提前完成，信访人表示认可。")
    return None


def load(ref, built: list[Petition], today: dt.date) -> int:
    """Record the demo year's meetings; returns how many."""
    rng = random.Random(f"meetings-{today.isoformat()}")
    supervisor = User.objects.with_role(Role.SUPERVISOR).filter(unit__kind="bureau").order_by("pk").first()
    if supervisor is None:
        return 0
    bureau = supervisor.unit
    county = Unit.objects.filter(name="县委县政府").first()
    chair_user = User.objects.filter(full_name="白志强").first()
    standing = [u for u in (Unit.objects.filter(name=n).first() for n in STANDING) if u is not None]
    people: dict[int, tuple[str, User | None]] = {bureau.pk: (supervisor.full_name, supervisor)}
    used: set[int] = set()
    count = 0
    for year, month in _months(today):
        held_on = _mid_month(year, month, rng)
        if held_on > today:
            continue
        agenda = _agenda(built, held_on, used, rng)
        units = [bureau, *([county] if county else []), *rng.sample(standing, min(4, len(standing)))]
        for petition in agenda:
            if petition.responsible_unit not in units:
                units.append(petition.responsible_unit)
        attendees = []
        for unit in units:
            if unit == county and chair_user is not None:
                attendees.append(actions.AttendeeData(unit, chair_user.full_name, chair_user))
                continue
            if unit.pk not in people:
                people[unit.pk] = _person(unit, rng)
            name, user = people[unit.pk]
            attendees.append(actions.AttendeeData(unit, name, user))
        data = actions.MeetingData(
            held_on=held_on, title=f"{year}年{month}月信访工作联席会议", place=PLACE, chair=CHAIR,
            summary=rng.choice(SUMMARIES), attendees=attendees, agenda=agenda,
        )
        meeting = actions.meeting_record(actor=supervisor, data=data, today=today)
        recorded = timezone.make_aware(dt.datetime.combine(held_on, dt.time(17, 30)))
        JointMeeting.objects.filter(pk=meeting.pk).update(recorded_at=recorded)
        MeetingEvent.objects.filter(meeting=meeting).update(at=recorded)
        tasks = []
        for petition in agenda:
            due = held_on + dt.timedelta(days=rng.choice((10, 15, 20, 30)))
            text = rng.choice(CASE_TASKS).format(unit=petition.responsible_unit.name, due=f"{due.month}月{due.day}日")
            tasks.append(actions.meeting_task_add(actor=supervisor, meeting=meeting, text=text, due_on=due,
                                                  owner_unit=petition.responsible_unit, petition=petition))
        due = held_on + dt.timedelta(days=rng.choice((10, 15)))
        tasks.append(actions.meeting_task_add(
            actor=supervisor, meeting=meeting, text=rng.choice(BUREAU_TASKS).format(due=f"{due.month}月{due.day}日"),
            due_on=due, owner_unit=bureau, owner_user=supervisor,
        ))
        MeetingEvent.objects.filter(meeting=meeting, kind=MeetingEventKind.TASK_ADDED).update(at=recorded)
        for task in tasks:
            done = _completion(task, today, rng)
            if done is not None:
                actions.meeting_task_complete(actor=supervisor, task=task, done_on=done[0], note=done[1], today=today)
                MeetingEvent.objects.filter(task=task, kind=MeetingEventKind.TASK_DONE).update(
                    at=timezone.make_aware(dt.datetime.combine(done[0], dt.time(16, 0))))
        count += 1
    return count


def reset() -> None:
    """Remove the demo's meetings (they refer to the items the demo reset removes)."""
    MeetingEvent.objects.all().delete()
    MeetingTask.objects.all().delete()
    JointMeeting.objects.all().delete()
