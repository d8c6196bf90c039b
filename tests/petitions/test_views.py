"""The staff pages: worklists, registration, detail, transitions, reveal — each through the access rule."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from petitions import actions, search, selectors
from petitions.models import Channel, ContentType, Petition, SensitiveReveal
from petitions.states import PetitionState
from workdays.models import DeadlineClass

from ..factories import VALID_ID, CategoryFactory, register

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _registration_post(township, category, **overrides):
    data = {
        "channel": Channel.VISIT, "received_on": "2026-03-10", "headcount": "12", "received_level": "own",
        "source": "direct", "title": "集体反映征地补偿款未发放", "content": "十二名村民反映2025年征地补偿款至今未发放到户。",
        "content_type": "appeal_demand", "category": str(category.pk), "place": str(township.pk),
        "petitioners-TOTAL_FORMS": "2", "petitioners-INITIAL_FORMS": "0",
        "petitioners-MIN_NUM_FORMS": "1", "petitioners-MAX_NUM_FORMS": "60",
        "petitioners-0-name": "李四", "petitioners-0-id_number": VALID_ID, "petitioners-0-phone": "13900002222",
        "petitioners-0-is_representative": "on",
        "petitioners-1-name": "王五", "petitioners-1-phone": "13900003333", "petitioners-1-is_representative": "on",
    }
    data.update(overrides)
    return data


def test_registrar_registers_a_collective_visit(client, registrar, township):
    client.force_login(registrar)
    category = CategoryFactory()
    response = client.post(reverse("petitions:register"), _registration_post(township, category))
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == reverse("petitions:detail", args=[petition.pk])
    assert petition.is_collective and petition.headcount == 12
    assert petition.parties.filter(is_representative=True).count() == 2


def test_registration_with_a_wrong_id_number_is_refused_and_says_where(client, registrar, township):
    client.force_login(registrar)
    post = _registration_post(township, CategoryFactory(), **{"petitioners-0-id_number": "110101199003077579"})
    response = client.post(reverse("petitions:register"), post)
    assert response.status_code == 200
    assert Petition.objects.count() == 0
    assert "check digit" in response.content.decode() or "校验码" in response.content.decode()


def test_collective_visit_without_representatives_is_refused(client, registrar, township):
    client.force_login(registrar)
    post = _registration_post(
        township, CategoryFactory(),
        **{"petitioners-0-is_representative": "", "petitioners-1-is_representative": ""},
    )
    response = client.post(reverse("petitions:register"), post)
    assert response.status_code == 200 and Petition.objects.count() == 0


def test_unit_handler_cannot_open_the_registration_page(client, handler):
    client.force_login(handler)
    assert client.get(reverse("petitions:register")).status_code == 403


def test_earlier_items_of_the_same_person_are_offered_as_repeat(client, registrar, township):
    earlier = register(registrar, township, petitioners=[actions.PetitionerData(name="李四", id_number=VALID_ID)])
    client.force_login(registrar)
    response = client.get(reverse("petitions:earlier_items"), {"petitioners-0-id_number": VALID_ID})
    assert earlier.number in response.content.decode()
    post = _registration_post(township, CategoryFactory(), repeat_of=str(earlier.pk))
    client.post(reverse("petitions:register"), post)
    new = Petition.objects.exclude(pk=earlier.pk).get()
    assert new.is_repeat and new.repeat_of == earlier


def test_earlier_items_by_id_number_by_name_and_phone_and_by_name_and_address_newest_first(
        client, registrar, township):
    """Each person rule finds the items it should, in every channel, with why each is shown; one item found by
    two rules says both."""
    by_id = register(registrar, township, received_on=dt.date(2026, 2, 2), petitioners=[
        actions.PetitionerData(name="王五", id_number=VALID_ID, phone="13900000001", address="化子坪村一组")])
    by_phone = register(registrar, township, channel=Channel.VISIT, received_on=dt.date(2026, 2, 3), petitioners=[
        actions.PetitionerData(name="赵六", phone="13700001111", address="化子坪村二组")])
    by_address = register(registrar, township, channel=Channel.PHONE, received_on=dt.date(2026, 2, 4), petitioners=[
        actions.PetitionerData(name="赵六", phone="13600002222", address="化子坪村 三组")])
    unrelated = register(registrar, township, petitioners=[actions.PetitionerData(name="孙七", phone="13500003333")])
    found = selectors.earlier_items_of(registrar, name="赵六", id_number=VALID_ID.lower(), phone="13700001111",
                                       address="化子坪村  三组")
    assert [(e.petition, e.reasons) for e in found] == [
        (by_address, ("同一姓名和住址",)), (by_phone, ("同一姓名和电话",)), (by_id, ("同一身份证号",))]
    assert unrelated not in [e.petition for e in found]
    both = selectors.earlier_items_of(registrar, name="王五", id_number=VALID_ID, phone="13900000001")
    assert [(e.petition, e.reasons) for e in both] == [(by_id, ("同一身份证号", "同一姓名和电话"))]
    assert selectors.earlier_items_of(registrar, name="赵六") == []  # a name alone says nothing

    client.force_login(registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    panel = client.get(reverse("petitions:earlier_items"), {
        "petitioners-0-name": "赵六", "petitioners-0-phone": "137 0000 1111",
        "petitioners-0-address": "化子坪村 三组"}).content.decode()
    assert by_phone.number in panel and by_address.number in panel and by_id.number not in panel
    assert "同一姓名和电话" in panel and "同一姓名和住址" in panel and "来访" in panel and "来电" in panel


def test_earlier_items_follow_the_access_and_identity_rules(registrar, handler, township, other_township):
    """A unit sees only the earlier items it may open; an accusation's accuser is never found through them."""
    from .test_confidentiality import ACCUSER, OTHER_ID

    mine = register(registrar, township, petitioners=[actions.PetitionerData(name="李四", id_number=OTHER_ID)])
    actions.petition_assign(actor=registrar, petition=mine, unit=township, on=dt.date(2026, 3, 3))
    theirs = register(registrar, other_township, petitioners=[actions.PetitionerData(name="李四", id_number=OTHER_ID)])
    actions.petition_assign(actor=registrar, petition=theirs, unit=other_township, on=dt.date(2026, 3, 3))
    assert [e.petition for e in selectors.earlier_items_of(handler, id_number=OTHER_ID)] == [mine]
    assert {e.petition for e in selectors.earlier_items_of(registrar, id_number=OTHER_ID)} == {mine, theirs}

    accusation = register(registrar, township, content_type="accusation", accused_unit=other_township,
                          accused_person="某某", petitioners=[ACCUSER])
    actions.petition_assign(actor=registrar, petition=accusation, unit=township, on=dt.date(2026, 3, 3))
    for rule in ({"id_number": ACCUSER.id_number}, {"name": ACCUSER.name, "phone": ACCUSER.phone},
                 {"name": ACCUSER.name, "address": ACCUSER.address}):
        assert accusation not in [e.petition for e in selectors.earlier_items_of(handler, **rule)], rule
        assert accusation in [e.petition for e in selectors.earlier_items_of(registrar, **rule)], rule


@pytest.mark.parametrize("tab", ["mine", "unit", "due_soon", "overdue", "all"])
def test_worklist_tabs_render_for_every_role(client, tab, registrar, supervisor, handler, leader, petition):
    for user in (registrar, supervisor, handler, leader):
        client.force_login(user)
        assert client.get(reverse("petitions:worklist"), {"tab": tab}).status_code == 200


def test_unit_sees_only_its_items_in_lists_and_gets_404_for_others(client, registrar, handler, other_handler, township):
    petition = register(registrar, township)
    actions.petition_assign(actor=registrar, petition=petition, unit=township, on=dt.date(2026, 3, 3))
    client.force_login(other_handler)
    assert petition.number not in client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 404
    client.force_login(handler)
    assert petition.number in client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    assert client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 200


def test_overdue_rows_are_red_and_due_soon_rows_yellow(client, registrar, township):
    overdue = register(registrar, township, received_on=dt.date(2026, 2, 1))  # decision due 2026-02-16→ overdue
    soon = register(registrar, township, received_on=dt.date(2026, 2, 25))  # decision due 2026-03-12
    client.force_login(registrar)
    html = client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    assert overdue.due_on < dt.date(2026, 3, 10) <= soon.due_on <= dt.date(2026, 3, 13)
    assert html.count('class="due-overdue"') == 1 and html.count('class="due-soon"') == 1
    overdue_tab = client.get(reverse("petitions:worklist"), {"tab": "overdue"}).content.decode()
    assert overdue.number in overdue_tab and soon.number not in overdue_tab


def test_transition_buttons_are_exactly_the_allowed_ones(client, registrar, handler, petition):
    client.force_login(registrar)
    html = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    for name in ("answer", "decline", "forward", "assign"):
        assert reverse("petitions:transition", args=[petition.pk, name]) in html
    assert reverse("petitions:transition", args=[petition.pk, "reply"]) not in html


def test_assign_then_reply_through_the_pages(client, registrar, handler, township, petition):
    client.force_login(registrar)
    url = reverse("petitions:transition", args=[petition.pk, "assign"])
    response = client.post(url, {"assign-unit": township.pk, "assign-deadline_class": "general"})
    assert response.status_code == 302
    client.force_login(handler)
    client.post(reverse("petitions:transition", args=[petition.pk, "sign_for"]), {})
    response = client.post(
        reverse("petitions:transition", args=[petition.pk, "reply"]),
        {"reply-outcome": "support", "reply-text": "已安排修复道路。"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response["HX-Redirect"].endswith(f"/{petition.pk}/")
    petition.refresh_from_db()
    assert petition.state == PetitionState.REPLIED and petition.replied_on == dt.date(2026, 3, 10)


def test_refused_transition_shows_why_and_changes_nothing(client, handler, registrar, township, petition):
    client.force_login(handler)  # the item is not assigned to the unit: it cannot even see it
    assert client.post(reverse("petitions:transition", args=[petition.pk, "reply"]), {}).status_code == 404
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:transition", args=[petition.pk, "reply"]), {"reply-outcome": "support", "reply-text": "x"}
    )
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.state == PetitionState.REGISTERED
    assert "not possible" in response.content.decode() or "不能" in response.content.decode()


def test_accusation_against_a_unit_cannot_be_assigned_to_it_through_the_page(client, registrar, township):
    petition = register(registrar, township, content_type="accusation", accused_unit=township)
    client.force_login(registrar)
    response = client.post(reverse("petitions:transition", args=[petition.pk, "assign"]), {"assign-unit": township.pk})
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.responsible_unit is None


def test_accuser_identity_is_hidden_from_the_handling_unit(client, registrar, handler, township, other_township):
    petition = register(
        registrar, township, content_type="accusation", accused_unit=other_township,
        petitioners=[actions.PetitionerData(name="检举人甲", phone="13700001234")],
    )
    actions.petition_assign(actor=registrar, petition=petition, unit=township, on=dt.date(2026, 3, 3))
    client.force_login(handler)
    for url in (reverse("petitions:detail", args=[petition.pk]), reverse("petitions:worklist") + "?tab=all"):
        html = client.get(url).content.decode()
        assert "检举人甲" not in html and "1234" not in html


def test_masked_numbers_and_logged_reveal(client, registrar, handler, township):
    petition = register(
        registrar, township, petitioners=[actions.PetitionerData(name="李四", id_number=VALID_ID, phone="13900002222")]
    )
    client.force_login(registrar)
    html = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert VALID_ID not in html and "110101********7571" in html and "139****2222" in html
    person = petition.petitioners.get()
    response = client.post(reverse("petitions:reveal", args=[petition.pk, person.pk, "id_number"]))
    assert response.content.decode() == VALID_ID
    assert SensitiveReveal.objects.filter(user=registrar, field="id_number").count() == 1
    actions.petition_assign(actor=registrar, petition=petition, unit=township, on=dt.date(2026, 3, 3))
    client.force_login(handler)
    assert client.post(reverse("petitions:reveal", args=[petition.pk, person.pk, "id_number"])).status_code == 403


def test_search_by_name_id_phone_code_and_content(client, registrar, township):
    petition = register(
        registrar, township, title="拖欠工资", content="某建筑公司拖欠农民工工资三个月",
        petitioners=[actions.PetitionerData(name="赵六", id_number=VALID_ID, phone="13600006666")],
    )
    other = register(registrar, township, title="村道损毁", content="道路需要修复")
    client.force_login(registrar)
    for q in ("赵六", VALID_ID, "13600006666", petition.display_query_code.lower(), "农民工", "拖欠 工资"):
        html = client.get(reverse("petitions:search"), {"q": q}).content.decode()
        assert petition.number in html, q
        assert other.number not in html, q


def test_leader_sees_owned_and_instruction_items_only(client, registrar, supervisor, leader, township):
    owned = register(registrar, township)
    actions.petition_assign(actor=registrar, petition=owned, unit=township, owning_leader=leader, on=dt.date(2026, 3, 3))
    asked = register(registrar, township)
    unrelated = register(registrar, township)
    client.force_login(supervisor)
    client.post(reverse("petitions:instruction", args=[asked.pk]), {"leader": leader.pk})
    client.force_login(leader)
    html = client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    assert owned.number in html and asked.number in html and unrelated.number not in html
    client.post(reverse("petitions:instruction", args=[asked.pk]), {"text": "请尽快依法处理。"})
    assert asked.instructions.get().text == "请尽快依法处理。"
    assert asked.events.filter(kind="instructed").exists()


def test_a_leaders_rule_filters_on_the_owner_and_a_list_of_asked_ids(registrar, supervisor, leader, township):
    """An IN (subquery) inside the rule's OR is a filter tried on every item a list walks: for a leader with few
    items, "all items" walked the whole table. The rule reads the asked ids first and filters on columns only."""
    owned = register(registrar, township)
    actions.petition_assign(actor=registrar, petition=owned, unit=township, owning_leader=leader, on=dt.date(2026, 3, 3))
    asked = register(registrar, township)
    register(registrar, township)
    actions.instruction_request(actor=supervisor, petition=asked, leader=leader)
    actions.instruction_request(actor=supervisor, petition=owned, leader=leader)  # owned and asked: listed once

    with CaptureQueriesContext(connection) as queries:
        visible = Petition.objects.visible_to(leader).order_by("pk")
    assert len(queries) == 1  # the asked ids
    sql = str(visible.query)
    assert sql.upper().count("SELECT") == 1
    assert list(visible) == [owned, asked]


def test_the_category_filter_takes_in_its_sub_categories(client, registrar, township):
    top = CategoryFactory(name="劳动社保")
    sub = CategoryFactory(name="工资福利", parent=top)
    other = CategoryFactory(name="农村农业")
    in_top, in_sub, elsewhere = (register(registrar, township, category=c) for c in (top, sub, other))
    client.force_login(registrar)
    url = reverse("petitions:worklist")
    html = client.get(url, {"tab": "all", "category": top.pk}).content.decode()
    assert in_top.number in html and in_sub.number in html and elsewhere.number not in html
    html = client.get(url, {"tab": "all", "category": sub.pk}).content.decode()
    assert in_sub.number in html and in_top.number not in html and elsewhere.number not in html


def test_worklist_filters_by_unit_place_channel_and_dates(client, registrar, township, other_township):
    here = register(registrar, township, channel=Channel.PHONE, received_on=dt.date(2026, 3, 2))
    there = register(registrar, other_township, received_on=dt.date(2026, 3, 5))
    actions.petition_assign(actor=registrar, petition=here, unit=township, on=dt.date(2026, 3, 3))
    client.force_login(registrar)
    url = reverse("petitions:worklist")
    for query, shown, hidden in [
        ({"unit": township.pk}, here, there),
        ({"place": other_township.pk}, there, here),
        ({"channel": "phone"}, here, there),
        ({"received_from": "2026-03-04"}, there, here),
        ({"received_to": "2026-03-03"}, here, there),
    ]:
        html = client.get(url, {"tab": "all", **query}).content.decode()
        assert shown.number in html and hidden.number not in html, query
    html = client.get(url, {"tab": "all", "received_from": "2026-03-05", "received_to": "2026-03-01"}).content.decode()
    assert "before the start date" in html or "早于" in html


def test_a_unit_worklist_holds_what_the_unit_must_do_not_the_bureaus_review(client, registrar, handler, supervisor, township):
    review = register(registrar, township, received_on=dt.date(2026, 1, 5))
    actions.petition_assign(actor=registrar, petition=review, unit=township, on=dt.date(2026, 1, 6))
    actions.petition_sign_for(actor=handler, petition=review, on=dt.date(2026, 1, 6))
    actions.petition_reply(actor=handler, petition=review, outcome="support", text="已办", on=dt.date(2026, 1, 20))
    actions.petition_request_review(actor=None, petition=review, reason="不服", on=dt.date(2026, 1, 25))
    handling = register(registrar, township, received_on=dt.date(2026, 1, 5))
    actions.petition_assign(actor=registrar, petition=handling, unit=township, on=dt.date(2026, 1, 6))
    # On 10 March both are overdue: the review (due 24 Feb) is the bureau's, the handling (due 9 Mar) the unit's.
    client.force_login(handler)
    for tab in ("mine", "unit", "overdue"):
        html = client.get(reverse("petitions:worklist"), {"tab": tab}).content.decode()
        assert handling.number in html and review.number not in html, tab
    assert review.number in client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    client.force_login(supervisor)
    html = client.get(reverse("petitions:worklist"), {"tab": "overdue"}).content.decode()
    assert review.number in html and handling.number in html


# ---- list pages: the order across pages, the content search's pages and count, no query per row ----------------

NUMBER = re.compile(r"XF\d{4}-\d{7}")


def _pages(client, url, params) -> list[str]:
    """The item numbers of every page of a list, in order, following the "next" links."""
    numbers, page = [], 1
    while True:
        html = client.get(url, {**params, "page": page}).content.decode()
        numbers += NUMBER.findall(html)
        if f"page={page + 1}" not in html:
            return numbers
        page += 1


def test_a_units_worklists_go_by_due_date_then_registration_across_pages(
    client, registrar, handler, township, other_township, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    ours = []
    for received in ("2025-11-03", "2025-11-03", "2025-10-20", "2025-11-03", "2025-11-10", "2025-11-10", "2026-03-02"):
        received = dt.date.fromisoformat(received)
        p = register(registrar, township, received_on=received)
        actions.petition_assign(actor=registrar, petition=p, unit=township, on=received + dt.timedelta(days=1))
        ours.append(p.pk)
    theirs = register(registrar, other_township, received_on=dt.date(2025, 11, 3))
    actions.petition_assign(actor=registrar, petition=theirs, unit=other_township, on=dt.date(2025, 11, 4))
    client.force_login(handler)
    url = reverse("petitions:worklist")
    today = dt.date(2026, 3, 10)
    in_order = list(Petition.objects.filter(pk__in=ours).order_by("due_on", "pk"))
    assert len({p.due_on for p in in_order}) < len(in_order)  # ties on the due date, broken by registration
    assert _pages(client, url, {"tab": "unit"}) == [p.number for p in in_order]
    overdue = [p.number for p in in_order if p.due_on < today]
    assert 2 < len(overdue) < len(in_order)
    assert _pages(client, url, {"tab": "overdue"}) == overdue


@pytest.mark.parametrize("matches", [6, 7])  # pages of 3: the last page full (no next page), or one more
def test_content_search_pages_hold_every_match_newest_first_and_the_count_is_exact(
    client, registrar, township, monkeypatch, matches
):
    """However far back the matches lie: the windows the PostgreSQL search reads are made a few ids wide here."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    monkeypatch.setattr(search._PostgresCandidates, "WALK", 2)
    monkeypatch.setattr(search._PostgresCandidates, "WALK_MAX", 4)
    found = []
    for i in range(matches):
        if i % 2:
            register(registrar, township, title="工资问题", content="拖欠、欠工、工资")  # bigrams apart: no match
        found.append(register(registrar, township, title="反映拖欠工资", content=f"第{i}件").number)
    register(registrar, township, title="村道损毁", content="道路需要修复")
    client.force_login(registrar)
    url = reverse("petitions:search")
    assert _pages(client, url, {"q": "拖欠工资"}) == found[::-1]
    html = client.get(url, {"q": "拖欠工资", "count": "1"}).content.decode()
    assert re.search(rf'id="list-total">\D*{len(found)}\D*<', html)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_list_pages_read_the_same_number_of_queries_whatever_their_rows(
    client, registrar, leader, township, other_township
):
    """A column that a row shows but the list does not read would cost a query per row (ListRow.COLUMNS)."""
    first = register(registrar, township, title="拖欠工资问题", content="拖欠工资")
    actions.petition_assign(
        actor=registrar, petition=first, unit=township, deadline_class=DeadlineClass.MAJOR, owning_leader=leader,
        on=dt.date(2026, 3, 3),
    )
    client.force_login(registrar)
    lists = [(reverse("petitions:worklist"), {"tab": "all"}), (reverse("petitions:search"), {"q": "拖欠工资"})]
    one = [_queries(client, url, params) for url, params in lists]
    register(
        registrar, township, title="集体反映拖欠工资", content="拖欠工资", channel=Channel.VISIT, headcount=6,
        petitioners=[actions.PetitionerData(name=f"代表{i}", id_number="", phone="", is_representative=True) for i in range(2)],
    )
    register(
        registrar, township, title="举报拖欠工资", content="拖欠工资", content_type=ContentType.ACCUSATION,
        accused_unit=other_township,
    )
    later = register(registrar, township, title="拖欠工资", content="拖欠工资", received_on=dt.date(2026, 3, 4))
    actions.petition_assign(actor=registrar, petition=later, unit=other_township, owning_leader=leader, on=dt.date(2026, 3, 5))
    assert [_queries(client, url, params) for url, params in lists] == one
    html = client.get(reverse("petitions:search"), {"q": "拖欠工资"}).content.decode()
    assert len(NUMBER.findall(html)) == 4 and "代表0、代表1" in html and str(leader) in html


def test_list_rows_name_the_category_place_and_unit_as_they_are_now(client, registrar, township, other_township):
    """The rows read these names from the kept reference data, which holds inactive categories and units too."""
    item = register(registrar, township, title="路灯不亮")
    actions.petition_assign(actor=registrar, petition=item, unit=other_township, on=dt.date(2026, 3, 3))
    category = item.category
    category.name, category.is_active = "已停用的类别", False
    category.save()
    township.name = "改名后的镇"
    township.save()
    client.force_login(registrar)
    html = client.get(reverse("petitions:worklist"), {"tab": "all"}).content.decode()
    row = re.search(r"<tr class[^>]*>.*?路灯不亮.*?</tr>", html, re.S).group(0)
    assert "已停用的类别" in row and "改名后的镇" in row and other_township.name in row
