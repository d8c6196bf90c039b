"""Attachments of items: the type decided from the content, the limits, the history events, and the item's access
rule on every download and preview (another unit's item, the accused unit, an accuser's materials)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from attachments import actions
from attachments.models import Attachment, AttachmentDownload
from organisation.models import Role, UnitKind
from petitions import actions as petition_actions
from petitions.models import EventKind

from ..factories import VALID_ID, UnitFactory, UserFactory, register

pytestmark = pytest.mark.django_db

# The smallest real files of each kind.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
                    "cfc0f01f0005000201b1e2a1a80000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def docx_bytes() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def item(registrar, township):
    return petition_actions.petition_assign(actor=registrar, petition=register(registrar, township), unit=township,
                                            on=dt.date(2026, 3, 3))


def test_a_scan_is_kept_with_its_type_from_the_content_and_the_history_says_so(item, registrar):
    a = actions.attachment_add(actor=registrar, to=item, upload=upload("来信.pdf", PDF), kind="letter")
    assert (a.content_type, a.size, a.added_by) == ("application/pdf", len(PDF), registrar)
    assert a.file.read() == PDF and "来信" not in a.file.name  # the stored name says nothing of the matter
    event = item.events.get(kind=EventKind.ATTACHMENT_ADDED)
    assert event.data["attachment"] == a.pk and "来信.pdf" in event.note
    word = actions.attachment_add(actor=registrar, to=item, upload=upload("意见.png", docx_bytes()),
                                  kind="opinion")
    assert word.content_type.endswith("wordprocessingml.document")  # the name said .png; the content decides


def test_a_renamed_program_is_refused_and_nothing_of_it_is_kept(item, registrar):
    location = Path(Attachment._meta.get_field("file").storage.location)
    before = sorted(p.name for p in location.rglob("*"))
    with pytest.raises(ValidationError) as refused:
        actions.attachment_add(actor=registrar, to=item, upload=upload("照片.jpg", EXE), kind="evidence")
    assert "照片.jpg" in str(refused.value) and "PDF" in str(refused.value)
    assert not Attachment.objects.exists() and not item.events.filter(kind=EventKind.ATTACHMENT_ADDED).exists()
    assert sorted(p.name for p in location.rglob("*")) == before


def test_the_size_and_count_limits_are_settings(item, registrar, settings):
    settings.XINFANG = {**settings.XINFANG, "ATTACHMENT_MAX_BYTES": 100, "ATTACHMENT_MAX_PER_ITEM": 1}
    with pytest.raises(ValidationError, match="100"):  # 100 字节
        actions.attachment_add(actor=registrar, to=item, upload=upload("大.pdf", PDF + b" " * 200),
                               kind="evidence")
    actions.attachment_add(actor=registrar, to=item, upload=upload("小.png", PNG), kind="evidence")
    with pytest.raises(ValidationError, match="1"):
        actions.attachment_add(actor=registrar, to=item, upload=upload("再.png", PNG), kind="evidence")
    assert Attachment.objects.count() == 1


def test_withdrawing_keeps_the_file_in_the_history(item, registrar, handler):
    a = actions.attachment_add(actor=registrar, to=item, upload=upload("误传.png", PNG), kind="other")
    with pytest.raises(PermissionDenied):
        actions.attachment_withdraw(actor=handler, attachment=a, reason="误传")
    with pytest.raises(ValidationError):
        actions.attachment_withdraw(actor=registrar, attachment=a, reason=" ")
    actions.attachment_withdraw(actor=registrar, attachment=a, reason="上传错误")
    a.refresh_from_db()
    assert not a.is_current and a.file.read() == PNG
    assert item.events.filter(kind=EventKind.ATTACHMENT_WITHDRAWN).exists()
    assert item.attachments.current().count() == 0


def test_the_responsible_unit_adds_its_opinion_and_others_may_not(item, handler, other_handler):
    actions.attachment_add(actor=handler, to=item, upload=upload("处理意见书.pdf", PDF), kind="opinion")
    with pytest.raises(PermissionDenied):
        actions.attachment_add(actor=other_handler, to=item, upload=upload("x.pdf", PDF), kind="opinion")


def test_downloads_go_through_the_items_access_rule_and_are_logged(client, item, registrar, handler, other_handler):
    a = actions.attachment_add(actor=registrar, to=item, upload=upload("证据.png", PNG), kind="evidence")
    url = reverse("attachments:open", args=[a.pk])
    client.force_login(other_handler)
    assert client.get(url).status_code == 404
    assert not AttachmentDownload.objects.exists()
    client.force_login(handler)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("attachment") and response["Cache-Control"] == "private, no-store"
    preview = client.get(url, {"inline": "1"})
    assert preview["Content-Disposition"].startswith("inline") and preview["Content-Type"] == "image/png"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert [(d.user, d.inline) for d in AttachmentDownload.objects.order_by("at", "pk")] == [
        (handler, False), (handler, True)]


def test_an_accusers_materials_never_reach_the_accused_or_the_handling_unit(client, registrar, township):
    department = UnitFactory(name="县自然资源局", kind=UnitKind.DEPARTMENT)
    accused = UserFactory(username="accused", unit=department, roles=[Role.UNIT_HANDLER])
    handler = UserFactory(username="town", unit=township, roles=[Role.UNIT_HANDLER])
    accuser = petition_actions.PetitionerData(name="举报人甲", id_number=VALID_ID, phone="17700582290")
    p = register(registrar, township, content_type="accusation", accused_unit=department, accused_person="刘局长",
                 title="检举违规审批", content="检举某局违规审批。", petitioners=[accuser])
    p = petition_actions.petition_assign(actor=registrar, petition=p, unit=township, on=dt.date(2026, 3, 3))
    letter = actions.attachment_add(actor=registrar, to=p, upload=upload("举报信.pdf", PDF), kind="letter")
    opinion = actions.attachment_add(actor=handler, to=p, upload=upload("意见.pdf", PDF), kind="opinion")
    client.force_login(accused)
    for a in (letter, opinion):
        assert client.get(reverse("attachments:open", args=[a.pk])).status_code == 404
    client.force_login(handler)
    assert client.get(reverse("attachments:open", args=[letter.pk])).status_code == 403
    assert client.get(reverse("attachments:open", args=[opinion.pk])).status_code == 200
    page = client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    assert reverse("attachments:open", args=[letter.pk]) not in page
    assert reverse("attachments:open", args=[opinion.pk]) in page


def test_the_items_page_adds_previews_and_withdraws(client, item, registrar):
    client.force_login(registrar)
    response = client.post(reverse("attachments:add", args=["item", item.pk]),
                           {"file": upload("来信扫描.png", PNG), "kind": "letter", "note": "第1页"})
    assert response.status_code == 302
    a = Attachment.objects.get()
    page = client.get(reverse("petitions:detail", args=[item.pk])).content.decode()
    assert "来信扫描.png" in page and f'{reverse("attachments:open", args=[a.pk])}?inline=1' in page
    response = client.post(reverse("attachments:add", args=["item", item.pk]), {"file": upload("病毒.pdf", EXE), "kind": "letter"})
    assert response.status_code == 302 and Attachment.objects.count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("病毒.pdf" in m for m in messages)
    client.post(reverse("attachments:withdraw", args=[a.pk]), {"withdraw_reason": "重复上传"})
    a.refresh_from_db()
    assert not a.is_current


def test_the_ledger_gives_the_number_of_current_attachments(item, registrar):
    from openpyxl import load_workbook

    from ledgers.exports import write_petition_ledger
    from petitions.models import Petition

    for name in ("1.png", "2.png"):
        actions.attachment_add(actor=registrar, to=item, upload=upload(name, PNG), kind="letter")
    actions.attachment_withdraw(actor=registrar, attachment=Attachment.objects.first(), reason="重复")
    out = io.BytesIO()
    write_petition_ledger(Petition.objects.all(), registrar, out)
    rows = list(load_workbook(io.BytesIO(out.getvalue())).active.values)
    assert rows[0][-1] == "附件数" and rows[1][-1] == 1
