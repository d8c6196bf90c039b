"""Reads of case ownership and supervision: the worklists, the items from above, and the markers that the
petitions worklist shows on its rows (``row_markers``) and its "supervised" tab (``supervised_items``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from petitions.models import Instruction, Petition

from . import rules
from .access import concern_condition, item_condition
from .models import Ownership, ReportBack, SupervisionNotice, report_back_due


def items_for(user):
    """The items whose supervision records ``user`` sees (the access rule of this app)."""
    return Petition.objects.filter(item_condition(user))


def lacking_ownership(user):
    """The supervisor's worklist: open items that need an owning leader but do not have all five assurances."""
    owned = Ownership.objects.filter(petition_id=OuterRef("pk"), completed_on__isnull=False)
    return (items_for(user).open().filter(rules.needs_ownership_q()).exclude(Exists(owned))
            .select_related("responsible_unit", "owning_leader", "ownership").order_by("due_on", "pk"))


def owned_cases(user, *, open_only: bool = True):
    """Owned cases (all five assurances in place), the nearest deadline first."""
    cases = Ownership.objects.visible_to(user).complete().select_related(
        "petition__responsible_unit", "petition__owning_leader", "lead_unit")
    if open_only:
        cases = cases.filter(petition__replied_on__isnull=True)
    return cases.order_by("deadline", "pk")


def notices(user, view: str, today: dt.date):
    """Notices by view: "open" (nearest due first), "due_soon", "overdue", "all" (newest first)."""
    found = SupervisionNotice.objects.visible_to(user).for_list()
    if view == "due_soon":
        return found.due_soon(today).order_by("due_on", "pk")
    if view == "overdue":
        return found.overdue(today).order_by("due_on", "pk")
    if view == "open":
        return found.open().order_by("due_on", "pk")
    return found.order_by("-issued_on", "-pk")


@dataclass(frozen=True)
class FromAboveRow:
    petition: Petition
    report: ReportBack | None
    report_due: dt.date | None

    @property
    def status(self) -> str:
        """'open', 'to_report', 'on_time', 'late'."""
        if self.report is not None:
            return "on_time" if self.report_due is None or self.report.sent_on <= self.report_due else "late"
        return "to_report" if self.petition.replied_on else "open"


def from_above(user, view: str = "pending") -> list[FromAboveRow]:
    """Items assigned or forwarded by a higher body, with their closure and report-back status.

    "pending": not yet reported back (open, or closed and waiting for the report); "all": every one."""
    items = items_for(user).filter(rules.from_above_q()).select_related(
        "source_body", "responsible_unit", "owning_leader")
    if view == "pending":
        items = items.filter(report_back__isnull=True).order_by("source_due_on", "due_on", "pk")
    else:
        items = items.order_by("-received_on", "-pk")
    items = list(items[:500])
    reports = {r.petition_id: r for r in ReportBack.objects.filter(petition_id__in=[p.pk for p in items])
               .select_related("sent_by")}
    return [FromAboveRow(p, reports.get(p.pk), report_back_due(p)) for p in items]


# --- The petitions worklist --------------------------------------------------------------------------------------


def supervised_items(user, items, today: dt.date):
    """The "supervised" tab: ``items`` (already within the user's access) with an open supervision notice that
    concerns the user — the bureau every one, a leader the items he or she owns, a unit its items — nearest notice
    due date first."""
    open_notices = SupervisionNotice.objects.open()
    # Only the concern part of item_condition: its access rule again, as a subquery, was what SQLite read first
    # (a large unit's 120,000 items, each looked up: 530 ms). The items are read from the open notices, which
    # are few, rather than each item tested for one.
    return (items.filter(concern_condition(user)).filter(pk__in=open_notices.values("petition_id"))
            .annotate(notice_due=Subquery(open_notices.filter(petition_id=OuterRef("pk")).values("due_on")[:1]))
            .order_by("notice_due", "pk"))


@dataclass(frozen=True)
class Marker:
    label: str
    css: str  # Bootstrap badge classes
    title: str = ""


def with_marker_flags(rows):
    """``rows`` with the two yes/no facts behind the row markers as columns of their own query (EXISTS on
    indexed foreign keys): a written leader's instruction, and ownership in place (all five assurances)."""
    return rows.annotate(
        instructed=Exists(Instruction.objects.filter(petition_id=OuterRef("pk"), written_at__isnull=False)),
        owned=Exists(Ownership.objects.filter(petition_id=OuterRef("pk"), completed_on__isnull=False)),
    )


def row_markers(petitions, today: dt.date) -> dict[int, list[Marker]]:
    """Markers for a page of worklist rows read through ``with_marker_flags``, in one query whatever the page size:
    领导批示 (a written instruction), 督办 with its warning before and after the due date, 包案未落实."""
    ids = [p.pk for p in petitions]
    if not ids:
        return {}
    # Unordered: a dict (an item has one open notice at most), so no ORDER BY to build or sort.
    open_notices = {n.petition_id: n for n in SupervisionNotice.objects.open().filter(petition_id__in=ids)
                    .order_by().only("petition_id", "due_on", "year", "serial", "issued_on", "completed_on")}
    markers: dict[int, list[Marker]] = {}
    for p in petitions:
        found = []
        if p.instructed:
            found.append(Marker(_("Leader's instruction"), "text-bg-info"))
        notice = open_notices.get(p.pk)
        if notice is not None:
            status = notice.status(today)
            css = {"overdue": "text-bg-danger", "due_soon": "text-bg-warning"}.get(status, "text-bg-primary")
            label = {"overdue": _("Supervised: overdue"), "due_soon": _("Supervised: due soon")}.get(
                status, _("Supervised"))
            found.append(Marker(label, css, _("%(number)s due %(date)s") % {
                "number": notice.number, "date": notice.due_on.isoformat()}))
        if p.is_open and rules.needs_ownership(p) and not p.owned:
            found.append(Marker(_("Ownership not in place"), "text-bg-secondary",
                                "、".join(rules.reasons(p))))
        if found:
            markers[p.pk] = found
    return markers


def panel(user, petition, today: dt.date) -> dict:
    """What the item's detail page shows of its ownership, notices and report back (within the access rule)."""
    visible = items_for(user).filter(pk=petition.pk).exists()
    ownership = Ownership.objects.filter(petition=petition).select_related("lead_unit").first()
    needs = rules.needs_ownership(petition)
    return {
        "visible": visible,
        "needs": needs,
        "reasons": rules.reasons(petition),
        "ownership": ownership,
        "missing": ownership.missing(petition.owning_leader_id) if ownership else None,
        "owned": bool(ownership and ownership.completed_on),
        "notices": list(petition.supervision_notices.select_related("issued_by")) if visible else [],
        "from_above": rules.is_from_above(petition),
        "report": ReportBack.objects.filter(petition=petition).select_related("sent_by").first(),
        "report_due": report_back_due(petition),
        "today": today,
    }
