"""The statistics dashboard: who may see it, its key figures and charts, and that each chart links to a list of
exactly the items it counts (the small county of ``conftest.py``, counted on 15 January 2027)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import time_machine

from organisation.models import Role
from petitions.models import Petition
from stats.figures import compute
from stats.periods import Period
from stats.units import backlog

from ..factories import UserFactory
from .conftest import AS_OF, SHANGHAI

pytestmark = pytest.mark.django_db

YEAR_2026 = {"kind": "year", "year": "2026"}


@pytest.fixture
def today():
    import datetime as dt

    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=SHANGHAI), tick=False):
        yield AS_OF


@pytest.fixture
def supervisor(bureau):
    return UserFactory(username="supervisor", unit=bureau, roles=[Role.SUPERVISOR])


@pytest.fixture
def handler(township):
    return UserFactory(username="handler", unit=township, roles=[Role.UNIT_HANDLER])


def charts_of(response) -> dict:
    match = re.search(r'<script id="stat-charts" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(unescape(match[1]))


def listed(client, url: str) -> int:
    """How many items the search page lists for ``url``, opened as the logged-in user (``?count=1``)."""
    response = client.get(url)
    assert response.status_code == 200 and response.context["total"] is not None, url
    return response.context["total"]


def test_the_dashboard_opens_on_this_year_by_default(client, supervisor, county_data, today):
    client.force_login(supervisor)
    response = client.get("/stats/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2027年" in text and "统计分析" in text or "统计" in text
    assert response.context["period"] == Period.year(2027)


def test_key_figures_are_the_stats_modules(client, supervisor, county_data, today):
    client.force_login(supervisor)
    response = client.get("/stats/", YEAR_2026)
    figures = compute(Period.year(2026), as_of=AS_OF)
    keys = {k.label: k for k in response.context["key_figures"]}
    assert keys["来信来访总量"].value == f"{figures.volume.own_total}件（人）次"
    assert keys["来信来访总量"].note.startswith("同比：较去年同期的")
    assert keys["按期办结率"].value == f"{figures.rates.on_time_closure.percent(1)}%"


def test_a_rate_that_cannot_be_computed_says_why(client, supervisor, county_data, today):
    client.force_login(supervisor)
    response = client.get("/stats/", {"kind": "month", "year": "2026", "month": "8"})
    keys = {k.label: k for k in response.context["key_figures"]}
    satisfaction = keys["满意率"]
    assert satisfaction.value == "无法计算" and satisfaction.note and "0%" not in satisfaction.value


@pytest.mark.parametrize("chart", ["months", "category", "area", "collective"])
def test_every_bar_links_to_a_list_of_exactly_its_items(client, supervisor, county_data, today, chart):
    client.force_login(supervisor)
    spec = charts_of(client.get("/stats/", YEAR_2026))[chart]
    checked = 0
    for series, links in zip(spec["option"]["series"], spec["links"], strict=True):
        values = [d["value"] if isinstance(d, dict) else d for d in series["data"]]
        for value, url in zip(values, links, strict=True):
            if chart == "collective":  # persons in the slice; the list holds the batches
                continue
            assert listed(client, url) == (value or 0), url
            checked += 1
    assert checked or chart == "collective"


def test_collective_slice_lists_the_collective_visits(client, supervisor, county_data, today):
    client.force_login(supervisor)
    spec = charts_of(client.get("/stats/", YEAR_2026))["collective"]
    figures = compute(Period.year(2026), as_of=AS_OF)
    assert spec["option"]["series"][0]["data"][1]["value"] == figures.volume.collective_visits.persons
    assert listed(client, spec["links"][0][1]) == figures.volume.collective_visits.batches


def test_the_month_chart_sets_this_year_against_last_year(client, supervisor, county_data, today):
    client.force_login(supervisor)
    option = charts_of(client.get("/stats/", YEAR_2026))["months"]["option"]
    this_year, last_year = option["series"]
    figures = compute(Period.year(2026), as_of=AS_OF)
    assert sum(this_year["data"]) == figures.volume.items
    assert sum(last_year["data"]) == figures.year_on_year.base.items
    assert len(this_year["data"]) == 12


def test_overdue_bars_link_to_the_overdue_items(client, supervisor, county_data, today):
    client.force_login(supervisor)
    spec = charts_of(client.get("/stats/", YEAR_2026))["backlog"]
    open_items = backlog(on=AS_OF)
    assert open_items.overdue > 0
    overdue, due_soon = spec["option"]["series"]
    assert sum(overdue["data"]) == open_items.overdue
    for value, url in zip(overdue["data"], spec["links"][0], strict=True):
        assert listed(client, url) == value
    for value, url in zip(due_soon["data"], spec["links"][1], strict=True):
        assert listed(client, url) == value
    assert Petition.objects.overdue(AS_OF).count() == open_items.overdue


def test_the_linked_list_shows_its_count(client, supervisor, county_data, today):
    client.force_login(supervisor)
    spec = charts_of(client.get("/stats/", YEAR_2026))["category"]
    url = spec["links"][0][0]
    response = client.get(url)
    assert f"本列表共{spec['option']['series'][0]['data'][0]}件" in response.content.decode()


def test_a_unit_handler_sees_only_his_units_figures(client, handler, township, other_township, county_data, today):
    """His own unit's, over the items he may see (``test_visible_figures.py``)."""
    client.force_login(handler)
    response = client.get("/stats/", {**YEAR_2026, "unit": other_township.pk})
    assert response.status_code == 200
    assert response.context["figures"].scope.unit == township
    assert "unit" not in response.context["form"].fields
    visible = Petition.objects.visible_to(handler)
    assert response.context["figures"].volume == compute(Period.year(2026), township, as_of=AS_OF, items=visible).volume


def test_a_bureau_supervisor_may_pick_a_township(client, supervisor, other_township, county_data, today):
    client.force_login(supervisor)
    response = client.get("/stats/", {**YEAR_2026, "unit": other_township.pk})
    assert response.context["figures"].scope.unit == other_township


def test_others_are_refused(client, bureau, county_data, today):
    nobody = UserFactory(username="nobody", unit=bureau, roles=[])
    client.force_login(nobody)
    assert client.get("/stats/").status_code == 403
    assert client.get("/stats/tables.xlsx", YEAR_2026).status_code == 403
    client.logout()
    assert client.get("/stats/").status_code == 302


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "year", "year": "abc"}, "输入整数"),
        ({"kind": "quarter", "year": "2026"}, "请选择季度"),
        ({"kind": "custom", "year": "2026", "start": "2026-05-01", "end": "2026-04-01"}, "早于"),
        ({"kind": "custom", "year": "2026", "start": "2026-05-01"}, "最后一天"),
        ({"kind": "year", "year": "2030"}, "尚未开始"),
    ],
)
def test_bad_period_input_gives_a_chinese_message(client, supervisor, county_data, today, params, message):
    client.force_login(supervisor)
    response = client.get("/stats/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
