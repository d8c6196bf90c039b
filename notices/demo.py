"""The demo county's notices, so that the outbox shows its states out of the box: a third of the items with a
phone number were registered with "tell me by SMS" and a few with e-mail; the township's demo handler is alerted
by SMS at once and the bureau's supervisor by a daily e-mail digest. The messages are written by the real outbox
(``outbox.event_recorded``) for the items' own events, at the events' times; those older than two days are sent
(the demo's gateway took them), two were refused by the gateway until given up, the newest wait for the worker;
a county leader is alerted by a daily e-mail digest of the items he or she owns."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from petitions.models import NotifyBy, Petition, PetitionEvent, PetitionParty

from . import outbox
from .models import AlertChannel, DailyRun, Message, MessageState, Preference


def reset() -> None:
    """Remove every message, preference and daily run (before the items the messages are about)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(Message._meta.db_table)} SET digest_id = NULL WHERE digest_id IS NOT NULL")
        for model in (Message, Preference, DailyRun):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def load(ref, rng: random.Random, today: dt.date) -> int:
    """Write the demo's messages; returns how many."""
    handler = next((u for u in ref.handlers.values() if u.username == "handler"), None)
    if handler is not None:
        Preference.objects.update_or_create(user=handler, defaults={
            "channel": AlertChannel.SMS, "phone": "13800138000", "digest": False})
    leader = ref.leaders[0] if ref.leaders else None
    if leader is not None:
        Preference.objects.update_or_create(user=leader, defaults={
            "channel": AlertChannel.EMAIL, "email": "leader@xinfang.example.gov.cn", "digest": True})

    with_phone = sorted(set(PetitionParty.objects.filter(position=0).exclude(phone="")
                            .values_list("petition_id", flat=True)))
    by_sms = set(rng.sample(with_phone, len(with_phone) // 3))
    by_email = set(rng.sample(sorted(set(with_phone) - by_sms), min(4, len(with_phone) - len(by_sms))))
    Petition.objects.filter(pk__in=by_sms).update(notify_by=NotifyBy.SMS)
    for n, pk in enumerate(sorted(by_email)):
        Petition.objects.filter(pk=pk).update(notify_by=NotifyBy.EMAIL, notify_email=f"xinfang.demo{n + 1}@example.com")

    told = Q(petition_id__in=by_sms | by_email)
    if handler is not None:
        told |= Q(petition__responsible_unit_id=handler.unit_id)
    if leader is not None:
        told |= Q(petition__owning_leader=leader)
    events = PetitionEvent.objects.filter(told, kind__in=list(outbox.PETITIONER_TOPICS)).select_related("petition")
    for event in events.order_by("at", "pk"):
        outbox.event_recorded(sender=None, event=event)

    now = timezone.now()
    tz = timezone.get_default_timezone()
    horizon = dt.datetime(today.year, today.month, today.day, tzinfo=tz) - dt.timedelta(days=2)
    old = list(Message.objects.filter(created_at__lt=horizon, state=MessageState.PENDING).order_by("pk"))
    failed = {m.pk for m in rng.sample(old, min(2, len(old)))}
    for message in old:
        if message.pk in failed:
            message.state, message.attempts = MessageState.FAILED, 8
            message.last_error = "短信网关返回 HTTP 503：服务暂不可用"
        else:
            message.state, message.attempts = MessageState.SENT, 1
            message.sent_at = message.created_at + dt.timedelta(seconds=rng.randint(5, 90))
            message.provider_ref = f"demo-{message.reference.hex[:12]}"
    Message.objects.bulk_update(old, ["state", "attempts", "last_error", "sent_at", "provider_ref"], batch_size=500)
    # The newest wait for the worker (``manage.py start`` runs it): due from now, not from the demo's past.
    Message.objects.filter(state=MessageState.PENDING).update(next_attempt_at=now)
    return Message.objects.count()
