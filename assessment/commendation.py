"""Praise and criticism of units in words, from their figures — for any bulletin (通报).

The monthly assessment bulletin uses it with the units' scores; a supervision bulletin can use it with figures
alone. Nothing here knows about the assessment scheme: a unit is named with its ``stats`` figures, the count of
skip-level items on matters it had let lapse (``assessment.handling``) and, when the bulletin has one, its score.

Criticism is for handling, never for how many people petitioned (DESIGN.md §6, docs/assessment.md): items left
open past their due date, replies after the due date, and skip-level items only where the same matter had been
raised with the unit first and it had not handled it within its limits. A skip-level visit as such is no
shortcoming of the unit.

    praise([Named("化子坪镇", figures, Decimal("98.50"))])
    # "对化子坪镇予以通报表扬。其中，化子坪镇按期办结率100%、回复率100%、满意率95%，考核得分98.50分。"
    criticism([Named("建华镇", figures, lapsed_skip_level=1)])
    # "对建华镇予以通报批评。其中，建华镇超期未办结2件、未按期办理引发越级访1件。请上述单位认真查找原因，限期整改到位。"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from stats import wording
from stats.figures import Figures


@dataclass(frozen=True)
class Named:
    """A unit named in a bulletin: its name, its figures of the period and, optionally, its assessment score."""

    name: str
    figures: Figures
    score: Decimal | None = None
    lapsed_skip_level: int = 0  # skip-level items on a matter the unit had let lapse


def names(named: Sequence[Named]) -> str:
    """化子坪镇、建华镇."""
    return pgettext("separator between names", ", ").join(n.name for n in named)


def achievements(figures: Figures) -> str:
    """The rates that can be computed, in words: 及时受理率100%、按期办结率100%、回复率100%、满意率95%."""
    rates = figures.rates
    parts = [
        _("%(rate)s timely acceptance") % {"rate": wording.percent(rates.timely_acceptance)}
        if rates.timely_acceptance.computable else None,
        _("%(rate)s on-time closure") % {"rate": wording.percent(rates.on_time_closure)}
        if rates.on_time_closure.computable else None,
        _("%(rate)s replies") % {"rate": wording.percent(rates.reply)} if rates.reply.computable else None,
        _("%(rate)s satisfaction") % {"rate": wording.percent(rates.satisfaction)}
        if rates.satisfaction.computable else None,
    ]
    return pgettext("list of figures", ", ").join(p for p in parts if p)


def has_shortcomings(figures: Figures, lapsed_skip_level: int = 0) -> bool:
    """Items left overdue, replies after the due date, or skip-level items on matters the unit had let lapse: what
    a bulletin criticises."""
    return bool(figures.handling.overdue or figures.handling.late or lapsed_skip_level)


def shortcomings(figures: Figures, lapsed_skip_level: int = 0) -> str:
    """超期未办结2件、超期办结1件、未按期办理引发越级访1件."""
    parts = []
    if figures.handling.overdue:
        parts.append(_("%(items)s overdue and not closed") % {
            "items": wording.quantity(figures.handling.overdue, wording.CountingUnit.ITEM)})
    if figures.handling.late:
        parts.append(_("%(items)s closed after the due date") % {
            "items": wording.quantity(figures.handling.late, wording.CountingUnit.ITEM)})
    if lapsed_skip_level:
        parts.append(_("%(items)s taken to a higher level after the unit let the matter lapse") % {
            "items": wording.quantity(lapsed_skip_level, wording.CountingUnit.ITEM)})
    return pgettext("list of figures", ", ").join(parts)


def _score(n: Named) -> str | None:
    return None if n.score is None else _("assessment score %(score)s points") % {"score": n.score}


def _entry(name: str, details: Sequence[str | None]) -> str:
    shown = [d for d in details if d]
    if not shown:
        return name
    # 化子坪镇按期办结率100%…: a Chinese name runs straight into its figures.
    return name + ("" if _chinese() else ": ") + pgettext("clause separator", ", ").join(shown)


def _entries(entries: Sequence[str]) -> str:
    return _("In detail: %(entries)s.") % {"entries": pgettext("list of units", "; ").join(entries)}


def praise(named: Sequence[Named]) -> str | None:
    """The paragraph that praises the units, each with its handling rates (and score); None when there is none."""
    if not named:
        return None
    sentences = [
        _("%(names)s are commended.") % {"names": names(named)},
        _entries([_entry(n.name, [achievements(n.figures), _score(n)]) for n in named]),
    ]
    return _sentences(sentences)


def criticism(named: Sequence[Named]) -> str | None:
    """The paragraph that names the units with shortcomings in their handling, with those figures (and score);
    None when there is none."""
    if not named:
        return None
    sentences = [
        _("%(names)s are criticised.") % {"names": names(named)},
        _entries([_entry(n.name, [shortcomings(n.figures, n.lapsed_skip_level), _score(n)]) for n in named]),
        _("These units must find the causes and put them right within a set time."),
    ]
    return _sentences(sentences)


def _sentences(sentences: Sequence[str]) -> str:
    # Chinese sentences follow each other without a space.
    return ("" if _chinese() else " ").join(sentences)


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")
