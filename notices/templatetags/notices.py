from django import template

from petitions.access import works_the_bureau_desk

register = template.Library()


@register.inclusion_tag("notices/_panel.html", takes_context=True)
def notices_panel(context, petition):
    """The messages sent to the item's petitioner and about it, with their states: for the bureau desk only (they
    carry the query code)."""
    user = context["request"].user
    if not works_the_bureau_desk(user):
        return {"shown": False}
    rows = list(petition.messages.select_related("user").order_by("created_at", "pk"))
    return {"shown": True, "rows": rows, "p": petition, "request": context["request"],
            "notify_by": petition.get_notify_by_display()}


@register.filter
def sees_outbox(user) -> bool:
    return works_the_bureau_desk(user)
