"""The pages: who sees what (404 for anyone else), the forms calling the actions, the worklist markers and tab."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from petitions import actions as petition_actions
from petitions.models import EventKind
from supervision import actions
from supervision.models import Ownership, SupervisionNotice

from .conftest import five

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.datetime(2026, 3, 18, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def notice(supervisor, major):
    return actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="请限期办结。",
                                on=D(2026, 3, 10))


def test_a_supervisor_records_the_five_assurances_through_the_form(client, supervisor, major, leader, township):
    client.force_login(supervisor)
    url = reverse("supervision:ownership_edit", args=[major.pk])
    assert client.get(url).status_code == 200
    data = {**five(leader, township), "owning_leader": leader.pk, "lead_unit": township.pk, "deadline": "2026-04-15"}
    response = client.post(url, {**data, "funds": ""})
    assert response.status_code == 302
    assert Ownership.objects.get().completed_on is None
    response = client.post(url, data)
    assert Ownership.objects.get().completed_on is not None
    page = client.get(reverse("petitions:detail", args=[major.pk])).content.decode()
    assert 'id="supervision-panel"' in page and "张明（副镇长）" in page


def test_the_form_shows_the_actions_refusal(client, supervisor, major, leader, township):
    client.force_login(supervisor)
    response = client.post(reverse("supervision:ownership_edit", args=[major.pk]),
                           {"owning_leader": leader.pk, "deadline": "2026-03-01"})
    assert response.status_code == 200 and "deadline" in response.context["form"].errors


@pytest.mark.parametrize("name", ["index", "ownership", "notices", "from_above", "bulletins", "ledgers"])
def test_pages_open_to_staff_and_404_to_others(client, supervisor, handler, leader, db, name):
    from ..factories import UserFactory

    outsider = UserFactory(username="nobody", roles=[], unit=None)
    for user, status in ((supervisor, 200), (handler, 200), (leader, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(reverse(f"supervision:{name}")).status_code == status, user


def test_another_units_item_gives_404(client, other_handler, handler, supervisor, major, notice, leader, township):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    client.force_login(other_handler)
    for url in (reverse("supervision:ownership_edit", args=[major.pk]),
                reverse("supervision:notice_new", args=[major.pk]),
                reverse("supervision:completion_report", args=[major.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("supervision:notice_complete", args=[notice.pk]), {"result": "x"}).status_code == 404
    assert "督〔2026〕1号" not in client.get(reverse("supervision:notices") + "?view=all").content.decode()
    client.force_login(handler)  # the unit sees the notices about its items, but cannot record ownership
    assert "督〔2026〕1号" in client.get(reverse("supervision:notices") + "?view=all").content.decode()
    assert client.get(reverse("supervision:ownership_edit", args=[major.pk])).status_code == 404


def test_a_leader_sees_the_items_he_owns_only(client, supervisor, major, leader, other_leader, township, notice):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    client.force_login(leader)
    assert "张明（副镇长）" in client.get(reverse("supervision:ownership") + "?view=owned").content.decode()
    assert "督〔2026〕1号" in client.get(reverse("supervision:notices") + "?view=all").content.decode()
    client.force_login(other_leader)
    assert "张明（副镇长）" not in client.get(reverse("supervision:ownership") + "?view=owned").content.decode()
    assert "督〔2026〕1号" not in client.get(reverse("supervision:notices") + "?view=all").content.decode()


def test_a_supervisor_issues_and_completes_a_notice_through_the_pages(client, supervisor, major):
    client.force_login(supervisor)
    with time_machine.travel(TODAY):
        response = client.post(reverse("supervision:notice_new", args=[major.pk]),
                               {"due_on": "2026-03-25", "requirement": "请限期办结。"})
        assert response.status_code == 302
        notice = SupervisionNotice.objects.get()
        client.post(reverse("supervision:notice_complete", args=[notice.pk]),
                    {"result": "已办结", "next": "https://evil.example/"})
    notice.refresh_from_db()
    assert notice.completed_on == D(2026, 3, 18)


def test_a_registrar_cannot_issue_notices(client, registrar, major):
    client.force_login(registrar)
    assert client.get(reverse("supervision:notice_new", args=[major.pk])).status_code == 404


# --- the petitions worklist ---------------------------------------------------------------------------------------


def test_the_units_worklist_marks_supervised_items_with_their_warning(client, handler, major, notice):
    client.force_login(handler)
    with time_machine.travel(TODAY):  # due on the 20th: within three days
        page = client.get(reverse("petitions:worklist") + "?tab=unit").content.decode()
        assert "督办将到期" in page
        tab = client.get(reverse("petitions:worklist") + "?tab=supervised")
    assert [row.number for row in tab.context["rows"]] == [major.number]
    with time_machine.travel(dt.datetime(2026, 3, 23, 10, 0, tzinfo=dt.UTC)):
        page = client.get(reverse("petitions:worklist") + "?tab=unit").content.decode()
    assert "督办超期" in page


def test_the_supervised_tab_of_another_unit_is_empty(client, other_handler, notice):
    client.force_login(other_handler)
    assert list(client.get(reverse("petitions:worklist") + "?tab=supervised").context["rows"]) == []


def test_a_written_instruction_is_in_the_history_and_marked_on_the_units_worklist(client, supervisor, leader,
                                                                                   handler, general):
    petition_actions.instruction_request(actor=supervisor, petition=general, leader=leader)
    client.force_login(handler)
    rows = client.get(reverse("petitions:worklist") + "?tab=unit").context["rows"]
    assert [m.label for m in rows[0].markers] == []  # requested, not written: no marker
    petition_actions.instruction_write(actor=leader, petition=general, text="请化子坪镇抓紧解决。")
    event = general.events.get(kind=EventKind.INSTRUCTED)
    assert event.note == "请化子坪镇抓紧解决。" and event.actor == leader
    response = client.get(reverse("petitions:worklist") + "?tab=unit")
    assert [str(m.css) for m in response.context["rows"][0].markers] == ["text-bg-info"]
    assert "领导批示" in response.content.decode()
    detail = client.get(reverse("petitions:detail", args=[general.pk])).content.decode()
    assert "请化子坪镇抓紧解决。" in detail


def test_an_item_lacking_ownership_is_marked_until_all_five_are_in_place(client, supervisor, major, leader, township):
    client.force_login(supervisor)
    labels = lambda: [m.css for m in client.get(reverse("petitions:worklist") + "?tab=all").context["rows"][0].markers]  # noqa: E731
    assert labels() == ["text-bg-secondary"]
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    assert labels() == []
    lacking = client.get(reverse("supervision:ownership")).context["items"]
    assert list(lacking) == []
