"""Case ownership (包案) with the five assurances, supervision notices (督办通知), the completion reports sent back
to the higher body (办结报告), and the supervision bulletins (督查通报)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions.models import Petition

DUE_SOON_DAYS = 3  # a warning this many days before a due date, as on the worklists


class Assurance(models.TextChoices):
    """The five assurances (五落实); an item counts as owned only when all five are in place."""

    LEADER = "leader", _("Owning leader")  # 包案领导
    UNIT = "unit", _("Lead unit and handlers")  # 牵头单位和责任人
    DEADLINE = "deadline", _("Deadline")  # 化解期限
    RISK = "risk", _("Risk-control measures")  # 风险防控措施
    FUNDS = "funds", _("Funds")  # 资金落实


# The risk the five assurances control is that the matter stays unresolved, not the petitioner (DESIGN.md §6).
RISK_MEASURES_HELP = _("Measures to resolve the matter: how the dispute will be settled and the petitioner's "
                       "reasonable demands met. Never record the watching or control of petitioners.")


class OwnershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> OwnershipQuerySet:
        """Bureau staff see every record; a leader those of the items he or she owns; a unit those of its items."""
        from .access import item_condition

        return self.filter(item_condition(user, "petition__"), petition__isnull=False)

    def of_disputes(self) -> OwnershipQuerySet:
        """The ownership records of screened disputes (their access rule is ``screening.access``)."""
        return self.filter(dispute__isnull=False)

    def complete(self) -> OwnershipQuerySet:
        """Owned: all five assurances in place."""
        return self.filter(completed_on__isnull=False)


class Ownership(models.Model):
    """The ownership record (包案) of one petition item or one screened dispute (``screening.Dispute``): the owning
    leader is the item's or the dispute's ``owning_leader``; the other four assurances are kept here.
    ``completed_on`` is the day all five were first in place (None: not yet owned)."""

    petition = models.OneToOneField(Petition, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="ownership")
    dispute = models.OneToOneField("screening.Dispute", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ownership")
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handlers = models.CharField(_("persons responsible"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline for resolving"), null=True, blank=True)
    risk_measures = models.TextField(_("risk-control measures"), blank=True, help_text=RISK_MEASURES_HELP)
    funds = models.TextField(_("funds"), blank=True)
    completed_on = models.DateField(_("owned since"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OwnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("case ownership")
        verbose_name_plural = _("case ownerships")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline", "completed_on"], name="ownership_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(petition__isnull=False) & Q(dispute__isnull=True))
                | (Q(petition__isnull=True) & Q(dispute__isnull=False)),
                name="ownership_of_item_or_dispute",
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject)

    @property
    def subject(self):
        """The petition item or the dispute owned."""
        return self.petition if self.petition_id else self.dispute

    def missing(self, owning_leader_id=None) -> list[Assurance]:
        """The assurances not yet in place (the leader is the item's or the dispute's owning leader)."""
        leader = owning_leader_id if owning_leader_id is not None else self.subject.owning_leader_id
        present = {
            Assurance.LEADER: bool(leader),
            Assurance.UNIT: bool(self.lead_unit_id and self.handlers.strip()),
            Assurance.DEADLINE: self.deadline is not None,
            Assurance.RISK: bool(self.risk_measures.strip()),
            Assurance.FUNDS: bool(self.funds.strip()),
        }
        return [a for a in Assurance if not present[a]]


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> NoticeQuerySet:
        """Bureau staff see every notice; a leader those on the items he or she owns; a unit those on its items."""
        from .access import item_condition

        return self.filter(item_condition(user, "petition__"))

    def open(self) -> NoticeQuerySet:
        return self.filter(completed_on__isnull=True)

    def overdue(self, on: dt.date) -> NoticeQuerySet:
        return self.open().filter(due_on__lt=on)

    def due_soon(self, on: dt.date, days: int = DUE_SOON_DAYS) -> NoticeQuerySet:
        return self.open().filter(due_on__gte=on, due_on__lte=on + dt.timedelta(days=days))

    def for_list(self) -> NoticeQuerySet:
        return self.select_related("petition__responsible_unit", "petition__owning_leader", "issued_by")


class SupervisionNotice(models.Model):
    """A supervision notice (督办通知) on an item: what the bureau requires, and by when; completed when the bureau
    records that the requirement was met."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="supervision_notices")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    requirement = models.TextField(_("requirement"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="notice_unique_number"),
            models.UniqueConstraint(
                fields=["petition"], condition=Q(completed_on__isnull=True), name="notice_one_open_per_petition"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=F("issued_on")), name="notice_due_after_issue"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("issued_on")),
                name="notice_completed_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(completed_on__isnull=True), name="notice_open_due"),
            models.Index(fields=["issued_on"], name="notice_issued"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """督〔2026〕15号."""
        return f"督〔{self.year}〕{self.serial}号"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None

    def status(self, today: dt.date) -> str:
        """'overdue', 'due_soon', 'open', 'on_time' or 'late' — derived from the dates."""
        if self.completed_on is not None:
            return "on_time" if self.completed_on <= self.due_on else "late"
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return "open"


class ReportBack(models.Model):
    """The completion report (办结报告) on an item from a higher body, sent back up: when, and by whom."""

    petition = models.OneToOneField(Petition, on_delete=models.PROTECT, related_name="report_back")
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("report sent back up")
        verbose_name_plural = _("reports sent back up")
        indexes = [models.Index(fields=["sent_on"], name="report_back_sent")]

    def __str__(self) -> str:
        return f"{self.petition} {self.sent_on}"


def report_back_due(petition) -> dt.date | None:
    """By when the report must reach the higher body: its own due date, else the item's handling due date."""
    return petition.source_due_on or petition.handling_due_on


class Bulletin(models.Model):
    """A supervision bulletin (督查通报) as issued: its text is kept, so that it reads later as it was sent."""

    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    period_key = models.CharField(_("period"), max_length=30)
    period_start = models.DateField()
    period_end = models.DateField()
    as_of = models.DateField(_("figures as of"))
    text = models.TextField(_("text"))  # the body, one paragraph per line
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="bulletin_unique_number"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="bulletin_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """督查通报〔2026〕第3期."""
        return f"督查通报〔{self.year}〕第{self.serial}期"


class Mention(models.TextChoices):
    PRAISED = "praised", _("Commended")
    CRITICISED = "criticised", _("Criticised")


class BulletinMention(models.Model):
    """A unit a bulletin commends or criticises."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="mentions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Mention.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "unit"], name="mention_unique_unit")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} {self.unit_id} {self.kind}"
