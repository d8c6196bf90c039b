"""The pages of the joint-meeting register and its access rule."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings import actions

pytestmark = pytest.mark.django_db


def test_bureau_staff_see_the_list_detail_and_task_list(client, supervisor, meeting, case):
    actions.meeting_task_add(actor=supervisor, meeting=meeting, text="督促支付工资", due_on=dt.date(2026, 3, 20),
                             owner_unit=case.place, petition=case)
    client.force_login(supervisor)
    page = client.get(reverse("meetings:index")).content.decode()
    assert "2026年3月信访工作联席会议" in page
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "督促支付工资" in page and case.number in page
    assert client.get(reverse("meetings:tasks") + "?show=all").status_code == 200
    assert client.get(reverse("meetings:create")).status_code == 200
