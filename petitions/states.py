"""Petition states and the transitions between them — declared once, read by actions and by the buttons.

DESIGN.md §3: register → answer on the spot | decline | forward | accept and assign → (hand back within 5
working days) → sign for and handle → (one extension) → reply → evaluation → review → re-review → terminated.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionState(models.TextChoices):
    REGISTERED = "registered", _("Registered")  # waiting for the bureau's decision
    ANSWERED = "answered", _("Answered on the spot")  # closed at registration
    DECLINED = "declined", _("Not accepted")  # not accepted, reason given (e.g. legal procedure)
    FORWARDED = "forwarded", _("Forwarded")  # sent to the competent authority, no result report
    ASSIGNED = "assigned", _("Assigned")  # accepted and assigned; the unit has not signed for it yet
    RETURNED = "returned", _("Handed back")  # the unit objected: not its jurisdiction; the bureau decides again
    HANDLING = "handling", _("Being handled")  # the unit signed for it and is handling it
    REPLIED = "replied", _("Replied")  # written handling opinion given: closed (办结)
    UNDER_REVIEW = "under_review", _("Under review")  # the petitioner asked for a review
    REVIEWED = "reviewed", _("Reviewed")  # review opinion given
    UNDER_RE_REVIEW = "under_re_review", _("Under re-review")  # the petitioner asked for a re-review
    TERMINATED = "terminated", _("Terminated")  # re-review decided: the same matter is not accepted again


# States in which the bureau or a unit still owes the petitioner something.
OPEN_STATES = frozenset(
    {
        PetitionState.REGISTERED,
        PetitionState.ASSIGNED,
        PetitionState.RETURNED,
        PetitionState.HANDLING,
        PetitionState.UNDER_REVIEW,
        PetitionState.UNDER_RE_REVIEW,
    }
)
# States in which the item has been handled to a written result (办结).
CLOSED_STATES = frozenset(
    {
        PetitionState.ANSWERED,
        PetitionState.REPLIED,
        PetitionState.UNDER_REVIEW,
        PetitionState.REVIEWED,
        PetitionState.UNDER_RE_REVIEW,
        PetitionState.TERMINATED,
    }
)


class Actor(models.TextChoices):
    """Who performs a transition."""

    BUREAU = "bureau", _("Petition bureau")  # registrar or supervisor of the bureau
    SUPERVISOR = "supervisor", _("Bureau leadership")
    UNIT = "unit", _("Responsible unit")  # unit handler of the unit the item is assigned to
    PETITIONER = "petitioner", _("Petitioner")  # through the public page, or recorded by a registrar


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str | None  # None: the state does not change
    actors: frozenset
    style: str = "primary"  # Bootstrap button colour

    def __str__(self) -> str:
        return str(self.label)


S = PetitionState
_DECIDABLE = frozenset({S.REGISTERED, S.RETURNED})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("answer", _("Answer on the spot"), _DECIDABLE, S.ANSWERED, frozenset({Actor.BUREAU}), "success"),
        Transition("decline", _("Do not accept"), _DECIDABLE, S.DECLINED, frozenset({Actor.BUREAU}), "secondary"),
        Transition("forward", _("Forward"), _DECIDABLE, S.FORWARDED, frozenset({Actor.BUREAU}), "info"),
        Transition("assign", _("Accept and assign"), _DECIDABLE, S.ASSIGNED, frozenset({Actor.BUREAU}), "primary"),
        Transition("sign_for", _("Sign for and handle"), frozenset({S.ASSIGNED}), S.HANDLING, frozenset({Actor.UNIT})),
        Transition(
            "hand_back", _("Hand back: not our jurisdiction"),
            frozenset({S.ASSIGNED, S.HANDLING}), S.RETURNED, frozenset({Actor.UNIT}), "warning",
        ),
        Transition("extend", _("Extend"), frozenset({S.HANDLING}), None, frozenset({Actor.UNIT}), "warning"),
        Transition("reply", _("Reply with handling opinion"), frozenset({S.HANDLING}), S.REPLIED, frozenset({Actor.UNIT})),
        Transition(
            "evaluate", _("Record evaluation"), frozenset({S.REPLIED, S.ANSWERED}), None,
            frozenset({Actor.PETITIONER}), "success",
        ),
        Transition(
            "request_review", _("Request review"), frozenset({S.REPLIED}), S.UNDER_REVIEW,
            frozenset({Actor.PETITIONER}), "warning",
        ),
        Transition("decide_review", _("Decide review"), frozenset({S.UNDER_REVIEW}), S.REVIEWED, frozenset({Actor.SUPERVISOR})),
        Transition(
            "request_re_review", _("Request re-review"), frozenset({S.REVIEWED}), S.UNDER_RE_REVIEW,
            frozenset({Actor.PETITIONER}), "warning",
        ),
        Transition(
            "decide_re_review", _("Decide re-review"), frozenset({S.UNDER_RE_REVIEW}), S.TERMINATED,
            frozenset({Actor.SUPERVISOR}),
        ),
    ]
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]
