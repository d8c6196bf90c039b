"""The editable calendar table and the time-limit policy."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation import revision


class CalendarOverride(models.Model):
    """One day whose working status the admin sets: a holiday, or an adjusted working weekend (调休).

    Used for years that the chinesecalendar package does not cover yet, and to correct it.
    A year counts as known once it has at least one override row.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'} {self.note}"


class DayCounting(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    CALENDAR_ROLL = "calendar_roll", _("Calendar days; a due date on a non-working day moves to the next working day")
    WORKING = "working", _("Working days")


def _days(default, verbose):
    return models.PositiveSmallIntegerField(
        verbose, default=default, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )


class DeadlineClass(models.TextChoices):
    """Local deadline classes (the reference county's 急案 / 一般 / 大案); they only ever shorten the statutory limit."""

    URGENT = "urgent", _("Urgent")
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


class DeadlinePolicy(models.Model):
    """The time limits of DESIGN.md §3; one row (pk=1), edited by the admin."""

    day_counting = models.CharField(
        _("day counting"), max_length=16, choices=DayCounting.choices, default=DayCounting.CALENDAR_ROLL
    )
    decision_days = _days(15, _("days to decide (forward or assign) from receipt"))
    acceptance_notice_days = _days(15, _("days to notify acceptance from receipt"))
    jurisdiction_objection_working_days = _days(5, _("working days to object to jurisdiction"))
    handling_days = _days(60, _("days to handle and reply from acceptance"))
    max_extension_days = _days(30, _("maximum extension in days"))
    review_request_days = _days(30, _("days to request a review from the reply"))
    review_decision_days = _days(30, _("days to decide a review"))
    re_review_request_days = _days(30, _("days to request a re-review"))
    re_review_decision_days = _days(30, _("days to decide a re-review"))
    urgent_days = _days(3, _("urgent class: days"))
    general_months = models.PositiveSmallIntegerField(
        _("general class: months"), default=1, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    major_months = models.PositiveSmallIntegerField(
        _("major class: months"), default=2, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    fast_track_decision_working_days = _days(3, _("fast track: working days to decide"))
    fast_track_handling_working_days = _days(10, _("fast track: working days to handle"))
    report_screening_working_days = _days(3, _("working days for a township to screen an information officer's report"))
    collective_threshold = models.PositiveSmallIntegerField(
        _("persons that make a visit collective"), default=5, validators=[MinValueValidator(2)]
    )

    class Meta:
        verbose_name = _("time-limit policy")
        verbose_name_plural = _("time-limit policy")

    def __str__(self) -> str:
        return str(_("time-limit policy"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "DeadlinePolicy":
        """The policy in force, kept in each process until it changes (shared: read-only)."""
        return revision.kept("deadline_policy", lambda: cls.objects.get_or_create(pk=1)[0])
