"""The dashboard's content, built once per request from one ``compute`` and one ``backlog``: the key figures and
the ECharts options (data, labels and the list of items behind each bar or point), so that the page's script only
draws them and follows a click.

Every link goes to the search page with the filters that select the items behind the figure, for the same period
(its counted days) and scope: intake figures by the place of the problem (属地), handling figures by the
responsible unit. A chart of items (件) links to lists whose count equals the bar's figure — for every user, as
both are counted over the items the user may see (``stats.access.counted_items``; the search page through
``Petition.objects.visible_to``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petitions.models import Channel, ReceivedLevel

from . import wording
from .figures import Figures
from .units import Backlog
from .values import Ratio

BLUE, GREY, RED, ORANGE, GREEN = "#0d6efd", "#adb5bd", "#dc3545", "#fd7e14", "#198754"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""  # 同比, or why a rate is not computable
    url: str = ""
    muted: bool = False  # the value is not a number (not computable)


class Links:
    """URLs of the item lists behind the figures of one period and scope."""

    def __init__(self, figures: Figures):
        self.search = reverse("petitions:search")
        self.start, self.end = figures.period.start, figures.cutoff
        unit = figures.scope.unit
        self.place = {} if figures.scope.whole_county else {"place_within": unit.pk}
        self.responsible = {} if figures.scope.whole_county else {"unit_within": unit.pk}

    def _url(self, params: dict) -> str:
        return f"{self.search}?{urlencode({'count': 1, **{k: v for k, v in params.items() if v != ''}})}"

    def received(self, start=None, end=None, **filters) -> str:
        """Items received in the period (or from ``start`` to ``end``) in the scope's places."""
        return self._url({"received_from": start or self.start, "received_to": end or self.end,
                          **self.place, **filters})

    def in_area(self, unit_id: int, *, exact: bool = False) -> str:
        """Items received in the period placed in one area (``exact``: on the unit itself, not below it)."""
        where = {"place": unit_id} if exact else {"place_within": unit_id}
        return self._url({"received_from": self.start, "received_to": self.end, **where})

    def dated(self, dated: str, *, by_place: bool = False, **filters) -> str:
        scope = self.place if by_place else self.responsible
        return self._url({"dated": dated, "received_from": self.start, "received_to": self.end, **scope, **filters})

    def now(self, due: str, unit=None) -> str:
        return self._url({"due": due, **({"unit": unit} if unit is not None else self.responsible)})


def _rate(label: str, ratio: Ratio, url: str) -> KeyFigure:
    value = ratio.percent(1)
    if value is None:
        return KeyFigure(label, _("not computable"), ratio.reason, url, muted=True)
    return KeyFigure(label, f"{value}%", f"{ratio.numerator} / {ratio.denominator}", url)


def key_figures(figures: Figures, backlog: Backlog, links: Links) -> list[KeyFigure]:
    v, rates = figures.volume, figures.rates
    yoy = figures.year_on_year
    own = {"received_level": ReceivedLevel.OWN}
    return [
        KeyFigure(_("Letters and visits (own level)"), wording.quantity(v.own_total, wording.CountingUnit.ITEM_PERSON),
                  _("Year on year: %(change)s") % {"change": wording.change_phrase(yoy, "own_total")},
                  links.received(**own)),
        KeyFigure(_("Letters"), wording.quantity(v.letters, wording.CountingUnit.ITEM),
                  _("Year on year: %(change)s") % {"change": wording.change_phrase(yoy, "letters")},
                  links.received(channel=Channel.LETTER, **own)),
        KeyFigure(_("Visits"), wording.visits(v.visits),
                  _("Year on year: %(change)s") % {"change": wording.change_phrase(yoy, "visits.persons")},
                  links.received(channel=Channel.VISIT, **own)),
        _rate(_("Collective visits' share"), rates.collective_share,
              links.received(channel=Channel.VISIT, collective="yes", **own)),
        KeyFigure(_("Skip-level visits"), wording.visits(v.skip_level.total),
                  _("Year on year: %(change)s") % {"change": wording.change_phrase(yoy, "skip_level.total.persons")},
                  links.received(received_level="skip")),
        KeyFigure(_("All-channel total"), wording.quantity(v.all_channel_total, wording.CountingUnit.ITEM_PERSON),
                  _("Year on year: %(change)s") % {"change": wording.change_phrase(yoy, "all_channel_total")},
                  links.received()),
        _rate(_("On-time closure rate"), rates.on_time_closure, links.dated("handling_due")),
        _rate(_("Satisfaction rate"), rates.satisfaction, links.dated("replied")),
        _rate(_("Timely acceptance rate"), rates.timely_acceptance, links.dated("decided", by_place=True)),
        _rate(_("Repeat rate"), rates.repeat, links.received(repeat="yes")),
        KeyFigure(_("Overdue now (items)"), str(backlog.overdue), _("Due within 3 days: %(n)s") % {"n": backlog.due_soon},
                  links.now("overdue")),
    ]


class ScreeningLinks:
    """URLs of the dispute lists behind the screening figures of one period and scope (``screening:dispute_list``'s
    filters): disputes found on the counted days whose responsible unit is in the scope — the figures' own rule
    (``stats.screening``). A "where it stands" figure lists the disputes by their state now, which is its state at
    the cutoff when the period runs to today."""

    def __init__(self, figures, unit):
        self.url = reverse("screening:dispute_list")
        self.found = {"found_from": figures.period.start, "found_to": figures.cutoff}
        self.scope = {} if unit is None else {"unit": unit.pk}

    def disputes(self, **filters) -> str:
        return f"{self.url}?{urlencode({**self.found, **self.scope, **filters})}"

    def incidents(self) -> str:
        """Linkages started on the counted days at a place in the scope (``screening:incident_list``)."""
        return f"{reverse('screening:incident_list')}?" + urlencode({
            "started_from": self.found["found_from"], "started_to": self.found["found_to"], **self.scope})


def _disputes(n: int) -> str:
    return ngettext("%(n)s dispute", "%(n)s disputes", n) % {"n": n}


def screening_figures(f, unit) -> list[KeyFigure]:
    """矛盾纠纷排查化解 of ``unit``'s subtree (None: the county): found, resolved and 化解率, under way, escalated,
    emergency linkages (``stats.screening``)."""
    links = ScreeningLinks(f, unit)
    ratio = f.resolution
    rate = ratio.percent(1)
    return [
        KeyFigure(_("Disputes found"), _disputes(f.found),
                  _("in %(n)s screening campaigns") % {"n": f.campaigns}, links.disputes()),
        KeyFigure(_("Disputes resolved"), _disputes(f.resolved),
                  _("Resolution rate %(rate)s") % {"rate": f"{rate}%" if rate is not None else _("not computable")},
                  links.disputes(state="resolved")),
        KeyFigure(_("Disputes being resolved"), _disputes(f.under_way), "",
                  links.disputes(state="under_way")),
        KeyFigure(_("Escalated: not resolvable at this level"), _disputes(f.escalated),
                  "", links.disputes(state="escalated")),
        KeyFigure(_("Emergency linkages started"), str(f.incidents),
                  _("%(n)s persons involved") % {"n": f.incident_persons}, links.incidents()),
    ]


def _bar(categories, series, *, horizontal=False, percent=False) -> dict:
    value_axis = {"type": "value", "minInterval": 1}
    if percent:
        value_axis.update(max=100, axisLabel={"formatter": "{value}%"})
    category_axis = {"type": "category", "data": categories, "axisLabel": {"interval": 0}}
    if horizontal:
        category_axis["inverse"] = True
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0} if len(series) > 1 else {"show": False},
        "grid": {"left": 8, "right": 24, "top": 32 if len(series) > 1 else 12, "bottom": 8, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": series,
    }


def charts(figures: Figures, backlog: Backlog, links: Links) -> dict[str, dict]:
    """Each chart: ``{"option": ECharts option, "links": [[url per data point] per series]}``."""
    result = {}
    yoy = figures.year_on_year
    months = figures.months
    base_months = yoy.months if yoy is not None else ()
    month_names = [_("Month %(month)s") % {"month": m.month.start.month} for m in months]
    current_links = [links.received(m.month.start, min(m.month.end, figures.cutoff)) for m in months]
    series = [{"name": figures.period.label, "type": "bar", "color": BLUE,
               "data": [m.volume.items for m in months], "label": {"show": True, "position": "top"}}]
    series_links = [current_links]
    if base_months:
        by_month = {m.month.start.month: m for m in base_months}
        base = [by_month.get(m.month.start.month) for m in months]
        series.append({"name": yoy.period.label, "type": "bar", "color": GREY,
                       "data": [b.volume.items if b else None for b in base]})
        series_links.append([
            links._url({"received_from": b.month.start, "received_to": min(b.month.end, yoy.period.end),
                        **links.place}) if b else "" for b in base
        ])
    result["months"] = {"option": _bar(month_names, series), "links": series_links}

    categories = [row for row in figures.breakdowns.category]
    result["category"] = {
        "option": _bar([str(r.label) for r in categories],
                       [{"name": _("Number of items"), "type": "bar", "color": BLUE, "data": [r.items for r in categories],
                         "label": {"show": True, "position": "right"}}], horizontal=True),
        "links": [[links.received(category=r.key) for r in categories]],
    }
    areas = list(figures.breakdowns.area)
    result["area"] = {
        "option": _bar([str(r.label) for r in areas],
                       [{"name": _("Number of items"), "type": "bar", "color": BLUE, "data": [r.items for r in areas],
                         "label": {"show": True, "position": "top"}}]),
        "links": [[links.in_area(r.key, exact=r.key == getattr(figures.scope.unit, "pk", None)) for r in areas]],
    }
    v = figures.volume
    own = {"received_level": ReceivedLevel.OWN, "channel": Channel.VISIT}
    result["collective"] = {
        "option": {
            "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
            "legend": {"bottom": 0},
            "title": {"text": wording.percent(v.collective_share, 1), "subtext": _("of letters and visits"),
                      "left": "center", "top": "38%", "textStyle": {"fontSize": 18}},
            "series": [{
                "type": "pie", "radius": ["45%", "70%"], "center": ["50%", "45%"],
                "label": {"show": False},
                "data": [
                    {"name": _("Individual visits (person-visits)"), "value": v.individual_visits.persons,
                     "itemStyle": {"color": BLUE}},
                    {"name": _("Collective visits (person-visits)"), "value": v.collective_visits.persons,
                     "itemStyle": {"color": RED}},
                ],
            }],
        },
        "links": [[links.received(collective="no", **own), links.received(collective="yes", **own)]],
    }
    rows = list(backlog.rows)
    unit_key = [0 if r.unit_id is None else r.unit_id for r in rows]
    result["backlog"] = {
        "option": _bar([str(r.label) for r in rows], [
            {"name": _("Overdue"), "type": "bar", "stack": "open", "color": RED, "data": [r.overdue for r in rows]},
            {"name": _("Due within 3 days"), "type": "bar", "stack": "open", "color": ORANGE,
             "data": [r.due_soon for r in rows]},
        ], horizontal=True),
        "links": [[links.now("overdue", k) for k in unit_key], [links.now("due_soon", k) for k in unit_key]],
        "height": 60 + 22 * len(rows),
    }
    rates = figures.rates
    rate_rows = [
        (_("Closure rate"), rates.closure, links.dated("accepted")),
        (_("On-time closure rate"), rates.on_time_closure, links.dated("handling_due")),
        (_("Timely acceptance rate"), rates.timely_acceptance, links.dated("decided", by_place=True)),
        (_("Reply rate"), rates.reply, links.dated("accepted")),
        (_("Satisfaction rate"), rates.satisfaction, links.dated("replied")),
        (_("Participation rate"), rates.participation, links.dated("replied")),
        (_("Repeat rate"), rates.repeat, links.received(repeat="yes")),
    ]
    result["rates"] = {
        "option": _bar([str(label) for label, _r, _u in rate_rows], [{
            "name": _("Rate"), "type": "bar", "color": GREEN,
            "data": [None if r.percent(1) is None else float(r.percent(1)) for _l, r, _u in rate_rows],
            "label": {"show": True, "position": "right", "formatter": "{c}%"},
        }], horizontal=True, percent=True),
        "links": [[url for _l, _r, url in rate_rows]],
        "notes": [_("%(rate)s: %(reason)s") % {"rate": label, "reason": r.reason}
                  for label, r, _u in rate_rows if r.reason],
    }
    return result
