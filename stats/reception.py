"""Reception figures (DESIGN.md §4, reception outcomes) for a period and a unit's subtree, or for one campaign.

    from stats.reception import compute
    figures = compute(Period.year(2026), unit=None, as_of=today)
    figures.batches, figures.persons              # 接待来访群众 批 / 人次
    figures.answered.batches                      # 现场答复
    figures.filed.batches, figures.filed_closed   # 立案, of them 办结
    figures.as_dict()                             # the keys documented in docs/statistics.md

Counted from the reception register (``reception``), one matter being one batch with its headcount:

- a record counts when it was **held** in the period, up to the cutoff ``min(period end, as_of)``;
- scope: the whole county, or the records whose **receiving unit** is in the unit's subtree (a township's own
  reception days; a county leader's receptions belong to the county);
- outcomes per batch and per person: answered on the spot, not supported, case filed;
- of the filed cases, **closed** (办结) are those whose petition item was replied by the cutoff — the same rule as
  ``handling.assigned_closed`` of ``stats.figures`` — and **in progress** (在办) the rest; a campaign's filed cases
  are followed after it ended, to ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from organisation.models import Unit

from .figures import Scope, Visits, counted_days
from .periods import Period


@dataclass(frozen=True)
class ReceptionFigures:
    period: Period
    scope: Scope
    as_of: dt.date
    cutoff: dt.date
    receptions: int = 0  # reception records (接访活动, 次)
    by_kind: dict = field(default_factory=dict)  # occasion → receptions held
    leaders: int = 0  # distinct receiving leaders
    received: Visits = Visits()  # 接待来访群众 批 / 人次
    answered: Visits = Visits()  # 现场答复
    not_supported: Visits = Visits()  # 不予支持
    filed: Visits = Visits()  # 立案 (batches = cases filed, 件)
    filed_closed: int = 0  # 办结: replied by ``closed_by``
    closed_by: dt.date | None = None  # the day closure is counted to: the cutoff, or as_of for a campaign
    campaign_id: int | None = None

    @property
    def batches(self) -> int:
        return self.received.batches

    @property
    def persons(self) -> int:
        return self.received.persons

    @property
    def filed_open(self) -> int:
        """在办: filed and not replied by the cutoff."""
        return self.filed.batches - self.filed_closed

    def as_dict(self) -> dict:
        def visits(v: Visits) -> dict:
            return {"batches": v.batches, "persons": v.persons}

        return {
            "period": {"key": str(self.period), "label": str(self.period.label), "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat()},
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "unit": None if self.scope.whole_county else {"id": self.scope.unit.pk, "name": self.scope.unit.name},
            "campaign": self.campaign_id,
            "receptions": self.receptions,
            "by_kind": dict(self.by_kind),
            "leaders": self.leaders,
            "received": visits(self.received),
            "answered": visits(self.answered),
            "not_supported": visits(self.not_supported),
            "filed": visits(self.filed),
            "closed_by": self.closed_by.isoformat() if self.closed_by else None,
            "filed_closed": self.filed_closed,
            "filed_open": self.filed_open,
        }


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None, campaign=None,
            closed_by: dt.date | None = None) -> ReceptionFigures:
    """The reception figures of ``period`` and ``unit``'s subtree (None: the county); with ``campaign``, of the
    records of that campaign only. A filed case counts as closed when replied by ``closed_by`` (default: the
    cutoff). Three queries."""
    from reception.models import MatterOutcome, ReceptionKind, ReceptionMatter, ReceptionRecord

    as_of, cutoff, _overdue_on = counted_days(period, as_of)
    closed_by = closed_by or cutoff
    scope = Scope.of(unit)
    records = ReceptionRecord.objects.filter(held_on__gte=period.start, held_on__lte=cutoff)
    if not scope.whole_county:
        records = records.filter(unit_id__in=scope.subtree_ids)
    if campaign is not None:
        records = records.filter(campaign=campaign)

    by_kind = {kind: 0 for kind in ReceptionKind.values}
    for row in records.order_by().values("kind").annotate(n=Count("pk")):
        by_kind[row["kind"]] = row["n"]
    leaders = records.order_by().values("leader_id").distinct().count()

    matters = ReceptionMatter.objects.filter(record__in=records.values("pk"))
    tally = {outcome: Visits() for outcome in MatterOutcome.values}
    closed = 0
    for row in matters.order_by().values("outcome").annotate(
        batches=Count("pk"), persons=Sum("headcount"),
        closed=Count("pk", filter=Q(petition__replied_on__isnull=False, petition__replied_on__lte=closed_by)),
    ):
        tally[row["outcome"]] = Visits(row["batches"], row["persons"] or 0)
        if row["outcome"] == MatterOutcome.FILED:
            closed = row["closed"]
    return ReceptionFigures(
        period=period, scope=scope, as_of=as_of, cutoff=cutoff, closed_by=closed_by,
        receptions=sum(by_kind.values()), by_kind=by_kind, leaders=leaders,
        received=sum(tally.values(), Visits()),
        answered=tally[MatterOutcome.ANSWERED], not_supported=tally[MatterOutcome.NOT_SUPPORTED],
        filed=tally[MatterOutcome.FILED], filed_closed=closed,
        campaign_id=campaign.pk if campaign is not None else None,
    )


def for_campaign(campaign, *, as_of: dt.date | None = None) -> ReceptionFigures:
    """A campaign's figures over its own period (cut at ``as_of`` while it runs); its filed cases are tracked after
    it ended: closed and in progress as of ``as_of``."""
    as_of = max(as_of or timezone.localdate(), campaign.starts_on)
    period = Period.custom(campaign.starts_on, campaign.ends_on)
    return compute(period, None, as_of=as_of, campaign=campaign, closed_by=as_of)
