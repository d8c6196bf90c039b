"""Who may see which statistics — decided here and nowhere else.

The statistics are for the county: the petition bureau's staff (registrars, supervisors, administrators) and the
county's leaders see the whole county and may choose any unit's subtree. A unit handler — and a leader of a
township or department — sees only his or her own unit's figures (the unit's subtree). Anyone else sees none.
"""

from __future__ import annotations

from organisation.models import Role, Unit

from .figures import WHOLE_COUNTY_KINDS


def may_choose_unit(user) -> bool:
    """Bureau staff and county leaders: the whole county, or any unit they choose."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_bureau_staff:
        return True
    return user.has_role(Role.LEADER) and (user.unit_id is None or user.unit.kind in WHOLE_COUNTY_KINDS)


def held_to_unit(user) -> Unit | None:
    """The unit whose figures alone ``user`` may see (a unit handler's or a township leader's own unit), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or may_choose_unit(user):
        return None
    if user.unit_id and user.has_role(Role.UNIT_HANDLER, Role.LEADER) and not user.unit.is_higher_level:
        return user.unit
    return None


def can_see_statistics(user) -> bool:
    return may_choose_unit(user) or held_to_unit(user) is not None
