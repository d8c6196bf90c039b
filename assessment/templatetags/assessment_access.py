from django import template

from assessment.access import can_view_assessment

register = template.Library()


@register.filter
def may_view_assessment(user) -> bool:
    """``{% if user|may_view_assessment %}``: the menu shows the ranking to whom the views allow it."""
    return can_view_assessment(user)
