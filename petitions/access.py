"""Who may do what to an item, and who may see whose identity — decided here and nowhere else.

``PetitionQuerySet.visible_to`` decides which items a user sees at all; this module decides, for an item
the user can see, which transitions are open to him or her now and what personal data is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organisation.models import Role

from .states import TRANSITIONS, Actor, Transition, transitions_from


@dataclass(frozen=True)
class RecordedFromLedger:
    """An actor standing for history copied from a paper or spreadsheet ledger by a bureau registrar.

    It may record any step (the unit's reply, the petitioner's evaluation …) with its historical date;
    only bureau registrars and supervisors can act through it, and the events say so.
    """

    user: object

    @property
    def is_bureau_staff(self) -> bool:
        return self.user.is_bureau_staff

    def has_role(self, *roles: str) -> bool:
        return self.user.has_role(*roles)

    def __str__(self) -> str:
        return str(self.user)


def works_the_bureau_desk(user) -> bool:
    """Registrars and supervisors of the petition bureau: they register, decide, record for the petitioner,
    import ledgers, ask leaders for instructions and may reveal full personal numbers."""
    user = user_of(user)
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_bureau_staff
        and user.has_role(Role.REGISTRAR, Role.SUPERVISOR)
    )


def keeps_bureau_registers(user) -> bool:
    """Supervisors and administrators of the petition bureau: they keep the bureau's own registers (joint meetings,
    duty rosters)."""
    user = user_of(user)
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_bureau_staff
        and user.has_role(Role.SUPERVISOR, Role.ADMIN)
    )


def can_record_from_ledger(user) -> bool:
    """Who may act through RecordedFromLedger (the ledger import)."""
    return works_the_bureau_desk(user)


def user_of(actor):
    """The staff user behind an actor (None for the petitioner on the public page)."""
    return actor.user if isinstance(actor, RecordedFromLedger) else actor


class TransitionRefused(Exception):
    """A transition that the state, the actor or a time limit does not allow; the message says why."""


def _acts_as(user, actor: str, petition) -> bool:
    if user is None:  # the petitioner on the public page
        return actor == Actor.PETITIONER
    if isinstance(user, RecordedFromLedger):
        return can_record_from_ledger(user.user)
    if actor in (Actor.BUREAU, Actor.PETITIONER):  # a registrar also records a letter or call from the petitioner
        return works_the_bureau_desk(user)
    if actor == Actor.SUPERVISOR:
        return user.is_bureau_staff and user.has_role(Role.SUPERVISOR)
    if actor == Actor.UNIT:
        return user.has_role(Role.UNIT_HANDLER) and user.unit_id is not None and user.unit_id == petition.responsible_unit_id
    return False


def dated(day: dt.date, provisional: bool) -> str:
    """A date as a message states it, marked when it rests on a year without calendar data (workdays.deadlines)."""
    if not provisional:
        return day.isoformat()
    return _("%(date)s (provisional: that year's holiday arrangement is not in the calendar yet)") % {
        "date": day.isoformat()}


def _guard(transition: Transition, petition, today: dt.date) -> str | None:
    """Conditions beyond state and actor; returns the reason for refusing, or None."""
    name = transition.name
    if name == "hand_back" and petition.objection_due_on and today > petition.objection_due_on:
        return _("The 5 working days to object to jurisdiction ended on %(date)s.") % {
            "date": dated(petition.objection_due_on, petition.objection_due_provisional)}
    if name == "extend" and petition.extension_days:
        return _("This item has already been extended once; it cannot be extended again.")
    if name == "evaluate":
        if not petition.is_evaluable:
            return _("This item is not open to a satisfaction evaluation.")
        if petition.satisfaction:
            return _("This item has already been evaluated.")
    if name == "request_review" and petition.review_request_due_on and today > petition.review_request_due_on:
        return _("The 30 days to request a review ended on %(date)s.") % {
            "date": dated(petition.review_request_due_on, petition.review_request_due_provisional)}
    if name == "request_re_review" and petition.re_review_request_due_on and today > petition.re_review_request_due_on:
        return _("The 30 days to request a re-review ended on %(date)s.") % {
            "date": dated(petition.re_review_request_due_on, petition.re_review_request_due_provisional)}
    return None


def refusal(user, petition, name: str, today: dt.date) -> str | None:
    """Why ``user`` (None: the petitioner on the public page) may not perform ``name`` now, or None if allowed."""
    transition = TRANSITIONS[name]
    if petition.state not in transition.sources:
        return _("“%(action)s” is not possible while the item is “%(state)s”.") % {
            "action": transition.label,
            "state": petition.get_state_display(),
        }
    if not any(_acts_as(user, actor, petition) for actor in transition.actors):
        return _("You are not allowed to “%(action)s” on this item.") % {"action": transition.label}
    return _guard(transition, petition, today)


def check_transition(user, petition, name: str, today: dt.date) -> None:
    reason = refusal(user, petition, name, today)
    if reason:
        raise TransitionRefused(reason)


def allowed_transitions(user, petition, today: dt.date) -> list[Transition]:
    """The transitions to offer as buttons: exactly those the actions would accept."""
    return [t for t in transitions_from(petition.state) if refusal(user, petition, t.name, today) is None]


def can_see_identity(user, petition) -> bool:
    """Accusers' identity is hidden from everyone outside the bureau (DESIGN.md §7).

    The same rule as a filter is ``PetitionQuerySet.identity_visible_to``: what a user may not see of an item
    cannot be searched, filtered or counted on either (a search by a person's name, ID number or phone).
    """
    if not petition.is_accusation:
        return True
    return sees_every_identity(user)


def sees_every_identity(user) -> bool:
    """Bureau staff see every petitioner's identity, accusers' included; nobody else sees an accuser's."""
    user = user_of(user)
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_bureau_staff)


# --- The accused are kept away from the accusation (DESIGN.md §7; 信访工作条例 art. 30, 46) ---------------------
#
# One rule, in two forms: ``accuses`` for an item at hand (assignment, forwarding, instruction requests, owning
# leaders, meeting agendas and tasks, supervision), ``accusing_condition`` for ``Petition.objects.visible_to``.
# An item accuses a unit when that unit is its accused unit, and a person when it names him or her as the accused
# person (the staff user's full name, at least two characters, appears in it) or accuses the person's unit.

MIN_NAME_TO_MATCH = 2


def _named(full_name: str) -> bool:
    return len(full_name.strip()) >= MIN_NAME_TO_MATCH


def accuses(petition, *, unit=None, user=None, name: str = "") -> bool:
    """Whether ``petition`` is an accusation against ``unit``, or against ``user`` (his or her unit, or by name), or
    against a person called ``name`` (someone without an account, e.g. a meeting's attendee)."""
    if not petition.is_accusation:
        return False
    user = user_of(user)
    units = {getattr(unit, "pk", unit), getattr(user, "unit_id", None)} - {None}
    if petition.accused_unit_id is not None and petition.accused_unit_id in units:
        return True
    names = {(getattr(user, "full_name", "") or "").strip(), name.strip()}
    return any(_named(n) and n in (petition.accused_person or "") for n in names)


def accusing_condition(user, prefix: str = ""):
    """The items that accuse ``user`` — ``accuses(item, user=user)`` as a filter (through ``prefix``)."""
    from django.db.models import Q

    user = user_of(user)
    condition = Q(pk__in=[])
    if user is None:
        return condition
    if user.unit_id:
        condition |= Q(**{f"{prefix}accused_unit_id": user.unit_id})
    name = (user.full_name or "").strip()
    if _named(name):
        condition |= Q(**{f"{prefix}accused_person__contains": name})
    return condition & Q(**{f"{prefix}content_type": "accusation"})


def refuse_accused(petition, *, field_name: str, unit=None, user=None, name: str = "") -> None:
    """Raise ValidationError({field_name: …}) when ``petition`` accuses ``unit``, ``user`` or ``name`` (``accuses``)."""
    from django.core.exceptions import ValidationError

    if accuses(petition, unit=unit, user=user, name=name):
        whom = user_of(user) if user is not None else (unit if unit is not None else name)
        raise ValidationError({field_name: [
            _("%(number)s is an accusation concerning “%(whom)s”: it can never be sent to, shown to or handled by "
              "them.") % {"number": petition.number, "whom": whom}
        ]})


def can_see_query_code(user) -> bool:
    """The query code is the petitioner's credential (DESIGN.md §7): the bureau desk, which issues the notices that
    carry it, sees it; the units whose work the petitioner evaluates, and leaders, never do."""
    return works_the_bureau_desk(user)


def query_code_for(user, petition) -> str:
    """The item's query code as ``user`` may see it: shown in groups of four, or "" (pages, documents, exports)."""
    return petition.display_query_code if can_see_query_code(user) else ""


def can_reveal_sensitive(user) -> bool:
    """Full ID and phone numbers: only bureau registrars and supervisors, and every reveal is logged."""
    return works_the_bureau_desk(user)


def pending_instruction(user, petition):
    """The instruction ``user`` may write on ``petition`` now: an open request to him or her, or — for the
    owning leader — a new one. None when the user may not write one."""
    from .models import Instruction

    if user is None or not user.has_role(Role.LEADER) or accuses(petition, user=user):
        return None
    pending = petition.instructions.filter(leader=user, written_at__isnull=True).first()
    if pending is None and petition.owning_leader_id == user.pk:
        return Instruction(petition=petition, leader=user, requested_by=user)
    return pending

