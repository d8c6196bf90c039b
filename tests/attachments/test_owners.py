"""Attachments kept with the registers' records — a dispute's mediation agreement, what was handed in at a
reception, a joint meeting's minutes: each record's own access rule on adding, the panel and every download; the
kinds each keeps; the record's own history; exactly one owner per attachment."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from attachments import actions
from attachments.models import Attachment, AttachmentDownload
from meetings import actions as meeting_actions
from meetings.models import MeetingEventKind
from organisation.models import Role
from reception.models import ReceptionEvent
from screening import actions as screening_actions
from screening.models import ScreeningEvent, ScreeningEventKind

from ..factories import CategoryFactory, UserFactory
from ..meetings.conftest import meeting_data
from ..reception.conftest import (
    day_record,
    matter,
    town_day,  # noqa: F401 (a fixture)
)
from ..screening.conftest import FOUND_ON, dispute_data
from .test_attachments import PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute(handler, township, village):
    return screening_actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)


@pytest.fixture
def town_leader(township):
    return UserFactory(username="town_leader", full_name="高镇长", unit=township, roles=[Role.LEADER], position="镇长")


@pytest.fixture
def record(registrar, town_day, village):  # noqa: F811 (town_day is the fixture imported above)
    return day_record(registrar, town_day, [matter(CategoryFactory(name="劳动社保"), village)])


@pytest.fixture
def meeting(supervisor, bureau, township):
    return meeting_actions.meeting_record(actor=supervisor, today=dt.date(2026, 3, 10),
                                          data=meeting_data((bureau, "局长"), (township, "高镇长")))


def _open(client, a):
    return client.get(reverse("attachments:open", args=[a.pk]))


def test_the_responsible_unit_keeps_the_mediation_agreement_with_the_dispute(client, handler, other_handler, dispute,
                                                                             registrar):
    a = actions.attachment_add(actor=handler, to=dispute, upload=upload("调解协议书.pdf", PDF), kind="agreement")
    assert a.dispute == dispute and a.petition is None
    event = ScreeningEvent.objects.get(subject=f"dispute:{dispute.pk}", kind=ScreeningEventKind.ATTACHMENT_ADDED)
    assert "调解协议书.pdf" in event.note and event.data["attachment"] == a.pk
    with pytest.raises(ValidationError):  # a dispute keeps no "letter itself"
        actions.attachment_add(actor=handler, to=dispute, upload=upload("来信.pdf", PDF), kind="letter")
    with pytest.raises(PermissionDenied):  # another township does not work this dispute
        actions.attachment_add(actor=other_handler, to=dispute, upload=upload("x.pdf", PDF), kind="evidence")
    with pytest.raises(PermissionDenied):  # the petitioner's road (no account) is for petition items only
        actions.attachment_add(actor=None, to=dispute, upload=upload("x.pdf", PDF), kind="evidence")

    client.force_login(handler)
    page = client.get(reverse("screening:dispute_detail", args=[dispute.pk])).content.decode()
    assert "调解协议书.pdf" in page and f'{reverse("attachments:open", args=[a.pk])}?inline=1' in page
    assert reverse("attachments:add", args=["dispute", dispute.pk]) in page
    assert _open(client, a).status_code == 200

    client.force_login(other_handler)  # the dispute is not its own: neither are its papers
    assert _open(client, a).status_code == 404
    assert client.post(reverse("attachments:add", args=["dispute", dispute.pk]),
                       {"file": upload("y.png", PNG), "kind": "photo"}).status_code == 404
    assert Attachment.objects.count() == 1

    client.force_login(registrar)
    client.post(reverse("attachments:withdraw", args=[a.pk]), {"withdraw_reason": "上传错误"})
    assert ScreeningEvent.objects.filter(kind=ScreeningEventKind.ATTACHMENT_WITHDRAWN).count() == 1
    assert not Attachment.objects.current().exists()


def test_what_was_handed_in_at_a_reception_is_kept_with_its_record(client, registrar, handler, other_handler, record):
    client.force_login(registrar)
    response = client.post(reverse("attachments:add", args=["reception", record.pk]),
                           {"file": upload("现场递交材料.png", PNG), "kind": "evidence", "note": "刘建国递交"})
    assert response.status_code == 302 and response.url == reverse("reception:record", args=[record.pk])
    a = Attachment.objects.get(reception_record=record)
    assert ReceptionEvent.objects.filter(subject=f"record:{record.pk}", kind="attachment_added").exists()
    assert _open(client, a).status_code == 200
    assert AttachmentDownload.objects.filter(attachment=a, user=registrar).count() == 1  # a petitioner's material

    client.force_login(handler)  # the township's own reception day: seen, opened, but the bureau keeps the register
    page = client.get(reverse("reception:record", args=[record.pk])).content.decode()
    assert "现场递交材料.png" in page and 'id="attachment-form"' not in page
    assert _open(client, a).status_code == 200
    assert client.post(reverse("attachments:add", args=["reception", record.pk]),
                       {"file": upload("z.png", PNG), "kind": "other"}).status_code == 403

    client.force_login(other_handler)
    assert _open(client, a).status_code == 404


def test_a_joint_meetings_minutes_reach_its_attendees_only(client, supervisor, handler, other_handler, meeting):
    a = actions.attachment_add(actor=supervisor, to=meeting, upload=upload("会议纪要.pdf", PDF), kind="minutes")
    assert meeting.events.filter(kind=MeetingEventKind.ATTACHMENT_ADDED).get().data["note"].startswith("添加附件")
    client.force_login(handler)  # 化子坪镇 attended
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "会议纪要.pdf" in page and 'id="attachment-form"' not in page
    assert _open(client, a).status_code == 200
    assert not AttachmentDownload.objects.exists()  # minutes are not a petitioner's material
    client.force_login(other_handler)
    assert _open(client, a).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.attachment_add(actor=handler, to=meeting, upload=upload("x.pdf", PDF), kind="minutes")


def test_an_attachment_belongs_to_exactly_one_record(registrar, dispute, meeting):
    a = actions.attachment_add(actor=registrar, to=dispute, upload=upload("照片.png", PNG), kind="photo")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attachment.objects.filter(pk=a.pk).update(meeting=meeting)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attachment.objects.create(kind="other", name="x", content_type="image/png", size=1, sha256="0",
                                  added_at=timezone.now(), file="x")


def test_an_unknown_kind_of_record_is_404(client, registrar):
    client.force_login(registrar)
    assert client.post(reverse("attachments:add", args=["letterbox", 1]),
                       {"file": upload("x.png", PNG), "kind": "other"}).status_code == 404
