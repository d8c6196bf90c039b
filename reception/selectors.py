"""Reads of the reception register, always within ``visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from .models import (
    Appointment,
    AppointmentState,
    AttendanceNotice,
    MatterOutcome,
    ReceptionDay,
    ReceptionRecord,
    ReceptionTier,
)

COMING_DAYS = 120  # the schedule page shows the next four months


def coming_days(user, today: dt.date, *, tier: str = "", days: int = COMING_DAYS):
    items = (ReceptionDay.objects.visible_to(user).filter(date__gte=today, date__lte=today + dt.timedelta(days=days))
             .select_related("leader", "unit").order_by("date", "starts_at", "pk"))
    if tier in ReceptionTier.values:
        items = items.filter(tier=tier)
    return items


def past_days(user, today: dt.date):
    return (ReceptionDay.objects.visible_to(user).filter(date__lt=today).select_related("leader", "unit")
            .order_by("-date", "-starts_at"))


def by_month(days) -> list[tuple[dt.date, list[ReceptionDay]]]:
    """The days grouped by the first day of their month, in order."""
    return [(month, list(group)) for month, group in groupby(days, key=lambda d: d.date.replace(day=1))]


def coming_appointments(user, today: dt.date):
    return (Appointment.objects.visible_to(user).filter(date__gte=today, state=AppointmentState.BOOKED)
            .select_related("leader").prefetch_related("notices__unit").order_by("date", "starts_at"))


def notices_for(user):
    """The notices a user's unit received (the bureau and county leaders: every notice)."""
    return AttendanceNotice.objects.visible_to(user).order_by("acknowledged_at", "-appointment__date", "pk")


@dataclass(frozen=True)
class RecordRow:
    record: ReceptionRecord
    batches: int
    persons: int
    answered: int
    not_supported: int
    filed: int

    @classmethod
    def of(cls, record: ReceptionRecord) -> RecordRow:
        matters = list(record.matters.all())
        count = {o: sum(1 for m in matters if m.outcome == o) for o in MatterOutcome.values}
        return cls(record, len(matters), sum(m.headcount for m in matters), count[MatterOutcome.ANSWERED],
                   count[MatterOutcome.NOT_SUPPORTED], count[MatterOutcome.FILED])
