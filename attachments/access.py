"""Who may add, open and withdraw an item's attachments: routed through the item's one access rule
(``Petition.objects.visible_to``, applied by the views: another unit's item is 404) and its identity rule (an
accuser's letter and evidence carry the accuser's identity: ``petitions.access.can_see_identity``)."""

from __future__ import annotations

from organisation.models import Role
from petitions.access import can_see_identity, user_of, works_the_bureau_desk


def _handles(user, petition) -> bool:
    unit = petition.responsible_unit
    return bool(user.has_role(Role.UNIT_HANDLER) and user.unit_id and unit is not None
                and unit.path.startswith(user.unit.path))


def may_add(user, petition) -> bool:
    """The bureau desk, and the handlers of the responsible unit (its handling opinion, what it collected)."""
    user = user_of(user)
    return works_the_bureau_desk(user) or _handles(user, petition)


def may_open(user, attachment) -> bool:
    """Of an item the user sees: anything, except the petitioner's own materials of an accusation outside the
    bureau."""
    user = user_of(user)
    return not attachment.from_petitioner or can_see_identity(user, attachment.petition)


def may_withdraw(user, attachment) -> bool:
    user = user_of(user)
    return works_the_bureau_desk(user) or (attachment.added_by_id is not None and attachment.added_by_id == user.pk)
