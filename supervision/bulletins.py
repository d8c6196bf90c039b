"""The supervision bulletin (督查通报): which units it commends and criticises, and what it says.

The wording of praise and criticism is ``assessment.commendation`` (shared with the monthly assessment bulletin);
the units named and the county's figures come from ``stats.figures.compute`` per unit (with the skip-level items
after a lapse of ``assessment.handling``), and the supervision figures from ``stats.supervision.compute``. The
selection rule of this bulletin — written once, here:

- **criticised**: every unit with an item left overdue, a reply after the due date, or a skip-level item on a
  matter it had let lapse in the period (``commendation.has_shortcomings``, the same rule as the assessment
  bulletin). No unit is criticised for skip-level visits as such (DESIGN.md §6);
- **commended**: every unit that had items fall due in the period and closed all of them on time (on-time closure
  100%), reported back every item assigned to it in the period (reply rate 100%, when it had any), whose evaluated
  replies were at least 80% (basically) satisfactory (when any was evaluated), and has nothing to criticise.

The units are the townships (sub-districts, management offices) and the county departments, as in the assessment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment import commendation, handling
from assessment.scoring import GROUP_KINDS
from organisation.models import Unit
from petitions.documents import Block, Style, bureau_name, official_date, render_docx
from stats import supervision as supervision_stats
from stats import wording
from stats.figures import compute
from stats.periods import Period

HEADING = re.compile(r"^[一二三四五六七八九十]+、")
COMMENDED_SATISFACTION = 80  # percent, when the unit's replies were evaluated at all


@dataclass(frozen=True)
class Draft:
    title: str
    paragraphs: list[str]  # one per line; a line "一、……" is a heading
    praised: list[Unit]
    criticised: list[Unit]


Selected = list[tuple[Unit, commendation.Named]]


def bulletin_units() -> list[Unit]:
    kinds = [kind for kinds in GROUP_KINDS.values() for kind in kinds]
    return list(Unit.objects.filter(is_active=True, kind__in=kinds).order_by("path"))


def is_commended(named: commendation.Named) -> bool:
    rates = named.figures.rates
    return (
        rates.on_time_closure.computable
        and rates.on_time_closure.numerator == rates.on_time_closure.denominator
        and (not rates.reply.computable or rates.reply.numerator == rates.reply.denominator)
        and (not rates.satisfaction.computable or rates.satisfaction.percent(1) >= COMMENDED_SATISFACTION)
        and not is_criticised(named)
    )


def is_criticised(named: commendation.Named) -> bool:
    return commendation.has_shortcomings(named.figures, named.lapsed_skip_level)


def select(period: Period, as_of: dt.date) -> tuple[Selected, Selected]:
    """The units commended and the units criticised in ``period``, each with its figures, in the unit tree's order."""
    praised, criticised = [], []
    units = bulletin_units()
    extras = handling.compute_each(period, units, as_of=as_of)
    for unit in units:
        named = commendation.Named(unit.name, compute(period, unit, as_of=as_of, compare=False),
                                   lapsed_skip_level=extras[unit.pk].lapsed_skip_level)
        if is_criticised(named):
            criticised.append((unit, named))
        elif is_commended(named):
            praised.append((unit, named))
    return praised, criticised


def title(period: Period) -> str:
    return _("Bulletin on the supervision of petition handling in %(period)s") % {"period": period.label}


def draft(period: Period, *, as_of: dt.date) -> Draft:
    """The bulletin's text, always in Chinese (an official document)."""
    with translation.override("zh-hans"):
        praised, criticised = select(period, as_of)
        county = compute(period, None, as_of=as_of, compare=False)
        sup = supervision_stats.compute(period, None, as_of=as_of)
        lines = [
            _("To the townships, sub-districts and management offices, and the county departments:"),
            _("To hold every unit to its responsibility for petition work and resolve matters on time and locally, the "
              "county petition bureau has supervised the handling of petitions in %(period)s. The results are "
              "announced as follows.") % {"period": period.label},
            _("1. Overview"),
            wording.overview(county),
        ]
        rates = commendation.achievements(county)
        if rates:
            lines.append(_("Across the county: %(rates)s.") % {"rates": rates})
        lines.append(supervision_sentence(sup))
        lines += [
            _("2. Units commended"),
            commendation.praise([n for _u, n in praised])
            or _("No unit met the conditions for commendation in this period."),
            _("3. Units criticised"),
            commendation.criticism([n for _u, n in criticised])
            or _("No unit left an item overdue or replied after the due date in this period, and no skip-level "
                 "item followed a lapse of the unit that had the matter first."),
            _("4. Requirements"),
            _("Every unit is to sign for and handle assigned items on time, put the five assurances of owned cases in "
              "place, complete supervised items by their due dates, and report the results of items from higher "
              "bodies back on time. Units criticised are to report their corrections to the county petition bureau "
              "in writing within ten working days."),
        ]
        return Draft(title(period), [line for line in lines if line], [u for u, _n in praised],
                     [u for u, _n in criticised])


def supervision_sentence(sup) -> str:
    """包案、督办和上级交办事项 in one paragraph (also used by the year-end summary)."""
    o, n, a = sup.ownership, sup.notices, sup.from_above
    return _(
        "%(required)s items needed an owning leader; the five assurances are in place for %(owned)s. Of the owned "
        "cases due, %(on_time)s of %(due)s were resolved on time (%(rate)s). %(issued)s supervision notices were "
        "issued; of those due, %(n_on_time)s of %(n_due)s were completed on time (%(n_rate)s). %(received)s items came "
        "from higher bodies: %(closed)s closed; reported back on time %(r_on_time)s, late %(r_late)s, not yet "
        "%(r_not)s."
    ) % {
        "required": o.required, "owned": o.owned, "on_time": o.on_time, "due": o.due,
        "rate": wording.percent(o.on_time_rate), "issued": n.issued, "n_on_time": n.on_time, "n_due": n.due,
        "n_rate": wording.percent(n.on_time_rate), "received": a.received, "closed": a.closed,
        "r_on_time": a.reported_on_time, "r_late": a.reported_late, "r_not": a.not_reported,
    }



def blocks(bulletin) -> list[Block]:
    lines = bulletin.text.splitlines()
    result = [Block(Style.TITLE, bulletin.title), Block(Style.REFERENCE, bulletin.number)]
    for index, line in enumerate(lines):
        if index == 0:
            result.append(Block(Style.SALUTATION, line))
        else:
            result.append(Block(Style.HEADING if HEADING.match(line) else Style.BODY, line))
    issued_on = timezone.localdate(bulletin.issued_at)
    result += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, official_date(issued_on))]
    return result


def render(bulletin) -> bytes:
    """The bulletin as issued, as .docx in official-document style (always Chinese)."""
    with translation.override("zh-hans"):
        return render_docx(blocks(bulletin), title=bulletin.title)


def filename(bulletin) -> str:
    return f"{bulletin.number}{bulletin.title}.docx"
