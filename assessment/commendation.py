"""Praise and criticism of units in words, from their figures — for any bulletin (通报).

The monthly assessment bulletin uses it with the units' scores; a supervision bulletin can use it with figures
alone. Nothing here knows about the assessment scheme: a unit is named with its ``stats`` figures and, when the
bulletin has one, its score.

    praise([Named("化子坪镇", figures, Decimal("98.50"))])
    # "对化子坪镇予以通报表扬。其中，化子坪镇按期办结率100%、回复率100%、满意率95%，考核得分98.50分。"
    criticism([Named("建华镇", figures)])
    # "对建华镇予以通报批评。其中，建华镇超期未办结2件、越级访1批6人次。请上述单位认真查找原因，限期整改到位。"
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


def has_shortcomings(figures: Figures) -> bool:
    """Items left overdue, or skip-level visits from the unit's area: what a bulletin criticises."""
    return bool(figures.handling.overdue or figures.volume.skip_level.total.batches)


def shortcomings(figures: Figures) -> str:
    """超期未办结2件、越级访1批6人次."""
    parts = []
    if figures.handling.overdue:
        parts.append(_("%(items)s overdue and not closed") % {
            "items": wording.quantity(figures.handling.overdue, wording.CountingUnit.ITEM)})
    if figures.volume.skip_level.total.batches:
        parts.append(_("skip-level visits %(visits)s") % {"visits": wording.visits(figures.volume.skip_level.total)})
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
    """The paragraph that names the units with overdue items or skip-level visits, with those figures (and score);
    None when there is none."""
    if not named:
        return None
    sentences = [
        _("%(names)s are criticised.") % {"names": names(named)},
        _entries([_entry(n.name, [shortcomings(n.figures), _score(n)]) for n in named]),
        _("These units must find the causes and put them right within a set time."),
    ]
    return _sentences(sentences)


def _sentences(sentences: Sequence[str]) -> str:
    # Chinese sentences follow each other without a space.
    return ("" if _chinese() else " ").join(sentences)


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")
