"""Import jobs: a ledger file being imported in the background, and how far it has got."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Role

from .imports import RowError

UPLOADS = "ledger_imports"


def upload_storage():
    """Where an uploaded ledger waits for its job: the storage called "ledger_imports" in settings.STORAGES when
    there is one (a volume that the web servers and the task worker share, or an object store), else a folder
    beside the database in DATA_DIR. The file is deleted when its job ends."""
    if UPLOADS in settings.STORAGES:
        return storages[UPLOADS]
    return FileSystemStorage(location=settings.DATA_DIR / "ledger-imports")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")  # enqueued; the task worker has not taken it yet
    RUNNING = "running", _("Running")  # the worker reads, checks and saves the file
    DONE = "done", _("Imported")  # every row saved
    FAILED = "failed", _("Not imported")  # problems found, or the job stopped: nothing of the file was saved


class ImportStep(models.TextChoices):
    READING = "reading", _("Reading the file")
    CHECKING = "checking", _("Checking every row")
    SAVING = "saving", _("Saving every row")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """A job is seen by the user who started it, and by the bureau's supervisors."""
        if user.is_bureau_staff and user.has_role(Role.SUPERVISOR):
            return self
        return self.filter(owner=user)


class ImportJob(models.Model):
    """One upload of a ledger for import, run by the task worker (``ledgers.jobs``); all or nothing, as ever."""

    register = models.CharField(_("ledger"), max_length=40)  # a key of ledgers.jobs.IMPORTERS
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="ledger_imports"
    )
    file = models.FileField(_("file"), upload_to="%Y%m%d", storage=upload_storage, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=255)  # as uploaded
    language = models.CharField(max_length=16)  # the interface language of the upload: the messages' language
    state = models.CharField(_("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    step = models.CharField(_("step"), max_length=10, choices=ImportStep.choices, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)  # known once read
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_saved = models.PositiveIntegerField(_("rows saved"), default=0)
    imported = models.PositiveIntegerField(_("entries imported"), default=0)  # items, meetings, rosters … created
    errors = models.JSONField(_("problems"), default=list, blank=True)  # [[row, column heading, message], …]
    error_count = models.PositiveIntegerField(_("number of problems"), default=0)  # errors keeps the first ones
    failure = models.TextField(_("why the job stopped"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)

    @property
    def row_errors(self) -> list[RowError]:
        return [RowError(row, column, message) for row, column, message in self.errors]
