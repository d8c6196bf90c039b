"""Reads: which scopes a user may write a report for, and the user's drafts."""

from __future__ import annotations

from organisation.models import TOWNSHIP_KINDS, Unit
from stats.access import may_see_county_documents

from .models import ReportDraft


def report_scopes(user) -> list[Unit | None]:
    """The scopes ``user`` may write a report for, in the order of the menu: None (the whole county) and every
    township, sub-district and management office. A report counts every item of its scope, so it is for those who
    see every item (``stats.access.may_see_county_documents``: the bureau's staff); empty for everybody else."""
    if may_see_county_documents(user):
        return [None, *Unit.objects.filter(is_active=True, kind__in=TOWNSHIP_KINDS).order_by("path")]
    return []


def may_report_on(user, unit: Unit | None) -> bool:
    """Whether ``user`` may write (and keep writing) the report of ``unit`` (None: the whole county)."""
    return any((s is None and unit is None) or (s is not None and unit is not None and s.pk == unit.pk)
               for s in report_scopes(user))


def drafts_of(user):
    """The user's own drafts, newest first, that he or she may still report on."""
    drafts = ReportDraft.objects.filter(author=user).select_related("unit")
    return [d for d in drafts if may_report_on(user, d.unit)]
