from django import template

from attachments import access
from attachments.forms import AttachmentForm, WithdrawForm
from attachments.models import Attachment
from attachments.owners import owner_of

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context, record):
    """The attachments of ``record`` (an item, a dispute, a reception record, a meeting) that the page shows:
    previews of the ones the user may open, the form to add one. The page got ``record`` through its own access
    rule."""
    user = context["request"].user
    owner = owner_of(record)
    rows = list(Attachment.objects.filter(**{owner.field: record}).select_related("added_by", "withdrawn_by"))
    for a in rows:
        setattr(a, owner.field, record)
        a.may_open = access.may_open(user, a)
        a.may_withdraw = a.is_current and access.may_withdraw(user, a)
    return {"owner": owner.key, "record": record, "current": [a for a in rows if a.is_current],
            "withdrawn": [a for a in rows if not a.is_current],
            "form": AttachmentForm(owner=owner) if access.may_add(user, record) else None,
            "withdraw_form": WithdrawForm(), "request": context["request"]}
