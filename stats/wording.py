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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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


# ------------------------------------------------------------------------------------------------------------
# The sections of the reports (year-end summary, monthly and quarterly reports): the same sentences everywhere.


def join_sentences(sentences) -> str:
    """Sentences one after the other: without a space in Chinese, with one in other languages."""
    sentences = [s for s in sentences if s]
    return ("" if (translation.get_language() or "").startswith("zh") else " ").join(sentences)


def enumeration(parts) -> str:
    """Items of a list in a sentence: 交办10件、当场答复2件 / 10 items assigned, 2 answered on the spot."""
    return pgettext("enumeration separator", ", ").join(parts)


def period_word(period_kind: str) -> str:
    """How a report names its own period inside a sentence: 全年, 本季度, 本月, 本期."""
    return {
        PeriodKind.YEAR: _("in the year"),
        PeriodKind.QUARTER: _("in the quarter"),
        PeriodKind.MONTH: _("in the month"),
    }.get(period_kind, _("in the period"))


def period_on_period_overview(figures: Figures) -> str:
    """The change of the letters and visits against the period just before (环比) for a month or a quarter:
    "环比看，来信来访总量较上月的6件（人）次下降了17%；来访批次与上月的1批持平，人次较上月的5人次下降了60%。"
    Empty for a year (its period on period is its year on year) and without comparisons."""
    pop = figures.period_on_period
    if pop is None or figures.period.kind == PeriodKind.YEAR:
        return ""
    total = change_phrase(pop, "own_total")
    if not pop.available:
        return capfirst(_("%(phrase)s.") % {"phrase": total})
    if figures.volume.visits.batches or pop.base.visits.batches:
        return _("Period on period, letters and visits were %(total)s; visits in batches %(batches)s, in "
                 "person-visits %(persons)s.") % {
            "total": total,
            "batches": change_phrase(pop, "visits.batches"),
            "persons": change_phrase(pop, "visits.persons"),
        }
    return _("Period on period, letters and visits were %(total)s.") % {"total": total}


def decisions_summary(figures: Figures) -> str:
    """The bureau's decisions and the timely acceptance rate: "全年共对18件信访事项作出处理，其中受理交办12件、
    当场答复2件、转送1件、不予受理1件；在规定期限内作出处理15件，及时受理率83%。"."""
    d = figures.decisions
    when = period_word(figures.period.kind)
    if not d.total:
        return capfirst(_("%(when)s no decision on a petition was made, so the timely acceptance rate cannot be "
                          "computed.") % {"when": when})
    outcomes = [
        (d.assigned, _("%(n)s accepted and assigned")),
        (d.answered, _("%(n)s answered on the spot")),
        (d.forwarded, _("%(n)s forwarded")),
        (d.declined, _("%(n)s not accepted")),
        (d.returned, _("%(n)s handed back by the unit, waiting for a new decision")),
    ]
    parts = [text % {"n": quantity(n, CountingUnit.ITEM)} for n, text in outcomes if n]
    return capfirst(_("%(when)s decisions were made on %(total)s petitions: %(outcomes)s; %(on_time)s were decided "
                      "within the time limit, a timely acceptance rate of %(rate)s.") % {
        "when": when,
        "total": quantity(d.total, CountingUnit.ITEM),
        "outcomes": enumeration(parts),
        "on_time": quantity(d.on_time, CountingUnit.ITEM),
        "rate": percent(d.timely_acceptance),
    })


def closure_summary(figures: Figures) -> str:
    """Filed and closed cases: "全年共受理信访事项12件（交办10件、当场答复2件），已办结9件，结案率75%，在办3件。"."""
    h = figures.handling
    when = period_word(figures.period.kind)
    if not h.filed:
        return capfirst(_("%(when)s no case was filed, so the closure rate cannot be computed.") % {"when": when})
    return capfirst(_("%(when)s %(filed)s were filed (%(assigned)s assigned, %(answered)s answered on the spot); "
                      "%(closed)s have been closed, a closure rate of %(rate)s, and %(open)s are still being "
                      "handled.") % {
        "when": when,
        "filed": quantity(h.filed, CountingUnit.ITEM),
        "assigned": quantity(h.assigned, CountingUnit.ITEM),
        "answered": quantity(h.answered, CountingUnit.ITEM),
        "closed": quantity(h.closed, CountingUnit.ITEM),
        "rate": percent(h.closure_rate),
        "open": quantity(h.open, CountingUnit.ITEM),
    })


def on_time_summary(figures: Figures) -> str:
    """Items due, closed on time, late and overdue, and the reply rate of assigned items."""
    h = figures.handling
    when = period_word(figures.period.kind)
    if h.due:
        due = _("%(when)s %(due)s fell due: %(on_time)s were closed on time, an on-time closure rate of %(rate)s; "
                "%(late)s were closed late and %(overdue)s are overdue and still open.") % {
            "when": when,
            "due": quantity(h.due, CountingUnit.ITEM),
            "on_time": quantity(h.on_time, CountingUnit.ITEM),
            "rate": percent(h.on_time_rate),
            "late": quantity(h.late, CountingUnit.ITEM),
            "overdue": quantity(h.overdue, CountingUnit.ITEM),
        }
    else:
        due = _("%(when)s no item fell due, so the on-time closure rate cannot be computed.") % {"when": when}
    if h.assigned:
        reply = _("Of the %(assigned)s assigned, the result of %(replied)s has been reported back, a reply rate of "
                  "%(rate)s.") % {
            "assigned": quantity(h.assigned, CountingUnit.ITEM),
            "replied": quantity(h.assigned_closed, CountingUnit.ITEM),
            "rate": percent(h.reply_rate),
        }
    else:
        reply = _("No item was assigned, so the reply rate cannot be computed.")
    return join_sentences([capfirst(due), reply])


def satisfaction_summary(figures: Figures) -> str:
    """Participation and satisfaction of the evaluations of the period's replies."""
    e = figures.handling.evaluations
    when = period_word(figures.period.kind)
    if not e.eligible:
        return capfirst(_("%(when)s no closed item was open to evaluation, so the participation and satisfaction "
                          "rates cannot be computed.") % {"when": when})
    participation = _("%(when)s %(eligible)s closed items were open to evaluation and %(evaluated)s were "
                      "evaluated, a participation rate of %(participation)s") % {
        "when": when,
        "eligible": quantity(e.eligible, CountingUnit.ITEM),
        "evaluated": quantity(e.evaluated, CountingUnit.ITEM),
        "participation": percent(e.participation),
    }
    if not e.evaluated:
        return capfirst(_("%(participation)s; the satisfaction rate cannot be computed (%(reason)s).") % {
            "participation": participation, "reason": e.satisfaction.reason})
    rates = capfirst(_("%(participation)s; %(satisfied)s satisfied, %(basically)s basically satisfied and "
                       "%(dissatisfied)s dissatisfied, a satisfaction rate of %(rate)s.") % {
        "participation": participation,
        "satisfied": quantity(e.satisfied, CountingUnit.ITEM),
        "basically": quantity(e.basically_satisfied, CountingUnit.ITEM),
        "dissatisfied": quantity(e.dissatisfied, CountingUnit.ITEM),
        "rate": percent(e.satisfaction),
    })
    # How they came: the petitioner on the query page, or the bureau recording a call-back (DESIGN.md §7).
    came = _("Of the evaluations, %(page)s were given by the petitioners on the query page and %(staff)s were "
             "recorded by the bureau from call-backs, letters and visits.") % {
        "page": quantity(e.on_query_page, CountingUnit.ITEM),
        "staff": quantity(e.entered_by_staff, CountingUnit.ITEM),
    }
    return join_sentences([rates, came])


def repeat_summary(figures: Figures) -> str:
    """Repeat petitions, their rate and their change: "全年共登记信访事项18件，其中重复信访2件，重复信访率11%。
    重复信访件数较去年同期的0件有所上升（基数为零，无法计算升幅）。" (and against the period before for a month
    or a quarter)."""
    v = figures.volume
    when = period_word(figures.period.kind)
    if not v.items:
        first = _("%(when)s no petition was registered, so the repeat rate cannot be computed.") % {"when": when}
    else:
        first = _("%(when)s %(items)s petitions were registered, %(repeat)s of them repeat petitions, a repeat "
                  "rate of %(rate)s.") % {
            "when": when,
            "items": quantity(v.items, CountingUnit.ITEM),
            "repeat": quantity(v.repeat_items, CountingUnit.ITEM),
            "rate": percent(v.repeat_rate),
        }
    changes = [change_phrase(figures.year_on_year, "repeat_items")] if figures.year_on_year else []
    if figures.period_on_period is not None and figures.period.kind != PeriodKind.YEAR:
        changes.append(change_phrase(figures.period_on_period, "repeat_items"))
    clauses = pgettext("clause separator", ", ").join(changes)
    change = _("Repeat petitions were %(changes)s.") % {"changes": clauses} if changes else ""
    return join_sentences([capfirst(first), change])


def share_rows(rows, total: int) -> str:
    """Rows of a breakdown with their items and share of ``total``: 劳动社保9件（占50%）、城乡建设5件（占28%）."""
    return enumeration(
        _("%(label)s %(items)s (%(share)s)") % {
            "label": row.label,
            "items": quantity(row.items, CountingUnit.ITEM),
            "share": percent(row.share(total)),
        }
        for row in rows
    )


def category_summary(figures: Figures, n: int = 5) -> str:
    """The categories (and the sub-categories) with most items, with their shares of all items."""
    total = figures.volume.items
    rows = figures.breakdowns.top_categories[:n]
    if not rows:
        return capfirst(_("%(when)s no petition was registered, so there is no breakdown by category.")
                        % {"when": period_word(figures.period.kind)})
    sentences = [_("By category, most items concerned %(rows)s.") % {"rows": share_rows(rows, total)}]
    specific = [row for row in figures.breakdowns.top_subcategories if row.parent is not None][:n]
    if specific:
        sentences.append(_("Among specific matters, most items concerned %(rows)s.") % {
            "rows": share_rows(specific, total)})
    return join_sentences(sentences)


def place_summary(figures: Figures, n: int = 5) -> str:
    """The places (townships for the county, villages for a township) with most items, with their shares."""
    rows = figures.breakdowns.top_places[:n]
    if not rows:
        return capfirst(_("%(when)s no petition was registered, so there is no breakdown by place.")
                        % {"when": period_word(figures.period.kind)})
    return _("By place, most items came from %(rows)s.") % {"rows": share_rows(rows, figures.volume.items)}


def content_type_summary(figures: Figures) -> str:
    """Every content type with its items and share: 申诉求决12件（占67%）、建议意见3件（占17%）、检举控告3件（占17%）."""
    if not figures.volume.items:
        return ""
    rows = sorted(figures.breakdowns.content_type, key=lambda row: -row.items)  # stable: choices order on ties
    return _("By content, %(rows)s.") % {"rows": share_rows(rows, figures.volume.items)}
