from django import template

from screening import access

register = template.Library()


@register.filter
def is_info_officer(user) -> bool:
    """``{% if user|is_info_officer %}``: an information officer sees his or her own reports only."""
    return access.is_info_officer(user)


@register.filter
def may_submit_reports(user) -> bool:
    return access.may_submit_reports(user)


@register.filter
def sees_screening(user) -> bool:
    """The menu shows the screening pages to whom the views open them."""
    return access.sees_screening(user)


@register.inclusion_tag("screening/_petition_disputes.html", takes_context=True)
def linked_disputes(context, petition):
    """The disputes of the screening register linked to the item, those the user sees (the item's detail page)."""
    from screening.models import Dispute

    user = context["request"].user
    disputes = Dispute.objects.visible_to(user).linked_to(petition) if access.sees_screening(user) else []
    return {"disputes": disputes}
