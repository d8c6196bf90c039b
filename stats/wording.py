"""The figures in words, as petition bureaus write them in reports and the year-end summary.

    percent(figures.rates.satisfaction)                  # "92%" (whole percent, half-up)
    table_percent(figures.rates.satisfaction)            # "91.7%" (one decimal)
    change_phrase(figures.year_on_year, "own_total")     # "较去年同期的1234件（人）次下降了13%"
    overview(figures)                                    # the opening paragraph of a summary

Every sentence goes through gettext: the msgids are English, the Chinese catalog gives the bureau's wording
(under ``translation.override("zh-hans")``, the default language). A figure that cannot be computed is said so
in words, never shown as 0%.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .figures import Comparison, Figures, Visits
from .periods import PeriodKind
from .values import NARRATIVE_PLACES, TABLE_PLACES, Change, Comparing, Ratio


class CountingUnit:
    """The counting unit of a figure (DESIGN.md §4)."""

    ITEM = "item"  # 件: letters, online items
    BATCH = "batch"  # 批: visits
    PERSON = "person"  # 人次: person-visits
    CALL = "call"  # 次: phone petitions
    ITEM_PERSON = "item_person"  # 件(人)次: letters and visits together, the all-channel total


# The unit of each volume count (``Volume.metrics()``), for the wording of its change.
METRIC_UNITS = {
    "letters": CountingUnit.ITEM,
    "own_total": CountingUnit.ITEM_PERSON,
    "phone": CountingUnit.CALL,
    "online": CountingUnit.ITEM,
    "all_channel_total": CountingUnit.ITEM_PERSON,
    "items": CountingUnit.ITEM,
    "repeat_items": CountingUnit.ITEM,
}


def unit_of(metric: str) -> str:
    """The counting unit of a volume count: ``….batches`` in batches, ``….persons`` in person-visits."""
    if metric.endswith(".batches"):
        return CountingUnit.BATCH
    if metric.endswith(".persons"):
        return CountingUnit.PERSON
    return METRIC_UNITS[metric]


def quantity(n: int, unit: str) -> str:
    """``n`` with its counting unit: 120件, 35批, 210人次, 18次, 1234件（人）次."""
    if unit == CountingUnit.ITEM:
        text = ngettext("%(n)s item", "%(n)s items", n)
    elif unit == CountingUnit.BATCH:
        text = ngettext("%(n)s batch", "%(n)s batches", n)
    elif unit == CountingUnit.PERSON:
        text = ngettext("%(n)s person-visit", "%(n)s person-visits", n)
    elif unit == CountingUnit.CALL:
        text = ngettext("%(n)s call", "%(n)s calls", n)
    elif unit == CountingUnit.ITEM_PERSON:
        text = ngettext("%(n)s item (person-visit)", "%(n)s items (person-visits)", n)
    else:
        raise ValueError(f"unknown counting unit {unit!r}")
    return text % {"n": n}


def visits(v: Visits) -> str:
    """120批350人次."""
    return _("%(batches)s batch(es), %(persons)s person-visit(s)") % {"batches": v.batches, "persons": v.persons}


def percent(ratio: Ratio, places: int = NARRATIVE_PLACES) -> str:
    """A rate for a sentence: "92%"; when not computable, the reason in words ("无法计算：本期无到期事项")."""
    value = ratio.percent(places)
    if value is None:
        return _("not computable: %(reason)s") % {"reason": ratio.reason}
    return f"{value}%"


def table_percent(ratio: Ratio) -> str:
    """A rate for a table cell: "91.7%"; when not computable, "无法计算" (the reason goes in a note)."""
    value = ratio.percent(TABLE_PLACES)
    return _("not computable") if value is None else f"{value}%"


def compared_with(kind: str, period_kind: str) -> str:
    """What a change is measured against: 去年同期 (year on year), 上月 / 上季度 / 上年 / 上一时段 (period on period)."""
    if kind == Comparing.YEAR_ON_YEAR:
        return _("the same period last year")
    return {
        PeriodKind.MONTH: _("the previous month"),
        PeriodKind.QUARTER: _("the previous quarter"),
        PeriodKind.YEAR: _("the previous year"),
    }.get(period_kind, _("the previous period"))


def change_words(change: Change, unit: str, against: str) -> str:
    """The DESIGN.md phrase for a change: 较去年同期的M件（人）次下降了X% / 上升了X% / 持平, X half-up to a whole percent.

    ``against`` is the phrase of ``compared_with``. A change below half a percent is "不到1%"; a base without data or
    of zero is said so.
    """
    values = {"when": against}
    if change.base is None:
        return _("no data for %(when)s to compare with") % values
    values["base"] = quantity(change.base, unit)
    if change.current == change.base:
        return _("the same as the %(base)s of %(when)s") % values
    if change.base == 0:
        return _("up from %(base)s in %(when)s (no percentage: the base is zero)") % values
    x = abs(change.percent(NARRATIVE_PLACES))
    values["percent"] = x
    if change.current > change.base:
        if x == 0:
            return _("up by less than 1%% from the %(base)s of %(when)s") % values
        return _("up %(percent)s%% from the %(base)s of %(when)s") % values
    if x == 0:
        return _("down by less than 1%% from the %(base)s of %(when)s") % values
    return _("down %(percent)s%% from the %(base)s of %(when)s") % values


def change_phrase(comparison: Comparison, metric: str) -> str:
    """The change of one volume count (``Volume.metrics()``) against the comparison's base period, in words."""
    against = compared_with(comparison.kind, comparison.current_period.kind)
    return change_words(comparison.change(metric), unit_of(metric), against)


def place_name(figures: Figures) -> str:
    """全县, or the unit's name."""
    return str(figures.scope.label)


def overview(figures: Figures) -> str:
    """The opening of a report: the own-level total and its change, its composition, skip-level visits and the
    all-channel total, in the words of DESIGN.md §4 and issue 3 ("全县共接待受理群众来信来访N件（人）次，较去年同期的
    M件（人）次下降了X%。其中……")."""
    v = figures.volume
    yoy = figures.year_on_year
    place = place_name(figures)
    sentences = []
    total = quantity(v.own_total, CountingUnit.ITEM_PERSON)
    if yoy is not None:
        sentences.append(
            _("%(place)s received %(total)s of letters and visits, %(change)s.")
            % {"place": place, "total": total, "change": change_phrase(yoy, "own_total")}
        )
    else:
        sentences.append(_("%(place)s received %(total)s of letters and visits.") % {"place": place, "total": total})
    if v.own_total:
        sentences.append(
            _("Of these, %(letters)s were letters and %(visits)s were visits, of which %(collective)s were collective "
              "visits (%(share)s of the letters and visits).")
            % {
                "letters": quantity(v.letters, CountingUnit.ITEM),
                "visits": visits(v.visits),
                "collective": visits(v.collective_visits),
                "share": percent(v.collective_share),
            }
        )
    if yoy is not None and yoy.available and (v.visits.batches or yoy.base.visits.batches):
        sentences.append(
            _("Visits in batches: %(batches)s; in person-visits: %(persons)s.")
            % {"batches": change_phrase(yoy, "visits.batches"), "persons": change_phrase(yoy, "visits.persons")}
        )
    skip = v.skip_level
    if skip.total.batches:
        sentences.append(
            _("Skip-level visits: %(total)s (to the city %(city)s, to the province %(province)s, to the capital "
              "%(capital)s).")
            % {"total": visits(skip.total), "city": visits(skip.city), "province": visits(skip.province),
               "capital": visits(skip.capital)}
        )
    sentences.append(
        _("With skip-level visits, %(phone)s and %(online)s, the all-channel total was %(total)s.")
        % {
            "phone": _("phone petitions %(n)s") % {"n": quantity(v.phone, CountingUnit.CALL)},
            "online": _("online petitions %(n)s") % {"n": quantity(v.online, CountingUnit.ITEM)},
            "total": quantity(v.all_channel_total, CountingUnit.ITEM_PERSON),
        }
    )
    # Chinese sentences follow each other without a space.
    return ("" if (translation.get_language() or "").startswith("zh") else " ").join(sentences)
