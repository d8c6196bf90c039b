"""Dispute-screening figures (DESIGN.md §4 化解率, §5 dispute screening, emergency linkage) for a period and scope.

    from stats.screening import compute
    f = compute(Period.year(2026), unit=None, as_of=today)
    f.campaigns, f.found, f.resolved, f.under_way, f.escalated, f.resolution   # 排查次数 / 排查出 / 化解 / 在化解 / 上报 / 化解率

The one definition of every screening figure; the summary, the dashboard, the tables and the JSON read it.

- **Counted days**: from the period's start to the cutoff ``min(period end, as_of)``, as for every figure.
- **Scope**: a dispute belongs to the subtree of its *responsible unit* (the unit that must resolve it, whose work
  the resolution rate measures); an officer's report to its township's; an incident to its place's; a campaign's
  units to their own. The whole county counts everything.
- **Found** (排查出): disputes found on a counted day. **Resolved** (化解), **escalated** (本级无法化解，已上报) and
  **under way** (在化解) say where each found dispute stood *at the cutoff*: the last of its resolving or escalating
  attempts and reopenings dated up to the cutoff decides, so that a dispute resolved in March and reopened in
  May is resolved in a report as of April and under way in one as of June. found = resolved + escalated + under way.
- **Resolution rate** 化解率 = resolved ÷ found (DESIGN.md §4).
- **By method**: the resolved disputes by the method of the attempt that resolved them (its main method).
- **Campaigns** (排查次数): campaigns whose period began on a counted day; their units and which of them had
  reported by the cutoff ("nil" reports counted apart); the units not reported are listed.
- **Officers' reports**: reported on a counted day; became a dispute (accepted), merged into a known one, closed,
  or still waiting; screened late or still waiting past the limit (``overdue``).
- **Emergency linkages** (启动应急联动): started on a counted day, with the persons involved.

``disputes`` narrows the disputes (e.g. ``Dispute.objects.visible_to(user)``): what a user may not see is not
counted either. A handful of queries, whatever the number of disputes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Min, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit, UnitKind
from screening.models import (
    AttemptResult,
    CampaignUnit,
    Dispute,
    Incident,
    Method,
    OfficerReport,
    ReportState,
    ResolutionAttempt,
    RiskLevel,
    ScreeningCampaign,
    ScreeningEvent,
    ScreeningEventKind,
)

from .figures import Scope, counted_days
from .periods import Period
from .values import Ratio

NO_DISPUTE_FOUND = _("no dispute was found in the period")


@dataclass(frozen=True)
class ScreeningFigures:
    period: Period
    as_of: dt.date
    cutoff: dt.date
    campaigns: int = 0  # 排查次数
    regular_campaigns: int = 0
    special_campaigns: int = 0
    units_to_report: int = 0
    units_reported: int = 0
    nil_reports: int = 0
    not_reported: tuple[tuple[str, str], ...] = ()  # (campaign, unit)
    found: int = 0
    resolved: int = 0
    escalated: int = 0
    under_way: int = 0
    reopened: int = 0  # reopenings dated on a counted day
    people_involved: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_place: dict[str, int] = field(default_factory=dict)
    by_risk: dict[str, int] = field(default_factory=dict)
    by_method: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    reports_accepted: int = 0
    reports_merged: int = 0
    reports_closed: int = 0
    reports_waiting: int = 0
    reports_overdue: int = 0
    incidents: int = 0
    incident_persons: int = 0

    @property
    def resolution(self) -> Ratio:
        """化解率 = resolved ÷ found."""
        return Ratio(self.resolved, self.found, empty=NO_DISPUTE_FOUND)

    def as_dict(self) -> dict:
        from .serialize import ratio

        return {
            "period": str(self.period),
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "campaigns": {"total": self.campaigns, "regular": self.regular_campaigns,
                          "special": self.special_campaigns, "units_to_report": self.units_to_report,
                          "units_reported": self.units_reported, "nil_reports": self.nil_reports,
                          "not_reported": [{"campaign": c, "unit": u} for c, u in self.not_reported]},
            "disputes": {"found": self.found, "resolved": self.resolved, "escalated": self.escalated,
                         "under_way": self.under_way, "reopened": self.reopened,
                         "people_involved": self.people_involved, "resolution": ratio(self.resolution),
                         "by_type": self.by_type, "by_place": self.by_place, "by_risk": self.by_risk,
                         "by_method": self.by_method},
            "officer_reports": {"total": self.reports, "accepted": self.reports_accepted,
                                "merged": self.reports_merged, "closed": self.reports_closed,
                                "waiting": self.reports_waiting, "overdue": self.reports_overdue},
            "emergency_linkages": {"total": self.incidents, "people_involved": self.incident_persons},
        }


def _in_scope(scope: Scope, field_name: str) -> Q:
    return Q() if scope.whole_county else Q(**{f"{field_name}__in": scope.subtree_ids})


def reopened_on(data: dict, at: dt.datetime) -> dt.date:
    """The day a reopening took effect: the action's date (``data["on"]``), else the local day it was recorded."""
    on = (data or {}).get("on")
    return dt.date.fromisoformat(on) if on else timezone.localdate(at)


def _reopening_events(ids: set[int] | None):
    """(dispute id, the day it took effect, recorded at, pk) of every reopening (few: read them all) of ``ids``
    (None: of every dispute) — never a list of thousands of subjects in the query."""
    for subject, data, at, pk in ScreeningEvent.objects.filter(kind=ScreeningEventKind.REOPENED).values_list(
            "subject", "data", "at", "pk"):
        dispute_id = int(subject.split(":")[1])
        if ids is None or dispute_id in ids:
            yield dispute_id, reopened_on(data, at), at, pk


def standing_at(disputes, cutoff: dt.date, ids: set[int] | None = None) -> dict[int, str]:
    """Where each dispute (a queryset of them) stood at the end of ``cutoff``, as "result:method"
    ("resolved:peoples", "under_way:"): the last resolving or escalating attempt, or reopening, dated up to the
    cutoff decides (a reopening the same day comes after). The attempts are joined to the disputes in the database,
    never through a list of thousands of ids. ``ids``: the disputes' ids, when the caller has read them already."""
    ids = set(disputes.values_list("pk", flat=True)) if ids is None else ids
    if not ids:
        return {}
    steps: list[tuple[dt.date, int, dt.datetime, int, int, str]] = []
    attempts = (ResolutionAttempt.objects.filter(dispute__in=disputes.values("pk"), on__lte=cutoff)
                .exclude(result=AttemptResult.UNDER_WAY).values_list("dispute_id", "on", "recorded_at", "pk",
                                                                      "result", "method"))
    for dispute_id, on, at, pk, result, method in attempts:
        steps.append((on, 0, at, pk, dispute_id, f"{result}:{method}"))
    for dispute_id, on, at, pk in _reopening_events(ids):
        if on <= cutoff:
            steps.append((on, 1, at, pk, dispute_id, "under_way:"))
    state = dict.fromkeys(ids, "under_way:")
    for *_order, dispute_id, value in sorted(steps):
        state[dispute_id] = value
    return state


def _reopenings(start: dt.date, cutoff: dt.date, disputes) -> int:
    """Reopenings dated (``data["on"]``) on a counted day, of ``disputes`` (None: every dispute)."""
    ids = None if disputes is None else set(disputes.values_list("pk", flat=True))
    return sum(1 for _id, on, _at, _pk in _reopening_events(ids) if start <= on <= cutoff)


def resolution(period: Period, scope: Scope, *, as_of: dt.date | None = None, disputes=None) -> Ratio:
    """化解率 alone (``compute(...).resolution`` in one to three queries): for ``stats.figures``' rates."""
    as_of, cutoff, _overdue_on = counted_days(period, as_of)
    found = (disputes if disputes is not None else Dispute.objects.all()).filter(
        _in_scope(scope, "responsible_unit_id"), found_on__range=(period.start, cutoff))
    standing = standing_at(found, cutoff)
    resolved = sum(value.startswith("resolved:") for value in standing.values())
    return Ratio(resolved, len(standing), empty=NO_DISPUTE_FOUND)


def resolution_each(period: Period, scopes: dict[int, Scope], *, as_of: dt.date | None = None) -> dict[int, Ratio]:
    """``resolution`` for many units' subtrees at once (one pass over the period's disputes)."""
    as_of, cutoff, _overdue_on = counted_days(period, as_of)
    period_disputes = Dispute.objects.filter(found_on__range=(period.start, cutoff))
    found = list(period_disputes.values_list("pk", "responsible_unit_id"))
    standing = standing_at(period_disputes, cutoff, ids={pk for pk, _unit in found})
    result = {}
    for unit_id, scope in scopes.items():
        members = None if scope.whole_county else set(scope.subtree_ids)
        mine = [pk for pk, unit in found if members is None or unit in members]
        resolved = sum(standing[pk].startswith("resolved:") for pk in mine)
        result[unit_id] = Ratio(resolved, len(mine), empty=NO_DISPUTE_FOUND)
    return result


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None, disputes=None
            ) -> ScreeningFigures:
    as_of, cutoff, overdue_on = counted_days(period, as_of)
    scope = Scope.of(unit)
    days = (period.start, cutoff)

    campaigns = ScreeningCampaign.objects.filter(starts_on__range=days)
    kinds = Counter(campaigns.values_list("kind", flat=True))
    rows = list(CampaignUnit.objects.filter(campaign__in=campaigns).filter(_in_scope(scope, "unit_id"))
                .select_related("campaign", "unit").order_by("campaign__starts_on", "campaign_id", "unit__path"))
    reported = [r for r in rows if r.reported_on is not None and r.reported_on <= cutoff]
    reported_ids = {r.pk for r in reported}
    not_reported = tuple((r.campaign.name, r.unit.name) for r in rows if r.pk not in reported_ids)

    found_qs = (disputes if disputes is not None else Dispute.objects.all()).filter(
        _in_scope(scope, "responsible_unit_id"), found_on__range=days)
    standing = standing_at(found_qs, cutoff)
    results = Counter(value.split(":")[0] for value in standing.values())
    by_method = Counter(value.split(":")[1] for value in standing.values() if value.startswith("resolved:"))
    reopen_count = _reopenings(period.start, cutoff, None if scope.whole_county and disputes is None else
                               (disputes if disputes is not None else Dispute.objects.all())
                               .filter(_in_scope(scope, "responsible_unit_id")))

    def largest_first(key) -> dict[str, int]:
        """Counts of the found disputes by ``key``, largest first; a tie in the order first found."""
        rows = (found_qs.annotate(key=key).values("key").annotate(n=Count("pk"), first=Min("found_on"), pk=Min("pk"))
                .order_by("-n", "first", "pk"))
        return {row["key"]: row["n"] for row in rows}

    reports = (OfficerReport.objects.filter(_in_scope(scope, "township_id"), reported_on__range=days)
               .aggregate(total=Count("pk"),
                          accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED, screened_on__lte=cutoff)),
                          merged=Count("pk", filter=Q(state=ReportState.MERGED, screened_on__lte=cutoff)),
                          closed=Count("pk", filter=Q(state=ReportState.CLOSED, screened_on__lte=cutoff)),
                          overdue=Count("pk", filter=(Q(screened_on__isnull=True) | Q(screened_on__gt=cutoff))
                                        & Q(screen_due_on__lt=overdue_on)
                                        | Q(screened_on__lte=cutoff, screened_on__gt=F("screen_due_on")))))
    waiting = reports["total"] - reports["accepted"] - reports["merged"] - reports["closed"]

    incidents = Incident.objects.filter(_in_scope(scope, "place_id"), started_on__range=days).aggregate(
        n=Count("pk"), persons=Sum("people_involved"))

    return ScreeningFigures(
        period, as_of, cutoff,
        campaigns=sum(kinds.values()), regular_campaigns=kinds.get("regular", 0),
        special_campaigns=kinds.get("special", 0),
        units_to_report=len(rows), units_reported=len(reported), nil_reports=sum(r.is_nil for r in reported),
        not_reported=not_reported,
        found=len(standing), resolved=results.get("resolved", 0), escalated=results.get("escalated", 0),
        under_way=results.get("under_way", 0), reopened=reopen_count,
        people_involved=found_qs.aggregate(n=Sum("people_involved"))["n"] or 0,
        # The top-level type; a village counts for its township.
        by_type=largest_first(Coalesce("type__parent__name", "type__name")),
        by_place=largest_first(Case(When(place__kind=UnitKind.COMMUNITY, place__parent__isnull=False,
                                         then=F("place__parent__name")), default=F("place__name"))),
        by_risk={str(RiskLevel(level).label): n for level, n in
                 sorted(found_qs.values_list("risk_level").annotate(n=Count("pk")).order_by(),
                        key=lambda kv: RiskLevel.values.index(kv[0]))},
        by_method={str(Method(m).label): n for m, n in by_method.most_common()},
        reports=reports["total"], reports_accepted=reports["accepted"], reports_merged=reports["merged"],
        reports_closed=reports["closed"], reports_waiting=waiting, reports_overdue=reports["overdue"],
        incidents=incidents["n"] or 0, incident_persons=incidents["persons"] or 0,
    )

