"""Emergency linkage pages: start, correct, actions in order, stand down; access and bad input."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from screening import actions
from screening.models import Incident

from ..factories import register
from .conftest import FOUND_ON, dispute_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)  # 17:00 in Shanghai
LIST = reverse("screening:incident_list")
START = reverse("screening:incident_start")


def url(name, incident):
    return reverse(f"screening:{name}", args=[incident.pk])


def started(actor, place, units, at=None, **extra):
    return actions.incident_start(actor=actor, at=at, data=actions.IncidentData(
        title="村民聚集镇政府门前", description="二十余名村民反映征地补偿",
        happened_at=(at or NOW) - dt.timedelta(hours=2), place=place, units_mobilised=units, people_involved=22,
        **extra))


@time_machine.travel(NOW, tick=False)
def test_a_township_starts_a_linkage_with_a_dispute_and_an_item(client, handler, registrar, township, village):
    dispute = actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)
    petition = register(registrar, township)
    client.force_login(handler)
    assert client.get(START).status_code == 200
    response = client.post(START, {
        "title": "村民聚集镇政府门前", "description": "二十余名村民反映征地补偿款未到位", "happened_at": "2026-03-20T15:30",
        "place": village.pk, "people_involved": "22", "units_mobilised": [township.pk], "disputes": [dispute.pk],
        "petitions": "XF2026-9999999"})
    assert response.status_code == 400 and "petitions" in response.context["form"].errors
    assert not Incident.objects.exists()
    response = client.post(START, {
        "title": "村民聚集镇政府门前", "description": "二十余名村民反映征地补偿款未到位", "happened_at": "2026-03-20T15:30",
        "place": village.pk, "people_involved": "22", "units_mobilised": [township.pk], "disputes": [dispute.pk],
        "petitions": ""})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response.url == url("incident_detail", incident)
    assert list(incident.disputes.all()) == [dispute] and incident.started_by == handler
    assert petition.pk  # an item the township cannot see is refused by number, above


@time_machine.travel(NOW, tick=False)
def test_bad_input_names_the_field(client, handler, village):
    client.force_login(handler)
    response = client.post(START, {"title": "", "description": "x", "happened_at": "2026-03-21T10:00",
                                   "place": village.pk, "people_involved": "3"})
    assert response.status_code == 400 and "title" in response.context["form"].errors
    response = client.post(START, {"title": "聚集", "description": "x", "happened_at": "2026-03-21T10:00",
                                   "place": village.pk, "people_involved": "3"})
    assert response.status_code == 400
    assert {"happened_at", "units_mobilised"} <= set(response.context["form"].errors)
    assert not Incident.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_actions_are_listed_in_the_order_taken_and_the_linkage_stands_down(client, handler, township, village):
    incident = started(handler, village, [township])
    client.force_login(handler)
    act = url("incident_act", incident)
    assert client.post(act, {"at": "2026-03-20T16:40", "unit": township.pk, "text": "镇综治办到场劝导"}).status_code == 302
    assert client.post(act, {"at": "2026-03-20T16:00", "text": "镇主要领导接待群众代表"}).status_code == 302
    response = client.post(act, {"at": "2026-03-20T10:00", "text": "早于事件的处置"})
    assert response.status_code == 400 and response.context["action_form"].errors["at"]
    page = client.get(url("incident_detail", incident))
    assert [a.text for a in page.context["actions"]] == ["镇主要领导接待群众代表", "镇综治办到场劝导"]
    response = client.post(url("incident_stand_down", incident), {"result": ""})
    assert response.status_code == 400
    response = client.post(url("incident_stand_down", incident), {"result": "群众已疏散，问题转入信访程序办理"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert not incident.is_active and incident.result == "群众已疏散，问题转入信访程序办理"
    assert client.post(act, {"at": "2026-03-20T16:50", "text": "再次处置"}).status_code == 400
    assert incident.actions.count() == 2
    assert 'id="action-form"' not in client.get(url("incident_detail", incident)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_another_townships_linkage_is_404(client, handler, other_handler, township, village):
    incident = started(handler, village, [township])
    client.force_login(other_handler)
    assert client.get(LIST).context["page"].paginator.count == 0
    assert client.get(url("incident_detail", incident)).status_code == 404
    for name in ("incident_correct", "incident_act", "incident_stand_down"):
        assert client.post(url(name, incident), {}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_mobilised_unit_sees_it_and_the_list_filters_by_day_and_state(
        client, handler, other_handler, supervisor, township, other_township, village):
    incident = started(handler, village, [township, other_township])
    client.force_login(other_handler)
    assert client.get(url("incident_detail", incident)).status_code == 200
    client.force_login(supervisor)
    assert client.get(LIST, {"started_from": "2026-03-20", "started_to": "2026-03-20"}).context[
        "page"].paginator.count == 1
    assert client.get(LIST, {"started_from": "2026-03-21"}).context["page"].paginator.count == 0
    assert client.get(LIST, {"state": "stood_down"}).context["page"].paginator.count == 0
    assert client.get(LIST, {"unit": other_township.pk}).context["page"].paginator.count == 0


@time_machine.travel(NOW, tick=False)
def test_an_officer_has_no_linkage_pages(client, officer):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.get(START).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_bureau_corrects_a_linkage_and_links_an_item_shown_with_its_state(
        client, handler, registrar, township, other_township, village):
    incident = started(handler, village, [township])
    petition = register(registrar, township)
    client.force_login(registrar)
    correct = url("incident_correct", incident)
    form = client.get(correct).context["form"]
    assert form.initial["title"] == "村民聚集镇政府门前" and form.initial["petitions"] == ""
    values = {"title": "村民聚集镇政府门前", "description": "二十余名村民反映征地补偿款未到位",
              "happened_at": "2026-03-20T15:00", "place": village.pk, "people_involved": "30",
              "units_mobilised": [township.pk, other_township.pk], "petitions": petition.number}
    response = client.post(correct, {**values, "people_involved": "0"})
    assert response.status_code == 400 and "people_involved" in response.context["form"].errors
    incident.refresh_from_db()
    assert incident.people_involved == 22 and not incident.petitions.exists()
    assert client.post(correct, values).status_code == 302
    incident.refresh_from_db()
    assert incident.people_involved == 30 and list(incident.petitions.all()) == [petition]
    assert set(incident.units_mobilised.all()) == {township, other_township}
    page = client.get(url("incident_detail", incident))
    assert list(page.context["petitions"]) == [petition]
    assert petition.number in page.content.decode() and petition.get_state_display() in page.content.decode()
    assert client.get(correct).context["form"].initial["petitions"] == petition.number


@time_machine.travel(NOW, tick=False)
def test_a_leader_of_the_township_sees_the_linkage_but_may_not_work_on_it(client, handler, township, village):
    from organisation.models import Role

    from ..factories import UserFactory

    incident = started(handler, village, [township])
    leader = UserFactory(username="township_leader", unit=township, roles=[Role.LEADER])
    client.force_login(leader)
    page = client.get(url("incident_detail", incident))
    assert page.status_code == 200 and "action_form" not in page.context and "stand_down_form" not in page.context
    assert client.get(url("incident_correct", incident)).status_code == 403
    assert client.post(url("incident_act", incident), {"at": "2026-03-20T16:40", "text": "到场"}).status_code == 403
    assert client.post(url("incident_stand_down", incident), {"result": "结束"}).status_code == 403
    assert client.get(START).status_code == 403
    incident.refresh_from_db()
    assert incident.is_active and not incident.actions.exists()


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_the_linkages_under_way_first_then_the_newest(client, handler, supervisor, township, village):
    first = started(handler, village, [township], at=NOW - dt.timedelta(days=3))
    second = started(handler, village, [township], at=NOW - dt.timedelta(days=2))
    third = started(handler, village, [township], at=NOW - dt.timedelta(days=1))
    actions.incident_stand_down(actor=handler, incident=third, result="已平息")
    client.force_login(supervisor)
    assert list(client.get(LIST).context["page"]) == [second, first, third]
    assert list(client.get(LIST, {"state": "active"}).context["page"]) == [second, first]
    assert list(client.get(LIST, {"state": "stood_down"}).context["page"]) == [third]
