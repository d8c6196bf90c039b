"""Every write to a petition is one of these functions (STYLE.md §1, §4).

Each one locks the row, checks state and permission through ``access``, changes the item, saves the
changed fields and appends an event — all in one transaction. The HTML views, the ledger import and the
public page call these same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.rows import first, insert, together
from organisation.models import Unit
from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.models import DeadlineClass, DeadlinePolicy

from . import search
from .access import (
    RecordedFromLedger,
    check_transition,
    pending_instruction,
    refuse_accused,
    user_of,
    works_the_bureau_desk,
)
from .events import record_event
from .identity import mask_id_number, normalise_phone, validate_id_number
from .models import (
    Channel,
    ContentType,
    DeclineReason,
    EventKind,
    Instruction,
    NotifyBy,
    Petition,
    Petitioner,
    PetitionerVersion,
    PetitionParty,
    ReplyOutcome,
    Satisfaction,
    Source,
    Via,
    is_collective_visit,
)
from .query_codes import new_code
from .states import TRANSITIONS

MAX_REPRESENTATIVES = 5
QUERY_CODE_ATTEMPTS = 5


@dataclass
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_representative: bool = False
    # The registrar confirmed that the person already recorded under this ID number with another name is this
    # person (the name typed now is the right one); without it such a registration is refused, never merged.
    same_person_confirmed: bool = False


@dataclass
class RegistrationData:
    channel: str
    received_on: dt.date
    title: str
    content: str
    content_type: str
    category: object
    place: Unit
    petitioners: list[PetitionerData] = field(default_factory=list)
    headcount: int = 1
    received_level: str = "own"
    source: str = Source.DIRECT
    source_body: Unit | None = None
    source_reference: str = ""
    source_due_on: dt.date | None = None
    accused_unit: Unit | None = None
    accused_person: str = ""
    repeat_of: Petition | None = None
    fast_track: bool = False  # the registrar judges the matter simple (简易办理); only for eligible items
    notify_by: str = ""  # NotifyBy: how the petitioner is told of the item's steps; "" not at all
    notify_email: str = ""


def _context():
    return DeadlinePolicy.current(), WorkCalendar.load()


def _today_now(on: dt.date | None):
    now = timezone.now()
    return (on or timezone.localdate(now)), now


def _is_collective(data: RegistrationData, policy) -> bool:
    return is_collective_visit(data.channel, data.headcount, policy)


def validate_registration(data: RegistrationData, *, today: dt.date, policy=None) -> dict[str, list[str]]:
    """Every business rule of a registration; returns {field: [messages]} (empty when valid)."""
    policy = policy or DeadlinePolicy.current()
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if data.received_on > today:
        add("received_on", _("The date of receipt cannot be in the future."))
    if not data.title.strip():
        add("title", _("Please enter the subject."))
    if not data.content.strip():
        add("content", _("Please enter the content of the petition."))
    if data.headcount < 1:
        add("headcount", _("The number of persons must be at least 1."))
    if not data.petitioners:
        add("petitioners", _("Please enter at least one petitioner."))
    if len(data.petitioners) > data.headcount and data.channel == Channel.VISIT:
        add("headcount", _("More petitioners are named than persons came (%(n)s).") % {"n": data.headcount})
    representatives = [p for p in data.petitioners if p.is_representative]
    if len(representatives) > MAX_REPRESENTATIVES:
        add("petitioners", _("A visit can name at most 5 representatives."))
    if _is_collective(data, policy) and not representatives:
        add("petitioners", _("A collective visit must name its representatives (at most 5)."))
    seen_ids = set()
    for index, person in enumerate(data.petitioners, start=1):
        if not person.name.strip():
            add("petitioners", _("Petitioner %(n)s: please enter the name.") % {"n": index})
        if person.phone:
            try:
                normalise_phone(person.phone)
            except ValidationError as exc:
                add("petitioners", _("Petitioner %(n)s: %(error)s") % {"n": index, "error": exc.messages[0]})
        if person.id_number:
            try:
                number = validate_id_number(person.id_number, today=today)
            except ValidationError as exc:
                add("petitioners", _("Petitioner %(n)s: %(error)s") % {"n": index, "error": exc.messages[0]})
            else:
                if number in seen_ids:
                    add("petitioners", _("Petitioner %(n)s: the same ID number is entered twice.") % {"n": index})
                seen_ids.add(number)
    if data.content_type == ContentType.ACCUSATION and not (data.accused_unit or data.accused_person.strip()):
        add("accused_unit", _("An accusation must say whom it accuses (a unit or a person)."))
    if data.source != Source.DIRECT and data.source_body is None:
        add("source_body", _("Please choose the higher body that sent this item."))
    if data.source_body is not None and not data.source_body.is_higher_level:
        add("source_body", _("“%(unit)s” is not a higher-level body.") % {"unit": data.source_body})
    if data.fast_track and not deadlines.fast_track_eligible(
        is_repeat=data.repeat_of is not None,
        is_collective=_is_collective(data, policy),
        petitioner_count=len(data.petitioners),
        from_above=data.source != Source.DIRECT,
    ):
        add("fast_track", _("The fast track is only for simple first petitions of one person, not collective, repeat or "
                            "assigned from above."))
    if data.notify_by == NotifyBy.SMS and not (data.petitioners and data.petitioners[0].phone):
        add("notify_by", _("Notices by SMS need the first petitioner's phone number."))
    if data.notify_by == NotifyBy.EMAIL:
        try:
            validate_email(data.notify_email)
        except ValidationError:
            add("notify_email", _("Please enter the e-mail address for the notices (e.g. name@example.com)."))
    elif data.notify_by not in ("", *NotifyBy.values):
        add("notify_by", _("Please choose how the petitioner is told: SMS, e-mail or not at all."))
    if data.source_due_on and data.source_due_on < data.received_on:
        add("source_due_on", _("The higher body's due date is before the date of receipt."))
    return errors


class SamePersonUnconfirmed(ValidationError):
    """A petitioner's ID number is already recorded for a person with another name, and the registrar has not
    confirmed that it is the same person: nothing is registered, and nobody is merged. ``position`` (1, 2 …) says
    which petitioner of the registration, so that the form can ask about that one."""

    def __init__(self, position: int, person: PetitionerData, existing: Petitioner):
        self.position, self.recorded_name = position, existing.name
        super().__init__({"petitioners": [_(
            "Petitioner %(n)s: the ID number %(id)s is already recorded for “%(recorded)s”, not “%(typed)s”. Check "
            "the ID number, or confirm that this is the same person."
        ) % {"n": position, "id": mask_id_number(existing.id_number), "recorded": existing.name,
             "typed": person.name.strip()}]})


@dataclass
class _Person:
    """A petitioner of a registration: the record (new, found, or found and changed) and what changed in it."""

    record: Petitioner
    position: int  # 1, 2 … in the registration
    earlier: PetitionerVersion | None = None  # what the record said before this registration changed it
    changed: tuple[str, ...] = ()


def _petitioner_for(person: PetitionerData, position: int, *, now, actor) -> _Person:
    """The existing record of the same person, or a new record. A new name (confirmed by the registrar), phone or
    address makes a new version of the person: the record says what is true now, the earlier version is kept, and
    the items registered before keep what their parties recorded."""
    id_number = person.id_number.strip().upper()
    name, phone, address = person.name.strip(), normalise_phone(person.phone), person.address.strip()
    # The ORM writes the look-up once per process and shape, not per item (config.rows.first).
    existing = first("same person", Petitioner.objects.same_person, id_number=id_number, name=name, phone=phone)
    if existing is None:
        return _Person(insert(Petitioner(name=name, id_number=id_number, phone=phone, address=address)), position)
    if existing.name != name and not person.same_person_confirmed:
        raise SamePersonUnconfirmed(position, person, existing)
    new = {"name": name, "phone": phone, "address": address}
    changed = tuple(attr for attr, value in new.items() if value and value != getattr(existing, attr))
    if not changed:
        return _Person(existing, position)
    earlier = PetitionerVersion(
        petitioner=existing, name=existing.name, phone=existing.phone, address=existing.address,
        replaced_at=now, replaced_by=user_of(actor),
    )
    for attr in changed:
        setattr(existing, attr, new[attr])
    existing.save(update_fields=list(changed))
    return _Person(existing, position, earlier, changed)


def petition_register(*, actor, data: RegistrationData, on: dt.date | None = None,
                      also: Callable[[Petition], None] | None = None) -> Petition:
    """Register an incoming item (登记). Raises ValidationError({field: messages}) on bad input.

    ``also(petition)``: the caller's further writes of the same registration, in its transaction after the item's
    insert (an online petition's files and its submission record): all are kept or none. The policy and calendar
    are read before the transaction, where the process may keep them (organisation.revision)."""
    today, now = _today_now(on)
    policy, calendar = _context()
    if actor is not None and not works_the_bureau_desk(actor):
        raise ValidationError(_("Only the petition bureau's registrars can register items."))
    errors = validate_registration(data, today=today, policy=policy)
    if errors:
        raise ValidationError(errors)
    is_collective = _is_collective(data, policy)
    headcount = data.headcount if data.channel == Channel.VISIT else 1
    fast_track = data.fast_track
    decision_due = deadlines.decision_due(data.received_on, policy, calendar, fast_track=fast_track)
    petition = Petition(
        channel=data.channel,
        received_on=data.received_on,
        received_level=data.received_level,
        headcount=headcount,
        is_collective=is_collective,
        source=data.source,
        source_body=data.source_body,
        source_reference=data.source_reference,
        source_due_on=data.source_due_on,
        title=data.title.strip(),
        content=data.content.strip(),
        content_type=data.content_type,
        category=data.category,
        place=data.place,
        accused_unit=data.accused_unit,
        accused_person=data.accused_person.strip(),
        is_repeat=data.repeat_of is not None,
        repeat_of=data.repeat_of,
        registered_at=now,
        registered_by=user_of(actor),
        decision_due_on=decision_due.date,
        decision_due_provisional=decision_due.provisional,
        fast_track=fast_track,
        notify_by=data.notify_by,
        notify_email=data.notify_email.strip() if data.notify_by == NotifyBy.EMAIL else "",
        due_on=decision_due.date,
        due_provisional=decision_due.provisional,
    )
    # No savepoint around the insert for the unique query code: two codes collide once in 5·10^17 draws, and
    # then the whole registration is rolled back and done again with a new code.
    for _attempt in range(QUERY_CODE_ATTEMPTS):
        petition.query_code = new_code()
        try:
            with transaction.atomic():
                _insert_registration(petition, data, actor=actor, now=now)
                if also is not None:
                    also(petition)
            return petition
        except IntegrityError:
            if not Petition.objects.filter(query_code=petition.query_code).exists():
                raise
    raise RuntimeError("could not draw a unique query code")


def _insert_registration(petition: Petition, data: RegistrationData, *, actor, now: dt.datetime) -> None:
    # The petitioners first: the item's insert updates the day's statistics rows (stats/rollup.py), which every
    # registration of the day updates too, and holds them until the commit. After it, one round trip.
    people = [
        _petitioner_for(person, position, now=now, actor=actor) for position, person in enumerate(data.petitioners, 1)
    ]
    insert(petition)
    with together():
        for position, (person, found) in enumerate(zip(data.petitioners, people, strict=True)):
            record = found.record
            insert(PetitionParty(
                petition=petition, petitioner=record, name=record.name, phone=record.phone, address=record.address,
                is_representative=person.is_representative, position=position,
            ))
        search.index_petition(petition, created=True)
        record_event(
            petition, EventKind.REGISTERED, actor=actor, at=now, to_state=petition.state,
            data={"on": data.received_on.isoformat(), "channel": data.channel, "headcount": petition.headcount,
                  "fast_track": petition.fast_track, "repeat_of": data.repeat_of.pk if data.repeat_of else None},
        )
    for found in people:
        if found.changed:
            _record_new_version(petition, found, actor=actor, now=now)


def _record_new_version(petition: Petition, found: _Person, *, actor, now: dt.datetime) -> None:
    """Keep the person's earlier version and say on the new item which of the person's details it changed (the
    event names the fields, not the personal data: the item's history is read by the units that handle it)."""
    found.earlier.petition = petition
    found.earlier.save()
    labels = {"name": _("name"), "phone": _("phone"), "address": _("address")}
    record_event(
        petition, EventKind.PETITIONER_CHANGED, actor=actor, at=now,
        note=_("Petitioner %(n)s: new %(fields)s; the items registered before keep what was recorded then.") % {
            "n": found.position, "fields": "、".join(str(labels[f]) for f in found.changed)},
        data={"petitioner": found.record.pk, "fields": list(found.changed), "version": found.earlier.pk},
    )


class _Step:
    """Lock the row, check the transition, let the caller change it, save and append the event."""

    def __init__(self, actor, petition: Petition, name: str, on: dt.date | None):
        self.actor, self.name, self.transition = actor, name, TRANSITIONS[name]
        self.petition_id = petition.pk
        self.today, self.now = _today_now(on)

    def __enter__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.petition = Petition.objects.select_for_update().get(pk=self.petition_id)
        self.from_state = self.petition.state
        try:
            check_transition(self.actor, self.petition, self.name, self.today)
        except BaseException as exc:
            self._atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def finish(self, kind: str, fields: list[str], *, note: str = "", data: dict | None = None) -> Petition:
        if self.transition.target:
            self.petition.state = self.transition.target
            fields = [*fields, "state"]
        self.petition.save(update_fields=sorted(set(fields)))
        record_event(
            self.petition, kind, actor=self.actor, at=self.now,
            from_state=self.from_state, to_state=self.petition.state, note=note,
            data={**(data or {}), "on": self.today.isoformat()},
        )
        return self.petition

    def __exit__(self, exc_type, exc, tb):
        return self._atomic.__exit__(exc_type, exc, tb)


def _set_due(petition: Petition, due: deadlines.Due | None) -> list[str]:
    petition.due_on = due.date if due else None
    petition.due_provisional = bool(due and due.provisional)
    return ["due_on", "due_provisional"]


def _require(value, field_name: str, message: str):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationError({field_name: [message]})
    return value.strip() if isinstance(value, str) else value


def petition_answer(*, actor, petition: Petition, answer: str, on: dt.date | None = None) -> Petition:
    """Answered on the spot (当场答复): the bureau resolves it at registration."""
    answer = _require(answer, "answer", _("Please write the answer given on the spot."))
    with _Step(actor, petition, "answer", on) as step:
        p = step.petition
        p.decided_on = p.replied_on = step.today
        p.reply_text = answer
        p.reply_outcome = ReplyOutcome.EXPLAIN
        return step.finish(
            EventKind.ANSWERED, ["decided_on", "replied_on", "reply_text", "reply_outcome", *_set_due(p, None)],
            note=answer,
        )


def petition_decline(*, actor, petition: Petition, reason: str, note: str = "", on: dt.date | None = None) -> Petition:
    """Not accepted (不予受理), with the reason; legal-procedure matters are pointed to that procedure."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": [_("Please choose the reason for not accepting.")]})
    with _Step(actor, petition, "decline", on) as step:
        p = step.petition
        p.decided_on, p.decline_reason, p.decision_note = step.today, reason, note.strip()
        return step.finish(
            EventKind.DECLINED, ["decided_on", "decline_reason", "decision_note", *_set_due(p, None)],
            note=note, data={"reason": reason},
        )


def petition_forward(*, actor, petition: Petition, to_unit: Unit, note: str = "", on: dt.date | None = None) -> Petition:
    """Forwarded (转送) to the competent authority; no result report is required back."""
    _require(to_unit, "to_unit", _("Please choose where to forward the item."))
    refuse_accused(petition, unit=to_unit, field_name="to_unit")
    with _Step(actor, petition, "forward", on) as step:
        p = step.petition
        p.decided_on, p.forwarded_to, p.decision_note = step.today, to_unit, note.strip()
        return step.finish(
            EventKind.FORWARDED, ["decided_on", "forwarded_to", "decision_note", *_set_due(p, None)],
            note=note, data={"to_unit": to_unit.pk, "to_unit_name": to_unit.name},
        )


def petition_assign(
    *,
    actor,
    petition: Petition,
    unit: Unit,
    deadline_class: str = "",
    owning_leader=None,
    note: str = "",
    on: dt.date | None = None,
) -> Petition:
    """Accept and assign (受理并交办) to the responsible unit, which must report the result back."""
    _require(unit, "unit", _("Please choose the responsible unit."))
    if not unit.can_be_responsible:
        raise ValidationError({"unit": [_("“%(unit)s” cannot be a responsible unit.") % {"unit": unit}]})
    refuse_accused(petition, unit=unit, field_name="unit")
    if owning_leader is not None:
        _check_leader(petition, owning_leader, "owning_leader")
    if deadline_class and deadline_class not in DeadlineClass.values:
        raise ValidationError({"deadline_class": [_("Please choose urgent, general or major.")]})
    policy, calendar = _context()
    with _Step(actor, petition, "assign", on) as step:
        p = step.petition
        today = step.today
        handling = deadlines.handling_due(
            today, policy, calendar, deadline_class=deadline_class or None, fast_track=p.fast_track,
            due_from_above=p.source_due_on,
        )
        p.decided_on = p.accepted_on = today
        p.responsible_unit = unit
        p.deadline_class = deadline_class
        p.decision_note = note.strip()
        objection = deadlines.objection_due(today, policy, calendar)
        p.objection_due_on, p.objection_due_provisional = objection.date, objection.provisional
        p.handling_due_on = p.original_handling_due_on = handling.date
        p.handling_due_provisional = handling.provisional
        p.signed_for_on = None
        if owning_leader is not None:
            p.owning_leader = owning_leader
        fields = [
            "decided_on", "accepted_on", "responsible_unit", "deadline_class", "decision_note", "objection_due_on",
            "objection_due_provisional", "handling_due_on", "handling_due_provisional", "original_handling_due_on",
            "signed_for_on", "owning_leader", *_set_due(p, handling),
        ]
        return step.finish(
            EventKind.ASSIGNED, fields, note=note,
            data={"unit": unit.pk, "unit_name": unit.name, "deadline_class": deadline_class,
                  "handling_due_on": handling.date.isoformat(), "provisional": handling.provisional,
                  "objection_due_on": objection.date.isoformat(), "objection_provisional": objection.provisional},
        )


def petition_sign_for(*, actor, petition: Petition, on: dt.date | None = None) -> Petition:
    """The responsible unit signs for the item and starts handling it."""
    with _Step(actor, petition, "sign_for", on) as step:
        step.petition.signed_for_on = step.today
        return step.finish(EventKind.SIGNED_FOR, ["signed_for_on"])


def petition_hand_back(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> Petition:
    """The unit objects that the item is not its jurisdiction (within 5 working days); the bureau decides again."""
    reason = _require(reason, "reason", _("Please say why the item is not your unit's jurisdiction."))
    policy, calendar = _context()
    with _Step(actor, petition, "hand_back", on) as step:
        p = step.petition
        unit = p.responsible_unit
        p.responsible_unit = None
        p.handling_due_on = p.original_handling_due_on = p.objection_due_on = None
        p.handling_due_provisional = p.objection_due_provisional = False
        p.accepted_on = p.signed_for_on = None
        p.extension_days, p.extension_reason = None, ""
        # The bureau's decision is due again; its statutory limit still runs from receipt.
        due = deadlines.decision_due(p.received_on, policy, calendar, fast_track=p.fast_track)
        return step.finish(
            EventKind.HANDED_BACK,
            ["responsible_unit", "handling_due_on", "handling_due_provisional", "original_handling_due_on",
             "objection_due_on", "objection_due_provisional", "accepted_on", "signed_for_on", "extension_days",
             "extension_reason", *_set_due(p, due)],
            note=reason, data={"unit": unit.pk if unit else None, "unit_name": str(unit or "")},
        )


def petition_extend(
    *, actor, petition: Petition, days: int, reason: str, approved_by: str, on: dt.date | None = None
) -> Petition:
    """One extension of at most 30 days from the original due date, approved by the organ's head."""
    policy, calendar = _context()
    reason = _require(reason, "reason", _("Please give the reason for the extension; it is told to the petitioner."))
    approved_by = _require(approved_by, "approved_by", _("Please name the head who approved the extension."))
    if not isinstance(days, int) or not 1 <= days <= policy.max_extension_days:
        raise ValidationError({"days": [_("An extension is 1 to %(n)s days.") % {"n": policy.max_extension_days}]})
    with _Step(actor, petition, "extend", on) as step:
        p = step.petition
        due = deadlines.extended_due(p.original_handling_due_on, days, policy, calendar)
        p.extension_days, p.extension_reason = days, reason
        p.handling_due_on, p.handling_due_provisional = due.date, due.provisional
        return step.finish(
            EventKind.EXTENDED,
            ["extension_days", "extension_reason", "handling_due_on", "handling_due_provisional", *_set_due(p, due)],
            note=reason,
            data={"days": days, "approved_by": approved_by, "handling_due_on": due.date.isoformat(),
                  "provisional": due.provisional},
        )


def petition_reply(*, actor, petition: Petition, outcome: str, text: str, on: dt.date | None = None) -> Petition:
    """Written reply with the handling opinion (处理意见书): the item is closed (办结)."""
    if outcome not in ReplyOutcome.values:
        raise ValidationError({"outcome": [_("Please choose the outcome: support, explain or not support.")]})
    text = _require(text, "text", _("Please write the handling opinion."))
    policy, calendar = _context()
    with _Step(actor, petition, "reply", on) as step:
        p = step.petition
        p.replied_on, p.reply_outcome, p.reply_text = step.today, outcome, text
        review = deadlines.review_request_due(step.today, policy, calendar)
        p.review_request_due_on, p.review_request_due_provisional = review.date, review.provisional
        return step.finish(
            EventKind.REPLIED,
            ["replied_on", "reply_outcome", "reply_text", "review_request_due_on", "review_request_due_provisional",
             *_set_due(p, None)],
            data={"outcome": outcome, "on_time": bool(p.handling_due_on and step.today <= p.handling_due_on)},
        )


def _via(actor) -> str:
    """How the petitioner's evaluation or request came: on the public page with the query code (no actor), copied
    from a ledger, or entered by bureau staff from a call-back, letter or visit (the event names who)."""
    if actor is None:
        return Via.PUBLIC_PAGE
    return Via.LEDGER if isinstance(actor, RecordedFromLedger) else Via.BUREAU


def petition_evaluate(*, actor, petition: Petition, rating: str, comment: str = "", on: dt.date | None = None) -> Petition:
    """The petitioner's satisfaction evaluation of the handling unit (actor None: on the public page)."""
    if rating not in Satisfaction.values:
        raise ValidationError({"rating": [_("Please choose satisfied, basically satisfied or dissatisfied.")]})
    with _Step(actor, petition, "evaluate", on) as step:
        p = step.petition
        p.satisfaction, p.evaluation_comment, p.evaluated_at = rating, comment.strip(), step.now
        p.evaluation_via = _via(actor)
        return step.finish(
            EventKind.EVALUATED, ["satisfaction", "evaluation_comment", "evaluated_at", "evaluation_via"],
            note=comment, data={"rating": rating, "via": p.evaluation_via},
        )


def petition_request_review(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> Petition:
    reason = _require(reason, "reason", _("Please say why you ask for a review."))
    policy, calendar = _context()
    with _Step(actor, petition, "request_review", on) as step:
        p = step.petition
        p.review_requested_on, p.review_reason, p.review_requested_via = step.today, reason, _via(actor)
        due = deadlines.review_decision_due(step.today, policy, calendar)
        return step.finish(
            EventKind.REVIEW_REQUESTED, ["review_requested_on", "review_reason", "review_requested_via",
                                         *_set_due(p, due)],
            note=reason, data={"via": p.review_requested_via},
        )


def petition_decide_review(*, actor, petition: Petition, opinion: str, on: dt.date | None = None) -> Petition:
    opinion = _require(opinion, "opinion", _("Please write the review opinion."))
    policy, calendar = _context()
    with _Step(actor, petition, "decide_review", on) as step:
        p = step.petition
        p.review_decided_on, p.review_opinion = step.today, opinion
        re_review = deadlines.re_review_request_due(step.today, policy, calendar)
        p.re_review_request_due_on, p.re_review_request_due_provisional = re_review.date, re_review.provisional
        return step.finish(
            EventKind.REVIEW_DECIDED,
            ["review_decided_on", "review_opinion", "re_review_request_due_on", "re_review_request_due_provisional",
             *_set_due(p, None)],
            note=opinion,
        )


def petition_request_re_review(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> Petition:
    reason = _require(reason, "reason", _("Please say why you ask for a re-review."))
    policy, calendar = _context()
    with _Step(actor, petition, "request_re_review", on) as step:
        p = step.petition
        p.re_review_requested_on, p.re_review_reason = step.today, reason
        p.re_review_requested_via = _via(actor)
        due = deadlines.re_review_decision_due(step.today, policy, calendar)
        return step.finish(
            EventKind.RE_REVIEW_REQUESTED,
            ["re_review_requested_on", "re_review_reason", "re_review_requested_via", *_set_due(p, due)],
            note=reason, data={"via": p.re_review_requested_via},
        )


def petition_decide_re_review(*, actor, petition: Petition, opinion: str, on: dt.date | None = None) -> Petition:
    """The re-review opinion ends the matter: the same facts and reasons are not accepted again."""
    opinion = _require(opinion, "opinion", _("Please write the re-review opinion."))
    with _Step(actor, petition, "decide_re_review", on) as step:
        p = step.petition
        p.re_review_decided_on, p.re_review_opinion = step.today, opinion
        return step.finish(
            EventKind.RE_REVIEW_DECIDED, ["re_review_decided_on", "re_review_opinion", *_set_due(p, None)],
            note=opinion,
        )


def _check_leader(petition: Petition, leader, field_name: str) -> None:
    """A leader to be asked about or to own ``petition``: an active leader whom it does not accuse."""
    if not leader.has_role("leader") or not leader.is_active:
        raise ValidationError({field_name: [_("“%(user)s” is not a leader.") % {"user": leader}]})
    refuse_accused(petition, user=leader, field_name=field_name)


def instruction_request(*, actor, petition: Petition, leader) -> Instruction:
    """The bureau asks a leader for an instruction (批示) on an item; the leader then sees the item."""
    if not works_the_bureau_desk(actor):
        raise ValidationError(_("Only the petition bureau can ask a leader for an instruction."))
    _check_leader(petition, leader, "leader")
    now = timezone.now()
    with transaction.atomic():
        instruction = Instruction.objects.create(
            petition=petition, leader=leader, requested_by=user_of(actor), requested_at=now
        )
        record_event(petition, EventKind.INSTRUCTION_REQUESTED, actor=actor, at=now,
                     data={"leader": leader.pk, "leader_name": str(leader)})
    return instruction


def instruction_write(*, actor, petition: Petition, text: str) -> Instruction:
    """A leader writes the instruction; it enters the item's history and reaches the unit."""
    text = _require(text, "text", _("Please write the instruction."))
    now = timezone.now()
    with transaction.atomic():
        instruction = pending_instruction(actor, Petition.objects.select_for_update().get(pk=petition.pk))
        if instruction is None:
            raise ValidationError(_("You were not asked for an instruction on this item."))
        if instruction.requested_at is None:
            instruction.requested_at = now
        instruction.text, instruction.written_at = text, now
        instruction.save()
        record_event(petition, EventKind.INSTRUCTED, actor=actor, at=now, note=text)
    return instruction


def petition_set_owning_leader(*, actor, petition: Petition, leader, on: dt.date | None = None) -> Petition:
    """The bureau names (or changes) the leader who owns an item (包案领导); the leader then sees the item."""
    if not works_the_bureau_desk(actor):
        raise ValidationError(_("Only the petition bureau can name the owning leader."))
    _require(leader, "owning_leader", _("Please choose the owning leader."))
    _check_leader(petition, leader, "owning_leader")
    today, now = _today_now(on)
    with transaction.atomic():
        p = Petition.objects.select_for_update().get(pk=petition.pk)
        previous = p.owning_leader_id
        if previous == leader.pk:
            return p
        p.owning_leader = leader
        p.save(update_fields=["owning_leader"])
        record_event(p, EventKind.NOTE, actor=actor, at=now, note=_("Owning leader: %(leader)s") % {"leader": leader},
                     data={"on": today.isoformat(), "owning_leader": leader.pk, "leader_name": str(leader),
                           "previous_owning_leader": previous})
    return p
