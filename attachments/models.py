"""Attachments (附件) of petition items — the scanned letter, the petitioner's evidence, a unit's signed handling
opinion — and of the registers where the same paper exists: a dispute's mediation agreement and photos, what a
petitioner handed in at a reception, a joint meeting's minutes. Each attachment belongs to exactly one record
(``OWNER_FIELDS``; what each kind of record allows and who may touch it is ``attachments.owners``). Kept through Django's storage API (``attachments.storage``), never under a public URL: every download goes
through a view that applies the item's access rule, and each download of a petitioner's material is logged."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

STORAGE = "attachments"


def storage():
    """The storage called "attachments" in settings.STORAGES when there is one (a shared volume, an object store),
    else a folder beside the database in DATA_DIR — never under MEDIA_URL."""
    if STORAGE in settings.STORAGES:
        return storages[STORAGE]
    return FileSystemStorage(location=settings.DATA_DIR / "attachments")


def stored_name(instance, filename: str) -> str:
    """A name that says nothing of the person or the matter: the year and month, and a random id."""
    return f"{instance.added_at:%Y/%m}/{uuid.uuid4().hex}"


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("The letter itself")  # 来信原件（扫描件）
    EVIDENCE = "evidence", _("Evidence from the petitioner")  # 证据材料
    OPINION = "opinion", _("Handling opinion")  # 处理意见书（签章扫描件）
    AGREEMENT = "agreement", _("Mediation agreement")  # 调解协议书
    MINUTES = "minutes", _("Minutes or sign-in sheet")  # 会议纪要、签到表、接谈记录
    PHOTO = "photo", _("Photo of the site")  # 现场照片
    OTHER = "other", _("Other")


# Materials that come from the petitioner: they carry the person's identity (an accuser's above all).
PETITIONER_KINDS = frozenset({AttachmentKind.LETTER, AttachmentKind.EVIDENCE})


# The records an attachment can belong to: exactly one of these is set.
OWNER_FIELDS = ("petition", "dispute", "reception_record", "meeting")


class AttachmentQuerySet(models.QuerySet):
    def current(self) -> AttachmentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


def _exactly_one_owner() -> Q:
    condition = Q()
    for field in OWNER_FIELDS:
        one = Q(**{f"{field}__isnull": False}) & Q(*(Q(**{f"{other}__isnull": True})
                                                     for other in OWNER_FIELDS if other != field))
        condition |= one
    return condition


class Attachment(models.Model):
    petition = models.ForeignKey("petitions.Petition", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="attachments")
    dispute = models.ForeignKey("screening.Dispute", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="attachments")
    reception_record = models.ForeignKey("reception.ReceptionRecord", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="attachments")
    meeting = models.ForeignKey("meetings.JointMeeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(storage=storage, upload_to=stored_name, max_length=200)
    name = models.CharField(_("file name"), max_length=200)  # as uploaded, shown to staff
    content_type = models.CharField(max_length=100)  # decided from the content
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # None: the petitioner (online, by the query code)
    added_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "pk"]
        indexes = [models.Index(fields=["petition", "added_at"], name="attachment_petition"),
                   models.Index(fields=["dispute"], name="attachment_dispute"),
                   models.Index(fields=["reception_record"], name="attachment_reception_record"),
                   models.Index(fields=["meeting"], name="attachment_meeting")]
        constraints = [
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""),
                                   name="attachment_withdrawn_has_reason"),
            models.CheckConstraint(condition=_exactly_one_owner(), name="attachment_exactly_one_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_field(self) -> str:
        """Which of ``OWNER_FIELDS`` the attachment belongs to."""
        return next(field for field in OWNER_FIELDS if getattr(self, f"{field}_id") is not None)

    @property
    def owner(self):
        """The record the attachment belongs to (an item, a dispute, a reception record or a meeting)."""
        return getattr(self, self.owner_field)

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None

    @property
    def previews(self) -> bool:
        """Shown in the page (an image, a PDF) rather than only downloaded."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"

    @property
    def from_petitioner(self) -> bool:
        return self.kind in PETITIONER_KINDS


class AttachmentDownload(models.Model):
    """Each time a petitioner's material is opened (downloaded or previewed), like a reveal (DESIGN.md §7)."""

    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    inline = models.BooleanField(default=False)  # previewed in the page

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.attachment_id}"
