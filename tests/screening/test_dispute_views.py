"""The dispute pages: the list and its filters (the dashboard's drill-downs), registering and correcting, the
dispute's page with masked parties and logged reveals, attempts, reopening, ownership and linked petition items."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from organisation.models import Role
from petitions.models import Petition
from screening import actions
from screening.models import Dispute, DisputeState, DisputeType, Method, ScreeningEvent
from supervision.models import Ownership

from ..factories import CategoryFactory, UserFactory, register
from .conftest import FOUND_ON, dispute_data

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
LIST = reverse("screening:dispute_list")


def detail(dispute):
    return reverse("screening:dispute_detail", args=[dispute.pk])


def numbers(response) -> set[str]:
    return {d.number for d in response.context["page"].object_list}


def resolve(dispute, actor, on=dt.date(2026, 3, 10), result="resolved", **extra):
    return actions.dispute_attempt(actor=actor, dispute=dispute, data=actions.AttemptData(
        method=Method.PEOPLES_MEDIATION, by="镇人民调解委员会", on=on, result=result, text="调解达成协议", **extra))


@pytest.fixture
def three(handler, other_handler, township, other_township, village, other_village):
    """A dispute of each township, and a second, resolved one of 化子坪镇."""
    with time_machine.travel(TODAY, tick=False):
        ours = actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)
        theirs = actions.dispute_register(actor=other_handler, data=dispute_data(
            other_township, place=other_village, title="建华村灌溉用水纠纷"), on=FOUND_ON)
        done = actions.dispute_register(actor=handler, data=dispute_data(
            township, place=village, title="土地流转租金纠纷", found_on=dt.date(2026, 2, 3)), on=FOUND_ON)
        resolve(done, handler)
    return ours, theirs, done


@time_machine.travel(TODAY, tick=False)
def test_a_township_lists_its_own_disputes_only_and_the_bureau_all(client, three, handler, supervisor):
    ours, theirs, done = three
    client.force_login(handler)
    assert numbers(client.get(LIST)) == {ours.number, done.number}
    client.force_login(supervisor)
    assert numbers(client.get(LIST)) == {ours.number, theirs.number, done.number}


@time_machine.travel(TODAY, tick=False)
def test_the_filters_select_what_a_figure_counts(client, three, supervisor, township):
    ours, theirs, done = three
    client.force_login(supervisor)
    assert numbers(client.get(LIST, {"state": "resolved"})) == {done.number}
    assert numbers(client.get(LIST, {"found_from": "2026-03-01", "found_to": "2026-03-31"})) == {
        ours.number, theirs.number}
    assert numbers(client.get(LIST, {"resolved_from": "2026-03-01", "resolved_to": "2026-03-31"})) == {done.number}
    assert numbers(client.get(LIST, {"unit": township.pk})) == {ours.number, done.number}
    assert numbers(client.get(LIST, {"q": "灌溉"})) == {theirs.number}
    assert numbers(client.get(LIST, {"q": ours.number})) == {ours.number}
    response = client.get(LIST, {"found_from": "not a date", "state": "under_way"})
    assert response.status_code == 200 and response.context["form"].errors["found_from"]
    assert numbers(response) == {ours.number, theirs.number}  # the invalid filter is shown and left out


@time_machine.travel(TODAY, tick=False)
def test_overdue_filter_and_page_mark_overdue_disputes(client, handler, township, village):
    late = actions.dispute_register(actor=handler, data=dispute_data(
        township, place=village, due_on=dt.date(2026, 3, 15)), on=FOUND_ON)
    actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)
    client.force_login(handler)
    response = client.get(LIST, {"overdue": "on"})
    assert numbers(response) == {late.number}
    assert "due-overdue" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_another_units_dispute_is_404_on_every_url(client, three, other_handler):
    ours = three[0]
    party = ours.dispute_parties.get()
    client.force_login(other_handler)
    assert client.get(detail(ours)).status_code == 404
    assert client.get(reverse("screening:dispute_correct", args=[ours.pk])).status_code == 404
    for name in ("dispute_attempt", "dispute_reopen", "dispute_ownership", "dispute_link", "dispute_petition"):
        assert client.post(reverse(f"screening:{name}", args=[ours.pk]), {}).status_code == 404, name
    reveal = reverse("screening:dispute_reveal", args=[ours.pk, party.pk, "phone"])
    assert client.post(reveal).status_code == 404
    assert not ScreeningEvent.objects.filter(kind="revealed").exists()


@time_machine.travel(TODAY, tick=False)
def test_an_officer_sees_no_dispute_page(client, dispute, officer):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(dispute)).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_page_masks_the_parties_and_a_reveal_is_logged(client, dispute, handler):
    client.force_login(handler)
    html = client.get(detail(dispute)).content.decode()
    assert "张三" in html and "13812345678" not in html and "138****5678" in html
    party = dispute.dispute_parties.get()
    response = client.post(reverse("screening:dispute_reveal", args=[dispute.pk, party.pk, "phone"]))
    assert response.status_code == 200 and response.content.decode().strip().endswith("13812345678")
    event = ScreeningEvent.objects.get(kind="revealed")
    assert (event.subject, event.actor, event.data) == (f"dispute:{dispute.pk}", handler,
                                                         {"party": party.pk, "field": "phone"})
    assert client.post(reverse("screening:dispute_reveal", args=[dispute.pk, party.pk, "name"])).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_unit_above_sees_but_may_not_reveal(client, dispute, township, village):
    """A handler of a unit that sees the dispute but is not its responsible unit gets no reveal button and 403."""
    from organisation.models import UnitKind

    from ..factories import UnitFactory

    sub = UnitFactory(name="化子坪镇综治中心", kind=UnitKind.DEPARTMENT, parent=township)
    Dispute.objects.filter(pk=dispute.pk).update(responsible_unit=sub)
    dispute.refresh_from_db()
    above = UserFactory(username="above", unit=township, roles=[Role.UNIT_HANDLER])
    client.force_login(above)
    html = client.get(detail(dispute)).content.decode()
    assert "138****5678" in html and "dispute_reveal" not in html and "/reveal/" not in html
    party = dispute.dispute_parties.get()
    assert client.post(reverse("screening:dispute_reveal", args=[dispute.pk, party.pk, "phone"])).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_registering_through_the_form_with_two_parties(client, handler, township, village):
    client.force_login(handler)
    kind = DisputeType.objects.get(name="邻里纠纷")
    form = {
        "found_on": "2026-03-18", "place": village.pk, "type": kind.pk, "title": "排水沟纠纷",
        "description": "两户因排水沟走向争执。", "people_involved": "4", "risk_level": "medium",
        "responsible_unit": township.pk, "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0",
        "parties-0-name": "李四", "parties-0-phone": "139 1234 5678", "parties-0-side": "申请方",
        "parties-1-name": "王五",
    }
    response = client.post(reverse("screening:dispute_register"), form)
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response.url == detail(dispute)
    assert dispute.found_by_unit == township and dispute.due_on == dt.date(2026, 4, 17)
    assert [(p.name, p.phone) for p in dispute.dispute_parties.all()] == [("李四", "13912345678"), ("王五", "")]


@time_machine.travel(TODAY, tick=False)
def test_bad_input_names_the_field_and_saves_nothing(client, handler, township, village):
    client.force_login(handler)
    kind = DisputeType.objects.get(name="邻里纠纷")
    form = {
        "found_on": "2026-04-30", "place": village.pk, "type": kind.pk, "title": "排水沟纠纷",
        "description": "两户争执。", "people_involved": "2", "risk_level": "low", "responsible_unit": township.pk,
        "parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0", "parties-0-phone": "12345",
    }
    response = client.post(reverse("screening:dispute_register"), form)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "found_on" in errors
    assert not Dispute.objects.exists()
    form["found_on"] = "2026-03-18"
    response = client.post(reverse("screening:dispute_register"), form)
    assert response.status_code == 400 and response.context["form"].non_field_errors()  # 第1名当事人：…
    assert not Dispute.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_correction_keeps_a_masked_number_left_as_shown(client, dispute, handler):
    client.force_login(handler)
    page = client.get(reverse("screening:dispute_correct", args=[dispute.pk]))
    assert "13812345678" not in page.content.decode()
    form = page.context["form"]
    data = {name: (value.pk if hasattr(value, "pk") else value) for name, value in form.initial.items()
            if value is not None}
    data.update({"title": "宅基地边界纠纷（更正）", "is_major": "", "parties-TOTAL_FORMS": "1",
                 "parties-INITIAL_FORMS": "1", "parties-0-name": "张三", "parties-0-phone": "138****5678",
                 "parties-0-side": "申请方"})
    data = {k: v for k, v in data.items() if v not in (False, "")}
    response = client.post(reverse("screening:dispute_correct", args=[dispute.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    dispute.refresh_from_db()
    assert dispute.title == "宅基地边界纠纷（更正）"
    assert dispute.dispute_parties.get().phone == "13812345678"


@time_machine.travel(TODAY, tick=False)
def test_an_attempt_resolves_and_a_reopening_starts_again(client, dispute, handler):
    client.force_login(handler)
    url = reverse("screening:dispute_attempt", args=[dispute.pk])
    response = client.post(url, {"method": "peoples", "also_methods": ["judicial"], "by": "镇调委会", "on": "2026-03-12",
                                 "result": "escalated", "text": "未达成协议"})
    assert response.status_code == 400 and "escalated_to" in response.context["attempt_form"].errors
    response = client.post(url, {"method": "peoples", "also_methods": ["judicial"], "by": "镇调委会", "on": "2026-03-12",
                                 "result": "resolved", "text": "达成调解协议"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.state, dispute.resolved_on) == (DisputeState.RESOLVED, dt.date(2026, 3, 12))
    html = client.get(detail(dispute)).content.decode()
    assert "达成调解协议" in html and 'id="reopen-form"' in html and 'id="attempt-form"' not in html
    response = client.post(reverse("screening:dispute_reopen", args=[dispute.pk]), {"reason": "", "due_on": ""})
    assert response.status_code == 400 and dispute.__class__.objects.get(pk=dispute.pk).state == "resolved"
    response = client.post(reverse("screening:dispute_reopen", args=[dispute.pk]),
                           {"reason": "一方反悔", "due_on": "2026-04-20"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.state, dispute.times_reopened, dispute.resolved_on) == (DisputeState.UNDER_WAY, 1, None)


@time_machine.travel(TODAY, tick=False)
def test_the_bureau_records_the_owning_leader_and_assurances(client, dispute, supervisor, leader, township):
    client.force_login(supervisor)
    response = client.post(reverse("screening:dispute_ownership", args=[dispute.pk]), {
        "owning_leader": leader.pk, "lead_unit": township.pk, "handlers": "张明（副镇长）", "deadline": "2026-04-30",
        "risk_measures": "每周走访一次，及时化解矛盾", "funds": "无需资金"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    ownership = Ownership.objects.get(dispute=dispute)
    assert dispute.owning_leader == leader and dispute.is_major and ownership.completed_on is not None
    page = client.get(detail(dispute))
    assert page.context["ownership"] == ownership and page.context["missing"] == []


@time_machine.travel(TODAY, tick=False)
def test_a_bad_ownership_date_names_the_field_and_saves_nothing(client, dispute, supervisor, leader):
    client.force_login(supervisor)
    response = client.post(reverse("screening:dispute_ownership", args=[dispute.pk]), {
        "owning_leader": leader.pk, "deadline": "2026-13-40"})
    assert response.status_code == 400 and "deadline" in response.context["ownership_form"].errors
    dispute.refresh_from_db()
    assert dispute.owning_leader is None and not Ownership.objects.filter(dispute=dispute).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_handler_may_not_record_ownership(client, dispute, handler, leader):
    client.force_login(handler)
    assert 'id="ownership-form"' not in client.get(detail(dispute)).content.decode()
    response = client.post(reverse("screening:dispute_ownership", args=[dispute.pk]), {"owning_leader": leader.pk})
    assert response.status_code == 403
    assert not Ownership.objects.filter(dispute=dispute).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_registrar_links_an_item_and_both_pages_show_the_link(client, dispute, registrar, township, handler):
    petition = register(registrar, township)
    client.force_login(registrar)
    url = reverse("screening:dispute_link", args=[dispute.pk])
    response = client.post(url, {"petition": "XF2026-9999999"})
    assert response.status_code == 400 and "petition" in response.context["link_form"].errors
    response = client.post(url, {"petition": petition.number.lower()})
    assert response.status_code == 302
    assert list(dispute.petitions.all()) == [petition]
    assert petition.number in client.get(detail(dispute)).content.decode()
    item = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert dispute.number in item


@time_machine.travel(TODAY, tick=False)
def test_the_item_page_shows_only_disputes_the_user_sees(client, three, registrar, other_township, handler):
    """化子坪镇's dispute linked to an item of 建华镇's: the bureau sees the link on the item, 建华镇 does not."""
    ours = three[0]
    petition = register(registrar, other_township)
    actions.dispute_link_petition(actor=registrar, dispute=ours, petition=petition)
    client.force_login(registrar)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert 'id="linked-disputes"' in page and reverse("screening:dispute_detail", args=[ours.pk]) in page
    other = UserFactory(username="jianhua", unit=other_township, roles=[Role.UNIT_HANDLER])
    Petition.objects.filter(pk=petition.pk).update(responsible_unit=other_township, state="assigned")
    client.force_login(other)
    page = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert page.status_code == 200 and 'id="linked-disputes"' not in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_registrar_registers_the_dispute_as_an_item(client, dispute, registrar, handler):
    category = CategoryFactory(name="城乡建设")
    party = dispute.dispute_parties.get()
    client.force_login(registrar)
    url = reverse("screening:dispute_petition", args=[dispute.pk])
    response = client.post(url, {"channel": "visit", "received_on": "2026-03-20", "content_type": "appeal_demand",
                                 "category": category.pk})
    assert response.status_code == 400 and "persons" in response.context["petition_form"].errors
    assert not Petition.objects.exists()
    response = client.post(url, {"channel": "visit", "received_on": "2026-03-20", "content_type": "appeal_demand",
                                 "category": category.pk, "persons": [party.pk]})
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.title == dispute.title and petition.place == dispute.place
    assert [p.name for p in petition.petitioners.all()] == ["张三"]
    assert dispute.petition_links.get().kind == "registered"
    client.force_login(handler)
    assert 'id="link-form"' not in client.get(detail(dispute)).content.decode()
    assert client.post(url, {}).status_code == 403
    assert client.post(reverse("screening:dispute_link", args=[dispute.pk]), {"petition": petition.number}
                       ).status_code == 403
    assert Petition.objects.count() == 1 and dispute.petition_links.count() == 1
