"""The outbox (发送队列): every notice to a petitioner and every alert to staff is a row here, written in the same
transaction as the event that causes it, and sent afterwards by a background task (``notices.delivery``) that
retries until it succeeds or gives up; the bureau sees each message's state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.access import can_see_query_code
from petitions.models import NotifyBy as MessageChannel  # a message goes by the channels a petitioner can choose


class Audience(models.TextChoices):
    PETITIONER = "petitioner", _("Petitioner")
    STAFF = "staff", _("Staff")


class Topic(models.TextChoices):
    # To the petitioner (DESIGN.md §3: the notices the regulation asks for, each with the query code).
    ACCEPTED = "accepted", _("Accepted and assigned")
    DECLINED = "declined", _("Not accepted")
    FORWARDED = "forwarded", _("Forwarded")
    EXTENDED = "extended", _("Extended")
    REPLIED = "replied", _("Replied; review may be requested")
    REVIEWED = "reviewed", _("Review decided; re-review may be requested")
    RE_REVIEWED = "re_reviewed", _("Re-review decided")
    REVIEW_CLOSING = "review_closing", _("The time to ask for a review is ending")
    # To staff.
    ASSIGNED = "assigned", _("Item assigned to the unit")
    DUE_SOON = "due_soon", _("Due in three working days")
    OVERDUE = "overdue", _("Overdue")
    SUPERVISION = "supervision", _("Supervision notice")
    INSTRUCTION_ASKED = "instruction_asked", _("Instruction requested")
    INSTRUCTED = "instructed", _("Leader's instruction")
    DIGEST = "digest", _("Daily digest")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed; given up")
    HELD = "held", _("Held for the daily digest")
    DIGESTED = "digested", _("Sent in the daily digest")


class MessageQuerySet(models.QuerySet):
    def seen_by(self, user) -> MessageQuerySet:
        """The messages ``user`` may see: those of the items it sees (and digests, which have none), and only where
        it may see the query code that the petitioner's messages carry (DESIGN.md §7) — none otherwise."""
        from petitions.models import Petition

        if not can_see_query_code(user):
            return self.none()
        return self.filter(Q(petition__isnull=True) | Q(petition__in=Petition.objects.visible_to(user)))


class Message(models.Model):
    # Given to the SMS gateway and as the e-mail's Message-ID: a provider that keeps it drops a repeat.
    reference = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # What caused it, once: a second write with the same key is not a second message (e.g. the daily run twice).
    key = models.CharField(max_length=120, unique=True)
    audience = models.CharField(_("recipient"), max_length=10, choices=Audience.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    channel = models.CharField(_("channel"), max_length=5, choices=MessageChannel.choices)
    address = models.CharField(_("address"), max_length=254)  # a phone number or an e-mail address
    petition = models.ForeignKey("petitions.Petition", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="messages")
    event = models.ForeignKey("petitions.PetitionEvent", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="messages")  # the staff member alerted
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("written"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="parts")

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due",
                         condition=Q(state__in=["pending", "sending"])),
            models.Index(fields=["petition", "created_at"], name="message_petition"),
            models.Index(fields=["user", "state"], name="message_user", condition=Q(state="held")),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} → {self.get_channel_display()}"

    @property
    def masked_address(self) -> str:
        from petitions.identity import mask_phone

        if self.channel == MessageChannel.SMS:
            return mask_phone(self.address)
        name, _at, domain = self.address.partition("@")
        return f"{name[:1]}***@{domain}"


class AlertChannel(models.TextChoices):
    WORKLIST = "", _("Only on my worklist")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Preference(models.Model):
    """How a staff member wants to be alerted (我的提醒方式); none: only the worklist."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    channel = models.CharField(_("alert me by"), max_length=5, choices=AlertChannel.choices, blank=True, default="")
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    digest = models.BooleanField(_("one daily digest instead of single messages"), default=False)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channel_display()}"

    @property
    def address(self) -> str:
        return self.phone if self.channel == AlertChannel.SMS else self.email if self.channel else ""


class DailyRun(models.Model):
    """The day's alerts (due soon, overdue, review time ending, digests) were written: once a day."""

    day = models.DateField(unique=True)
    at = models.DateTimeField()
    written = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}"
