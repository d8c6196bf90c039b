"""The demo county's attachments: scanned letters of some letter items, the signed handling opinion of some
replied items, mediation agreements of resolved disputes and photos of the site, the minutes of the joint meetings,
what petitioners handed in at receptions, and one attachment withdrawn. Added through ``attachment_add`` (the
real checks, storage and events), then dated at the step they belong to, like the rest of the demo."""

from __future__ import annotations

import datetime as dt
import functools
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from meetings.models import JointMeeting, MeetingEvent
from petitions.models import Channel, ContentType, EventKind, Petition, PetitionEvent
from petitions.states import PetitionState
from reception.models import ReceptionEvent, ReceptionRecord
from screening.models import Dispute, DisputeState, ScreeningEvent

from . import actions
from .models import Attachment, AttachmentDownload, AttachmentKind


def reset() -> None:
    """Remove every attachment, its stored file and its download log (before the records they belong to)."""
    for attachment in Attachment.objects.all().iterator():
        attachment.file.delete(save=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (AttachmentDownload, Attachment):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


@functools.lru_cache(maxsize=8)
def scan_png(width: int = 620, height: int = 877, *, lines: int = 22, seed: int = 0) -> bytes:
    """A grey "scanned page" with ruled lines of writing of random lengths: a real PNG, written by hand (no image
    library is needed for a demo)."""
    rng = random.Random(seed)
    paper, ink, rule = 0xF4, 0x55, 0xD0
    rows = []
    top, step = 90, (height - 160) // lines
    lengths = {top + i * step: rng.randint(width // 3, width - 90) for i in range(lines)}
    for y in range(height):
        if y in lengths:
            row = bytes([paper] * 60 + [rule] * (width - 120) + [paper] * 60)
        elif any(0 < base - y <= 12 and (base - y) % 3 for base in lengths):
            base = next(b for b in lengths if 0 < b - y <= 12)
            row = bytes(ink if 60 <= x < lengths[base] and (x // 7 + y) % 5 else paper for x in range(width))
        else:
            row = bytes([paper] * width)
        rows.append(b"\x00" + row)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def _agreement(dispute: Dispute) -> bytes:
    from petitions.documents import Block, Style, official_date, render_docx

    parties = "、".join(p.name for p in dispute.dispute_parties.all()) or "双方当事人"
    on = dispute.resolved_on or dispute.found_on
    return render_docx([
        Block(Style.TITLE, "人民调解协议书"),
        Block(Style.REFERENCE, dispute.number),
        Block(Style.BODY, f"当事人：{parties}。"),
        Block(Style.BODY, f"纠纷事项：{dispute.title}。{dispute.description}"),
        Block(Style.BODY, "经调解，双方自愿达成如下协议：一、双方尊重历史、互谅互让，按现场确认的界址和金额履行；"
                          "二、本协议履行完毕后，双方不再就此事项发生争议。"),
        Block(Style.BODY, "本协议一式三份，双方当事人和调解组织各执一份，自双方签字之日起生效。"),
        Block(Style.ISSUER, f"{dispute.responsible_unit.name}人民调解委员会"),
        Block(Style.DATE, official_date(on)),
    ], title="人民调解协议书")


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _event_at(event_model, at: dt.datetime) -> None:
    """The last event of ``event_model`` (the one just written) happened at ``at``, its business day with it."""
    event = event_model.objects.order_by("-pk").first()
    event.at = at
    if "on" in event.data:
        event.data = {**event.data, "on": timezone.localdate(at).isoformat()}
    event.save(update_fields=["at", "data"])


def _dated(attachment: Attachment, at: dt.datetime, event_model) -> None:
    """The attachment and the event its adding wrote happened at ``at``."""
    Attachment.objects.filter(pk=attachment.pk).update(added_at=at)
    _event_at(event_model, at)


def _step_at(petition: Petition, kind: str, minutes: int) -> dt.datetime:
    """A few minutes after the item's last event of ``kind``."""
    at = petition.events.filter(kind=kind).order_by("-at").values_list("at", flat=True).first()
    return at + dt.timedelta(minutes=minutes)


def load(ref, rng: random.Random, today: dt.date) -> int:
    """Attach the demo's papers; returns how many."""
    from petitions import documents

    tz = timezone.get_default_timezone()

    def moment(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=tz)

    registrar, supervisor = ref.registrars[0], ref.supervisors[0]
    added = 0
    letters = list(Petition.objects.filter(channel=Channel.LETTER).order_by("pk")[:60])
    for index, petition in enumerate(rng.sample(letters, min(18, len(letters)))):
        a = actions.attachment_add(actor=registrar, to=petition, upload=_upload(
            f"来信扫描件{petition.number}.png", scan_png(seed=petition.pk % 6)), kind=AttachmentKind.LETTER,
            note="原件已存档" if index % 3 == 0 else "")
        _dated(a, _step_at(petition, EventKind.REGISTERED, 5), PetitionEvent)
        added += 1
    replied = list(Petition.objects.filter(
        state__in=[PetitionState.REPLIED, PetitionState.UNDER_REVIEW, PetitionState.REVIEWED], replied_on__isnull=False,
        responsible_unit__isnull=False, events__kind=EventKind.REPLIED).exclude(content_type=ContentType.ACCUSATION)
        .select_related("responsible_unit").distinct().order_by("pk")[:40])
    for petition in rng.sample(replied, min(10, len(replied))):
        actor = ref.handlers.get(petition.responsible_unit_id) or registrar
        data = documents.build(petition, documents.DocumentKind.HANDLING_OPINION, user=actor)
        a = actions.attachment_add(actor=actor, to=petition, upload=_upload(
            f"处理意见书（签章）{petition.number}.docx", data), kind=AttachmentKind.OPINION)
        _dated(a, _step_at(petition, EventKind.REPLIED, 10), PetitionEvent)
        added += 1
    resolved = list(Dispute.objects.filter(state=DisputeState.RESOLVED).select_related("responsible_unit")
                    .order_by("pk")[:60])
    for dispute in rng.sample(resolved, min(8, len(resolved))):
        actor = ref.handlers.get(dispute.responsible_unit_id) or supervisor
        a = actions.attachment_add(actor=actor, to=dispute, upload=_upload(
            f"人民调解协议书{dispute.serial}.docx", _agreement(dispute)), kind=AttachmentKind.AGREEMENT)
        _dated(a, moment(dispute.resolved_on, 16), ScreeningEvent)
        a = actions.attachment_add(actor=actor, to=dispute, upload=_upload(
            "现场照片.png", scan_png(lines=6, seed=dispute.pk % 3)), kind=AttachmentKind.PHOTO)
        _dated(a, moment(dispute.found_on, 14), ScreeningEvent)
        added += 2
    from meetings import documents as meeting_documents

    for meeting in JointMeeting.objects.filter(held_on__lte=today).order_by("held_on")[:4]:
        a = actions.attachment_add(actor=supervisor, to=meeting, upload=_upload(
            f"{meeting.title}纪要（签发稿）.docx", meeting_documents.build(meeting, user=supervisor)),
            kind=AttachmentKind.MINUTES)
        _dated(a, moment(meeting.held_on + dt.timedelta(days=1), 11), MeetingEvent)
        added += 1
    for record in ReceptionRecord.objects.filter(held_on__lte=today).order_by("-held_on")[:5]:
        a = actions.attachment_add(actor=registrar, to=record, upload=_upload(
            "来访群众现场递交材料.png", scan_png(seed=record.pk % 6)), kind=AttachmentKind.EVIDENCE)
        _dated(a, moment(record.held_on, 11), ReceptionEvent)
        added += 1
    first = Attachment.objects.filter(dispute__isnull=False, kind=AttachmentKind.PHOTO).order_by("pk").first()
    if first is not None:  # a photo uploaded twice by mistake, withdrawn with its reason
        actor = first.added_by
        twice = actions.attachment_add(actor=actor, to=first.dispute, upload=_upload(
            first.name, scan_png(lines=6, seed=first.dispute_id % 3)), kind=AttachmentKind.PHOTO)
        _dated(twice, first.added_at + dt.timedelta(minutes=1), ScreeningEvent)
        actions.attachment_withdraw(actor=actor, attachment=twice, reason="重复上传")
        Attachment.objects.filter(pk=twice.pk).update(withdrawn_at=first.added_at + dt.timedelta(minutes=2))
        _event_at(ScreeningEvent, first.added_at + dt.timedelta(minutes=2))
        added += 1
    return added
