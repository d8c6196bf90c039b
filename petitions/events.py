"""One small function per event kind family: every change to an item appends one of these."""

from __future__ import annotations

import datetime as dt

from django.dispatch import Signal
from django.utils.translation import gettext as _

from config.rows import insert

from .models import Petition, PetitionEvent

# Sent inside the transaction of every event appended, after its row: ``sender`` the event's kind, ``event`` the
# PetitionEvent (its ``petition`` the row the action changed). The notices app writes its outbox rows from it, so
# that a message exists exactly when its event does.
event_recorded = Signal()


def _label(actor) -> str:
    if actor is None:
        return _("Petitioner")
    unit = f"{actor.unit.name} " if actor.unit_id else ""
    return f"{unit}{actor}"


def record_event(
    petition: Petition,
    kind: str,
    *,
    actor,
    at: dt.datetime,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
) -> PetitionEvent:
    from .access import RecordedFromLedger

    data = dict(data or {})
    if isinstance(actor, RecordedFromLedger):
        data["recorded_from_ledger"] = True
        actor = actor.user
    event = insert(PetitionEvent(
        petition=petition,
        kind=kind,
        actor=actor,
        actor_label=_label(actor),
        at=at,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
    ))
    event_recorded.send(sender=kind, event=event)
    return event
