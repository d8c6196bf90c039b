"""The access rule of each record of the register as a queryset method (``visible_to``), used by every list,
detail page, download and export. The rule itself is stated in ``reception.access``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .access import own_unit_id, sees_everything


def _rule(queryset, user, *, unit: str | None, leader: str | None, extra=None):
    if sees_everything(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    condition = Q(pk__in=[])
    unit_id = own_unit_id(user)
    if unit_id is not None and unit:
        condition |= Q(**{unit: unit_id})
        if extra is not None:
            condition |= extra(unit_id)
    if leader and user.has_role("leader"):
        condition |= Q(**{leader: user.pk})
    # Through an id list: the joins of the rule never duplicate rows of the caller's query.
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


class ScheduleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _rule(self, user, unit="unit_id", leader="leader_id")


class ReceptionDayQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _rule(self, user, unit="unit_id", leader="leader_id")

    def coming(self, today):
        from .models import ReceptionDayState

        return self.filter(date__gte=today, state=ReceptionDayState.SCHEDULED)


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bureau and county; the units notified to attend; the leader who receives."""
        return _rule(self, user, unit="notices__unit_id", leader="leader_id")


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _rule(self, user, unit="unit_id", leader="appointment__leader_id")

    def pending(self):
        return self.filter(acknowledged_at__isnull=True)


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A campaign is the county's: bureau staff, county leaders and the leaders on its rota."""
        return _rule(self, user, unit=None, leader="duties__leader_id")


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The receiving unit's, the units that took part (joint, appointment attended), the receiving leader's."""
        return _rule(
            self, user, unit="unit_id", leader="leader_id",
            extra=lambda unit_id: Q(joint_units__unit_id=unit_id) | Q(appointment__notices__unit_id=unit_id),
        )

    def for_list(self):
        return self.select_related("leader", "unit", "campaign")
