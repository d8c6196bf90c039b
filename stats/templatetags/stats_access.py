from django import template

from stats.access import may_see_county_documents

register = template.Library()


@register.filter
def sees_county_documents(user) -> bool:
    """``{% if user|sees_county_documents %}``: the menu offers the tables and reports to whom the views allow them."""
    return may_see_county_documents(user)
