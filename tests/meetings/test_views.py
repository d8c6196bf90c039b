"""The pages of the joint-meeting register, its access rule and the minutes."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from meetings import actions
from meetings.models import JointMeeting, MeetingTask, TaskState

from ..factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(supervisor, meeting, case):
    return actions.meeting_task_add(actor=supervisor, meeting=meeting, text="督促支付工资",
                                    due_on=dt.date(2026, 3, 20), owner_unit=case.place, petition=case)


def test_bureau_staff_see_the_list_detail_and_task_list(client, supervisor, meeting, case, task):
    client.force_login(supervisor)
    page = client.get(reverse("meetings:index")).content.decode()
    assert "2026年3月信访工作联席会议" in page
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "督促支付工资" in page and case.number in page and 'id="task-form"' in page
    assert "督促支付工资" in client.get(reverse("meetings:tasks") + "?show=all").content.decode()
    assert client.get(reverse("meetings:create")).status_code == 200


def test_a_leader_sees_every_meeting_but_cannot_edit(client, leader, meeting):
    client.force_login(leader)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:create")).status_code == 403
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_a_unit_sees_the_meetings_it_attended_and_only_the_cases_it_may_see(client, handler, meeting, case,
                                                                           other_case):
    client.force_login(handler)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    # The items are not assigned yet: the unit's handler sees neither; the page says two are hidden.
    assert case.number not in page and other_case.title not in page and "2" in page
    assert 'id="task-form"' not in page


def test_another_units_meeting_by_url_is_404_and_its_minutes_too(client, other_handler, meeting):
    client.force_login(other_handler)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404
    assert "2026年3月" not in client.get(reverse("meetings:index")).content.decode()


def test_a_unit_sees_its_own_tasks_and_reports_one_done(client, handler, other_handler, task, supervisor, meeting):
    other = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="别的单位的事", due_on=dt.date(2026, 3, 20),
                                     owner_unit=other_handler.unit)
    client.force_login(handler)
    with time_machine.travel(dt.datetime(2026, 3, 25, 10, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("meetings:tasks")).content.decode()
        assert "督促支付工资" in page and "别的单位的事" not in page and "badge-overdue" in page
        assert client.get(reverse("meetings:task_done", args=[other.pk])).status_code == 404
        response = client.post(reverse("meetings:task_done", args=[task.pk]),
                               {"done_on": "2026-03-24", "note": "工资已支付", "next": "/meetings/tasks/"})
    assert response.status_code == 302 and response.url == "/meetings/tasks/"
    assert MeetingTask.objects.get(pk=task.pk).state == TaskState.DONE


def test_a_supervisor_records_a_meeting_through_the_form_and_adds_a_decision(client, supervisor, township, case):
    client.force_login(supervisor)
    with time_machine.travel(dt.datetime(2026, 3, 12, 10, tzinfo=dt.UTC), tick=False):
        response = client.post(reverse("meetings:create"), {
            "held_on": "2026-03-11", "title": "3月联席会议", "place": "县委会议室", "chair": "王县长",
            "unit_0": township.pk, "person_0": "高镇长", "other_numbers": case.number,
        })
        assert response.status_code == 302, response.content.decode()
        meeting = JointMeeting.objects.get(title="3月联席会议")
        assert list(meeting.agenda.values_list("petition_id", flat=True)) == [case.pk]
        response = client.post(reverse("meetings:task_add", args=[meeting.pk]), {
            "text": "尽快化解", "petition": case.pk, "owner_unit": township.pk, "due_on": "2026-03-10"})
        assert response.status_code == 400 and "完成时限不能早于会议日期" in response.content.decode()
        response = client.post(reverse("meetings:task_add", args=[meeting.pk]), {
            "text": "尽快化解", "petition": case.pk, "owner_unit": township.pk, "due_on": "2026-03-30"})
    assert response.status_code == 302 and meeting.tasks.get().owner_unit == township


def test_an_unknown_registration_number_is_refused_on_the_form(client, supervisor, township):
    client.force_login(supervisor)
    response = client.post(reverse("meetings:create"), {
        "held_on": "2026-03-01", "title": "x", "place": "y", "chair": "z", "unit_0": township.pk,
        "person_0": "高镇长", "other_numbers": "XF2026-9999999"})
    assert response.status_code == 400 and "XF2026-9999999" in response.content.decode()


def test_the_monthly_warning_names_the_months_without_a_meeting(client, supervisor, meeting):
    client.force_login(supervisor)
    with time_machine.travel(dt.datetime(2026, 6, 5, 10, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("meetings:index")).content.decode()
    warning = page[page.index('id="monthly-warning"'):]
    warning = warning[:warning.index("</div>")]
    assert "2026年4月" in warning and "2026年5月" in warning and "2026年3月" not in warning
    assert 'id="month-due"' in page


def test_the_minutes_are_an_official_docx_in_chinese(client, supervisor, meeting, case, task):
    client.force_login(supervisor)
    response = client.get(reverse("meetings:minutes", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "2026年3月信访工作联席会议纪要"
    assert "县委第一会议室" in text and "化子坪镇（高镇长）" in text
    assert f"{case.number}“拖欠农民工工资”" in text
    assert "（一）督促支付工资" in text and "2026年3月20日" in text
    assert document.paragraphs[-1].text == "2026年3月10日"
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"


def test_the_minutes_for_a_unit_leave_out_the_cases_it_may_not_see(client, handler, meeting, case):
    client.force_login(handler)
    response = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert case.title not in text and "另有2件" in text


def test_anonymous_users_are_sent_to_the_login(client, meeting):
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 302


def test_a_handler_of_an_attending_unit_below_the_bureau_is_not_bureau_staff(client, meeting):
    unit = UnitFactory(name="县人社局")
    user = UserFactory(username="rsj", unit=unit)
    client.force_login(user)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_a_units_ledger_export_holds_its_meetings_without_the_cases_it_may_not_see(client, handler, meeting, case,
                                                                                  task):
    from openpyxl import load_workbook

    client.force_login(handler)
    response = client.get(reverse("meetings:export"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    headings = list(rows[0])
    assert len(rows) == 2 and rows[1][headings.index("议定事项")] == "督促支付工资"
    assert rows[1][headings.index("研究案件")] is None and rows[1][headings.index("关联案件")] is None
