"""The dashboard's dispute-screening figures: counted over the disputes the user sees, each linking to the list
of exactly the disputes it counts."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from screening import actions
from screening.models import Method

from ..screening.conftest import dispute_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)
DASHBOARD = reverse("stats:dashboard")


def attempt(dispute, actor, result, on=dt.date(2026, 5, 6), **extra):
    actions.dispute_attempt(actor=actor, dispute=dispute, data=actions.AttemptData(
        method=Method.PEOPLES_MEDIATION, by="镇人民调解委员会", on=on, result=result, text="调解", **extra))


@pytest.fixture
def year(handler, other_handler, township, other_township, village, other_village):
    """化子坪镇: 3 found in 2026 (2 resolved, 1 under way) and 1 in 2025; 建华镇: 2 found (1 escalated)."""
    with time_machine.travel(NOW, tick=False):
        def found(actor, unit, place, on):
            return actions.dispute_register(actor=actor, data=dispute_data(unit, place=place, found_on=on), on=on)

        a, b, c = (found(handler, township, village, dt.date(2026, m, 2)) for m in (2, 3, 4))
        found(handler, township, village, dt.date(2025, 11, 3))
        d, e = (found(other_handler, other_township, other_village, dt.date(2026, m, 9)) for m in (3, 5))
        attempt(a, handler, "resolved")
        attempt(b, handler, "resolved")
        attempt(d, other_handler, "escalated", escalated_to="县人民法院")
        actions.incident_start(actor=handler, data=actions.IncidentData(
            title="村民聚集", description="二十余名村民聚集镇政府门前", happened_at=NOW - dt.timedelta(days=3),
            place=village, people_involved=22, units_mobilised=[township]))


def figures(response) -> dict:
    return {str(k.label): k for k in response.context["screening_figures"]}


def listed(client, url) -> int:
    return client.get(url).context["page"].paginator.count


@time_machine.travel(NOW, tick=False)
def test_the_bureau_sees_the_county_and_each_figure_lists_what_it_counts(client, year, supervisor):
    client.force_login(supervisor)
    response = client.get(DASHBOARD, {"kind": "year", "year": 2026})
    f = figures(response)
    counts = {label: int(re.match(r"\d+", k.value)[0]) for label, k in f.items()}
    assert counts == {"排查出矛盾纠纷": 5, "化解矛盾纠纷": 2, "正在化解": 2, "本级无法化解、已上报": 1, "启动应急联动": 1}
    assert f["化解矛盾纠纷"].note == "化解率40.0%"
    for label in counts:
        assert listed(client, f[label].url) == counts[label], label


@time_machine.travel(NOW, tick=False)
def test_a_township_counts_its_own_disputes_only(client, year, handler):
    client.force_login(handler)
    f = figures(client.get(DASHBOARD, {"kind": "year", "year": 2026}))
    assert (f["排查出矛盾纠纷"].value, f["化解矛盾纠纷"].value) == ("3起", "2起")
    assert listed(client, f["排查出矛盾纠纷"].url) == 3
    assert f["化解矛盾纠纷"].note == "化解率66.7%"


@time_machine.travel(NOW, tick=False)
def test_an_officer_has_no_dashboard(client, year, officer):
    client.force_login(officer)
    response = client.get(DASHBOARD, {"kind": "year", "year": 2026})
    assert response.status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_drill_down_parameters_select_the_counted_days_and_the_scope(client, year, supervisor, township):
    from urllib.parse import parse_qs, urlsplit

    client.force_login(supervisor)
    f = figures(client.get(DASHBOARD, {"kind": "year", "year": 2026, "unit": township.pk}))
    found = {"found_from": ["2026-01-01"], "found_to": ["2026-06-30"], "unit": [str(township.pk)]}

    def parts(label):
        url = urlsplit(f[label].url)
        return url.path, parse_qs(url.query)

    disputes, incidents = reverse("screening:dispute_list"), reverse("screening:incident_list")
    assert parts("排查出矛盾纠纷") == (disputes, found)
    assert parts("化解矛盾纠纷") == (disputes, {**found, "state": ["resolved"]})
    assert parts("正在化解") == (disputes, {**found, "state": ["under_way"]})
    assert parts("本级无法化解、已上报") == (disputes, {**found, "state": ["escalated"]})
    assert parts("启动应急联动") == (incidents, {"started_from": ["2026-01-01"], "started_to": ["2026-06-30"],
                                            "unit": [str(township.pk)]})
    assert [listed(client, f[label].url) for label in ("排查出矛盾纠纷", "化解矛盾纠纷", "启动应急联动")] == [3, 2, 1]
