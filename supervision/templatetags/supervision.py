"""Template helpers of case ownership and supervision, and the panel on the item's detail page."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from stats import wording

from .. import access, rules, selectors

register = template.Library()


@register.filter
def notice_status(notice, today):
    return notice.status(today)


@register.filter
def rate(ratio):
    return wording.table_percent(ratio)


@register.filter
def ownership_reasons(petition):
    return "、".join(rules.reasons(petition))


@register.filter
def missing_assurances(petition):
    ownership = getattr(petition, "ownership", None)  # the reverse one-to-one raises an AttributeError when absent
    if ownership is None:
        return _("all five")
    return "、".join(str(a.label) for a in ownership.missing(petition.owning_leader_id))


@register.simple_tag
def notice_view_label(view):
    return {"open": _("Open"), "due_soon": _("Due within 3 days"), "overdue": _("Overdue"), "all": _("All")}[view]


@register.inclusion_tag("supervision/_petition_panel.html", takes_context=True)
def supervision_panel(context, petition):
    """Ownership, notices and report back of the item shown on its detail page."""
    user = context["request"].user
    return {
        "p": petition, "panel": selectors.panel(user, petition, timezone.localdate()),
        "may_record": access.may_record_ownership(user), "may_supervise": access.may_supervise(user),
        "may_report": access.may_report_back(user), "request": context["request"],
    }
