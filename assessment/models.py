"""The yearly assessment scheme (目标责任制考核方案): indicator weights, targets and deductions.

The assessment scores how petitions are handled, never how many were received (DESIGN.md §6): every indicator is a
handling rate, and a skip-level visit can cost a unit points only when the same matter had been raised with that
unit first and it did not handle it within its limits — a deduction the scheme may switch on. One scheme per year,
edited by an administrator (Django admin). A year without a stored scheme is assessed with the documented defaults
below — the field defaults *are* the defaults (docs/assessment.md lists them):

===================================  ======  ==========================================================
indicator                            points  rule
===================================  ======  ==========================================================
timely acceptance 及时受理率              20  full points at or above 95%, proportional below
on-time closure 按期办结率                30  full points at or above 95%, proportional below
reply rate 回复率                         15  full points at or above 95%, proportional below
satisfaction 满意率                       20  full points at or above 90%, proportional below
repeat matters resolved 重复信访事项化解率  15  full points at or above 90%, proportional below
dispute resolution 矛盾纠纷化解率            0  full points at or above 90%, proportional below
===================================  ======  ==========================================================

Deductions (扣分项) on top: 1 point per item open past its due date at the end of the period (at most 10); off by
default, 2 points per skip-level item on a matter this unit had let lapse (at most 10). The weights must add up
to the total (100). The dispute-resolution indicator (issue 13) has 0 points by default, so that every scheme
stored before it still adds up; an administrator gives it points by taking them from the others.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def plain(value: Decimal) -> str:
    """A number of points without trailing zeros: 100, 12.5, 0.25."""
    return format(value.normalize(), "f")


WEIGHT_FIELDS = (
    "timely_acceptance_weight",
    "on_time_closure_weight",
    "reply_weight",
    "satisfaction_weight",
    "repeat_resolved_weight",
    "dispute_resolution_weight",
)


def _points(verbose_name, default, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=6, decimal_places=2, default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))], **kwargs,
    )


def _target(verbose_name, default):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, default=Decimal(default),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text=_("Full points at or above this rate (percent); below it, points in proportion to the rate."),
    )


class AssessmentScheme(models.Model):
    """How the units are assessed in one year (weights in points, targets in percent, deductions with caps)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    total = _points(_("total points"), "100")

    timely_acceptance_weight = _points(_("timely acceptance: points"), "20")
    timely_acceptance_target = _target(_("timely acceptance: target rate (%)"), "95")
    on_time_closure_weight = _points(_("on-time closure: points"), "30")
    on_time_closure_target = _target(_("on-time closure: target rate (%)"), "95")
    reply_weight = _points(_("reply rate: points"), "15")
    reply_target = _target(_("reply rate: target rate (%)"), "95")
    satisfaction_weight = _points(_("satisfaction: points"), "20")
    satisfaction_target = _target(_("satisfaction: target rate (%)"), "90")
    repeat_resolved_weight = _points(_("repeat matters resolved: points"), "15")
    repeat_resolved_target = _target(_("repeat matters resolved: target rate (%)"), "90")
    dispute_resolution_weight = _points(_("dispute resolution: points"), "0")
    dispute_resolution_target = _target(_("dispute resolution: target rate (%)"), "90")

    overdue_per_item = _points(_("deduction per overdue item"), "1")
    overdue_cap = _points(_("deduction for overdue items at most"), "10")
    lapsed_skip_level_deducted = models.BooleanField(
        _("deduct for skip-level items after a lapse here"), default=False,
        help_text=_("A skip-level item counts against a unit only when it repeats a matter raised with that unit "
                    "first, which the unit had not decided or closed within its limits when the petitioner went to "
                    "the higher level. Every other skip-level visit is shown for information and costs no points."),
    )
    lapsed_skip_level_per_item = _points(_("deduction per skip-level item after a lapse here"), "2")
    lapsed_skip_level_cap = _points(_("deduction for skip-level items after a lapse here at most"), "10")

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="assessment_scheme_weights_add_up",
                condition=Q(total=sum((F(name) for name in WEIGHT_FIELDS[1:]), F(WEIGHT_FIELDS[0]))),
                violation_error_message=_("The points of the indicators must add up to the total."),
            ),
        ]

    def __str__(self) -> str:
        return _("Assessment scheme %(year)s") % {"year": self.year}

    @property
    def weights_sum(self) -> Decimal:
        return sum((getattr(self, name) or Decimal(0) for name in WEIGHT_FIELDS), Decimal(0))

    @property
    def is_stored(self) -> bool:
        """False for the default scheme of a year that has none stored."""
        return self.pk is not None

    def clean(self):
        super().clean()
        if self.total is not None and all(getattr(self, n) is not None for n in WEIGHT_FIELDS) \
                and self.weights_sum != self.total:
            raise ValidationError(
                _("The points of the indicators add up to %(sum)s, but the total is %(total)s: "
                  "change the points so that they add up to the total."),
                code="weights",
                params={"sum": plain(self.weights_sum), "total": plain(self.total)},
            )

    def validate_constraints(self, exclude=None):
        # clean() already says what is wrong with the weights, with the figures; do not say it twice.
        if self.total is not None and self.weights_sum != self.total:
            return
        super().validate_constraints(exclude=exclude)
