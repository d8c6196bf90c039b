"""Who may see the assessment — decided here and nowhere else.

The ranking, its .xlsx and the bulletin are the bureau's assessment of all units, counted over every item: whoever
may see statistics and every item (``stats.access.may_see_county_documents``: the bureau's staff) sees them.
Everybody else — unit handlers, township, department and county leaders — gets 404, not their own row: a unit
learns its result from the bulletin the bureau publishes, and its own figures from the statistics of its items.
Editing the scheme is for administrators with the ``assessment`` permissions, in the Django admin.
"""

from __future__ import annotations

from stats.access import may_see_county_documents


def can_view_assessment(user) -> bool:
    return may_see_county_documents(user)


def can_edit_scheme(user) -> bool:
    """Administrators who may change the scheme in the Django admin."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff
                and user.has_perm("assessment.change_assessmentscheme"))
