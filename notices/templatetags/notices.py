from django import template

from notices.models import Message
from petitions.access import can_see_query_code

register = template.Library()


@register.inclusion_tag("notices/_panel.html", takes_context=True)
def notices_panel(context, petition):
    """The messages sent to the item's petitioner and about it, with their states: for the bureau desk only (they
    carry the query code)."""
    user = context["request"].user
    if not can_see_query_code(user):
        return {"shown": False}
    rows = list(Message.objects.seen_by(user).filter(petition=petition).select_related("user")
                .order_by("created_at", "pk"))
    return {"shown": True, "rows": rows, "p": petition, "request": context["request"],
            "notify_by": petition.get_notify_by_display()}


@register.filter
def sees_outbox(user) -> bool:
    return can_see_query_code(user)
