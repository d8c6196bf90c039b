"""Duty pages: every staff member sees the rosters and who is on duty today; only the bureau's supervisors edit."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from duty.models import DutyRoster

pytestmark = pytest.mark.django_db
OCT_1 = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize("who", ["handler", "leader", "registrar", "supervisor"])
def test_every_staff_member_sees_who_is_on_duty_today_and_the_roster(client, request, who, roster):
    client.force_login(request.getfixturevalue(who))
    with time_machine.travel(OCT_1, tick=False):
        page = client.get(reverse("duty:index")).content.decode()
    panel = page[page.index('id="on-duty-today"'):]
    assert "刘晓燕、张志华" in panel and "13909110001" in panel and "李红梅" not in panel[:panel.index("</table>")]
    page = client.get(reverse("duty:detail", args=[roster.pk])).content.decode()
    assert "李红梅" in page and "2026-10-03" in page
    assert client.get(reverse("duty:print", args=[roster.pk])).status_code == 200


def test_no_roster_today_says_so(client, handler, roster):
    client.force_login(handler)
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), tick=False):
        assert "今天没有值班安排。" in client.get(reverse("duty:today")).content.decode()


def test_anonymous_users_see_nothing(client, roster):
    for name, args in [("duty:index", []), ("duty:detail", [roster.pk]), ("duty:print", [roster.pk]),
                       ("duty:document", [roster.pk]), ("duty:export", [])]:
        assert client.get(reverse(name, args=args)).status_code == 302


@pytest.mark.parametrize("who", ["handler", "leader", "registrar"])
def test_others_may_not_edit(client, request, who, roster):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("duty:create")).status_code == 403
    assert client.get(reverse("duty:edit", args=[roster.pk])).status_code == 403
    response = client.post(reverse("duty:shift_set", args=[roster.pk]), {
        "on_date": "2026-10-03", "shift": "b_day", "staff": "x", "place": "y", "phone": "z"})
    assert response.status_code == 403 and roster.shifts.count() == 3


def test_a_supervisor_creates_a_roster_and_enters_a_shift(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("duty:create"), {"name": "2027年全国两会期间", "starts_on": "2027-03-03",
                                                    "ends_on": "2027-03-12", "requirements": ""})
    roster = DutyRoster.objects.get(name="2027年全国两会期间")
    assert response.status_code == 302
    response = client.post(reverse("duty:shift_set", args=[roster.pk]), {
        "on_date": "2027-03-20", "shift": "b_day", "staff": "刘晓燕", "place": "值班室", "phone": "0911-6212345"})
    assert response.status_code == 400 and "值班日期须在值班期间内" in response.content.decode()
    response = client.post(reverse("duty:shift_set", args=[roster.pk]), {
        "on_date": "2027-03-05", "shift": "b_day", "staff": "刘晓燕", "place": "值班室", "phone": "0911-6212345"})
    assert response.status_code == 302 and roster.shifts.get().staff == "刘晓燕"


def test_the_roster_docx_is_an_official_document_with_a_table(client, handler, roster):
    client.force_login(handler)
    response = client.get(reverse("duty:document", args=[roster.pk]), HTTP_ACCEPT_LANGUAGE="en")
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "2026年国庆节期间值班表"
    assert document.paragraphs[1].text == "值班时间：2026年10月1日至2026年10月3日。"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["日期", "班次", "值班人员", "值班地点", "联系电话", "带班领导"]
    assert [c.text for c in table.rows[2].cells][1:5] == ["夜班", "王建国", "县信访局接访大厅", "13909110001"]
    assert table.rows[4].cells[0].text == "10月3日（周六）" and table.rows[4].cells[2].text == "（待安排）"
    assert [p.text for p in document.paragraphs[-2:]] == ["县信访局", document.paragraphs[-1].text]
    assert document.paragraphs[-1].text.startswith("2026年")
