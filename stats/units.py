"""Figures per unit: the rows of the statistical tables by unit, and the open items now (overdue, due soon).

    table = by_unit(Period.parse("2026-Q3"), unit=None, as_of=today)
    table.total                     # the Figures of the scope (compute()), the 合计 row
    for row in table.rows:          # each township / department of the scope
        row.volume.letters, row.handling.on_time_rate, row.year_on_year("all_channel_total")

Each row is the same definition as ``compute`` (``volume_of``, ``Handling``) applied to a part of the scope:

- **intake** (volume) by the place of the problem, rolled up like the breakdown by area: to the township (for the
  whole county) or to the scope unit's child (for a unit);
- **handling** by the responsible unit, rolled up the same way (a county department is its own row; the bureau's
  answers on the spot are the row "信访局（当场答复）").

So the rows add up to the scope's figures (``table.total``); the tests check it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisation.models import TOWNSHIP_KINDS, Unit, UnitKind
from petitions.querysets import DUE_SOON_DAYS

from . import queries
from .figures import (
    Figures,
    Handling,
    Scope,
    Volume,
    _Reference,
    compute,
    volume_of,
)
from .periods import Period
from .values import Change

# Units with their own row in the county's table besides the townships (they handle items, they are no place).
COUNTY_ROW_KINDS = frozenset({UnitKind.DEPARTMENT, UnitKind.DISCIPLINE, UnitKind.POLITICAL_LEGAL})
ROW_KINDS = TOWNSHIP_KINDS | COUNTY_ROW_KINDS


@dataclass(frozen=True)
class UnitRow:
    """One row of the table by unit: the volume of the items placed in it and the handling of the items it is
    responsible for; ``base`` is the volume of the same period last year (None without data)."""

    unit_id: int | None  # None: the bureau's answers on the spot
    label: str | Promise
    volume: Volume
    handling: Handling
    base: Volume | None
    no_data: str | None = None

    def year_on_year(self, metric: str) -> Change:
        return Change(self.volume.metric(metric), None if self.base is None else self.base.metric(metric),
                      no_data=self.no_data)


@dataclass(frozen=True)
class UnitTable:
    total: Figures
    rows: tuple[UnitRow, ...]


def by_unit(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None) -> UnitTable:
    """The figures of ``period`` for ``unit``'s scope (None: the county), and the same per row unit."""
    total = compute(period, unit, as_of=as_of, compare=True)
    scope, ref = total.scope, _Reference.load()
    yoy = total.year_on_year

    def row_of(unit_id: int) -> int:
        if scope.whole_county:
            node = ref.units[unit_id]
            while node is not None and node.kind not in ROW_KINDS:
                node = ref.units.get(node.parent_id)
            return node.id if node is not None else unit_id
        return ref.area_of(unit_id, scope).id

    volumes: dict[int, list] = {}
    for place_id, groups in queries.intake_by_place(period.start, total.cutoff, scope.subtree_ids).items():
        volumes.setdefault(row_of(place_id), []).extend(groups)
    bases: dict[int, list] = {}
    if yoy.available:
        for place_id, groups in queries.intake_by_place(yoy.period.start, yoy.period.end, scope.subtree_ids).items():
            bases.setdefault(row_of(place_id), []).extend(groups)
    handlings: dict[int | None, Handling] = {}
    for line in total.breakdowns.responsible_unit:
        key = None if line.unit_id is None else row_of(line.unit_id)
        handlings[key] = handlings.get(key, Handling()) + line.handling

    members = {u.id for u in ref.areas(scope)} | set(volumes) | {k for k in handlings if k is not None}
    if scope.whole_county:
        members |= {u.id for u in ref.units.values() if u.is_active and u.kind in COUNTY_ROW_KINDS}
    no_data = yoy.reason
    # Townships (places) first, then the departments and other handling bodies, each in tree order.
    rows = [
        UnitRow(
            unit_id=uid, label=ref.units[uid].name, volume=volume_of(volumes.get(uid, [])),
            handling=handlings.get(uid, Handling()),
            base=volume_of(bases.get(uid, [])) if yoy.available else None, no_data=no_data,
        )
        for uid in sorted(members, key=lambda uid: (ref.units[uid].kind in COUNTY_ROW_KINDS, ref.units[uid].path))
    ]
    if None in handlings:
        label = next(line.label for line in total.breakdowns.responsible_unit if line.unit_id is None)
        rows.append(UnitRow(None, label, Volume(), handlings[None], Volume() if yoy.available else None, no_data))
    return UnitTable(total=total, rows=tuple(rows))


# ------------------------------------------------------------------------------------------------------------
# Open items now.


@dataclass(frozen=True)
class OpenRow:
    unit_id: int | None  # None: not assigned yet (at the bureau's desk)
    label: str | Promise
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class Backlog:
    """Open items on ``on`` whose current step is overdue or due within ``DUE_SOON_DAYS`` days, per responsible
    unit — the worklists' definitions (``Petition.objects.overdue`` / ``due_soon``)."""

    on: dt.date
    rows: tuple[OpenRow, ...]

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def due_soon(self) -> int:
        return sum(r.due_soon for r in self.rows)


def backlog(unit: Unit | None = None, *, on: dt.date | None = None, items=None) -> Backlog:
    """Overdue and due-soon open items of ``unit``'s subtree (by responsible unit; None: the whole county), of
    ``items`` (a user's visible items; None: every item)."""
    on = on or timezone.localdate()
    scope = Scope.of(unit)
    counts = queries.open_by_unit(on, on + dt.timedelta(days=DUE_SOON_DAYS), scope.subtree_ids, items=items)
    names = dict(Unit.objects.filter(pk__in=[k for k in counts if k is not None]).values_list("pk", "name"))
    paths = dict(Unit.objects.filter(pk__in=list(names)).values_list("pk", "path"))
    rows = [
        OpenRow(uid, names[uid], c["overdue"], c["due_soon"])
        for uid, c in sorted(((k, v) for k, v in counts.items() if k is not None), key=lambda kv: paths[kv[0]])
    ]
    if None in counts:
        rows.insert(0, OpenRow(None, _("Not assigned yet (at the bureau)"), counts[None]["overdue"],
                               counts[None]["due_soon"]))
    return Backlog(on=on, rows=tuple(rows))

