"""Who sees and does what in case ownership and supervision — decided here.

- Bureau staff (registrars, supervisors, admin of the petition bureau) see every ownership record, notice and
  item from above.
- A leader sees those of the items he or she owns.
- A unit (its handlers) sees those of the items assigned to it — never an accusation against itself
  (the items are always narrowed by ``Petition.objects.visible_to`` too).
- Anyone else sees nothing (the pages answer 404).

Writes: the bureau desk (registrars and supervisors) records ownership and the reports sent back up;
supervisors issue and complete notices and issue bulletins.
"""

from __future__ import annotations

from django.db.models import Q

from organisation.models import Role
from petitions.access import user_of, works_the_bureau_desk


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def item_condition(user, prefix: str = "") -> Q:
    """The items (through ``prefix``, e.g. "petition__") whose supervision records ``user`` sees."""
    from petitions.models import Petition

    user = user_of(user)
    condition = concern_condition(user, prefix)
    if _active(user) and not user.is_bureau_staff:  # the access rule as well (the bureau sees every item)
        condition &= Q(**{f"{prefix}pk__in": Petition.objects.visible_to(user).values("pk")})
    return condition


def concern_condition(user, prefix: str = "") -> Q:
    """``item_condition`` for items already within ``user``'s access (``Petition.objects.visible_to``): the
    items that concern the user — a leader's own, a unit's — without the access rule again."""
    user = user_of(user)
    if not _active(user):
        return Q(pk__in=[])
    if user.is_bureau_staff:
        return Q()
    condition = Q(pk__in=[])
    if user.has_role(Role.LEADER):
        condition |= Q(**{f"{prefix}owning_leader_id": user.pk})
    if user.has_role(Role.UNIT_HANDLER) and user.unit_id:
        condition |= Q(**{f"{prefix}responsible_unit_id": user.unit_id})
    return condition


def sees_supervision(user) -> bool:
    """Whether the supervision pages are open to ``user`` at all (the menu entry)."""
    user = user_of(user)
    return _active(user) and (
        user.is_bureau_staff or user.has_role(Role.LEADER) or (user.has_role(Role.UNIT_HANDLER) and user.unit_id)
    )


def may_record_ownership(user) -> bool:
    return works_the_bureau_desk(user)


def may_supervise(user) -> bool:
    """Issue and complete notices, issue bulletins: the bureau's supervisors."""
    user = user_of(user)
    return _active(user) and user.is_bureau_staff and user.has_role(Role.SUPERVISOR)


def may_report_back(user) -> bool:
    return works_the_bureau_desk(user)


def sees_everything(user) -> bool:
    user = user_of(user)
    return _active(user) and user.is_bureau_staff
