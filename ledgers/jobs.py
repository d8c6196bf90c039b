"""Imports run as background jobs (django-tasks): the upload's request only stores the file and enqueues the job.

A ledger of 100,000 rows takes minutes to check and save — far longer than a web request may run. So an import
view calls ``start_import``, which keeps the uploaded file (Django's storage API, ``models.upload_storage``),
records an ``ImportJob`` and enqueues ``ledgers.tasks.run_import``; the user is sent to the job's page, which
polls its progress. The task worker (``manage.py db_worker``) runs the same import as before — every row read and
checked first, outside any transaction, then every row saved in one transaction, or none — and records the
result on the job: the problems by row and column, or how many entries were imported. The file is deleted when
the job ends.

A job whose worker dies (kill -9, a crash, a restart) leaves nothing half saved: its transaction is rolled back
by the database. Its page must not say "running" for ever: while the worker runs a job it holds a lock that the
operating system or the database releases when the process dies — a PostgreSQL session advisory lock, or on
SQLite (one machine by nature) a file lock beside the database. The job page tries that lock; if it is free while
the job still says "running", the job is marked failed and the user can import the file again.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .columns import SHEET_TITLE
from .forms import import_limits, row_limit_message
from .imports import RowError, import_ledger
from .models import ImportJob, ImportState, ImportStep
from .progress import Progress
from .registers import Register, import_register

logger = logging.getLogger(__name__)

# The problems kept on a job for its page (their number is kept too); a file with more has to be corrected anyway.
ERRORS_KEPT = 1000
# Progress is written at most this often (each write is a short write transaction).
PROGRESS_INTERVAL = 1.0
_ADVISORY_LOCK_CLASS = 0x1ED9E << 32  # PostgreSQL advisory lock keys of import jobs: this | job id


@dataclass(frozen=True)
class Importer:
    """A ledger that can be imported: which register, the page it is imported from, the message of success."""

    page: str  # URL name of the page with the import form (the job page leads back to it)
    done: Callable[[int], str]  # the message for n entries imported
    # Dotted path of the Register, or of a function of the day that returns it; None: the petition ledger.
    register: str | None = None

    def resolve(self, today) -> Register | None:
        if self.register is None:
            return None
        found = import_string(self.register)
        return found if isinstance(found, Register) else found(today)

    def title(self, today) -> str:
        register = self.resolve(today)
        return register.title if register else SHEET_TITLE

    def run(self, file, *, user, today, progress: Progress) -> tuple[list[RowError], int]:
        """The problems of the file (nothing saved) or none, and how many entries were saved."""
        register = self.resolve(today)
        if register is None:
            result = import_ledger(file, user=user, today=today, progress=progress)
            return result.errors, len(result.petitions)
        result = import_register(register, file, user=user, today=today, progress=progress)
        return result.errors, len(result.saved)


IMPORTERS: dict[str, Importer] = {
    "petitions": Importer("ledgers:home", lambda n: ngettext(
        "%(n)s item was imported from the ledger.", "%(n)s items were imported from the ledger.", n) % {"n": n}),
    **{
        f"reception.{name}": Importer(
            "reception:ledgers",
            lambda n: ngettext("%(n)s entry was imported.", "%(n)s entries were imported.", n) % {"n": n},
            register=f"reception.registers.{register}",
        )
        for name, register in (("days", "RECEPTION_DAYS"), ("records", "RECEPTION_RECORDS"), ("rota", "CAMPAIGN_ROTA"))
    },
    "meetings": Importer("meetings:index", lambda n: ngettext(
        "%(n)s meeting was imported from the ledger.", "%(n)s meetings were imported from the ledger.", n) % {"n": n},
        register="meetings.ledger.REGISTER"),
    "duty": Importer("duty:index", lambda n: ngettext(
        "%(n)s roster was imported from the ledger.", "%(n)s rosters were imported from the ledger.", n) % {"n": n},
        register="duty.ledger.REGISTER"),
    **{
        f"supervision.{name}": Importer(
            "supervision:ledgers",
            lambda n: ngettext("%(n)s row was imported.", "%(n)s rows were imported.", n) % {"n": n},
            register=f"supervision.ledgers.{register}",
        )
        for name, register in (("ownership", "OWNERSHIP_REGISTER"), ("notices", "notice_register"))
    },
    **{
        f"screening.{name}": Importer(
            "screening:ledgers",
            lambda n: ngettext("%(n)s entry was imported.", "%(n)s entries were imported.", n) % {"n": n},
            register=f"screening.ledgers.{register}",
        )
        for name, register in (("campaigns", "CAMPAIGNS"), ("disputes", "DISPUTES"), ("incidents", "INCIDENTS"))
    },
}


def start_import(*, owner, register: str, upload) -> ImportJob:
    """Keep the uploaded file and enqueue its import; the caller has checked that ``owner`` may import it."""
    from .tasks import run_import

    if register not in IMPORTERS:
        raise KeyError(register)
    job = ImportJob(register=register, owner=owner, filename=upload.name[:255],
                    language=translation.get_language() or "zh-hans")
    job.file.save("ledger.xlsx", upload, save=False)
    job.save()
    run_import.enqueue(job.pk)
    return job


# --- In the task worker -----------------------------------------------------------------------------------------------


class RowLimitExceeded(Exception):
    pass


class JobProgress(Progress):
    """Keeps an import's progress on its job, at most once a second.

    Rows read and checked are written as they go (short autocommit writes: the checks hold no lock). Rows saved
    are counted inside the import's transaction, where a write on the same connection would not be seen before
    the commit: on PostgreSQL they are written through a second connection; on SQLite, whose one writer is the
    import itself, the page says that saving is under way and the count comes with the result.
    """

    def __init__(self, job: ImportJob):
        self.job, self.max_rows = job, import_limits()[0]
        self.written_at, self.step = 0.0, ImportStep.READING
        self.side = connection.copy() if connection.vendor == "postgresql" else None

    def _write(self, step: str, force: bool = False, **fields) -> None:
        now = time.monotonic()
        if not force and step == self.step and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.step, self.written_at = step, now
        ImportJob.objects.filter(pk=self.job.pk).update(step=step, **fields)

    def read(self, rows: int) -> None:
        if rows > self.max_rows:
            raise RowLimitExceeded
        self._write(ImportStep.READING, rows_read=rows)

    def checked(self, rows: int, total: int) -> None:
        self._write(ImportStep.CHECKING, force=rows == total, rows_read=total, rows_total=total, rows_checked=rows)

    def saving(self, total: int) -> None:
        self._write(ImportStep.SAVING, force=True, rows_total=total, rows_checked=total)

    def saved(self, rows: int, total: int) -> None:
        now = time.monotonic()
        if self.side is None or now - self.written_at < PROGRESS_INTERVAL:
            return
        self.written_at = now
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {ImportJob._meta.db_table} SET rows_saved = %s WHERE id = %s", [rows, self.job.pk])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def run(job_id: int) -> None:
    """Run the import of job ``job_id`` (once: a job that is no longer waiting is left alone)."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with _running(job), translation.override(job.language):
        if not ImportJob.objects.filter(pk=job.pk, state=ImportState.QUEUED).update(
            state=ImportState.RUNNING, step=ImportStep.READING, started_at=timezone.now()
        ):
            return
        progress = JobProgress(job)
        try:
            with job.file.open("rb") as file:
                errors, imported = IMPORTERS[job.register].run(
                    file, user=job.owner, today=timezone.localdate(job.created_at), progress=progress
                )
        except RowLimitExceeded:
            _finish(job, errors=[RowError(0, "", row_limit_message(progress.max_rows))])
        except Exception:
            logger.exception("ledger import job %s failed", job.pk)
            _finish(job, failure=_(
                "The import stopped because of an error in the system; nothing of the file was saved. "
                "Please tell the system administrator (import %(id)s)."
            ) % {"id": job.pk})
            raise
        else:
            _finish(job, errors=errors, imported=imported)
        finally:
            progress.close()


def _finish(job: ImportJob, *, errors=(), imported: int = 0, failure: str = "") -> None:
    failed = bool(errors or failure)
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.FAILED if failed else ImportState.DONE,
        rows_saved=0 if failed else F("rows_total"),
        imported=imported,
        errors=[[e.row, e.column, e.message] for e in list(errors)[:ERRORS_KEPT]],
        error_count=len(errors),
        failure=failure,
        file="",
        finished_at=timezone.now(),
    )
    job.file.delete(save=False)


# --- Is the job's worker alive? ---------------------------------------------------------------------------------------


def _lock_path(job: ImportJob) -> str:
    if connection.is_in_memory_db():  # tests: the database lives in this process only
        return os.path.join(tempfile.gettempdir(), f"xinfang-import-{os.getpid()}-{job.pk}.lock")
    return f"{connection.settings_dict['NAME']}-import-{job.pk}.lock"


@contextlib.contextmanager
def _running(job: ImportJob):
    """Held by the worker while it runs ``job``; released by the system if the worker dies."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_ADVISORY_LOCK_CLASS | job.pk])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_ADVISORY_LOCK_CLASS | job.pk])
        return
    path = _lock_path(job)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def _worker_alive(job: ImportJob) -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_ADVISORY_LOCK_CLASS | job.pk])
            if not cursor.fetchone()[0]:
                return True
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_ADVISORY_LOCK_CLASS | job.pk])
        return False
    path = _lock_path(job)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    finally:
        os.close(fd)
    return False


def notice_stopped(job: ImportJob) -> ImportJob:
    """``job`` as it is now; a running job whose worker has died is marked failed (nothing of it was saved)."""
    if job.state == ImportState.RUNNING and not _worker_alive(job):
        with translation.override(job.language):
            failure = _("The import stopped before it finished (the background worker ended); nothing of the file "
                        "was saved. Please import the file again.")
        # Only if the worker did not finish the job in the meantime (it records the end before it lets go).
        if ImportJob.objects.filter(pk=job.pk, state=ImportState.RUNNING).update(
            state=ImportState.FAILED, failure=failure, file="", finished_at=timezone.now()
        ):
            job.file.delete(save=False)
        job.refresh_from_db()
    return job
