"""Figures of case ownership and supervision (包案、督查督办) for a period and a unit subtree.

    from stats.supervision import compute
    figures = compute(Period.year(2026), unit=None, as_of=today)
    figures.ownership.on_time_rate.percent(1)     # 包案事项按期化解率
    figures.notices.on_time_rate                  # 督办事项按期办结率
    figures.from_above.reported_on_time           # 上级交办事项按期报结

The same conventions as ``stats.figures`` (``docs/statistics.md``): every figure is counted on its own business
date (``accepted_on``, the ownership's ``deadline`` and ``completed_on``, a notice's ``issued_on`` / ``due_on`` /
``completed_on``, ``received_on``, the report's ``sent_on``, an instruction's ``written_at``, a bulletin's
``issued_at``); facts after the cutoff ``min(period end, as_of)`` do not count; a thing is overdue on a day after its
due date, and in a running period one due on ``as_of`` itself and not yet done is pending (counted neither way).
Scope: the whole county, or the items whose **responsible unit** is in the unit's subtree (these are handling
figures); bulletins count the commendations and criticisms of units in the subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit

from .figures import Scope, counted_days
from .periods import Period
from .values import Ratio


@dataclass(frozen=True)
class OwnershipFigures:
    required: int = 0  # items accepted in the period that need an owning leader (major, repeat, from above)
    owned: int = 0  # of those, with all five assurances in place by the cutoff
    due: int = 0  # owned cases whose deadline fell in the period and that are decided (done, or past the deadline)
    on_time: int = 0  # of those, closed (replied) by the deadline
    late: int = 0  # closed after the deadline, by the cutoff
    overdue: int = 0  # not closed by the cutoff and past the deadline

    @property
    def lacking(self) -> int:
        return self.required - self.owned

    @property
    def owned_rate(self) -> Ratio:
        """包案落实率 = owned ÷ required."""
        return Ratio(self.owned, self.required, empty=_("no item needed an owning leader in the period"))

    @property
    def on_time_rate(self) -> Ratio:
        """包案按期化解率 = closed by the deadline ÷ owned cases due in the period."""
        return Ratio(self.on_time, self.due, empty=_("no owned case fell due in the period"))


@dataclass(frozen=True)
class NoticeFigures:
    issued: int = 0  # notices issued in the period
    completed: int = 0  # notices completed in the period
    due: int = 0  # notices due in the period and decided (completed, or past due)
    on_time: int = 0
    late: int = 0
    overdue: int = 0  # open past their due date at the cutoff

    @property
    def on_time_rate(self) -> Ratio:
        """督办按期办结率 = completed by the due date ÷ notices due in the period."""
        return Ratio(self.on_time, self.due, empty=_("no supervision notice fell due in the period"))


@dataclass(frozen=True)
class FromAboveFigures:
    received: int = 0  # items of a higher body received in the period and handled here (not forwarded on or declined)
    closed: int = 0  # of those, replied by the cutoff
    reported_on_time: int = 0  # of those, completion report sent by the cutoff and by the report's due date
    reported_late: int = 0  # sent by the cutoff, after the due date
    not_reported: int = 0  # no report sent by the cutoff

    @property
    def reported(self) -> int:
        return self.reported_on_time + self.reported_late

    @property
    def report_rate(self) -> Ratio:
        """报结率 = reports sent ÷ items received from above."""
        return Ratio(self.reported, self.received, empty=_("no item came from a higher body in the period"))

    @property
    def on_time_report_rate(self) -> Ratio:
        """按期报结率 = reports sent on time ÷ items received from above."""
        return Ratio(self.reported_on_time, self.received, empty=_("no item came from a higher body in the period"))


@dataclass(frozen=True)
class BulletinFigures:
    issued: int = 0  # bulletins issued in the period (the county's; for a unit the same number)
    praised: int = 0  # commendations of units in the scope (单位次)
    criticised: int = 0  # criticisms of units in the scope (单位次)


@dataclass(frozen=True)
class SupervisionFigures:
    period: Period
    scope: Scope
    as_of: dt.date
    cutoff: dt.date
    ownership: OwnershipFigures
    notices: NoticeFigures
    from_above: FromAboveFigures
    instructions: int  # leaders' instructions (批示) written in the period on items of the scope
    bulletins: BulletinFigures


def _in_scope(scope: Scope, prefix: str = "") -> Q:
    if scope.whole_county:
        return Q()
    return Q(**{f"{prefix}responsible_unit_id__in": scope.subtree_ids})


def _counts(queryset, **conditions) -> dict[str, int]:
    return queryset.aggregate(**{name: Count("pk", filter=condition) for name, condition in conditions.items()})


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None) -> SupervisionFigures:
    """The ownership and supervision figures of ``period`` for ``unit``'s subtree (None: the whole county)."""
    from petitions.models import Instruction, Petition
    from supervision.models import Bulletin, BulletinMention, Ownership, SupervisionNotice
    from supervision.rules import from_above_q, needs_ownership_q

    as_of, cutoff, overdue_on = counted_days(period, as_of)
    start = period.start
    scope = Scope.of(unit)

    required = Petition.objects.filter(needs_ownership_q(), _in_scope(scope), accepted_on__range=(start, cutoff))
    owned = Ownership.objects.filter(completed_on__lte=cutoff, petition__in=required.values("pk")).count()
    deadline_in = Q(deadline__range=(start, cutoff))
    done = Q(petition__replied_on__lte=cutoff)
    owned_cases = Ownership.objects.filter(_in_scope(scope, "petition__"), completed_on__lte=cutoff)
    o = _counts(
        owned_cases.filter(deadline_in),
        on_time=done & Q(petition__replied_on__lte=F("deadline")),
        late=done & Q(petition__replied_on__gt=F("deadline")),
        overdue=~done & Q(deadline__lt=overdue_on),
    )
    ownership = OwnershipFigures(
        required=required.count(), owned=owned, due=o["on_time"] + o["late"] + o["overdue"], **o
    )

    notices = SupervisionNotice.objects.filter(_in_scope(scope, "petition__"))
    completed = Q(completed_on__lte=cutoff)
    n = _counts(
        notices,
        issued=Q(issued_on__range=(start, cutoff)),
        completed=Q(completed_on__range=(start, cutoff)),
        on_time=Q(due_on__range=(start, cutoff)) & completed & Q(completed_on__lte=F("due_on")),
        late=Q(due_on__range=(start, cutoff)) & completed & Q(completed_on__gt=F("due_on")),
        overdue=Q(due_on__range=(start, cutoff)) & ~completed & Q(due_on__lt=overdue_on),
    )
    notice_figures = NoticeFigures(due=n["on_time"] + n["late"] + n["overdue"], **n)

    above = Petition.objects.filter(_in_scope(scope), from_above_q(), received_on__range=(start, cutoff))
    sent = Q(report_back__sent_on__lte=cutoff)
    report_due = Coalesce("source_due_on", "handling_due_on", "report_back__sent_on")
    a = _counts(
        above,
        received=Q(),
        closed=Q(replied_on__lte=cutoff),
        reported_on_time=sent & Q(report_back__sent_on__lte=report_due),
        reported_late=sent & Q(report_back__sent_on__gt=report_due),
    )
    from_above = FromAboveFigures(
        not_reported=a["received"] - a["reported_on_time"] - a["reported_late"], **a
    )

    instructions = Instruction.objects.filter(
        _in_scope(scope, "petition__"), written_at__isnull=False,
        written_at__date__range=(start, cutoff),
    ).count()

    issued = Bulletin.objects.filter(issued_at__date__range=(start, cutoff))
    mentions = BulletinMention.objects.filter(bulletin__in=issued.values("pk"))
    if not scope.whole_county:
        mentions = mentions.filter(unit_id__in=scope.subtree_ids)
    m = _counts(mentions, praised=Q(kind="praised"), criticised=Q(kind="criticised"))
    return SupervisionFigures(
        period=period, scope=scope, as_of=as_of, cutoff=cutoff, ownership=ownership, notices=notice_figures,
        from_above=from_above, instructions=instructions,
        bulletins=BulletinFigures(issued=issued.count(), **m),
    )


def as_dict(figures: SupervisionFigures) -> dict:
    """The figures as JSON-ready data (keys in docs/statistics.md, "Case ownership and supervision")."""
    from .serialize import period, ratio

    o, n, a, b = figures.ownership, figures.notices, figures.from_above, figures.bulletins
    return {
        "period": period(figures.period),
        "as_of": figures.as_of.isoformat(),
        "cutoff": figures.cutoff.isoformat(),
        "ownership": {
            "required": o.required, "owned": o.owned, "lacking": o.lacking, "due": o.due, "on_time": o.on_time,
            "late": o.late, "overdue": o.overdue, "owned_rate": ratio(o.owned_rate),
            "on_time_rate": ratio(o.on_time_rate),
        },
        "notices": {
            "issued": n.issued, "completed": n.completed, "due": n.due, "on_time": n.on_time, "late": n.late,
            "overdue": n.overdue, "on_time_rate": ratio(n.on_time_rate),
        },
        "from_above": {
            "received": a.received, "closed": a.closed, "reported_on_time": a.reported_on_time,
            "reported_late": a.reported_late, "not_reported": a.not_reported, "report_rate": ratio(a.report_rate),
            "on_time_report_rate": ratio(a.on_time_report_rate),
        },
        "instructions": figures.instructions,
        "bulletins": {"issued": b.issued, "praised": b.praised, "criticised": b.criticised},
    }
