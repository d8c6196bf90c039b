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


def _guard(transition: Transition, petition, today: dt.date) -> str | None:
    """Conditions beyond state and actor; returns the reason for refusing, or None."""
    name = transition.name
    if name == "hand_back" and petition.objection_due_on and today > petition.objection_due_on:
        return _("The 5 working days to object to jurisdiction ended on %(date)s.") % {"date": petition.objection_due_on}
    if name == "extend" and petition.extension_days:
        return _("This item has already been extended once; it cannot be extended again.")
    if name == "evaluate":
        if not petition.is_evaluable:
            return _("This item is not open to a satisfaction evaluation.")
        if petition.satisfaction:
            return _("This item has already been evaluated.")
    if name == "request_review" and petition.review_request_due_on and today > petition.review_request_due_on:
        return _("The 30 days to request a review ended on %(date)s.") % {"date": petition.review_request_due_on}
    if name == "request_re_review" and petition.re_review_request_due_on and today > petition.re_review_request_due_on:
        return _("The 30 days to request a re-review ended on %(date)s.") % {"date": petition.re_review_request_due_on}
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
    """Accusers' identity is hidden from everyone outside the bureau (DESIGN.md §7)."""
    if not petition.is_accusation:
        return True
    return user is not None and user.is_bureau_staff


def can_reveal_sensitive(user) -> bool:
    """Full ID and phone numbers: only bureau registrars and supervisors, and every reveal is logged."""
    return works_the_bureau_desk(user)


def pending_instruction(user, petition):
    """The instruction ``user`` may write on ``petition`` now: an open request to him or her, or — for the
    owning leader — a new one. None when the user may not write one."""
    from .models import Instruction

    if user is None or not user.has_role(Role.LEADER):
        return None
    pending = petition.instructions.filter(leader=user, written_at__isnull=True).first()
    if pending is None and petition.owning_leader_id == user.pk:
        return Instruction(petition=petition, leader=user, requested_by=user)
    return pending

