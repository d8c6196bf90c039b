"""Sending what the outbox holds, safely with several workers and with senders that fail.

A message is claimed by one conditional UPDATE (pending and due → sending), so that two workers never send it
both; sent, it is marked sent; refused, it waits and is tried again after the next of
XINFANG["NOTICE_RETRY_MINUTES"], and after the last it is marked failed for the bureau to see (and send again).
A worker killed while sending leaves its message "being sent": after NOTICE_STALE_MINUTES it is tried again with
the same reference, which the SMS gateway and the e-mail's Message-ID carry so that a provider can drop the
repeat."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.access import works_the_bureau_desk

from .models import Message, MessageState
from .outbox import enqueue_delivery
from .senders import sender_for

logger = logging.getLogger(__name__)


def _retry_minutes() -> tuple[int, ...]:
    return tuple(settings.XINFANG.get("NOTICE_RETRY_MINUTES", (1, 5, 15, 60, 180, 360, 720)))


def deliver(message_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one message if it is due; returns its state afterwards."""
    now = now or timezone.now()
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.state != MessageState.PENDING or message.next_attempt_at > now:
        return message.state if message else ""
    sender = sender_for(message.channel)
    if sender is None:
        Message.objects.filter(pk=message_id, state=MessageState.PENDING).update(
            last_error=_("No sender is configured for %(channel)s.") % {"channel": message.get_channel_display()})
        return MessageState.PENDING
    claimed = Message.objects.filter(pk=message_id, state=MessageState.PENDING, next_attempt_at__lte=now).update(
        state=MessageState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return Message.objects.get(pk=message_id).state  # another worker has it
    message.refresh_from_db()
    try:
        provider_ref = sender.send(message)
    except Exception as exc:  # any refusal: the message waits for the next try
        return _failed(message, exc, now)
    Message.objects.filter(pk=message_id).update(state=MessageState.SENT, sent_at=timezone.now(),
                                                 provider_ref=(provider_ref or "")[:100], last_error="")
    return MessageState.SENT


def _failed(message: Message, exc: Exception, now: dt.datetime) -> str:
    minutes = _retry_minutes()
    error = f"{type(exc).__name__}: {exc}"[:500]
    logger.warning("message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
    if message.attempts > len(minutes):
        Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED, last_error=error)
        return MessageState.FAILED
    later = now + dt.timedelta(minutes=minutes[message.attempts - 1])
    Message.objects.filter(pk=message.pk).update(state=MessageState.PENDING, next_attempt_at=later, last_error=error)
    _schedule(message.pk, later)
    return MessageState.PENDING


def _schedule(message_id: int, at: dt.datetime) -> None:
    """Enqueue the next try for its time where the task backend can defer; otherwise the periodic run finds it."""
    from django_tasks import default_task_backend

    from .tasks import deliver as deliver_task

    if default_task_backend.supports_defer:
        deliver_task.using(run_after=at).enqueue(message_id)


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Try every message that is due (and those left "being sent" by a worker that died); counts by outcome."""
    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=int(settings.XINFANG.get("NOTICE_STALE_MINUTES", 10)))
    Message.objects.filter(state=MessageState.SENDING, claimed_at__lt=stale).update(
        state=MessageState.PENDING, next_attempt_at=now, last_error=_("Interrupted while being sent; tried again."))
    counts: dict[str, int] = {}
    due = Message.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")
    for message_id in list(due.values_list("pk", flat=True)[:limit]):
        state = deliver(message_id, now=now)
        counts[state] = counts.get(state, 0) + 1
    return counts


def message_retry(*, actor, message: Message) -> Message:
    """The bureau sends a failed message again (after fixing the address or the gateway)."""
    if not works_the_bureau_desk(actor):
        raise PermissionDenied(_("Only the bureau may send a message again."))
    now = timezone.now()
    if not Message.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
            state=MessageState.PENDING, attempts=0, next_attempt_at=now,
            last_error=_("Sent again by %(user)s.") % {"user": actor}):
        raise ValidationError(_("Only a failed message can be sent again."))
    enqueue_delivery(message.pk)
    message.refresh_from_db()
    return message
