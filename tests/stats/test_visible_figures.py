"""The dashboard counts only what its user may see (DESIGN.md §7; issue 12, hole 8).

A township's handler and a township's leader see the figures of their township over the items they may see
(``Petition.objects.visible_to``), so that every key figure and every bar equals the count of the list it links
to — the search page, opened as that user with ``?count=1``. Bureau staff keep the county's figures, from the
rollups. The small county of ``conftest.py`` is counted as of 15 January 2027, with a few more items: an
accusation against the township, items of other units placed in the township, and items the leader owns or was
asked to instruct on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisation.models import Role
from petitions import actions
from petitions.access import RecordedFromLedger
from petitions.models import Channel, ContentType, Petition
from stats.access import counted_items, may_see_county_documents
from stats.figures import compute
from stats.periods import Period
from stats.units import backlog

from ..factories import UserFactory, registration
from .conftest import AS_OF, RECORDED, SHANGHAI

pytestmark = pytest.mark.django_db

YEAR_2026 = {"kind": "year", "year": "2026"}
D = dt.date


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=SHANGHAI), tick=False):
        yield AS_OF


@pytest.fixture
def handler(township):
    return UserFactory(username="handler", full_name="镇办理员", unit=township, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def leader(township):
    return UserFactory(username="leader_t", full_name="镇领导", unit=township, roles=[Role.LEADER])


@pytest.fixture
def supervisor(bureau):
    return UserFactory(username="supervisor", unit=bureau, roles=[Role.SUPERVISOR])


@pytest.fixture
def county_leader(county):
    return UserFactory(username="leader_c", full_name="县领导", unit=county, roles=[Role.LEADER])


@pytest.fixture
def extra(county_data, registrar, leader):
    """Items besides the county's: what the township's users may and may not see.

    - ``accusation``: a letter placed in the township accusing it, assigned to the department;
    - ``elsewhere``: a letter placed in the township, assigned to the other township;
    - ``owned_here`` / ``owned_there`` / ``owned_other_unit``: items the leader owns — placed in the township and
      assigned to it (replied), placed in the other township and assigned to the township, placed in the village
      and assigned to the other township;
    - and the leader is asked for an instruction on A4 (placed in the township, assigned to the department).
    """
    units, categories = county_data.units, county_data.categories
    ledger = RecordedFromLedger(registrar)

    def item(place, on, **overrides):
        data = registration(units[place], categories["拖欠工资"], received_on=on, **overrides)
        return actions.petition_register(actor=registrar, data=data, on=on)

    with time_machine.travel(RECORDED, tick=False):
        accusation = item("T", D(2026, 4, 1), content_type=ContentType.ACCUSATION, accused_unit=units["T"],
                          accused_person="某镇干部", title="反映镇干部违规")
        accusation = actions.petition_assign(actor=ledger, petition=accusation, unit=units["D"], on=D(2026, 4, 2))
        elsewhere = item("T", D(2026, 5, 6))
        elsewhere = actions.petition_assign(actor=ledger, petition=elsewhere, unit=units["O"], on=D(2026, 5, 7))
        owned_here = item("T", D(2026, 6, 3), channel=Channel.VISIT)
        owned_here = actions.petition_assign(actor=ledger, petition=owned_here, unit=units["T"], owning_leader=leader,
                                             on=D(2026, 6, 4))
        owned_here = actions.petition_sign_for(actor=ledger, petition=owned_here, on=D(2026, 6, 5))
        owned_here = actions.petition_reply(actor=ledger, petition=owned_here, outcome="support", text="已办理。",
                                            on=D(2026, 6, 20))
        owned_there = item("O", D(2026, 7, 1))
        owned_there = actions.petition_assign(actor=ledger, petition=owned_there, unit=units["T"],
                                              owning_leader=leader, on=D(2026, 7, 2))
        owned_other_unit = item("V", D(2026, 8, 3))
        owned_other_unit = actions.petition_assign(actor=ledger, petition=owned_other_unit, unit=units["O"],
                                                   owning_leader=leader, on=D(2026, 8, 4))
        actions.instruction_request(actor=registrar, petition=county_data.item("A4"), leader=leader)
    return {"accusation": accusation, "elsewhere": elsewhere, "owned_here": owned_here, "owned_there": owned_there,
            "owned_other_unit": owned_other_unit}


@pytest.fixture
def client(client):
    """The pages in English (the msgids), so that the key figures are found by their labels."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def charts_of(response) -> dict:
    match = re.search(r'<script id="stat-charts" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(unescape(match[1]))


def listed(client, url: str) -> int:
    """How many items the list behind ``url`` holds, opened as the logged-in user (the page says so: ?count=1)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert "count=1" in url and response.context["total"] is not None, url
    return response.context["total"]


def items_behind_key_figures(figures, open_items) -> dict[str, int]:
    """The number of items each key figure is made of — what its list must hold. A figure counted in persons
    (件(人)次, 人次) lists its items (batches); a rate lists the items it is a share of."""
    v, handling = figures.volume, figures.handling
    return {
        "Letters and visits (own level)": v.items - v.skip_level.total.batches,  # own-level items, every channel
        "Letters": v.letters,
        "Visits": v.visits.batches,
        "Collective visits' share": v.collective_visits.batches,
        "Skip-level visits": v.skip_level.total.batches,
        "All-channel total": v.items,
        "On-time closure rate": handling.due,
        "Satisfaction rate": handling.replied,  # the replies of the period, whose evaluations it counts
        "Timely acceptance rate": figures.decisions.total,
        "Repeat rate": v.repeat_items,
        "Overdue now (items)": open_items.overdue,
    }


def assert_every_figure_is_its_list(client, user):
    client.force_login(user)
    response = client.get("/stats/", YEAR_2026)
    assert response.status_code == 200
    figures, key_figures = response.context["figures"], response.context["key_figures"]
    expected = items_behind_key_figures(figures, backlog(figures.scope.unit, on=AS_OF, items=counted_items(user)))
    assert [k.label for k in key_figures] == list(expected)
    for key in key_figures:
        assert listed(client, key.url) == expected[key.label], key.label
    checked = set()
    for name, spec in charts_of(response).items():
        if name in ("collective", "rates"):  # persons in the slices, percents in the bars: their lists are above
            continue
        for series, links in zip(spec["option"]["series"], spec["links"], strict=True):
            for datum, url in zip(series["data"], links, strict=True):
                if url:
                    assert listed(client, url) == (datum or 0), (name, url)
                    checked.add(name)
    assert {"months", "category", "area"} <= checked
    return figures


def test_a_township_handler_gets_figures_over_his_items_only(client, handler, township, extra, today):
    figures = assert_every_figure_is_its_list(client, handler)
    assert figures.scope.unit == township
    visible = Petition.objects.visible_to(handler)
    in_township = visible.filter(place__path__startswith=township.path, received_on__year=2026)
    assert figures.volume.items == in_township.count() > 0
    # Neither the accusation against the township nor another unit's item placed in it is counted.
    everything = compute(Period.year(2026), township, as_of=AS_OF)
    assert everything.volume.letters - figures.volume.letters >= 3  # A4, the accusation, the other unit's letter
    assert not visible.filter(pk__in=[extra["accusation"].pk, extra["elsewhere"].pk]).exists()


def test_a_township_leader_gets_figures_over_the_items_he_owns_or_was_asked_about(client, leader, extra, today):
    figures = assert_every_figure_is_its_list(client, leader)
    # Placed in the township: the two owned items placed in it or its village, and A4 (asked about).
    assert figures.volume.items == 3
    assert figures.volume.visits.batches == 1 and figures.volume.letters == 2
    # Handled by the township: the two owned items assigned to it (one of them placed in the other township).
    assert figures.handling.assigned == 2 and figures.handling.replied == 1


def test_a_county_leader_sees_the_county_of_his_items(client, county_leader, registrar, extra, county_data, today):
    with time_machine.travel(RECORDED, tick=False):
        actions.petition_set_owning_leader(actor=registrar, petition=county_data.item("B3"), leader=county_leader)
    figures = assert_every_figure_is_its_list(client, county_leader)
    assert figures.scope.whole_county and figures.volume.items == 1 and figures.volume.visits.persons == 8


def test_the_bureau_keeps_the_county_figures_from_the_rollups(client, supervisor, handler, extra, today):
    assert counted_items(supervisor) is None
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/stats/", YEAR_2026)
    assert response.context["figures"].volume == compute(Period.year(2026), as_of=AS_OF).volume
    assert any("stats_intakeday" in q["sql"] for q in queries.captured_queries)
    assert "own-items-only" not in response.content.decode()

    client.force_login(handler)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/stats/", YEAR_2026)
    assert not any("stats_intakeday" in q["sql"] for q in queries.captured_queries)
    assert 'id="own-items-only"' in response.content.decode()


def test_the_county_documents_are_for_those_who_see_every_item(client, supervisor, handler, leader, county_leader,
                                                               county_data, today):
    """The statistical tables, reports and the assessment count every item of the units they name."""
    assert may_see_county_documents(supervisor)
    for user in (handler, leader, county_leader):
        assert not may_see_county_documents(user)
        client.force_login(user)
        assert client.get("/stats/tables.xlsx", YEAR_2026).status_code == 403
        assert "tables.xlsx" not in client.get("/stats/", YEAR_2026).content.decode()
        assert client.get("/reports/").status_code == 403
        assert client.get("/assessment/", {"month": "2026-06"}).status_code == 404
    client.force_login(supervisor)
    assert client.get("/stats/tables.xlsx", YEAR_2026).status_code == 200
