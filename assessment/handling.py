"""The two handling figures the assessment needs beyond ``stats.figures``, per unit subtree and period
(docs/assessment.md, "Repeat matters resolved" and "Skip-level items after a lapse here").

Counted like the statistics' handling figures: on the items' own business dates, up to the cutoff (the period's
end, or ``as_of`` for a running period), per responsible unit, summed into each unit's subtree.

- **Repeat matters resolved** (重复信访事项化解): the repeat petitions (``is_repeat``) among the items that
  ``Handling.due`` counts — handling due date (extended, if extended) in the period — and of them those replied by
  the cutoff, on time or late (``Handling.on_time + Handling.late``). The rest are open past their due date
  (``Handling.overdue``). An item due on the cutoff day and not yet replied is still pending and in neither.
- **Skip-level items after a lapse here** (本单位未按期办理引发的越级访): items received in the period at the city,
  the province or the capital that repeat (``repeat_of``) an earlier item of the unit (its responsible unit in the
  subtree) which, on the day the skip-level item was received, was past one of its limits without having met it:
  its decision due before that day and not made by its due date, or its handling due before that day and not
  replied by its due date (still open then, or replied late). A skip-level item on a matter first raised here,
  but still within its limits — or on no earlier item of this unit — does not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions.models import Petition
from stats.figures import SKIP_LEVELS, Scope, counted_days
from stats.periods import Period
from stats.values import Ratio


@dataclass(frozen=True)
class RepeatHandling:
    """The repeat petitions whose handling fell due in the period: replied by the cutoff, or open past due."""

    closed: int = 0
    overdue: int = 0

    @property
    def due(self) -> int:
        return self.closed + self.overdue

    @property
    def resolved(self) -> Ratio:
        """重复信访事项化解率 = repeat petitions due in the period and replied by the cutoff ÷ repeat petitions due."""
        return Ratio(self.closed, self.due, empty=_("no repeat petition fell due in the period"))


@dataclass(frozen=True)
class HandlingExtras:
    """What a unit is assessed on besides ``stats.figures.Figures``."""

    repeat: RepeatHandling = RepeatHandling()
    lapsed_skip_level: int = 0  # skip-level items on a matter this unit had let lapse


def lapsed_before_receipt() -> Q:
    """The earlier item (``repeat_of``) was past a limit it had not met on the day this item was received."""
    earlier_decision = Q(repeat_of__decision_due_on__lt=F("received_on")) & (
        Q(repeat_of__decided_on__isnull=True) | Q(repeat_of__decided_on__gt=F("repeat_of__decision_due_on"))
    )
    earlier_handling = Q(repeat_of__handling_due_on__lt=F("received_on")) & (
        Q(repeat_of__replied_on__isnull=True) | Q(repeat_of__replied_on__gt=F("repeat_of__handling_due_on"))
    )
    return earlier_decision | earlier_handling


def lapsed_skip_level_by_unit(start: dt.date, cutoff: dt.date) -> dict[int, int]:
    """Skip-level items received from ``start`` to ``cutoff`` on a lapsed earlier item, per the earlier item's
    responsible unit."""
    rows = (
        Petition.objects.order_by()
        .filter(received_on__range=(start, cutoff), received_level__in=SKIP_LEVELS,
                repeat_of__responsible_unit__isnull=False)
        .filter(lapsed_before_receipt())
        .values_list("repeat_of__responsible_unit_id")
        .annotate(n=Count("received_on"))
    )
    return dict(rows)


def repeat_handling_by_unit(start: dt.date, cutoff: dt.date, *, overdue_on: dt.date) -> dict[int, RepeatHandling]:
    """Repeat petitions whose handling due date is from ``start`` to ``cutoff``, per responsible unit: replied by
    the cutoff, and not replied by the cutoff and due before ``overdue_on`` (as ``stats.queries.handling_by_unit``)."""
    not_replied = Q(replied_on__isnull=True) | Q(replied_on__gt=cutoff)
    rows = (
        Petition.objects.order_by()
        .filter(is_repeat=True, handling_due_on__range=(start, cutoff), responsible_unit__isnull=False)
        .values_list("responsible_unit_id")
        .annotate(
            closed=Count("handling_due_on", filter=Q(replied_on__lte=cutoff)),
            overdue=Count("handling_due_on", filter=not_replied & Q(handling_due_on__lt=overdue_on)),
        )
    )
    return {unit_id: RepeatHandling(closed, overdue) for unit_id, closed, overdue in rows}


def compute_each(period: Period, units: Iterable[Unit], *, as_of: dt.date | None = None) -> dict[int, HandlingExtras]:
    """The extras of ``period`` for each unit's subtree (by responsible unit), two queries for all units."""
    as_of, cutoff, overdue_on = counted_days(period, as_of)
    repeat = repeat_handling_by_unit(period.start, cutoff, overdue_on=overdue_on)
    lapsed = lapsed_skip_level_by_unit(period.start, cutoff)
    result = {}
    for unit_id, scope in Scope.of_each(units).items():
        members = None if scope.subtree_ids is None else set(scope.subtree_ids)
        mine = [key for key in {*repeat, *lapsed} if members is None or key in members]
        result[unit_id] = HandlingExtras(
            repeat=RepeatHandling(sum(repeat[k].closed for k in mine if k in repeat),
                                  sum(repeat[k].overdue for k in mine if k in repeat)),
            lapsed_skip_level=sum(lapsed.get(k, 0) for k in mine),
        )
    return result
