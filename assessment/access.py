"""Who may see the assessment — decided here and nowhere else.

The ranking, its .xlsx and the bulletin are the bureau's assessment of all units: whoever may see the whole
county's statistics (``stats.access.may_choose_unit``: bureau staff and county leaders) sees them. Everybody
else — unit handlers, township and department leaders — gets 404, not their own row: a unit learns its result
from the bulletin the bureau publishes, and its own figures from the statistics of its unit. Editing the scheme is
for administrators with the ``assessment`` permissions, in the Django admin.
"""

from __future__ import annotations

from stats.access import may_choose_unit


def can_view_assessment(user) -> bool:
    return may_choose_unit(user)


def can_edit_scheme(user) -> bool:
    """Administrators who may change the scheme in the Django admin."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff
                and user.has_perm("assessment.change_assessmentscheme"))
