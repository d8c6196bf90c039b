from django import template

from attachments import access
from attachments.forms import AttachmentForm, WithdrawForm

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context, petition):
    """The item's attachments on its page: previews of the ones the user may open, the form to add one."""
    user = context["request"].user
    rows = list(petition.attachments.select_related("added_by", "withdrawn_by"))
    for a in rows:
        a.may_open = access.may_open(user, a)
        a.may_withdraw = a.is_current and access.may_withdraw(user, a)
    return {"p": petition, "current": [a for a in rows if a.is_current], "withdrawn": [a for a in rows if not a.is_current],
            "form": AttachmentForm() if access.may_add(user, petition) else None, "withdraw_form": WithdrawForm(),
            "request": context["request"]}
