"""Writes of attachments: each checks permission and limits, runs in a transaction and appends an event to the
item's history. A refused file leaves nothing behind: it is checked before anything is written, and removed again
if the database refuses the row."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config import rows

from . import access, content
from .models import Attachment, AttachmentDownload
from .owners import OWNERS, of_attachment, owner_of

CHUNK = 1024 * 1024
logger = logging.getLogger(__name__)


class StoreUnavailable(Exception):
    """The file store (a disk, an object store) could not be written or read: nothing was kept or given."""


def limits() -> tuple[int, int]:
    """(largest file in bytes, most current attachments per item): settings.XINFANG's ATTACHMENT_* values."""
    values = getattr(settings, "XINFANG", {})
    return values.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024), values.get("ATTACHMENT_MAX_PER_ITEM", 30)


def _check_count(count: int) -> None:
    max_count = limits()[1]
    if count >= max_count:
        raise ValidationError({"file": [_("An item keeps at most %(n)s attachments; withdraw one first.")
                                        % {"n": max_count}]})


def check_upload(upload, *, count: int) -> str:
    """The content type of an acceptable ``upload`` to an item with ``count`` current attachments; a
    ValidationError naming the file otherwise."""
    max_bytes, _max_count = limits()
    name = upload.name or _("the file")
    _check_count(count)
    if not upload.size:
        raise ValidationError({"file": [_("“%(name)s” is empty; nothing of it was kept.") % {"name": name}]})
    if upload.size > max_bytes:
        raise ValidationError({"file": [_("“%(name)s” is %(size)s; a file may have at most %(max)s. Nothing of it was "
                                          "kept.") % {"name": name, "size": filesizeformat(upload.size),
                                                      "max": filesizeformat(max_bytes)}]})
    mime = content.detect(upload)
    if mime is None:
        raise ValidationError({"file": [content.REFUSED_TYPE % {"name": name, "allowed": content.allowed_words()}]})
    return mime


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attachment_add(*, actor, to, upload, kind: str, note: str = "") -> Attachment:
    """Keep a file with ``to`` — a petition item (a scanned letter, evidence, a handling opinion …), a dispute, a
    reception record or a joint meeting; ``actor`` None is the petitioner adding materials to an item through the
    query code (the portal checks the code)."""
    return attachments_add(actor=actor, to=to, uploads=[upload], kind=kind, note=note)[0]


def attachments_add(*, actor, to, uploads: list, kind: str, note: str = "") -> list[Attachment]:
    """Keep several files with ``to``, all or none: a refused file refuses them all, and neither the rows nor the
    files stored before it are kept."""
    count = Attachment.objects.filter(**{owner_of(to).field: to}).current().count()  # checked again, locked
    stored = attachments_store(actor=actor, to=to, uploads=uploads, kind=kind, note=note, count=count)
    try:
        with transaction.atomic():
            return [attachment_keep(attachment, to=to, actor=actor) for attachment in stored]
    except BaseException:
        discard(stored)  # the rows are not kept: neither are the files
        raise


def attachments_store(*, actor, to, uploads: list, kind: str, note: str = "", count: int = 0) -> list[Attachment]:
    """``attachment_store`` for each of ``uploads``, all or none: the files stored before a refused one are
    deleted. ``count``: the record's current attachments."""
    stored: list[Attachment] = []
    try:
        for upload in uploads:
            stored.append(attachment_store(actor=actor, to=to, upload=upload, kind=kind, note=note,
                                           count=count + len(stored)))
    except BaseException:
        discard(stored)
        raise
    return stored


def discard(attachments: list[Attachment]) -> None:
    """Delete the stored files of attachments whose rows were not kept."""
    for attachment in attachments:
        attachment.file.delete(save=False)


def attachment_store(*, actor, to, upload, kind: str, note: str = "", count: int = 0) -> Attachment:
    """The first half of ``attachment_add``, before any lock is taken: the checks (``count``: current
    attachments, checked again by ``attachment_keep``), the digest and the file written to the store; the row is
    not saved. A registration stores its files before its transaction, which holds the day's statistics rows:
    writing a megabyte there would make every other registration wait (bench/bench_online.py). The caller
    deletes the file (``attachment.file.delete``) if the row is then not kept."""
    owner = owner_of(to) if to is not None else OWNERS["petition"]
    if actor is None and owner.field != "petition":
        raise PermissionDenied(_("You may not add attachments to this record."))
    if actor is not None and (to is None or not access.may_add(actor, to)):
        raise PermissionDenied(_("You may not add attachments to this record."))
    if kind not in owner.kinds:
        raise ValidationError({"kind": [_("Choose what the file is.")]})
    mime = check_upload(upload, count=count)
    attachment = Attachment(kind=kind, name=(upload.name or "")[-200:] or "attachment", content_type=mime,
                            size=upload.size, sha256=_sha256(upload), note=(note or "").strip()[:200],
                            added_by=access.user_of(actor), added_at=timezone.now())
    try:
        attachment.file.save("upload", upload, save=False)
    except Exception as error:  # whatever the storage backend raises: a full disk, an unreachable store
        logger.exception("attachment store refused a file")
        raise ValidationError({"file": [_("The file store could not be reached, so “%(name)s” was not kept. "
                                          "Try again in a moment; if it goes on, tell the administrator.")
                                        % {"name": attachment.name}]}) from error
    return attachment


def attachment_keep(attachment: Attachment, *, to, actor, new_record: bool = False) -> Attachment:
    """The second half: the row of a stored ``attachment`` kept with ``to`` and the event in its history, the
    count checked under the record's lock. ``new_record``: ``to`` was inserted by the caller's transaction, still
    open, so nobody else can see it: no lock is needed and the count is the one ``attachment_store`` checked."""
    owner = owner_of(to)
    if new_record and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("new_record: keep the attachments in the transaction that inserts the record")
    with transaction.atomic(savepoint=not new_record):  # a new record's rows go with it or not at all
        if new_record:
            locked = to
        else:
            locked = type(to).objects.select_for_update().get(pk=to.pk)  # one count at a time per record
            _check_count(Attachment.objects.filter(**{owner.field: locked}).current().count())
        setattr(attachment, owner.field, locked)
        rows.insert(attachment)  # the INSERT built once per process (its file is stored already)
        with translation.override("zh-hans"):
            text = _("Attachment added: %(name)s (%(kind)s).") % {"name": attachment.name,
                                                                  "kind": attachment.get_kind_display()}
        owner.record_event(locked, True, actor=actor, at=attachment.added_at, note=text, data={
            "attachment": attachment.pk, "kind": attachment.kind, "size": attachment.size,
            "sha256": attachment.sha256, "on": timezone.localdate(attachment.added_at).isoformat()})
        return attachment


def attachment_withdraw(*, actor, attachment: Attachment, reason: str) -> Attachment:
    """Withdraw (never delete) an attachment added by mistake: it stays in the history, no longer current."""
    if not access.may_withdraw(actor, attachment):
        raise PermissionDenied(_("You may not withdraw this attachment."))
    if not (reason or "").strip():
        raise ValidationError({"withdraw_reason": [_("Say why the attachment is withdrawn.")]})
    now = timezone.now()
    with transaction.atomic():
        a = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if not a.is_current:
            raise ValidationError(_("The attachment has been withdrawn already."))
        a.withdrawn_at, a.withdrawn_by, a.withdraw_reason = now, access.user_of(actor), reason.strip()[:200]
        a.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        with translation.override("zh-hans"):
            text = _("Attachment withdrawn: %(name)s. Reason: %(reason)s") % {"name": a.name,
                                                                             "reason": a.withdraw_reason}
        of_attachment(a).record_event(a.owner, False, actor=actor, at=now, note=text,
                                      data={"attachment": a.pk, "on": timezone.localdate(now).isoformat()})
        return a


def attachment_open(*, actor, attachment: Attachment, inline: bool = False):
    """The stored file, opened for ``actor`` (who sees the item: the view checked); a petitioner's material is
    logged each time it is opened."""
    if not access.may_open(actor, attachment):
        raise PermissionDenied(_("The accuser's materials are confidential."))
    try:
        handle = attachment.file.open("rb")
    except Exception as error:  # a missing file, an unreachable store
        logger.exception("attachment store could not give attachment %s", attachment.pk)
        raise StoreUnavailable from error
    if attachment.from_petitioner:
        AttachmentDownload.objects.create(attachment=attachment, user=access.user_of(actor), at=timezone.now(),
                                          inline=inline)
    return handle
