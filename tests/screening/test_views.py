"""The screening pages: an information officer's own reports (我的报送) and the township's screening of them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from screening import actions
from screening.models import Dispute, DisputeType, OfficerReport, ReportState, RiskLevel

FRIDAY = dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC)  # reports of that day are to be screened by 11 March
MY_REPORTS = reverse("screening:my_reports")
REPORTS = reverse("screening:reports")


def submit(client, **overrides):
    data = {"what": "两户因排水沟争吵，已动手推搡", "where": "化子坪村三组", "people_involved": "6", "urgency": "urgent"}
    data.update(overrides)
    return client.post(MY_REPORTS, data)


@pytest.fixture
def report(officer):
    with time_machine.travel(FRIDAY, tick=False):
        return actions.report_submit(actor=officer, data=actions.ReportData(what="宅基地边界争执", where="化子坪村二组",
                                                                            people_involved=3))


@time_machine.travel(FRIDAY, tick=False)
def test_an_officer_reports_through_the_form_and_sees_the_report_in_his_list(client, officer, township):
    client.force_login(officer)
    response = submit(client)
    assert response.status_code == 302 and response.url == MY_REPORTS
    report = OfficerReport.objects.get()
    assert (report.officer, report.township, report.people_involved, report.urgency) == (officer, township, 6, "urgent")
    page = client.get(MY_REPORTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "两户因排水沟争吵" in html and "化子坪村三组" in html
    assert "等待" in html or report.get_state_display() in html
    assert len(list(page.context["messages"])) == 1  # the success message


def test_bad_input_shows_the_chinese_message_at_the_field_and_saves_nothing(client, officer, township):
    client.force_login(officer)
    response = submit(client, what=" ", people_involved="0")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"what", "people_involved"}
    html = response.content.decode()
    assert "此项为必填项。" in html and "确保该值大于或等于1。" in html
    assert 'invalid-feedback' in html
    assert not OfficerReport.objects.exists()


def test_another_officer_neither_sees_the_report_nor_opens_it(client, report, other_officer):
    client.force_login(other_officer)
    page = client.get(MY_REPORTS)
    assert list(page.context["reports"]) == []
    assert "宅基地边界争执" not in page.content.decode()
    assert client.get(reverse("screening:report_detail", args=[report.pk])).status_code == 404


def test_the_officers_list_shows_the_dispute_number_and_state_but_not_its_parties(client, report, officer, handler,
                                                                                  township, village):
    data = actions.DisputeData(
        found_on=dt.date(2026, 3, 6), found_by_unit=township, place=village, type=DisputeType.objects.get(name="宅基地"),
        title="宅基地边界纠纷", description="两户争执。", responsible_unit=township, people_involved=3,
        persons=[actions.PartyData(name="李四秘", phone="13812345678")])
    dispute = actions.report_accept(actor=handler, report=report, data=data, on=dt.date(2026, 3, 6))
    client.force_login(officer)
    html = client.get(MY_REPORTS).content.decode()
    assert dispute.number in html and dispute.get_state_display() in html
    assert "李四秘" not in html and "13812345678" not in html


def test_the_township_sees_the_report_with_overdue_ones_marked_and_counted(client, report, handler, other_handler):
    client.force_login(handler)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(REPORTS)
    assert page.status_code == 200 and list(page.context["page"].object_list) == [report]
    assert page.context["overdue_count"] == 0 and "due-overdue" not in page.content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(REPORTS)
    html = page.content.decode()
    assert page.context["overdue_count"] == 1 and page.context["waiting_count"] == 1
    assert "due-overdue" in html and '<span class="badge badge-overdue">逾期</span>' in html
    client.force_login(other_handler)
    assert list(client.get(REPORTS).context["page"].object_list) == []
    assert client.get(reverse("screening:report_detail", args=[report.pk])).status_code == 404


@time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_township_accepts_the_report_as_a_dispute_through_the_form(client, report, handler, township, village):
    client.force_login(handler)
    page = client.get(reverse("screening:report_detail", args=[report.pk]))
    form = page.context["accept_form"]
    assert "found_by_unit" not in form.fields  # a township finds for itself
    assert form.initial["place"] == village and form.initial["description"] == "宅基地边界争执"
    assert form.initial["people_involved"] == 3 and form.initial["found_on"] == dt.date(2026, 3, 9)
    response = client.post(reverse("screening:report_accept", args=[report.pk]), {
        "found_on": "2026-03-09", "place": village.pk, "type": DisputeType.objects.get(name="宅基地").pk,
        "title": "宅基地边界纠纷", "description": "两户因宅基地边界争执。", "people_involved": "3",
        "risk_level": RiskLevel.MEDIUM, "responsible_unit": township.pk, "due_on": "",
    })
    assert response.status_code == 302 and response.url == REPORTS
    report.refresh_from_db()
    dispute = Dispute.objects.get()
    assert (report.state, report.dispute, dispute.found_by_unit, dispute.place) == (
        ReportState.ACCEPTED, dispute, township, village)
    assert dispute.due_on == dt.date(2026, 4, 8)


@time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_bad_acceptance_shows_the_errors_at_the_fields_and_saves_nothing(client, report, handler, township,
                                                                           village):
    client.force_login(handler)
    response = client.post(reverse("screening:report_accept", args=[report.pk]), {
        "found_on": "2026-03-09", "place": village.pk, "type": DisputeType.objects.get(name="宅基地").pk,
        "title": "宅基地边界纠纷", "description": "x", "people_involved": "3", "risk_level": RiskLevel.LOW,
        "responsible_unit": township.pk, "due_on": "2026-03-01",
    })
    assert response.status_code == 400  # the action's check, at its field
    assert response.context["accept_form"].errors == {"due_on": ["化解期限不能早于排查发现之日。"]}
    assert 'id="id_due_on"' in response.content.decode()
    response = client.post(reverse("screening:report_accept", args=[report.pk]), {"found_on": "2026-03-09"})
    assert response.status_code == 400 and "此项为必填项。" in response.content.decode()
    assert not Dispute.objects.exists()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_report_is_closed_with_a_reason_or_merged_into_a_known_dispute(client, report, officer, handler, dispute):
    client.force_login(handler)
    close = reverse("screening:report_close", args=[report.pk])
    assert client.post(close, {"close_reason": ""}).status_code == 400
    assert client.post(reverse("screening:report_merge", args=[report.pk]), {"dispute": dispute.pk}).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.dispute) == (ReportState.MERGED, dispute)
    response = client.post(close, {"close_reason": "重复"})  # screened already: said on the page
    assert response.status_code == 400 and response.context["failed_errors"]


def test_an_officer_can_neither_open_the_worklist_nor_screen_his_own_report(client, report, officer):
    client.force_login(officer)
    assert client.get(REPORTS).status_code == 403
    assert client.post(reverse("screening:report_close", args=[report.pk]), {"close_reason": "x"}).status_code == 403


def test_an_officer_is_sent_from_the_worklist_to_his_reports_and_sees_no_petition_menu(client, officer):
    client.force_login(officer)
    response = client.get(reverse("petitions:worklist"))
    assert response.status_code == 302 and response.url == MY_REPORTS
    html = client.get(MY_REPORTS).content.decode()
    for name in ("petitions:search", "petitions:register", "ledgers:home", "reception:home", "stats:dashboard",
                 "screening:reports"):
        assert f'href="{reverse(name)}"' not in html
    assert f'class="nav-link" href="{MY_REPORTS}"' in html


def test_a_township_handler_finds_the_reports_in_the_registers_menu(client, handler):
    client.force_login(handler)
    html = client.get(reverse("petitions:worklist")).content.decode()
    assert f'href="{REPORTS}"' in html and f'href="{MY_REPORTS}"' not in html
