"""Which items must be owned by a leader (包案) — decided here and nowhere else.

DESIGN.md §5: major, repeat and assigned-from-above cases get an owning leader and the five assurances. So an item
needs ownership when it

- was assigned in the *major* deadline class (大案), or
- is a repeat petition (重信重访), or
- was assigned or forwarded down by a higher body (the city, the province: ``Source`` other than direct).

Only items the county actually handles count: accepted and assigned (``accepted_on`` set). An item answered on
the spot, forwarded away or declined has nothing to own.
"""

from __future__ import annotations

from django.db.models import Q

from petitions.models import Source
from petitions.states import PetitionState
from workdays.models import DeadlineClass

FROM_ABOVE = (Source.ASSIGNED_FROM_ABOVE, Source.FORWARDED_FROM_ABOVE)


def needs_ownership_q(prefix: str = "") -> Q:
    """The rule as a query condition on items (``prefix`` e.g. "petition__" from a related model)."""
    return Q(**{f"{prefix}accepted_on__isnull": False}) & (
        Q(**{f"{prefix}deadline_class": DeadlineClass.MAJOR})
        | Q(**{f"{prefix}is_repeat": True})
        | Q(**{f"{prefix}source__in": FROM_ABOVE})
    )


def needs_ownership(petition) -> bool:
    """The same rule for one item in memory."""
    return bool(petition.accepted_on) and (
        petition.deadline_class == DeadlineClass.MAJOR or petition.is_repeat or petition.source in FROM_ABOVE
    )


def reasons(petition) -> list[str]:
    """Why the item needs ownership, in words (for the worklist and the detail panel)."""
    from django.utils.translation import gettext as _

    found = []
    if petition.deadline_class == DeadlineClass.MAJOR:
        found.append(_("major case"))
    if petition.is_repeat:
        found.append(_("repeat petition"))
    if petition.source in FROM_ABOVE:
        found.append(_("from a higher body"))
    return found


# Items of a higher body that the bureau forwarded on or did not accept are not handled here: no completion report
# follows them, so they are not tracked to a report back.
NOT_HANDLED_HERE = (PetitionState.DECLINED, PetitionState.FORWARDED)


def from_above_q(prefix: str = "") -> Q:
    """Items assigned or forwarded by a higher body that this county handles (tracked to the report back up)."""
    return Q(**{f"{prefix}source__in": FROM_ABOVE}) & ~Q(**{f"{prefix}state__in": NOT_HANDLED_HERE})


def is_from_above(petition) -> bool:
    """Whether the item came from a higher body and is handled here (so its completion report goes back up)."""
    return petition.source in FROM_ABOVE and petition.state not in NOT_HANDLED_HERE
