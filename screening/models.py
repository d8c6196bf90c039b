"""Dispute screening and resolution (矛盾纠纷排查化解), information officers' reports, emergency linkage (应急联动).

DESIGN.md §5. A bureau screens for disputes before they become petitions: campaigns (quarterly sweeps of every
township, special sweeps before holidays and events) that each unit reports on; the disputes found, in a campaign
or outside one, with their parties, the risk *of the dispute* and the unit that must resolve it; each attempt to
resolve one (people's, judicial or administrative mediation …) as an event; village and community information
officers' reports, which the township screens; and the incidents for which the emergency linkage was started.

The register is about disputes and how they were resolved, never about watching people (DESIGN.md §6): no lists
of persons, no records of where anyone goes. Who sees what is decided once, in ``screening/access.py``; the
querysets' ``visible_to`` apply it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import Unit


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular quarterly sweep")  # 拉网式排查 (每季度)
    SPECIAL = "special", _("Special sweep")  # 专项排查 (节日、重大活动前)


class DisputeType(models.Model):
    """The kind of a dispute: its own tree, close to the petition categories; admin-editable."""

    name = models.CharField(pgettext_lazy("unit or category", "name"), max_length=40)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent type"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dispute type")
        verbose_name_plural = _("dispute types")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="dispute_type_unique_name")]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    @property
    def top(self) -> DisputeType:
        return self.parent if self.parent_id else self


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        from .access import campaign_condition

        return self.filter(campaign_condition(user))


class ScreeningCampaign(models.Model):
    """A screening campaign (排查): its period, the units that must screen, and the focus topics."""

    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices)
    name = models.CharField(_("name"), max_length=120)  # 2026年第四季度矛盾纠纷拉网式排查
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    focus_topics = models.TextField(_("focus topics"), blank=True)  # one per line: 企业改制, 征地拆迁 …
    units = models.ManyToManyField(Unit, through="CampaignUnit", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="screening_campaign_ends_after_start"),
            models.UniqueConstraint(fields=["name", "starts_on"], name="screening_campaign_unique_name_start"),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="screening_campaign_period")]

    def __str__(self) -> str:
        return self.name

    @property
    def topics(self) -> list[str]:
        return [t.strip() for t in self.focus_topics.splitlines() if t.strip()]


class CampaignUnit(models.Model):
    """A unit that must screen in a campaign, and its report: screened on a day, with disputes found or "nil"."""

    campaign = models.ForeignKey(ScreeningCampaign, on_delete=models.CASCADE, related_name="unit_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("reported on"), null=True, blank=True)  # None: not reported yet
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_nil = models.BooleanField(_("nothing found"), default=False)  # 零报告
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("unit's screening report")
        verbose_name_plural = _("units' screening reports")
        ordering = ["campaign", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_unit_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.unit_id}"

    @property
    def has_reported(self) -> bool:
        return self.reported_on is not None


# A dispute's number as it is written (``Dispute.number``): 纠〔2026〕15号.
NUMBER = re.compile(r"^纠〔(\d{4})〕(\d{1,9})号$")


class RiskLevel(models.TextChoices):
    """The risk of the *dispute* (never of a person): how likely it is to turn into a petition, and of what kind."""

    LOW = "low", _("Low: between few parties, unlikely to become a petition")
    MEDIUM = "medium", _("Medium: may become a petition")
    HIGH = "high", _("High: may become a collective or skip-level petition")


class DisputeState(models.TextChoices):
    UNDER_WAY = "under_way", _("Being resolved")  # 化解中
    RESOLVED = "resolved", _("Resolved")  # 已化解
    ESCALATED = "escalated", _("Not resolvable at this level")  # 上报: escalated to a higher body or another organ


class Method(models.TextChoices):
    """How an attempt to resolve a dispute was made (三位一体: the mediations are often combined)."""

    PEOPLES_MEDIATION = "peoples", _("People's mediation")  # 人民调解
    JUDICIAL_MEDIATION = "judicial", _("Judicial mediation")  # 司法调解
    ADMINISTRATIVE_MEDIATION = "administrative", _("Administrative mediation")  # 行政调解
    PETITION_HANDLING = "petition", _("Handled as a petition")  # 信访途径
    LITIGATION = "litigation", _("Guided to litigation")  # 引导诉讼
    ARBITRATION = "arbitration", _("Guided to arbitration")  # 仲裁
    RECONSIDERATION = "reconsideration", _("Guided to administrative reconsideration")  # 行政复议


class AttemptResult(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    UNDER_WAY = "under_way", _("Still being resolved")
    ESCALATED = "escalated", _("Not resolvable at this level")


class DisputeQuerySet(models.QuerySet):
    def visible_to(self, user) -> DisputeQuerySet:
        """The one access rule of the register (``access.dispute_condition``)."""
        from .access import dispute_condition

        return self.filter(dispute_condition(user))

    def found_between(self, start: dt.date, end: dt.date) -> DisputeQuerySet:
        return self.filter(found_on__gte=start, found_on__lte=end)

    def open(self) -> DisputeQuerySet:
        return self.filter(state=DisputeState.UNDER_WAY)

    def overdue(self, on: dt.date) -> DisputeQuerySet:
        return self.open().filter(due_on__lt=on)

    def linked_to(self, petition) -> DisputeQuerySet:
        """The disputes a petition item is linked to (registered from, or linked by a registrar)."""
        return self.filter(petition_links__petition=petition).select_related("responsible_unit").order_by(
            "found_on", "pk")

    def for_list(self) -> DisputeQuerySet:
        return self.select_related("type__parent", "place__parent", "responsible_unit", "found_by_unit", "campaign")


class Dispute(models.Model):
    """A dispute found by screening (矛盾纠纷), and where its resolution stands."""

    year = models.PositiveSmallIntegerField(editable=False)
    serial = models.PositiveIntegerField(editable=False)
    campaign = models.ForeignKey(
        ScreeningCampaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="disputes",
    )
    found_by_unit = models.ForeignKey(Unit, verbose_name=_("found by"), on_delete=models.PROTECT, related_name="+")
    found_on = models.DateField(_("found on"))
    place = models.ForeignKey(
        Unit, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The township, or the village or community, where the dispute is."),
    )
    place_detail = models.CharField(_("where exactly"), max_length=120, blank=True)
    type = models.ForeignKey(DisputeType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("description"))
    people_involved = models.PositiveIntegerField(_("people involved"), default=1)
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW)
    is_major = models.BooleanField(_("major dispute"), default=False)  # 重大: gets an owning leader (包案)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owning leader"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="owned_disputes",
    )
    due_on = models.DateField(_("to be resolved by"))
    state = models.CharField(_("state"), max_length=10, choices=DisputeState.choices, default=DisputeState.UNDER_WAY)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)  # the last resolution, if resolved
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    escalated_to = models.CharField(_("escalated to"), max_length=120, blank=True)
    times_reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    petitions = models.ManyToManyField("petitions.Petition", through="DisputePetition", related_name="disputes")

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-found_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="dispute_unique_number"),
            models.CheckConstraint(condition=Q(due_on__gte=F("found_on")), name="dispute_due_after_found"),
            models.CheckConstraint(
                condition=(Q(state="resolved") & Q(resolved_on__isnull=False)) | ~Q(state="resolved"),
                name="dispute_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(state="escalated") & Q(escalated_on__isnull=False) & ~Q(escalated_to=""))
                | ~Q(state="escalated"),
                name="dispute_escalated_has_date_and_body",
            ),
        ]
        indexes = [
            models.Index(fields=["found_on"], name="dispute_found"),
            models.Index(fields=["responsible_unit", "state"], name="dispute_unit_state"),
            models.Index(fields=["due_on"], condition=Q(state="under_way"), name="dispute_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """纠〔2026〕15号."""
        return f"纠〔{self.year}〕{self.serial}号"

    @property
    def is_open(self) -> bool:
        return self.state == DisputeState.UNDER_WAY

    def due_status(self, today: dt.date) -> str:
        if not self.is_open:
            return "closed"
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + dt.timedelta(days=3):
            return "due_soon"
        return "open"


class DisputeParty(models.Model):
    """A party to a dispute: the same personal-data rules as petitioners (masked; every reveal logged)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="dispute_parties")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    side = models.CharField(_("side"), max_length=40, blank=True)  # 申请方 / 对方 / 村委会 …

    class Meta:
        verbose_name = _("party to a dispute")
        verbose_name_plural = _("parties to disputes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class LinkKind(models.TextChoices):
    REGISTERED = "registered", _("Registered from the dispute")  # the dispute became this petition item
    LINKED = "linked", _("Linked by a registrar")


class DisputePetition(models.Model):
    """A petition item linked to a dispute (both ways: the item's page shows its disputes)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="petition_links")
    petition = models.ForeignKey("petitions.Petition", on_delete=models.PROTECT, related_name="dispute_links")
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    linked_at = models.DateTimeField()
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["dispute", "petition"], name="dispute_petition_unique")]

    def __str__(self) -> str:
        return f"{self.dispute_id} ↔ {self.petition_id}"


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent: people are gathering now")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting to be screened")
    ACCEPTED = "accepted", _("Accepted as a dispute")
    MERGED = "merged", _("Merged into a known dispute")
    CLOSED = "closed", _("Closed")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        from .access import report_condition

        return self.filter(report_condition(user))

    def waiting(self) -> ReportQuerySet:
        return self.filter(state=ReportState.SUBMITTED)

    def overdue(self, on: dt.date) -> ReportQuerySet:
        return self.waiting().filter(screen_due_on__lt=on)


class OfficerReport(models.Model):
    """A report by a village or community information officer (信息员报送): a dispute or a lead, in a few words.

    The township screens it within the policy's working days (``screen_due_on``): accepts it as a dispute, merges it
    into one already known, or closes it with a reason.
    """

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer_reports")
    community = models.ForeignKey(Unit, verbose_name=_("village or community"), on_delete=models.PROTECT,
                                  related_name="+")
    township = models.ForeignKey(Unit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"))
    reported_on = models.DateField(_("reported on"))
    what = models.TextField(_("what is happening"))
    where = models.CharField(_("where"), max_length=120)
    people_involved = models.PositiveIntegerField(_("people involved"), default=1)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    screen_due_on = models.DateField(_("to be screened by"))
    screen_due_provisional = models.BooleanField(default=False)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED)
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("information officer's report")
        verbose_name_plural = _("information officers' reports")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(screen_due_on__gte=F("reported_on")), name="report_due_after_report"),
            models.CheckConstraint(
                condition=Q(state="submitted") | Q(screened_on__isnull=False), name="report_screened_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["accepted", "merged"]) | Q(dispute__isnull=False),
                name="report_accepted_has_dispute",
            ),
            models.CheckConstraint(condition=~Q(state="closed") | ~Q(close_reason=""), name="report_closed_has_reason"),
        ]
        indexes = [
            models.Index(fields=["township", "state", "screen_due_on"], name="report_township_waiting"),
            models.Index(fields=["officer", "reported_at"], name="report_officer"),
            models.Index(fields=["reported_on"], name="report_reported"),
        ]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.where}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.state == ReportState.SUBMITTED and self.screen_due_on < today


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user) -> IncidentQuerySet:
        from .access import incident_condition

        return self.filter(incident_condition(user)).distinct()

    def started_between(self, start: dt.date, end: dt.date) -> IncidentQuerySet:
        return self.filter(started_on__gte=start, started_on__lte=end)


class Incident(models.Model):
    """An incident for which the emergency linkage (应急联动) was started: what happened, the units mobilised, the
    actions taken in order (``IncidentAction``), the result, and when the linkage was stood down."""

    year = models.PositiveSmallIntegerField(editable=False)
    serial = models.PositiveIntegerField(editable=False)
    title = models.CharField(_("what happened"), max_length=120)
    description = models.TextField(_("description"))
    happened_at = models.DateTimeField(_("happened at"))
    place = models.ForeignKey(Unit, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    place_detail = models.CharField(_("where exactly"), max_length=120, blank=True)
    people_involved = models.PositiveIntegerField(_("people involved"), default=1)
    units_mobilised = models.ManyToManyField(Unit, verbose_name=_("units mobilised"), related_name="+")
    started_on = models.DateField(_("linkage started on"))
    started_at = models.DateTimeField(_("linkage started at"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stood_down_at = models.DateTimeField(_("stood down at"), null=True, blank=True)
    stood_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("result"), blank=True)
    disputes = models.ManyToManyField(Dispute, verbose_name=_("linked disputes"), blank=True, related_name="incidents")
    petitions = models.ManyToManyField(
        "petitions.Petition", verbose_name=_("linked petition items"), blank=True, related_name="incidents"
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency linkage")
        verbose_name_plural = _("emergency linkages")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="incident_unique_number"),
            models.CheckConstraint(
                condition=Q(stood_down_at__isnull=True) | Q(stood_down_at__gte=F("started_at")),
                name="incident_stood_down_after_start",
            ),
            models.CheckConstraint(
                condition=Q(stood_down_at__isnull=True) | ~Q(result=""), name="incident_stood_down_has_result"
            ),
        ]
        indexes = [models.Index(fields=["started_on"], name="incident_started")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """应急〔2026〕3号."""
        return f"应急〔{self.year}〕{self.serial}号"

    @property
    def is_active(self) -> bool:
        return self.stood_down_at is None


class IncidentAction(models.Model):
    """One action taken in an emergency linkage, in the order taken."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    at = models.DateTimeField(_("when"))
    unit = models.ForeignKey(Unit, verbose_name=_("by unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    text = models.TextField(_("action taken"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("action taken")
        verbose_name_plural = _("actions taken")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:20]}"


class ScreeningEventKind(models.TextChoices):
    CAMPAIGN_CREATED = "campaign_created", _("Campaign set up")
    CAMPAIGN_CHANGED = "campaign_changed", _("Campaign corrected")
    UNIT_REPORTED = "unit_reported", _("Unit reported its screening")
    DISPUTE_FOUND = "dispute_found", _("Dispute registered")
    DISPUTE_CHANGED = "dispute_changed", _("Dispute corrected")
    ATTEMPT = "attempt", _("Resolution attempt")
    REOPENED = "reopened", _("Reopened")
    OWNERSHIP = "ownership", _("Case ownership")
    PETITION_LINKED = "petition_linked", _("Petition item linked")
    PETITION_REGISTERED = "petition_registered", _("Registered as a petition item")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted as a dispute")
    REPORT_MERGED = "report_merged", _("Report merged into a known dispute")
    REPORT_CLOSED = "report_closed", _("Report closed")
    INCIDENT_STARTED = "incident_started", _("Emergency linkage started")
    INCIDENT_ACTION = "incident_action", _("Action recorded")
    INCIDENT_CHANGED = "incident_changed", _("Emergency linkage corrected")
    INCIDENT_STOOD_DOWN = "incident_stood_down", _("Emergency linkage stood down")
    REVEALED = "revealed", _("Full number shown")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ATTACHMENT_WITHDRAWN = "attachment_withdrawn", _("Attachment withdrawn")


class ScreeningEvent(models.Model):
    """Append-only history of the register: who did what, when, to which record (``subject``: "dispute:12",
    "report:3", "campaign:2", "incident:1"), with old and new values or the attempt's details in ``data``."""

    kind = models.CharField(max_length=24, choices=ScreeningEventKind.choices)
    subject = models.CharField(max_length=40)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["subject", "at"], name="screening_event_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"


class ResolutionAttempt(models.Model):
    """One attempt to resolve a dispute — also written as an ``ATTEMPT`` event; kept as a row so that statistics
    count methods with an indexed query. Appended, never changed."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="attempts")
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    also_methods = models.JSONField(_("combined with"), default=list, blank=True)  # 三位一体: the others used with it
    by = models.CharField(_("by whom"), max_length=120)  # the mediation committee, court, department, persons
    on = models.DateField(_("on"))
    result = models.CharField(_("result"), max_length=10, choices=AttemptResult.choices)
    text = models.TextField(_("what was done and agreed"))
    escalated_to = models.CharField(_("escalated to"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("resolution attempt")
        verbose_name_plural = _("resolution attempts")
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["on", "method"], name="attempt_on_method")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_method_display()}"

    @property
    def methods(self) -> list[str]:
        return [self.method, *[m for m in self.also_methods if m != self.method]]

    @property
    def also_method_labels(self) -> list[str]:
        """The other methods used with this one, in words (三位一体)."""
        return [str(Method(m).label) for m in self.also_methods if m != self.method and m in Method.values]
