"""Duty rosters (值班, DESIGN.md §5) for important meetings, events and sensitive periods (两会, 国庆 …).

A roster names the event and its period; each day's shifts say who is on duty, where, the internal phone to
reach them, and the leader in charge (带班领导). Every staff member sees every roster; the bureau's supervisors
and administrators keep them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DutyRosterQuerySet(models.QuerySet):
    def visible_to(self, user) -> DutyRosterQuerySet:
        """Every active staff member sees every roster (the phones on it are internal)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self

    def covering(self, day: dt.date) -> DutyRosterQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class DutyRoster(models.Model):
    name = models.CharField(_("event"), max_length=100)  # e.g. 2026年国庆节期间
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    requirements = models.TextField(_("duty requirements"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = DutyRosterQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="roster_ends_after_start"),
            models.UniqueConstraint(fields=["name", "starts_on"], name="roster_unique_name_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> list[dt.date]:
        return [self.starts_on + dt.timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]


class Shift(models.TextChoices):
    # In the order of the day (the values sort that way too).
    ALL_DAY = "a_all_day", _("all day")  # 全天 (24 h)
    DAY = "b_day", _("day shift")  # 白班
    NIGHT = "c_night", _("night shift")  # 夜班


class DutyShift(models.Model):
    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="shifts")
    on_date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.ALL_DAY)
    staff = models.CharField(_("on duty"), max_length=100)  # one or more names, separated by 、
    place = models.CharField(_("where"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40)  # the duty phone or the staff member's: internal
    leader = models.CharField(_("leader in charge"), max_length=100, blank=True)  # name and position

    class Meta:
        verbose_name = _("duty shift")
        ordering = ["on_date", "shift", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "on_date", "shift"], name="shift_unique_per_day"),
        ]
        indexes = [models.Index(fields=["on_date"], name="shift_on_date")]

    def __str__(self) -> str:
        return f"{self.on_date} {self.get_shift_display()} {self.staff}"


class DutyEventKind(models.TextChoices):
    CREATED = "created", _("roster created")
    CHANGED = "changed", _("roster corrected")
    SHIFT_SET = "shift_set", _("shift entered")
    SHIFT_CHANGED = "shift_changed", _("shift changed")


class DutyEvent(models.Model):
    """Append-only: who set up or changed what, when (old and new values in ``data``)."""

    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=DutyEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
