"""Reads of the joint-meeting register: what one user sees of a meeting, the task list, the monthly warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from petitions.models import Petition

from .models import JointMeeting, MeetingTask, TaskState
from .schedule import meeting_due_this_month, missed_months

WARNING_MONTHS = 12  # the monthly warning looks back one year at most


@dataclass(frozen=True)
class Agenda:
    """The cases on a meeting's agenda as one user may see them: the visible ones, and how many others there are."""

    visible: list
    hidden: int


def agenda_for(meeting: JointMeeting, user) -> Agenda:
    ids = list(meeting.agenda.values_list("petition_id", flat=True))
    visible = list(
        Petition.objects.visible_to(user).filter(pk__in=ids).select_related("responsible_unit", "owning_leader")
        .order_by("received_on", "pk")
    )
    return Agenda(visible, len(ids) - len(visible))


def meetings_for(user):
    return JointMeeting.objects.visible_to(user).annotate(
        case_count=Count("agenda", distinct=True),
        task_count=Count("tasks", distinct=True),
        open_count=Count("tasks", filter=Q(tasks__state=TaskState.OPEN), distinct=True),
    ).order_by("-held_on", "-pk")  # Meta.ordering does not apply to a grouped query


def tasks_for(user, *, show: str = "open", today: dt.date):
    """The tasks a user sees: open ones (default), overdue ones, or all."""
    tasks = MeetingTask.objects.visible_to(user).select_related("meeting", "owner_unit", "owner_user", "petition")
    if show == "overdue":
        return tasks.overdue(today)
    if show == "open":
        return tasks.open()
    return tasks.order_by("-meeting__held_on", "due_on", "pk")


@dataclass(frozen=True)
class MonthlyWarning:
    missed: list[tuple[int, int]]  # calendar months without a meeting (the last twelve at most)
    due_this_month: bool


def monthly_warning(today: dt.date) -> MonthlyWarning | None:
    """The "at least monthly" rule over the whole register (None before the first meeting is recorded)."""
    dates = list(JointMeeting.objects.order_by("held_on").values_list("held_on", flat=True))
    if not dates:
        return None
    year, month = today.year, today.month - WARNING_MONTHS
    while month < 1:
        year, month = year - 1, month + 12
    since = max(dates[0], dt.date(year, month, 1))
    return MonthlyWarning(missed_months(dates, since=since, today=today), meeting_due_this_month(dates, today))
