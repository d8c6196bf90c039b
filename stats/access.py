"""Who may see which statistics, and over which items — decided here and nowhere else.

Two questions, both answered from the one access rule (``Petition.objects.visible_to``, DESIGN.md §7):

- **Which scope.** The petition bureau's staff (registrars, supervisors, administrators) and the county's leaders
  see the whole county and may choose any unit's subtree. A unit handler — and a leader of a township or
  department — is held to his or her own unit (the unit's subtree). Anyone else sees no statistics.
- **Which items.** What a user may not see of an item cannot be counted either: every figure a user is shown is
  counted over the items he or she may see (``counted_items``), so that each figure equals the count of the list
  it links to. Bureau staff see every item: their figures are the county's, read from the daily rollups. Everybody
  else's figures are counted over his or her visible items (the access condition is added to the queries).

The county's documents — the statistical tables (.xlsx), the reports and the assessment — count every item of
the units they name, so only those who see every item get them (``may_see_county_documents``). ``manage.py
statistics`` is an operator's command on the server, outside any user's access.
"""

from __future__ import annotations

from organisation.models import Role, Unit
from petitions.models import Petition

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


def counted_items(user):
    """The items ``user``'s figures are counted over: None when the access rule lets him or her see every item
    (bureau staff: the figures read the rollups and covering indexes as they are), else
    ``Petition.objects.visible_to(user)``, the queryset that the statistics' queries are narrowed by.

    Decided by the rule itself (it adds no condition for those who see everything), so that a change of the rule
    changes the figures with it.
    """
    items = Petition.objects.visible_to(user)
    return items if items.query.has_filters() else None


def may_see_county_documents(user) -> bool:
    """The statistical tables, the reports and the assessment: for those who may see statistics and every item."""
    return can_see_statistics(user) and counted_items(user) is None
