"""Joint meetings (联席会议, DESIGN.md §5): held at least monthly; the major cases on the agenda; decisions that
become tasks with an owner and a due date.

A meeting has its attendees (a unit and the person who came, linked to the staff user when there is one), its
agenda (petitions, always shown through ``Petition.objects.visible_to``) and its tasks (议定事项). A task is open
until its owner reports it done, with the day and a note; whether it was done on time, late, or is overdue is
derived from the dates (``MeetingTask.status``), never stored.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Role, Unit

DUE_SOON_DAYS = 3


def sees_every_meeting(user) -> bool:
    """Bureau staff and leaders see every meeting and every task."""
    return bool(user.is_bureau_staff or user.has_role(Role.LEADER))


class JointMeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> JointMeetingQuerySet:
        """The access rule of the register: bureau staff and leaders see all; anyone else the meetings that his
        or her unit (or he or she in person) attended."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_every_meeting(user):
            return self
        condition = Q(user=user)
        if user.unit_id:
            condition |= Q(unit_id=user.unit_id)
        return self.filter(pk__in=MeetingAttendee.objects.filter(condition).values("meeting_id"))

    def held_between(self, start: dt.date, end: dt.date) -> JointMeetingQuerySet:
        return self.filter(held_on__gte=start, held_on__lte=end)


class JointMeeting(models.Model):
    """One joint meeting on petition work (信访工作联席会议)."""

    held_on = models.DateField(_("date"))
    title = models.CharField(_("meeting"), max_length=100)  # e.g. 2026年3月信访工作联席会议
    place = models.CharField(_("place"), max_length=100)
    chair = models.CharField(_("chaired by"), max_length=100)  # name and position, e.g. 白志强（县委常委、政法委书记）
    summary = models.TextField(_("summary"), blank=True)  # what was discussed, for the minutes
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = JointMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["held_on", "title"], name="meeting_unique_date_title"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class MeetingAttendee(models.Model):
    """Who attended: a unit and the person who came (linked to the staff user when there is one)."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="attendees")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("person"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit", "person"], name="attendee_unique_person"),
        ]
        indexes = [models.Index(fields=["unit", "meeting"], name="attendee_unit_meeting")]

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.person}）"


class AgendaItem(models.Model):
    """A major case the meeting studied."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="agenda")
    petition = models.ForeignKey("petitions.Petition", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "petition"], name="agenda_unique_petition")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.petition_id}"


class TaskState(models.TextChoices):
    OPEN = "open", _("open")  # decided, not reported done yet
    DONE = "done", _("done")  # the owner reported it done, with the day and a note


class TaskStatus(models.TextChoices):
    """What the dates say about a task on a given day (derived, not stored)."""

    OPEN = "open", _("open")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    DONE_ON_TIME = "done_on_time", _("done on time")
    DONE_LATE = "done_late", _("done late")


class MeetingTaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingTaskQuerySet:
        """Bureau staff and leaders see every task; anyone else the tasks of his or her unit or person."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if sees_every_meeting(user):
            return self
        condition = Q(owner_user=user)
        if user.unit_id:
            condition |= Q(owner_unit_id=user.unit_id)
        return self.filter(condition)

    def open(self) -> MeetingTaskQuerySet:
        return self.filter(state=TaskState.OPEN)

    def overdue(self, on: dt.date) -> MeetingTaskQuerySet:
        return self.open().filter(due_on__lt=on)


class MeetingTask(models.Model):
    """A decision of the meeting (议定事项) as a task: its owner (a unit, and a person of it when named), a due
    date, and — once done — the day and a note."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="tasks")
    text = models.TextField(_("decision"))
    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)

    objects = MeetingTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting task")
        verbose_name_plural = _("meeting tasks")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(state=TaskState.DONE) & Q(done_on__isnull=False))
                | (Q(state=TaskState.OPEN) & Q(done_on__isnull=True)),
                name="task_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_unit", "state", "due_on"], name="task_owner_state_due"),
            models.Index(fields=["state", "due_on"], name="task_state_due"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def owner_label(self) -> str:
        return f"{self.owner_unit.name}（{self.owner_user}）" if self.owner_user_id else self.owner_unit.name

    def status(self, today: dt.date) -> str:
        return task_status(self.due_on, self.done_on, today)


def task_status(due_on: dt.date, done_on: dt.date | None, today: dt.date, soon: int = DUE_SOON_DAYS) -> str:
    """A task's status on ``today``: done on time or late (by its due date), or open — overdue after the due
    date, due soon within ``soon`` days of it."""
    if done_on is not None:
        return TaskStatus.DONE_ON_TIME if done_on <= due_on else TaskStatus.DONE_LATE
    if today > due_on:
        return TaskStatus.OVERDUE
    if (due_on - today).days <= soon:
        return TaskStatus.DUE_SOON
    return TaskStatus.OPEN


class MeetingEventKind(models.TextChoices):
    RECORDED = "recorded", _("meeting recorded")
    CHANGED = "changed", _("meeting corrected")
    TASK_ADDED = "task_added", _("decision added")
    TASK_DONE = "task_done", _("task reported done")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ATTACHMENT_WITHDRAWN = "attachment_withdrawn", _("Attachment withdrawn")


class MeetingEvent(models.Model):
    """Append-only: who recorded or changed what, when (old and new values in ``data``)."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(MeetingTask, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=MeetingEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
