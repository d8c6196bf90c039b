"""Who sees and who writes the reception register — decided here and nowhere else.

- The petition bureau's staff and the county's leaders see everything.
- A township or department (its handlers and its leaders) sees its own reception days and records, the records
  of receptions it took part in (joint receptions, appointments it attended) and the notices addressed to it.
  A leader also sees the reception days, appointments and records where he or she received.
- The bureau desk (registrars and supervisors, who staff the reception hall and keep the ledgers) schedules,
  books, and records receptions: filing a matter registers and assigns a petition item, which only the bureau does.
- A unit's staff acknowledge the notices addressed to their unit.
"""

from __future__ import annotations

from organisation.models import Role, UnitKind
from petitions.access import works_the_bureau_desk

COUNTY_KINDS = frozenset({UnitKind.BUREAU, UnitKind.COUNTY})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_everything(user) -> bool:
    if not _active(user):
        return False
    if user.is_bureau_staff:
        return True
    return user.has_role(Role.LEADER) and (user.unit_id is None or user.unit.kind in COUNTY_KINDS)


def own_unit_id(user) -> int | None:
    """The unit whose own reception work ``user`` sees (a township's or department's staff), else None."""
    if not _active(user) or not user.unit_id or user.unit.is_higher_level:
        return None
    if user.has_role(Role.UNIT_HANDLER, Role.LEADER):
        return user.unit_id
    return None


def can_see_register(user) -> bool:
    return sees_everything(user) or own_unit_id(user) is not None or (_active(user) and user.has_role(Role.LEADER))


def can_write(user) -> bool:
    """Schedule, book, run campaigns and record receptions."""
    return works_the_bureau_desk(user)


def can_acknowledge(user, notice) -> bool:
    return _active(user) and user.unit_id is not None and user.unit_id == notice.unit_id and user.has_role(
        Role.UNIT_HANDLER, Role.LEADER
    )


def can_see_phone(user) -> bool:
    """Full phone numbers of representatives: the bureau desk only, and each reveal is logged."""
    return works_the_bureau_desk(user)
