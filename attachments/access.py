"""Who may add, open and withdraw attachments: routed through the owning record's one access rule (its
``visible_to``, applied by the views: a record the user may not see is 404) and, for a petition item, its identity
rule (an accuser's letter and evidence carry the accuser's identity: ``petitions.access.can_see_identity``).
What differs between items, disputes, reception records and meetings is in ``attachments.owners``."""

from __future__ import annotations

from petitions.access import user_of, works_the_bureau_desk

from .owners import of_attachment, owner_of


def may_add(user, obj) -> bool:
    """Add to ``obj`` (an item, a dispute, a reception record, a meeting) that ``user`` sees."""
    return owner_of(obj).may_add(user_of(user), obj)


def may_open(user, attachment) -> bool:
    """Of a record the user sees: anything, except the petitioner's own materials of an accusation outside the
    bureau."""
    return not attachment.from_petitioner or of_attachment(attachment).sees_identity(user_of(user),
                                                                                     attachment.owner)


def may_withdraw(user, attachment) -> bool:
    user = user_of(user)
    return works_the_bureau_desk(user) or (attachment.added_by_id is not None and attachment.added_by_id == user.pk)


def visible_attachment(user, pk: int):
    """The attachment ``pk`` if ``user`` sees the record it belongs to, else None — the owner's own rule."""
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        return None
    owner = of_attachment(attachment)
    record = owner.visible(user).filter(pk=getattr(attachment, f"{owner.field}_id")).first()
    if record is None:
        return None
    setattr(attachment, owner.field, record)
    return attachment
