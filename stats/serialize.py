"""Figures as plain JSON-ready data: the output of ``manage.py statistics`` (keys documented in docs/statistics.md).

Keys come in a fixed order, counts are integers, a rate is ``{"percent", "numerator", "denominator", "reason"}``
with ``percent`` rounded half-up to one decimal (or null with the reason in words), a change is
``{"current", "base", "difference", "percent", "reason"}``. Labels are in the active language.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from .figures import Breakdowns, Comparison, Decisions, Figures, Handling, Rates, Row, UnitHandling, Volume
from .periods import Period
from .values import TABLE_PLACES, Change, Ratio

FORMAT_VERSION = 1


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def ratio(r: Ratio) -> dict[str, Any]:
    return {
        "percent": _number(r.percent(TABLE_PLACES)),
        "numerator": r.numerator,
        "denominator": r.denominator,
        "reason": r.reason,
    }


def change(c: Change) -> dict[str, Any]:
    return {
        "current": c.current,
        "base": c.base,
        "difference": c.difference,
        "percent": _number(c.percent(TABLE_PLACES)),
        "reason": c.reason,
    }


def period(p: Period) -> dict[str, Any]:
    return {"key": str(p), "kind": str(p.kind), "label": str(p.label), "start": p.start.isoformat(),
            "end": p.end.isoformat()}


def _counts(value) -> dict[str, Any]:
    """A dataclass of counts (nested ones included) as a dict in field order."""
    return {
        f.name: _counts(getattr(value, f.name)) if dataclasses.is_dataclass(getattr(value, f.name))
        else getattr(value, f.name)
        for f in dataclasses.fields(value)
    }


def volume(v: Volume) -> dict[str, Any]:
    return _counts(v)


def decisions(d: Decisions) -> dict[str, Any]:
    return _counts(d)


def handling(h: Handling) -> dict[str, Any]:
    return {
        "filed": h.filed,
        "assigned": h.assigned,
        "answered": h.answered,
        "closed": h.closed,
        "assigned_closed": h.assigned_closed,
        "open": h.open,
        "due": h.due,
        "on_time": h.on_time,
        "late": h.late,
        "overdue": h.overdue,
        "replied": h.replied,
        "evaluations": _counts(h.evaluations),
    }


def rates(r: Rates) -> dict[str, Any]:
    return {f.name: ratio(getattr(r, f.name)) for f in dataclasses.fields(r)}


def unit_rates(h: Handling) -> dict[str, Any]:
    return {
        "closure": ratio(h.closure_rate),
        "on_time_closure": ratio(h.on_time_rate),
        "reply": ratio(h.reply_rate),
        "satisfaction": ratio(h.evaluations.satisfaction),
        "participation": ratio(h.evaluations.participation),
    }


def row(r: Row) -> dict[str, Any]:
    return {"key": r.key, "label": str(r.label), "parent": r.parent, "items": r.items, "persons": r.persons}


def unit_row(u: UnitHandling) -> dict[str, Any]:
    return {"id": u.unit_id, "label": str(u.label), "handling": handling(u.handling), "rates": unit_rates(u.handling)}


def breakdowns(b: Breakdowns) -> dict[str, Any]:
    rows = {f.name: getattr(b, f.name) for f in dataclasses.fields(b) if f.name != "responsible_unit"}
    return {
        **{name: [row(r) for r in value] for name, value in rows.items()},
        "responsible_unit": [unit_row(u) for u in b.responsible_unit],
    }


def _nested_changes(c: Comparison) -> dict[str, Any]:
    """The changes in the shape of the volume: ``{"letters": {…}, "visits": {"batches": {…}, …}, …}``."""
    result: dict[str, Any] = {}
    for name, value in c.changes.items():
        target = result
        *parents, leaf = name.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = change(value)
    return result


def comparison(c: Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "period": period(c.period),
        "available": c.available,
        "reason": c.reason,
        "changes": _nested_changes(c),
    }


def as_dict(f: Figures) -> dict[str, Any]:
    b = f.breakdowns
    return {
        "format": FORMAT_VERSION,
        "period": period(f.period),
        "as_of": f.as_of.isoformat(),
        "cutoff": f.cutoff.isoformat(),
        "complete": f.complete,
        "unit": {
            "id": f.scope.unit.pk if f.scope.unit else None,
            "name": f.scope.unit.name if f.scope.unit else None,
            "whole_county": f.scope.whole_county,
            "label": str(f.scope.label),
        },
        "volume": volume(f.volume),
        "decisions": decisions(f.decisions),
        "handling": handling(f.handling),
        "rates": rates(f.rates),
        "year_on_year": comparison(f.year_on_year),
        "period_on_period": comparison(f.period_on_period),
        "breakdowns": breakdowns(b),
        "top": {
            "places": [row(r) for r in b.top_places],
            "categories": [row(r) for r in b.top_categories],
            "subcategories": [row(r) for r in b.top_subcategories],
        },
    }
