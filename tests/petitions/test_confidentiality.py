"""Issue 12's holes in the confidentiality and integrity of items, each shown on the path where it was found.

1. an accuser found by search; 2. an accusation reaching the accused through an instruction request, an owning
leader, a meeting or supervision; 3. a stored script through the phone field; 4. two people merged by a mistyped ID
number; 7. the query code seen by the unit being judged, and how an evaluation came; 10. dates in a year without
calendar data. (5, 6, 8, 9, 11: tests/ledgers, tests/organisation, tests/stats, tests/portal, tests/assessment.)
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from ledgers.exports import write_petition_ledger
from meetings import actions as meeting_actions
from organisation.models import Role, UnitKind
from petitions import actions
from petitions.access import TransitionRefused, accuses, can_see_query_code, refusal
from petitions.forms import InstructionRequestForm, leaders_for
from petitions.identity import normalise_phone
from petitions.models import (
    EventKind,
    Instruction,
    Petition,
    Petitioner,
    PetitionerVersion,
    PetitionParty,
    Via,
)
from supervision import actions as supervision_actions

from ..factories import VALID_ID, UnitFactory, UserFactory, register

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
ACCUSER = actions.PetitionerData(name="举报人甲", id_number=VALID_ID, phone="17700582290", address="化子坪村三组")
OTHER_ID = "11010519491231002X"  # another valid ID number


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def department(db):
    return UnitFactory(name="县自然资源局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def accusation(registrar, township, department):
    """An accusation against a county department, assigned to the township to handle: the township's handler
    sees the item, but not who the accuser is."""
    p = register(registrar, township, content_type="accusation", accused_unit=department, accused_person="刘局长",
                 title="检举违规审批", content="检举某局违规审批采砂许可。", petitioners=[ACCUSER])
    return actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 3, 3))


def _found(client, url, q) -> bool:
    return bool(client.get(url, {"q": q}).context["rows"])


# --- 1. An accuser can be found by search ------------------------------------------------------------------------

PERSON_SEARCHES = ["举报人甲", VALID_ID, VALID_ID.lower(), "17700582290", "177-0058-2290", "177 0058 2290"]


@pytest.mark.parametrize("q", PERSON_SEARCHES)
def test_a_unit_handler_cannot_find_an_accusation_by_its_accusers_data(client, handler, registrar, accusation, q):
    client.force_login(handler)
    assert client.get(reverse("petitions:detail", args=[accusation.pk])).status_code == 200  # the item is his unit's
    for url in (reverse("petitions:search"), reverse("petitions:worklist") + "?tab=all"):
        assert not _found(client, url, q), (url, q)
    client.force_login(registrar)  # the bureau, which may see the accuser, still finds it
    assert _found(client, reverse("petitions:search"), q)


def test_the_same_persons_other_items_are_still_found_by_the_unit(client, handler, registrar, township, accusation):
    appeal = actions.petition_assign(
        actor=registrar, petition=register(registrar, township, petitioners=[ACCUSER]), unit=township,
        on=D(2026, 3, 3),
    )
    client.force_login(handler)
    rows = client.get(reverse("petitions:search"), {"q": VALID_ID}).context["rows"]
    assert [row.number for row in rows] == [appeal.number]


def test_a_name_search_answers_the_same_whether_or_not_an_accuser_of_that_name_exists(
        client, handler, registrar, township, accusation):
    """Whether a name is searched as a person or as words must not depend on items the user may not read."""
    mention = actions.petition_assign(
        actor=registrar, petition=register(registrar, township, content="据举报人甲所说，道路损毁已久。"),
        unit=township, on=D(2026, 3, 3),
    )
    client.force_login(handler)
    rows = client.get(reverse("petitions:search"), {"q": "举报人甲"}).context["rows"]
    assert [row.number for row in rows] == [mention.number]  # the words, as for a name nobody has


def test_the_ledger_export_and_the_statistics_drill_down_of_a_search_hide_the_accuser(
        client, handler, accusation):
    client.force_login(handler)
    response = client.get(reverse("petitions:search"), {"q": VALID_ID, "count": 1})
    assert response.context["total"] == 0


PERSON_NAMES = {"Petitioner", "PetitionParty", "PetitionerVersion", "parties", "petitioners", "with_petitioner",
                "same_person", "known_by", "petitioner_id",
                # the parties to a dispute of the screening register: the same rules (masked, reveals logged)
                "DisputeParty", "dispute_parties"}


def _reads_persons(tree) -> bool:
    """Whether code (not its strings of text) names the petitioner or party relations."""
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in PERSON_NAMES:
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                node.value.startswith(("petitioner__", "petitioners__", "parties__"))):
            return True
    return False


def test_every_path_that_reads_persons_is_known_and_routed_through_the_identity_rule():
    """Only the modules listed here read the petitioner and party relations; every read of items by their
    petitioners passes the reader (``with_petitioner(..., seen_by=user)``), which applies the identity rule. A new
    path fails here until it is routed through ``Petition.objects.with_petitioner`` / ``access.can_see_identity``
    and listed."""
    allowed = {
        # module: how it applies the rule
        "petitions/models.py": "the models",
        "petitions/querysets.py": "with_petitioner / known_by / same_person: the rule itself",
        "petitions/actions.py": "registration writes the parties and versions",
        "petitions/selectors.py": "searches: with_petitioner(seen_by=user)",
        "petitions/views.py": "detail/reveal: can_see_identity; earlier items: with_petitioner(seen_by=user)",
        "petitions/documents.py": "addressee(): can_see_identity",
        "petitions/admin.py": "the admin site (superusers)",
        "ledgers/exports.py": "ExportRow.identity_visible = can_see_identity",
        "ledgers/imports.py": "the import (bureau desk) recognises persons; with_petitioner(seen_by=importer)",
        "ledgers/columns.py": "column definitions of the ledger (what ExportRow.persons gives)",
        "demo/synthetic.py": "writes generated rows",
        "demo/county.py": "the demo's reset",
        "demo/plans.py": "draws the demo's items",
        "demo/checks.py": "consistency checks of the generated data (a management command)",
        "screening/models.py": "the models",
        "screening/actions.py": "registration writes the parties; party_reveal: may_reveal_parties, logged",
        "screening/forms.py": "a correction shows the numbers masked (party_initial); the parties of a visible dispute",
        "screening/demo.py": "the demo's reset, and the parties it generates",
        "attachments/demo.py": "the demo's mediation agreements name the generated parties (no user reads them)",
        "notices/demo.py": "the demo chooses which generated items are notified (phones present, never shown)",
        "screening/views/disputes.py": "the dispute's page: masked, reveal through actions.party_reveal; "
                                       "disputes only through Dispute.objects.visible_to",
        "notices/outbox.py": "the phone the petitioner chose for notices, read to send them; staff see it masked "
                             "(Message.masked_address), the text only on the bureau desk (it carries the query code)",
    }
    root = Path(settings.BASE_DIR)
    readers = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "bench/")) or "/migrations/" in relative:
            continue
        if _reads_persons(ast.parse(path.read_text(encoding="utf-8"))):
            readers.add(relative)
    unknown = sorted(readers - set(allowed))
    assert not unknown, f"new readers of petitioners: {unknown}: route them through the identity rule, then list them"
    for relative in readers:
        for node in ast.walk(ast.parse((root / relative).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "with_petitioner":
                assert any(k.arg == "seen_by" for k in node.keywords), f"{relative}:{node.lineno}"


# --- 2. The accused are kept away from the accusation ---------------------------------------------------------


@pytest.fixture
def accused_leader(department):
    return UserFactory(username="dept_leader", full_name="张副局长", unit=department, roles=[Role.LEADER])


@pytest.fixture
def named_leader(db):
    county = UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)
    return UserFactory(username="named", full_name="刘局长", unit=county, roles=[Role.LEADER])


def test_a_leader_of_the_accused_unit_cannot_be_asked_for_an_instruction(
        client, registrar, accusation, accused_leader, named_leader, leader):
    for who in (accused_leader, named_leader):
        with pytest.raises(ValidationError) as refused:
            actions.instruction_request(actor=registrar, petition=accusation, leader=who)
        assert "leader" in refused.value.message_dict
        assert not Instruction.objects.filter(leader=who).exists()
        assert who not in InstructionRequestForm(petition=accusation).fields["leader"].queryset
    assert list(leaders_for(accusation)) == [leader]
    client.force_login(registrar)
    client.post(reverse("petitions:instruction", args=[accusation.pk]), {"leader": accused_leader.pk})
    assert not Instruction.objects.exists()


def test_nor_own_it(registrar, supervisor, accusation, accused_leader, named_leader, township):
    for who in (accused_leader, named_leader):
        with pytest.raises(ValidationError):
            actions.petition_set_owning_leader(actor=registrar, petition=accusation, leader=who)
        with pytest.raises(ValidationError):
            supervision_actions.ownership_set(actor=supervisor, petition=accusation, owning_leader=who)
    other = register(registrar, township, content_type="accusation", accused_unit=accused_leader.unit)
    with pytest.raises(ValidationError) as refused:
        actions.petition_assign(actor=registrar, petition=other, unit=township, owning_leader=accused_leader)
    assert "owning_leader" in refused.value.message_dict
    assert Petition.objects.get(pk=other.pk).owning_leader is None


def test_a_leader_of_the_accused_unit_never_sees_it_even_when_asked_before(client, registrar, accusation, accused_leader):
    """A request made before the rule existed (written straight into the table) does not open the item."""
    Instruction.objects.create(petition=accusation, leader=accused_leader, requested_by=registrar, requested_at=NOW)
    assert not Petition.objects.visible_to(accused_leader).exists()
    client.force_login(accused_leader)
    assert client.get(reverse("petitions:detail", args=[accusation.pk])).status_code == 404
    assert not _found(client, reverse("petitions:search"), VALID_ID)


def test_the_owning_leader_named_in_an_accusation_does_not_see_it(registrar, township, named_leader):
    owned = actions.petition_assign(actor=registrar, petition=register(registrar, township), unit=township,
                                    owning_leader=named_leader, on=D(2026, 3, 3))
    Petition.objects.filter(pk=owned.pk).update(content_type="accusation", accused_person="刘局长")
    assert not Petition.objects.visible_to(named_leader).exists()


def test_a_handler_named_in_an_accusation_does_not_see_it(registrar, township, handler, other_handler):
    p = register(registrar, township, content_type="accusation", accused_person=f"{handler.full_name}（副镇长）")
    p = actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 3, 3))
    assert accuses(p, user=handler) and not Petition.objects.visible_to(handler).filter(pk=p.pk).exists()
    colleague = UserFactory(username="colleague", full_name="镇同事", unit=township, roles=[Role.UNIT_HANDLER])
    assert Petition.objects.visible_to(colleague).filter(pk=p.pk).exists()


def test_an_accusation_is_not_put_on_the_agenda_of_a_meeting_the_accused_unit_attends(
        supervisor, accusation, department, township):
    data = meeting_actions.MeetingData(
        held_on=D(2026, 3, 9), title="三月联席会议", place="县信访局会议室", chair="局长",
        attendees=[meeting_actions.AttendeeData(unit=department, person="李科长"),
                   meeting_actions.AttendeeData(unit=township, person="王镇长")],
        agenda=[accusation],
    )
    with pytest.raises(ValidationError) as refused:
        meeting_actions.meeting_record(actor=supervisor, data=data, today=D(2026, 3, 10))
    assert accusation.number in refused.value.message_dict["agenda"][0]
    data.attendees = data.attendees[1:]
    meeting = meeting_actions.meeting_record(actor=supervisor, data=data, today=D(2026, 3, 10))
    with pytest.raises(ValidationError) as refused:
        meeting_actions.meeting_task_add(actor=supervisor, meeting=meeting, text="核查", due_on=D(2026, 3, 20),
                                         owner_unit=department, petition=accusation)
    assert "owner_unit" in refused.value.message_dict


def test_the_accused_unit_cannot_lead_the_owned_case(supervisor, accusation, department):
    with pytest.raises(ValidationError) as refused:
        supervision_actions.ownership_set(actor=supervisor, petition=accusation, lead_unit=department)
    assert "lead_unit" in refused.value.message_dict


# --- 3. A stored script through the phone field ----------------------------------------------------------------

SCRIPT = "<svg/onload=alert()>"


def test_a_phone_that_is_not_a_phone_number_is_refused_at_registration(client, registrar, township):
    with pytest.raises(ValidationError) as refused:
        register(registrar, township, petitioners=[actions.PetitionerData(name="甲", phone=SCRIPT)])
    assert "第1位信访人" in refused.value.message_dict["petitioners"][0]
    client.force_login(registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    post = {
        "channel": "letter", "received_on": "2026-03-10", "headcount": "1", "received_level": "own",
        "source": "direct", "title": "反映问题", "content": "内容", "content_type": "appeal_demand",
        "category": str(register(registrar, township).category_id), "place": str(township.pk),
        "petitioners-TOTAL_FORMS": "1", "petitioners-INITIAL_FORMS": "0", "petitioners-MIN_NUM_FORMS": "1",
        "petitioners-MAX_NUM_FORMS": "60", "petitioners-0-name": "甲", "petitioners-0-phone": SCRIPT,
    }
    before = Petition.objects.count()
    response = client.post(reverse("petitions:register"), post)
    assert response.status_code == 200 and Petition.objects.count() == before
    html = response.content.decode()
    assert "不是电话号码" in html and SCRIPT not in html  # the message says what is wrong; the input is escaped


@pytest.mark.parametrize(("typed", "stored"), [
    ("177-0058-2290", "17700582290"), ("0731 8441 2345", "073184412345"),
    ("0731-84412345 转 8001", "073184412345转8001"), ("0731-84412345 ext. 8001", "073184412345转8001"),
    ("+86 138 1234 5678", "+8613812345678"), ("", ""),
])
def test_phones_are_stored_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", [SCRIPT, "138", "电话13812345678", "1" * 21, "138 1234 5678 转"])
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_the_reveal_shows_a_stored_script_as_text(client, registrar, township):
    """Data stored before phones were checked: the reveal fragment is a template, so it is escaped."""
    p = register(registrar, township)
    PetitionParty.objects.filter(petition=p).update(phone=SCRIPT)
    client.force_login(registrar)
    response = client.post(reverse("petitions:reveal", args=[p.pk, p.parties.get().petitioner_id, "phone"]))
    assert response.content.decode() == "&lt;svg/onload=alert()&gt;"


def test_no_view_builds_an_html_response_from_a_string():
    """Every htmx fragment is a template: an ``HttpResponse(content)`` is allowed only for files and plain text, with
    the content type said."""
    root = Path(settings.BASE_DIR)
    problems = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "bench/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "HttpResponse":
                if node.args and not any(k.arg == "content_type" for k in node.keywords):
                    problems.append(f"{relative}:{node.lineno}")
    assert not problems


# --- 4. People are never merged silently ------------------------------------------------------------------------


@pytest.fixture
def first(registrar, township):
    return register(registrar, township, petitioners=[actions.PetitionerData(
        name="张三", id_number=VALID_ID, phone="13800001111", address="化子坪村一组")])


def test_a_known_id_number_with_another_name_is_refused_and_nothing_is_saved(registrar, township, first):
    person = Petitioner.objects.get()
    with pytest.raises(actions.SamePersonUnconfirmed) as refused:
        register(registrar, township, petitioners=[
            actions.PetitionerData(name="王五", phone="13800001111"),
            actions.PetitionerData(name="李四", id_number=VALID_ID, phone="13999999999", address="别处")])
    assert refused.value.position == 2 and refused.value.recorded_name == "张三"
    assert "第2位信访人" in refused.value.messages[0] and "110101********7571" in refused.value.messages[0]
    assert Petition.objects.count() == 1 and Petitioner.objects.count() == 1
    person.refresh_from_db()
    assert (person.name, person.phone, person.address) == ("张三", "13800001111", "化子坪村一组")


def test_a_confirmed_person_gets_a_new_version_and_the_earlier_item_keeps_what_it_recorded(
        client, registrar, township, first):
    second = register(registrar, township, petitioners=[actions.PetitionerData(
        name="张叁", id_number=VALID_ID, phone="13911112222", same_person_confirmed=True)])
    person = Petitioner.objects.get()
    assert (person.name, person.phone, person.address) == ("张叁", "13911112222", "化子坪村一组")
    version = PetitionerVersion.objects.get()
    assert (version.name, version.phone, version.petition, version.replaced_by) == (
        "张三", "13800001111", second, registrar)
    event = second.events.get(kind=EventKind.PETITIONER_CHANGED)
    assert event.data["fields"] == ["name", "phone"] and "13911112222" not in event.note
    assert first.parties.values_list("name", "phone").get() == ("张三", "13800001111")
    assert second.parties.values_list("name", "phone", "address").get() == ("张叁", "13911112222", "化子坪村一组")
    client.force_login(registrar)
    html = client.get(reverse("petitions:detail", args=[first.pk])).content.decode()
    assert "张三" in html and "138****1111" in html and "张叁" not in html
    reveal = client.post(reverse("petitions:reveal", args=[first.pk, person.pk, "phone"]))
    assert reveal.content.decode() == "13800001111"  # the phone this item recorded
    for q in ("13800001111", "张三", "13911112222"):  # found by what the record says now and said before
        rows = client.get(reverse("petitions:search"), {"q": q}).context["rows"]
        assert {row.number for row in rows} == {first.number, second.number}, q


def test_a_new_phone_of_the_same_person_is_a_version_with_an_event_not_a_silent_overwrite(registrar, township, first):
    second = register(registrar, township, petitioners=[actions.PetitionerData(
        name="张三", id_number=VALID_ID, phone="13911112222")])
    assert PetitionerVersion.objects.get().phone == "13800001111"
    assert second.events.filter(kind=EventKind.PETITIONER_CHANGED).count() == 1
    assert first.parties.get().phone == "13800001111"
    third = register(registrar, township, petitioners=[actions.PetitionerData(name="张三", id_number=VALID_ID)])
    assert not third.events.filter(kind=EventKind.PETITIONER_CHANGED).exists()  # nothing new: nothing changed
    assert third.parties.values_list("phone", flat=True).get() == "13911112222"


def test_the_registration_page_asks_which_is_right(client, registrar, township, first):
    client.force_login(registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    panel = client.get(reverse("petitions:earlier_items"), {
        "petitioners-0-name": "李四", "petitioners-0-id_number": VALID_ID}).content.decode()
    assert "已登记为“张三”" in panel and first.number in panel
    post = {
        "channel": "letter", "received_on": "2026-03-10", "headcount": "1", "received_level": "own",
        "source": "direct", "title": "反映问题", "content": "内容", "content_type": "appeal_demand",
        "category": str(first.category_id), "place": str(township.pk),
        "petitioners-TOTAL_FORMS": "1", "petitioners-INITIAL_FORMS": "0", "petitioners-MIN_NUM_FORMS": "1",
        "petitioners-MAX_NUM_FORMS": "60", "petitioners-0-name": "李四", "petitioners-0-id_number": VALID_ID,
    }
    response = client.post(reverse("petitions:register"), post)
    html = response.content.decode()
    assert response.status_code == 200 and Petition.objects.count() == 1
    assert "petitioners-0-same_person_confirmed" in html and "已登记为“张三”" in html
    response = client.post(reverse("petitions:register"), {**post, "petitioners-0-same_person_confirmed": "on"})
    assert response.status_code == 302 and Petition.objects.count() == 2
    assert Petitioner.objects.get().name == "李四"


# --- 7. The query code reaches the petitioner only; how an evaluation came --------------------------------------


def _replied(registrar, handler, township, **kwargs):
    p = actions.petition_assign(actor=registrar, petition=register(registrar, township, **kwargs), unit=township,
                                on=D(2026, 3, 3))
    p = actions.petition_sign_for(actor=handler, petition=p, on=D(2026, 3, 4))
    return actions.petition_reply(actor=handler, petition=p, outcome="support", text="已修复。", on=D(2026, 3, 6))


def test_unit_handlers_never_see_the_query_code(client, registrar, handler, leader, township):
    p = _replied(registrar, handler, township)
    assert can_see_query_code(registrar) and not can_see_query_code(handler) and not can_see_query_code(leader)
    client.force_login(handler)
    assert p.display_query_code not in client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    for user, shown in ((handler, None), (registrar, p.display_query_code)):
        buffer = io.BytesIO()
        write_petition_ledger(Petition.objects.filter(pk=p.pk), user, buffer, today=D(2026, 3, 10))
        sheet = load_workbook(buffer, read_only=True).active
        headings, row = list(sheet.iter_rows(values_only=True))[:2]
        assert row[headings.index("查询码")] == shown
    client.force_login(registrar)
    assert p.display_query_code in client.get(reverse("petitions:detail", args=[p.pk])).content.decode()


def test_an_evaluation_records_how_it_came(client, registrar, handler, township):
    on_page = _replied(registrar, handler, township)
    client.post(reverse("portal:evaluate", kwargs={"code": on_page.display_query_code}), {"rating": "satisfied"})
    by_call = actions.petition_evaluate(actor=registrar, petition=_replied(registrar, handler, township),
                                        rating="dissatisfied")
    on_page.refresh_from_db()
    assert (on_page.satisfaction, on_page.evaluation_via) == ("satisfied", Via.PUBLIC_PAGE)
    assert by_call.evaluation_via == Via.BUREAU
    assert by_call.events.get(kind=EventKind.EVALUATED).actor == registrar
    review = actions.petition_request_review(actor=None, petition=on_page, reason="不服")
    assert review.review_requested_via == Via.PUBLIC_PAGE
    with pytest.raises(TransitionRefused):  # the unit being judged cannot judge itself from its desk
        actions.petition_evaluate(actor=handler, petition=_replied(registrar, handler, township), rating="satisfied")


# --- 10. Dates in a year without calendar data -------------------------------------------------------------------


def test_every_date_computed_into_2027_is_marked_provisional(client, registrar, handler, township):
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, tzinfo=dt.UTC), tick=False):
        p = register(registrar, township, received_on=D(2026, 12, 28))
        assert p.decision_due_provisional
        p = actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 12, 28))
        assert p.objection_due_on.year == 2027 and p.objection_due_provisional
        assert p.handling_due_provisional and p.due_provisional
        client.force_login(handler)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        html = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
        assert html.count("（暂定）") + html.count("(暂定)") >= 3  # the current, objection and handling dates
    with time_machine.travel(dt.datetime(2027, 1, 20, 10, tzinfo=dt.UTC), tick=False):
        why = refusal(handler, Petition.objects.get(pk=p.pk), "hand_back", D(2027, 1, 20))
        assert "暂定" in why
        p = actions.petition_sign_for(actor=handler, petition=p, on=D(2027, 1, 20))
        p = actions.petition_reply(actor=handler, petition=p, outcome="support", text="已办。", on=D(2027, 1, 20))
        assert p.review_request_due_provisional
        public = client.get(reverse("portal:status", kwargs={"code": p.display_query_code})).content.decode()
        # The handling due date of the assignment, and the review window, on the petitioner's page.
        assert public.count("暂定") >= 2, public
