"""Leader reception (DESIGN.md §5): reception-day schedules and their days, appointment receptions with the
notices to the units concerned, reception campaigns with their rota, and the reception records with one row
per matter (batch) and its outcome — a filed matter is a petition item.

Nothing here is written except through ``reception.actions``; every change appends a ``ReceptionEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import Unit
from petitions.models import Category, ContentType, Petition
from workdays.models import DeadlineClass

from .querysets import (
    AppointmentQuerySet,
    CampaignQuerySet,
    NoticeQuerySet,
    ReceptionDayQuerySet,
    RecordQuerySet,
    ScheduleQuerySet,
)
from .recurrence import HolidayRule, Recurrence


class ReceptionTier(models.TextChoices):
    """Tiered reception: the township or department receives first; the county takes matters needing several units."""

    LOCAL = "local", _("Township or department")
    COUNTY = "county", _("County")


class ReceptionSchedule(models.Model):
    """A leader's recurring reception day, published ahead (e.g. every Monday; every market day)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=10, choices=ReceptionTier.choices)
    place = models.CharField(_("place"), max_length=100)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices)
    weekdays = models.JSONField(_("days of the week"), default=list, blank=True)  # 0 = Monday
    every_days = models.PositiveSmallIntegerField(_("every … days"), null=True, blank=True)
    anchor_on = models.DateField(_("a market day"), null=True, blank=True)
    holiday_rule = models.CharField(
        _("on a non-working day"), max_length=16, choices=HolidayRule.choices, default=HolidayRule.NEXT_WORKDAY
    )
    weekends_too = models.BooleanField(_("also on ordinary weekends"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")
        ordering = ["tier", "unit__path", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="schedule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="schedule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.place}"

    def rule(self):
        from .recurrence import Rule

        return Rule(
            recurrence=self.recurrence,
            weekdays=tuple(self.weekdays or ()),
            every_days=self.every_days or 0,
            anchor=self.anchor_on,
            holiday_rule=self.holiday_rule,
            weekends_too=self.weekends_too,
        )


class ReceptionDayState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")  # published, not held yet
    HELD = "held", _("Held")  # its reception record is written
    CANCELLED = "cancelled", _("Cancelled")  # called off, with the reason


class ReceptionDay(models.Model):
    """One leader reception day (领导接待日): who receives, where and when."""

    schedule = models.ForeignKey(
        ReceptionSchedule, null=True, blank=True, on_delete=models.PROTECT, related_name="days"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="reception_days"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=10, choices=ReceptionTier.choices)
    date = models.DateField(_("date"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)  # set when moved off a holiday
    provisional = models.BooleanField(_("provisional"), default=False)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=100)
    state = models.CharField(_("state"), max_length=10, choices=ReceptionDayState.choices,
                             default=ReceptionDayState.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = ReceptionDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader reception day")
        verbose_name_plural = _("leader reception days")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "date", "starts_at"], name="reception_day_unique_leader_time"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="reception_day_ends_after_start"),
        ]
        indexes = [models.Index(fields=["unit", "date"], name="reception_day_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.leader} {self.place}"

    @property
    def moved(self) -> bool:
        return bool(self.planned_on and self.planned_on != self.date)


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")  # the representatives and the units concerned are notified
    HELD = "held", _("Held")  # its reception record is written
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    """An appointment reception (预约接待): a matter needing several units, booked for a county leader."""

    subject = models.CharField(_("matter"), max_length=120)
    content = models.TextField(_("what the petitioners ask"))
    headcount = models.PositiveSmallIntegerField(_("persons expected"), default=1)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="appointments"
    )
    leader_position = models.CharField(_("leader's position"), max_length=50)  # as told to the representatives
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=100)
    reception_day = models.ForeignKey(
        ReceptionDay, verbose_name=_("on the reception day"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="appointments",
    )
    state = models.CharField(_("state"), max_length=10, choices=AppointmentState.choices,
                             default=AppointmentState.BOOKED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment reception")
        verbose_name_plural = _("appointment receptions")
        ordering = ["date", "starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(headcount__gte=1), name="appointment_headcount_positive")]

    def __str__(self) -> str:
        return f"{self.date} {self.subject}"


class Representative(models.Model):
    """A representative of the petitioners of an appointment (at most five). The phone is personal data (§7)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class AttendanceNotice(models.Model):
    """The notice to a unit concerned to attend an appointment reception; the unit acknowledges it."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice to attend")
        verbose_name_plural = _("notices to attend")
        ordering = ["-appointment__date", "pk"]
        constraints = [models.UniqueConstraint(fields=["appointment", "unit"], name="notice_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit} ← {self.appointment}"


class Campaign(models.Model):
    """A reception campaign (大接访): for a period county leaders take turns in the reception hall."""

    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception campaign")
        verbose_name_plural = _("reception campaigns")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignDuty(models.Model):
    """One leader on duty in the reception hall on one day of a campaign (the daily rota)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="duties")
    date = models.DateField(_("date"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader"), on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date", "leader"], name="duty_unique_leader_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.leader}"


class ReceptionKind(models.TextChoices):
    """On what occasion a reception was held."""

    RECEPTION_DAY = "reception_day", _("Leader reception day")
    APPOINTMENT = "appointment", _("Appointment reception")
    CAMPAIGN = "campaign", _("Reception campaign")
    JOINT = "joint", _("Joint reception")


class ReceptionRecord(models.Model):
    """What happened at one reception: who received, which units took part, and one matter per batch."""

    kind = models.CharField(_("occasion"), max_length=16, choices=ReceptionKind.choices)
    held_on = models.DateField(_("held on"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("receiving leader"), on_delete=models.PROTECT,
        related_name="reception_records",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=100)
    reception_day = models.OneToOneField(
        ReceptionDay, null=True, blank=True, on_delete=models.PROTECT, related_name="record"
    )
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="record"
    )
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception record")
        verbose_name_plural = _("reception records")
        ordering = ["-held_on", "-pk"]
        constraints = [
            # Each occasion points at what it belongs to, and at nothing else.
            models.CheckConstraint(
                condition=(
                    Q(kind="reception_day", reception_day__isnull=False, appointment__isnull=True, campaign__isnull=True)
                    | Q(kind="appointment", appointment__isnull=False, reception_day__isnull=True, campaign__isnull=True)
                    | Q(kind="campaign", campaign__isnull=False, reception_day__isnull=True, appointment__isnull=True)
                    | Q(kind="joint", reception_day__isnull=True, appointment__isnull=True, campaign__isnull=True)
                ),
                name="record_occasion_consistent",
            ),
        ]
        indexes = [models.Index(fields=["held_on", "unit"], name="reception_record_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.leader}"


class JointUnit(models.Model):
    """A department that received together with others (联合接访), or attended an appointment, and its part."""

    record = models.ForeignKey(ReceptionRecord, on_delete=models.CASCADE, related_name="joint_units")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    part = models.CharField(_("its part"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["record", "unit"], name="joint_unit_unique")]

    def __str__(self) -> str:
        return str(self.unit)


class MatterOutcome(models.TextChoices):
    """The outcome of one matter at a reception (DESIGN.md §4, reception outcomes)."""

    ANSWERED = "answered", pgettext_lazy("reception outcome", "Answered on the spot")  # 现场答复
    NOT_SUPPORTED = "not_supported", pgettext_lazy("reception outcome", "Not supported")  # 不予支持
    FILED = "filed", pgettext_lazy("reception outcome", "Case filed")  # 立案: a petition item, assigned with owner, lead unit and deadline class


class ReceptionMatter(models.Model):
    """One batch received: the persons who came together, their matter, and what the leader decided."""

    record = models.ForeignKey(ReceptionRecord, on_delete=models.CASCADE, related_name="matters")
    position = models.PositiveSmallIntegerField(default=0)
    names = models.CharField(_("petitioners"), max_length=200)  # the named ones (representatives), joined by 、
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    headcount = models.PositiveSmallIntegerField(_("persons"), default=1)
    subject = models.CharField(_("matter"), max_length=120)
    content = models.TextField(_("what they asked"))
    content_type = models.CharField(_("content type"), max_length=16, choices=ContentType.choices,
                                    default=ContentType.APPEAL_DEMAND)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(Unit, verbose_name=_("place of the problem"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=MatterOutcome.choices)
    decision = models.TextField(_("decision"))  # the answer, the reasons for not supporting, or what is to be done
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owning leader"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    deadline_class = models.CharField(_("deadline class"), max_length=10, choices=DeadlineClass.choices, blank=True)
    petition = models.OneToOneField(
        Petition, verbose_name=_("petition item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reception_matter",
    )

    class Meta:
        verbose_name = _("matter received")
        verbose_name_plural = _("matters received")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="matter_headcount_positive"),
            # A filed matter is a petition item with its lead unit and owner; the others are not.
            models.CheckConstraint(
                condition=(
                    Q(outcome="filed", petition__isnull=False, lead_unit__isnull=False, owning_leader__isnull=False)
                    | (~Q(outcome="filed") & Q(petition__isnull=True))
                ),
                name="matter_filed_is_petition",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class ReceptionEvent(models.Model):
    """Append-only history of the register: who did what, when."""

    class Kind(models.TextChoices):
        SCHEDULE_PUBLISHED = "schedule_published", _("Schedule published")
        DAY_ADDED = "day_added", _("Reception day added")
        DAY_CANCELLED = "day_cancelled", _("Reception day cancelled")
        APPOINTMENT_BOOKED = "appointment_booked", _("Appointment booked")
        APPOINTMENT_CANCELLED = "appointment_cancelled", _("Appointment cancelled")
        NOTICE_ACKNOWLEDGED = "notice_acknowledged", _("Notice acknowledged")
        CAMPAIGN_CREATED = "campaign_created", _("Campaign created")
        RECORD_WRITTEN = "record_written", _("Reception recorded")
        PHONE_REVEALED = "phone_revealed", _("Phone number shown")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
        ATTACHMENT_WITHDRAWN = "attachment_withdrawn", _("Attachment withdrawn")

    kind = models.CharField(max_length=24, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    subject = models.CharField(max_length=40)  # "appointment:12", "record:3" …
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["subject", "at"], name="reception_event_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"
