"""Petitions, petitioners, the append-only event history, categories and instructions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import Unit
from workdays.models import DeadlineClass

from .querysets import PetitionerQuerySet, PetitionQuerySet
from .states import OPEN_STATES, PetitionState


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")


class NotifyBy(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ContentType(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    ACCUSATION = "accusation", _("Accusation")
    APPEAL_DEMAND = "appeal_demand", _("Appeal or demand")


class ReceivedLevel(models.TextChoices):
    """Where the item was received: by this bureau, or at a higher level and reported back (skip-level)."""

    OWN = "own", _("Own level")
    CITY = "city", _("City (skip-level)")
    PROVINCE = "province", _("Province (skip-level)")
    CAPITAL = "capital", _("Capital (skip-level)")


class Source(models.TextChoices):
    DIRECT = "direct", _("Direct")
    FORWARDED_FROM_ABOVE = "forwarded_from_above", _("Forwarded by a higher body")
    ASSIGNED_FROM_ABOVE = "assigned_from_above", _("Assigned by a higher body")


class ReplyOutcome(models.TextChoices):
    SUPPORT = "support", _("Support")
    EXPLAIN = "explain", _("Explain")
    NOT_SUPPORT = "not_support", _("Not support")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Via(models.TextChoices):
    """How a petitioner's evaluation or request reached the system. The query code is the petitioner's credential
    (DESIGN.md §7): only the petitioner uses it on the public page; bureau staff enter what the petitioner said in a
    call-back, a letter or a visit, and a ledger import copies history. The statistics tell them apart."""

    PUBLIC_PAGE = "public_page", _("By the petitioner on the query page")
    BUREAU = "bureau", _("Entered by the bureau (call-back, letter or visit)")
    LEDGER = "ledger", _("Copied from a ledger")


class DeclineReason(models.TextChoices):
    LEGAL_PROCEDURE = "legal_procedure", _("Belongs to litigation, reconsideration, arbitration or another legal procedure")
    BEING_HANDLED = "being_handled", _("Already being handled by a competent body")
    TERMINATED = "terminated", _("Same facts and reasons after re-review (terminated)")
    NOT_PETITION = "not_petition", _("Not a petition matter")
    OTHER = "other", _("Other")


def is_collective_visit(channel: str, headcount: int, policy) -> bool:
    """A visit of at least the policy's threshold of persons (default 5) is a collective visit (DESIGN.md §2)."""
    return channel == Channel.VISIT and headcount >= policy.collective_threshold


class Category(models.Model):
    """Content category (the 18 of local petition systems) with sub-categories; admin-editable."""

    name = models.CharField(pgettext_lazy("unit or category", "name"), max_length=40)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent")]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class Petitioner(models.Model):
    """A person who raises petitions. Recognised across items by ID number, otherwise by name and phone."""

    # Indexed in Meta, not with db_index: on PostgreSQL db_index adds a second, pattern-matching index to every
    # text column, which no look-up here uses (names, ID numbers and phones are matched whole).
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PetitionerQuerySet.as_manager()

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="petitioner_unique_id_number"
            ),
        ]
        indexes = [
            models.Index(fields=["name", "phone"], name="petitioner_name_phone"),  # also the look-up by name alone
            # The unique constraint's index leaves out empty numbers, so a prepared look-up (whose plan does not
            # know the number) cannot use it: this one serves it.
            models.Index(fields=["id_number"], name="petitioner_id_number"),
            models.Index(fields=["phone"], name="petitioner_phone"),
            # The registration's earlier items of a person recorded with the same name and address.
            models.Index(fields=["name", "address"], name="petitioner_name_address"),
        ]

    def __str__(self) -> str:
        return self.name


class PetitionerVersion(models.Model):
    """What a person's record said before a registration changed it (a new version of the person).

    The current version is the ``Petitioner`` row; each item keeps what was true of its petitioners when it was
    registered on its parties (``PetitionParty.name``, ``phone``, ``address``). A row here is written only when a
    registration brings a new name (confirmed by the registrar as the same person), phone or address, with an event
    on that item; searches by a phone or name also find the person by what the record said before.
    """

    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The item whose registration brought the new version.
    petition = models.ForeignKey("Petition", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("earlier version of a petitioner")
        verbose_name_plural = _("earlier versions of petitioners")
        ordering = ["petitioner", "-replaced_at", "-pk"]
        indexes = [
            models.Index(fields=["phone"], name="petitionerversion_phone"),
            models.Index(fields=["name"], name="petitionerversion_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.replaced_at:%Y-%m-%d})"


# What the access rule reads to keep an accusation from the accused (access.accusing_condition).
ACCUSATION_COLUMNS = ("content_type", "accused_unit", "accused_person")


class Petition(models.Model):
    """One matter raised by one or more petitioners (信访事项)."""

    query_code = models.CharField(_("query code"), max_length=12, editable=False)  # unique: Meta.constraints
    state = models.CharField(_("state"), max_length=16, choices=PetitionState.choices, default=PetitionState.REGISTERED)

    # What came in, and how.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    received_level = models.CharField(
        _("received at"), max_length=10, choices=ReceivedLevel.choices, default=ReceivedLevel.OWN
    )
    headcount = models.PositiveIntegerField(_("persons"), default=1)
    is_collective = models.BooleanField(_("collective visit"), default=False)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices, default=Source.DIRECT)
    source_body = models.ForeignKey(
        Unit, verbose_name=_("higher body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,  # Meta.indexes: only the items that have one
    )
    source_reference = models.CharField(_("higher body's reference"), max_length=60, blank=True)
    source_due_on = models.DateField(_("due date set by the higher body"), null=True, blank=True)

    # The matter.
    title = models.CharField(_("subject"), max_length=120)
    content = models.TextField(_("content"))
    content_type = models.CharField(_("content type"), max_length=16, choices=ContentType.choices)
    # No index of their own where one of Meta.indexes begins with them: every index is written by every registration.
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    place = models.ForeignKey(
        Unit, verbose_name=_("place of the problem"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    accused_unit = models.ForeignKey(
        Unit, verbose_name=_("accused unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    accused_person = models.CharField(_("accused person"), max_length=100, blank=True)
    petitioners = models.ManyToManyField(Petitioner, through="PetitionParty", related_name="petitions")
    is_repeat = models.BooleanField(_("repeat petition"), default=False)
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("repeat of"), null=True, blank=True, on_delete=models.PROTECT, related_name="repeats",
        db_index=False,
    )

    # Registration.
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The bureau's decision.
    decision_due_on = models.DateField(_("decision due"))
    decision_due_provisional = models.BooleanField(_("decision due date provisional"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decline_reason = models.CharField(
        _("reason for not accepting"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    forwarded_to = models.ForeignKey(
        Unit, verbose_name=_("forwarded to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )

    # Assignment and handling.
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_petitions", db_index=False,
    )
    deadline_class = models.CharField(
        _("deadline class"), max_length=10, choices=DeadlineClass.choices, blank=True
    )
    fast_track = models.BooleanField(_("fast track"), default=False)
    # How the petitioner chose to be told of the item's steps (notices app): by SMS to the first petitioner's
    # phone, by e-mail, or not (the printed notices and the query code's page only).
    notify_by = models.CharField(_("notices by"), max_length=5, choices=NotifyBy.choices, blank=True, default="")
    notify_email = models.EmailField(_("e-mail for notices"), blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    objection_due_on = models.DateField(_("objection possible until"), null=True, blank=True)
    objection_due_provisional = models.BooleanField(_("objection date provisional"), default=False)
    signed_for_on = models.DateField(_("signed for on"), null=True, blank=True)
    handling_due_on = models.DateField(_("handling due"), null=True, blank=True)
    handling_due_provisional = models.BooleanField(_("handling due date provisional"), default=False)
    original_handling_due_on = models.DateField(_("original handling due"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension days"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    owning_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owning leader"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="owned_petitions", db_index=False,
    )

    # The reply.
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_outcome = models.CharField(_("outcome"), max_length=12, choices=ReplyOutcome.choices, blank=True)
    reply_text = models.TextField(_("handling opinion"), blank=True)

    # The petitioner's evaluation.
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluation_comment = models.TextField(_("evaluation comment"), blank=True)
    evaluation_via = models.CharField(_("evaluation came"), max_length=12, choices=Via.choices, blank=True)

    # Review and re-review.
    review_request_due_on = models.DateField(_("review can be requested until"), null=True, blank=True)
    review_request_due_provisional = models.BooleanField(_("review request date provisional"), default=False)
    review_requested_on = models.DateField(_("review requested on"), null=True, blank=True)
    review_requested_via = models.CharField(_("review request came"), max_length=12, choices=Via.choices, blank=True)
    review_reason = models.TextField(_("review request"), blank=True)
    review_decided_on = models.DateField(_("review decided on"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    re_review_request_due_on = models.DateField(_("re-review can be requested until"), null=True, blank=True)
    re_review_request_due_provisional = models.BooleanField(_("re-review request date provisional"), default=False)
    re_review_requested_on = models.DateField(_("re-review requested on"), null=True, blank=True)
    re_review_requested_via = models.CharField(
        _("re-review request came"), max_length=12, choices=Via.choices, blank=True
    )
    re_review_reason = models.TextField(_("re-review request"), blank=True)
    re_review_decided_on = models.DateField(_("re-review decided on"), null=True, blank=True)
    re_review_opinion = models.TextField(_("re-review opinion"), blank=True)

    # The due date of the current step (decision, handling, review…); drives the worklists.
    due_on = models.DateField(_("current due date"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-pk"]
        constraints = [
            # A constraint rather than unique=True, which on PostgreSQL adds a second index for LIKE that nothing uses.
            models.UniqueConstraint(fields=["query_code"], name="petitions_petition_query_code_key"),
            models.CheckConstraint(condition=Q(decision_due_on__gte=models.F("received_on")), name="decision_due_after_receipt"),
            models.CheckConstraint(
                condition=Q(handling_due_on__isnull=True) | Q(handling_due_on__gte=models.F("received_on")),
                name="handling_due_after_receipt",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="headcount_positive"),
            models.CheckConstraint(
                condition=Q(accused_unit__isnull=True) | ~Q(responsible_unit=models.F("accused_unit")),
                name="never_assigned_to_accused_unit",
            ),
        ]
        indexes = [
            # Worklists: only items with a current due date (the open ones) are in these two indexes.
            # A unit's list is read in the index's order (due date, then id) and stops after a page; state and
            # accused unit come last so that the items the list leaves out are skipped in the index, not read.
            models.Index(
                fields=["responsible_unit", "due_on", "id", "state", "accused_unit"],
                condition=Q(due_on__isnull=False), name="petition_unit_open_due",
            ),
            models.Index(fields=["due_on"], condition=Q(due_on__isnull=False), name="petition_open_due"),
            models.Index(fields=["responsible_unit", "received_on"], name="petition_unit_received"),
            # A unit's items newest first, the order of a content search: a search the index cannot narrow (a
            # single character) walks the unit's items instead of all items. Items are assigned after they are
            # registered, so a registration writes nothing here.
            models.Index(
                fields=["responsible_unit", "id"], condition=Q(responsible_unit__isnull=False),
                name="petition_unit_newest",
            ),
            # A leader's items, owned items only: the access rule reads them by leader, and a leader's worklists
            # (open items, most urgent first) in due-date order from the index, whatever the planner's estimate
            # of how many a leader owns (SQLite's is the average over all leaders).
            # The accusation columns come last: the access rule leaves out the accusations against the leader
            # (``access.accusing_condition``), and with them in the index a leader's lists and counts are still read
            # from the index alone (on SQLite, "all items" of a leader with 15,000 items: 22 ms without, 4 ms with).
            models.Index(
                fields=["owning_leader", "due_on", "id", *ACCUSATION_COLUMNS], condition=Q(owning_leader__isnull=False),
                name="petition_leader_due",
            ),
            # ... and "all items", newest first (the list's order): owned items are written at assignment, not
            # registration, so this costs the registration nothing.
            models.Index(
                fields=["owning_leader", "received_on", "id", *ACCUSATION_COLUMNS],
                condition=Q(owning_leader__isnull=False), name="petition_leader_received",
            ),
            models.Index(fields=["channel", "received_on"], name="petition_channel_received"),
            models.Index(fields=["category", "received_on"], name="petition_category_received"),
            # References most items leave empty: indexed only where set.
            *(
                models.Index(fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"petition_{name}")
                for name in ("source_body", "accused_unit", "repeat_of", "forwarded_to")
            ),
            # Statistics (stats/queries.py): one covering index per business date a figure is counted on, the date
            # first and then the columns each pass groups by and reads, so that a year's pass walks the index only.
            models.Index(
                fields=["received_on", "received_level", "channel", "is_collective", "is_repeat", "content_type",
                        "headcount", "place"],
                name="petition_stats_received",
            ),
            models.Index(fields=["received_on", "category", "headcount", "place"], name="petition_stats_category"),
            # Place first: a unit's places are a few ranges of it; the whole county is one walk of the index.
            models.Index(fields=["place", "received_on", "headcount"], name="petition_stats_place"),
            models.Index(fields=["decided_on", "state", "decision_due_on", "place"], name="petition_stats_decided"),
            models.Index(fields=["accepted_on", "responsible_unit", "replied_on"], name="petition_stats_accepted"),
            models.Index(fields=["handling_due_on", "responsible_unit", "replied_on"], name="petition_stats_due"),
            models.Index(
                fields=["replied_on", "responsible_unit", "satisfaction", "accepted_on", "content_type",
                        "decline_reason", "evaluated_at", "evaluation_via"],
                name="petition_stats_replied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """Registration number shown to staff: year of receipt and a serial."""
        return f"XF{self.received_on.year}-{self.pk:07d}" if self.pk else ""

    @property
    def display_query_code(self) -> str:
        from .query_codes import format_code

        return format_code(self.query_code)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_accusation(self) -> bool:
        return self.content_type == ContentType.ACCUSATION

    @property
    def is_visit(self) -> bool:
        return self.channel == Channel.VISIT

    @property
    def is_evaluable(self) -> bool:
        """Items that went to a legal procedure and accusations (not suitable for disclosure) are not evaluated."""
        return not self.is_accusation and self.decline_reason != DeclineReason.LEGAL_PROCEDURE

    def due_status(self, today: dt.date) -> str:
        """'overdue', 'due_soon' (within 3 days) or '' — derived from dates, never stored."""
        if not self.is_open or self.due_on is None:
            return ""
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + dt.timedelta(days=3):
            return "due_soon"
        return ""


class PetitionParty(models.Model):
    """A petitioner of an item; in a collective visit, up to five are the named representatives."""

    # No index of its own: party_unique_per_petition begins with it.
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="parties", db_index=False)
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="parties")
    # What was true of the person when the item was registered: later items may bring a new phone or address (a new
    # version of the person, ``PetitionerVersion``), this item keeps these.
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_representative = models.BooleanField(_("representative"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "petitioner"], name="party_unique_per_petition"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.petitioner_id}"


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ANSWERED = "answered", _("Answered on the spot")
    DECLINED = "declined", _("Not accepted")
    FORWARDED = "forwarded", _("Forwarded")
    ASSIGNED = "assigned", _("Accepted and assigned")
    SIGNED_FOR = "signed_for", _("Signed for by the unit")
    HANDED_BACK = "handed_back", _("Handed back: not the unit's jurisdiction")
    EXTENDED = "extended", _("Extended")
    REPLIED = "replied", _("Replied")
    EVALUATED = "evaluated", _("Evaluated")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    REVIEW_DECIDED = "review_decided", _("Review decided")
    RE_REVIEW_REQUESTED = "re_review_requested", _("Re-review requested")
    RE_REVIEW_DECIDED = "re_review_decided", _("Re-review decided; terminated")
    INSTRUCTION_REQUESTED = "instruction_requested", _("Instruction requested")
    INSTRUCTED = "instructed", _("Instruction written")
    CORRECTED = "corrected", _("Corrected")
    PETITIONER_CHANGED = "petitioner_changed", _("Petitioner's details changed")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ATTACHMENT_WITHDRAWN = "attachment_withdrawn", _("Attachment withdrawn")
    NOTE = "note", _("Note")


# Events whose date the petitioner's public page discloses (DESIGN.md §3, public disclosure).
PUBLIC_EVENT_KINDS = frozenset(
    {
        EventKind.REGISTERED,
        EventKind.ANSWERED,
        EventKind.DECLINED,
        EventKind.FORWARDED,
        EventKind.ASSIGNED,
        EventKind.EXTENDED,
        EventKind.REPLIED,
        EventKind.EVALUATED,
        EventKind.REVIEW_REQUESTED,
        EventKind.REVIEW_DECIDED,
        EventKind.RE_REVIEW_REQUESTED,
        EventKind.RE_REVIEW_DECIDED,
    }
)


class PetitionEvent(models.Model):
    """Append-only history: who did what to the item, when, and what changed."""

    # No separate index: the (petition, at) index serves lookups by petition.
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events", db_index=False)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)  # "信访人" when the petitioner acts on the public page
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["petition", "at"], name="event_petition_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_EVENT_KINDS

    @property
    def business_date(self) -> dt.date:
        """The day the step took effect: the action's date (``data["on"]``, e.g. ledger history), else when recorded."""
        on = (self.data or {}).get("on")
        if on:
            try:
                return dt.date.fromisoformat(on)
            except (TypeError, ValueError):
                pass
        from django.utils import timezone

        return timezone.localdate(self.at)


class Instruction(models.Model):
    """A leader's instruction (批示) on an item: requested by the bureau, written by the leader."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="instructions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="instructions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    text = models.TextField(_("instruction"), blank=True)
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["leader", "petition"], name="instruction_leader")]

    def __str__(self) -> str:
        return f"{self.leader} → {self.petition_id}"


class SensitiveReveal(models.Model):
    """Each time a full ID number or phone number is shown, it is logged here."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="+")
    petition = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.field}"


class PetitionSearchText(models.Model):
    """Searchable text of an item (subject and content) as space-separated character bigrams.

    Chinese has no spaces between words; bigrams let an ordinary full-text index (PostgreSQL GIN over a
    'simple' tsvector, SQLite FTS5) find any two-or-more character phrase.
    """

    petition = models.OneToOneField(Petition, primary_key=True, on_delete=models.CASCADE, related_name="search_text")
    bigrams = models.TextField()

    def __str__(self) -> str:
        return str(self.petition_id)
