"""Writing the outbox: the messages an event causes, in the event's own transaction (``event_recorded``), and the
day's alerts that no event causes — due soon, overdue, the review time ending — and the daily digests (``daily``).

Each message has a key that says what caused it, unique in the table: an event's message is written once, and
the daily run written twice (two workers, a run again by hand) adds nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from organisation.models import Role, User
from petitions.models import EventKind, NotifyBy, Petition, PetitionState
from workdays import deadlines
from workdays.calendar import WorkCalendar

from . import compose
from .models import AlertChannel, Audience, DailyRun, Message, MessageState, Preference, Topic

PETITIONER_TOPICS = {
    EventKind.ASSIGNED: Topic.ACCEPTED,
    EventKind.DECLINED: Topic.DECLINED,
    EventKind.FORWARDED: Topic.FORWARDED,
    EventKind.EXTENDED: Topic.EXTENDED,
    EventKind.REPLIED: Topic.REPLIED,
    EventKind.REVIEW_DECIDED: Topic.REVIEWED,
    EventKind.RE_REVIEW_DECIDED: Topic.RE_REVIEWED,
}
WITH_THE_UNIT = (PetitionState.ASSIGNED, PetitionState.HANDLING)


def enqueue_delivery(message_id: int) -> None:
    """After the commit: the task that sends the message."""
    from .tasks import deliver  # the tasks module imports this one

    transaction.on_commit(partial(deliver.enqueue, message_id), robust=True)


def _write(message: Message) -> Message:
    message.created_at = message.created_at or timezone.now()
    message.next_attempt_at = message.created_at
    message.save(force_insert=True)
    if message.state == MessageState.PENDING:
        enqueue_delivery(message.pk)
    return message


# --- To the petitioner ------------------------------------------------------------------------------------------------


def petitioner_address(petition: Petition) -> tuple[str, str]:
    """(channel, address) the petitioner chose, or ("", "") when none can be used."""
    if petition.notify_by == NotifyBy.EMAIL and petition.notify_email:
        return NotifyBy.EMAIL, petition.notify_email
    if petition.notify_by == NotifyBy.SMS:
        phone = petition.parties.order_by("position").values_list("phone", flat=True).first()
        if phone:
            return NotifyBy.SMS, phone
    return "", ""


def _to_petitioner(petition: Petition, topic: str, key: str, *, event=None, due=None, at=None) -> Message | None:
    channel, address = petitioner_address(petition)
    if not channel:
        return None
    subject, body = compose.petitioner_notice(topic, petition, due=due)
    return _write(Message(key=key, audience=Audience.PETITIONER, topic=topic, channel=channel, address=address,
                          petition=petition, event=event, subject=subject, body=body, created_at=at))


# --- To staff ---------------------------------------------------------------------------------------------------------


def _preferences(users) -> list[Preference]:
    return list(Preference.objects.filter(user__in=users, user__is_active=True).exclude(channel=AlertChannel.WORKLIST)
                .select_related("user"))


def _unit_handlers(unit_ids) -> dict[int, list[Preference]]:
    handlers = User.objects.with_role(Role.UNIT_HANDLER).filter(unit_id__in=unit_ids)
    found = defaultdict(list)
    for preference in _preferences(handlers):
        found[preference.user.unit_id].append(preference)
    return found


def _to_staff(preferences, petition: Petition, topic: str, key: str, *, event=None, due=None, note: str = "",
              at=None) -> int:
    written = 0
    seen = set()
    words = None
    for preference in preferences:
        if preference.user_id in seen or not preference.address:
            continue
        seen.add(preference.user_id)
        subject, body = words = words or compose.staff_alert(topic, petition, due=due, note=note)
        _write(Message(key=f"{key}:u{preference.user_id}", audience=Audience.STAFF, topic=topic,
                       channel=preference.channel, address=preference.address, petition=petition, event=event,
                       user=preference.user, subject=subject, body=body, created_at=at,
                       state=MessageState.HELD if preference.digest else MessageState.PENDING))
        written += 1
    return written


def _with_the_unit(petition: Petition, extra=()) -> list[Preference]:
    found = list(_unit_handlers([petition.responsible_unit_id]).get(petition.responsible_unit_id, []))
    leaders = [petition.owning_leader_id, *extra]
    return found + _preferences([pk for pk in leaders if pk])


def event_recorded(sender, event, **kwargs) -> None:
    """The messages ``event`` causes (connected in apps.py). Nothing for steps copied from a ledger: they happened
    before, and were told then."""
    if event.pk is None or (event.data or {}).get("recorded_from_ledger"):
        return
    petition = event.petition
    kind = event.kind
    topic = PETITIONER_TOPICS.get(kind)
    if topic and petition.notify_by:
        _to_petitioner(petition, topic, f"p:e{event.pk}", event=event, at=event.at)
    if kind == EventKind.ASSIGNED:
        _to_staff(_with_the_unit(petition), petition, Topic.ASSIGNED, f"s:e{event.pk}", event=event, at=event.at)
    elif kind == EventKind.NOTE and (event.data or {}).get("supervision") == "notice" and petition.responsible_unit_id:
        _to_staff(_with_the_unit(petition), petition, Topic.SUPERVISION, f"s:e{event.pk}", event=event,
                  note=event.note, at=event.at)
    elif kind == EventKind.INSTRUCTION_REQUESTED:
        _to_staff(_preferences([event.data.get("leader")]), petition, Topic.INSTRUCTION_ASKED, f"s:e{event.pk}",
                  event=event, at=event.at)
    elif kind == EventKind.INSTRUCTED and petition.responsible_unit_id:
        _to_staff(_with_the_unit(petition), petition, Topic.INSTRUCTED, f"s:e{event.pk}", event=event,
                  note=event.note, at=event.at)


# --- Once a day -------------------------------------------------------------------------------------------------------


def _closing_days() -> int:
    return int(settings.XINFANG.get("NOTICE_REVIEW_CLOSING_DAYS", 5))


def daily(today: dt.date | None = None, *, now: dt.datetime | None = None) -> int | None:
    """Write the day's alerts and digests, once a day: the number written, or None when the day had its run."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        run, created = DailyRun.objects.get_or_create(day=today, defaults={"at": now})
        if not created:
            return None
        written = _due_alerts(today, now) + _review_closing(today, now) + _digests(today, now)
        run.written = written
        run.save(update_fields=["written"])
    return written


def _due_alerts(today: dt.date, now) -> int:
    """Items with the unit whose handling due date is at most three working days away (once per due date), and
    those past it (once per due date: an extension gives a new one)."""
    soon = deadlines.add_working_days(today, 3, WorkCalendar.load()).date
    items = list(Petition.objects.filter(state__in=WITH_THE_UNIT, handling_due_on__lte=soon,
                                         responsible_unit__isnull=False)
                 .select_related("responsible_unit").order_by("handling_due_on", "pk"))
    if not items:
        return 0
    handlers = _unit_handlers({p.responsible_unit_id for p in items})
    leaders = {pref.user_id: pref for pref in _preferences({p.owning_leader_id for p in items if p.owning_leader_id})}
    told = _keys_written(items, (Topic.DUE_SOON, Topic.OVERDUE))
    written = 0
    for petition in items:
        due = petition.handling_due_on
        topic = Topic.OVERDUE if due < today else Topic.DUE_SOON
        preferences = handlers.get(petition.responsible_unit_id, []) + (
            [leaders[petition.owning_leader_id]] if petition.owning_leader_id in leaders else [])
        key = f"{topic}:{petition.pk}:{due.isoformat()}"
        if key in told:
            continue
        written += _to_staff(preferences, petition, topic, key, due=due, at=now)
    return written


_RECIPIENT = re.compile(r":u\d+$")  # a staff alert's key ends with its recipient (``_to_staff``)


def _keys_written(items, topics) -> set[str]:
    """The keys (without the recipient) of the messages on ``topics`` already written for ``items``: one query."""
    keys = Message.objects.filter(petition__in=items, topic__in=topics).values_list("key", flat=True)
    return {_RECIPIENT.sub("", key) for key in keys}


def _review_closing(today: dt.date, now) -> int:
    """The petitioner is told a few days before the time to ask for a review (or re-review) ends."""
    until = today + dt.timedelta(days=_closing_days())
    written = 0
    for state, field in ((PetitionState.REPLIED, "review_request_due_on"),
                         (PetitionState.REVIEWED, "re_review_request_due_on")):
        items = Petition.objects.filter(state=state, **{f"{field}__gte": today, f"{field}__lte": until}) \
            .exclude(notify_by="").select_related("responsible_unit")
        items = list(items)
        told = _keys_written(items, (Topic.REVIEW_CLOSING,))
        for petition in items:
            due = getattr(petition, field)
            key = f"{Topic.REVIEW_CLOSING}:{petition.pk}:{field}:{due.isoformat()}"
            if key not in told:
                written += bool(_to_petitioner(petition, Topic.REVIEW_CLOSING, key, due=due, at=now))
    return written


def _digests(today: dt.date, now) -> int:
    """One message per staff member who chose a digest, with the alerts held for it since the last one."""
    held = defaultdict(list)
    for message in Message.objects.filter(state=MessageState.HELD).order_by("created_at", "pk"):
        held[message.user_id].append(message)
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=held).select_related("user")}
    written = 0
    for user_id, parts in held.items():
        preference = preferences.get(user_id)
        if preference is None or not preference.address:
            continue
        subject, body = compose.digest(parts, today)
        digest = _write(Message(key=f"digest:{today.isoformat()}:u{user_id}", audience=Audience.STAFF,
                                topic=Topic.DIGEST, channel=preference.channel, address=preference.address,
                                user=preference.user, subject=subject, body=body, created_at=now))
        Message.objects.filter(pk__in=[m.pk for m in parts]).update(state=MessageState.DIGESTED, digest=digest)
        written += 1
    return written
