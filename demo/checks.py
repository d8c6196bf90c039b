"""Consistency checks of items: do their fields, due dates, events and search text agree with each other?

Items built through the actions pass them by construction; the synthetic generator writes rows directly and
must pass them too. ``problems()`` returns one line per inconsistency (empty: all is well).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone

from petitions import search
from petitions.identity import validate_id_number
from petitions.models import (
    Channel,
    EventKind,
    Petition,
    PetitionEvent,
    PetitionParty,
    PetitionSearchText,
    is_collective_visit,
)
from petitions.query_codes import normalise
from petitions.states import CLOSED_STATES, OPEN_STATES, PetitionState
from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.models import DeadlinePolicy

S = PetitionState
_DECIDED = CLOSED_STATES | {S.DECLINED, S.FORWARDED, S.ASSIGNED, S.HANDLING}
_ACCEPTED = {S.ASSIGNED, S.HANDLING, S.REPLIED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW, S.TERMINATED}
_REPLIED = {S.REPLIED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW, S.TERMINATED}
_REVIEWED = {S.REVIEWED, S.UNDER_RE_REVIEW, S.TERMINATED}


def expected_due(p: Petition, policy, calendar) -> deadlines.Due | None:
    """The due date of the item's current step, as the actions set it."""
    if p.state in (S.REGISTERED, S.RETURNED):
        return deadlines.decision_due(p.received_on, policy, calendar, fast_track=p.fast_track)
    if p.state in (S.ASSIGNED, S.HANDLING):
        if p.extension_days:
            return deadlines.extended_due(p.original_handling_due_on, p.extension_days, policy, calendar)
        return deadlines.handling_due(p.accepted_on, policy, calendar, deadline_class=p.deadline_class or None,
                                      fast_track=p.fast_track, due_from_above=p.source_due_on)
    if p.state == S.UNDER_REVIEW:
        return deadlines.review_decision_due(p.review_requested_on, policy, calendar)
    if p.state == S.UNDER_RE_REVIEW:
        return deadlines.re_review_decision_due(p.re_review_requested_on, policy, calendar)
    return None


def problems(queryset=None, *, today: dt.date | None = None) -> list[str]:
    """Inconsistencies of the items in ``queryset`` (default: all), one line each."""
    policy, calendar = DeadlinePolicy.current(), WorkCalendar.load()
    today = today or timezone.localdate()
    items = list((queryset if queryset is not None else Petition.objects.all()).order_by("pk"))
    ids = [p.pk for p in items]
    events: dict[int, list[PetitionEvent]] = defaultdict(list)
    for event in PetitionEvent.objects.filter(petition_id__in=ids).order_by("at", "pk"):
        events[event.petition_id].append(event)
    parties: dict[int, list[PetitionParty]] = defaultdict(list)
    for party in PetitionParty.objects.filter(petition_id__in=ids).select_related("petitioner"):
        parties[party.petition_id].append(party)
    texts = dict(PetitionSearchText.objects.filter(petition_id__in=ids).values_list("petition_id", "bigrams"))
    found: list[str] = []
    codes: dict[str, int] = {}

    for p in items:
        def bad(message, p=p):
            found.append(f"{p.number}: {message}")

        # Query code: valid and unique.
        if normalise(p.query_code) != p.query_code:
            bad(f"query code {p.query_code!r} is not a valid code")
        if p.query_code in codes:
            bad(f"query code {p.query_code} is also used by item {codes[p.query_code]}")
        codes[p.query_code] = p.pk

        # What came in.
        if p.is_collective != is_collective_visit(p.channel, p.headcount, policy):
            bad(f"is_collective={p.is_collective} with {p.headcount} persons by {p.channel}")
        if p.channel != Channel.VISIT and p.headcount != 1:
            bad(f"headcount {p.headcount} on a {p.channel} item")
        if p.is_repeat != (p.repeat_of_id is not None):
            bad("is_repeat and repeat_of disagree")
        if p.accused_unit_id and p.accused_unit_id in (p.responsible_unit_id, p.forwarded_to_id):
            bad("sent to the unit it accuses")
        if p.fast_track and not deadlines.fast_track_eligible(
            is_repeat=p.is_repeat, is_collective=p.is_collective, petitioner_count=len(parties[p.pk]),
            from_above=p.source != "direct",
        ):
            bad("on the fast track without being eligible")
        if not parties[p.pk]:
            bad("no petitioner")
        for party in parties[p.pk]:
            if party.petitioner.id_number:
                try:
                    validate_id_number(party.petitioner.id_number, today=today)
                except ValidationError as exc:
                    bad(f"petitioner {party.petitioner.pk}: {exc.messages[0]}")

        # Due dates, from the dates of the steps.
        decision = deadlines.decision_due(p.received_on, policy, calendar, fast_track=p.fast_track)
        if p.decision_due_on != decision.date:
            bad(f"decision due {p.decision_due_on}, expected {decision.date}")
        if p.state in _DECIDED and p.decided_on is None:
            bad(f"state {p.state} without a decision date")
        if p.state in _ACCEPTED:
            if not (p.responsible_unit_id and p.accepted_on):
                bad(f"state {p.state} without responsible unit or acceptance date")
            else:
                handling = deadlines.handling_due(
                    p.accepted_on, policy, calendar, deadline_class=p.deadline_class or None,
                    fast_track=p.fast_track, due_from_above=p.source_due_on,
                )
                if p.original_handling_due_on != handling.date:
                    bad(f"handling due {p.original_handling_due_on}, expected {handling.date}")
                if p.objection_due_on != deadlines.objection_due(p.accepted_on, policy, calendar).date:
                    bad("objection period does not follow from the acceptance date")
                extended = (deadlines.extended_due(p.original_handling_due_on, p.extension_days, policy, calendar).date
                            if p.extension_days else p.original_handling_due_on)
                if p.handling_due_on != extended:
                    bad(f"current handling due {p.handling_due_on}, expected {extended}")
        if p.state == S.HANDLING and not p.signed_for_on:
            bad("being handled but never signed for")
        if p.state in _REPLIED:
            if not (p.replied_on and p.reply_text and p.reply_outcome):
                bad(f"state {p.state} without the reply")
            elif p.review_request_due_on != deadlines.review_request_due(p.replied_on, policy, calendar).date:
                bad("review request period does not follow from the reply date")
        if p.state in _REVIEWED and (
            p.review_decided_on is None
            or p.re_review_request_due_on != deadlines.re_review_request_due(p.review_decided_on, policy, calendar).date
        ):
            bad("re-review request period does not follow from the review decision")
        if p.state == S.DECLINED and not p.decline_reason:
            bad("not accepted without a reason")
        if p.state == S.FORWARDED and not p.forwarded_to_id:
            bad("forwarded to nobody")
        due = expected_due(p, policy, calendar)
        if (p.due_on, p.due_provisional) != ((due.date, due.provisional) if due else (None, False)):
            bad(f"current due date {p.due_on} (provisional {p.due_provisional}), expected {due}")
        if p.state not in OPEN_STATES and p.due_on is not None:
            bad("a closed item with a current due date")

        # The history: registration first, then the states in order, business dates in order and not in the future.
        history = events[p.pk]
        if not history or history[0].kind != EventKind.REGISTERED:
            bad("the first event is not the registration")
        else:
            state, last_on = "", None
            for event in history:
                if event.to_state:
                    if event.from_state != state:
                        bad(f"event {event.kind} from {event.from_state!r}, but the item was {state!r}")
                    state = event.to_state
                on = event.data.get("on")
                if on:
                    on = dt.date.fromisoformat(on)
                    if on > today or (last_on and on < last_on):
                        bad(f"event {event.kind} on {on} is out of order or in the future")
                    last_on = on
            if state != p.state:
                bad(f"the events end in {state!r} but the item is {p.state!r}")
            if history[0].data.get("on") != p.received_on.isoformat():
                bad("registered on another day than received")

        # Search text.
        if texts.get(p.pk) != search.document(p.title, p.content):
            bad("search text does not match the subject and content")
    return found
