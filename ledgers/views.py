"""Ledger page: export the items the user may see, import a ledger (bureau registrars and supervisors); the page of
an import job, which follows the job until it ends (htmx polling)."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petitions.models import Petition

from . import jobs
from .columns import COLUMNS, SHEET_TITLE
from .exports import XLSX_CONTENT_TYPE, ledger_filename, write_petition_ledger
from .forms import LedgerExportForm, LedgerImportForm
from .imports import can_import_ledger
from .models import ImportJob, ImportState

RECENT_JOBS = 10
# After this long in the queue the job page says that the task worker may not be running.
WORKER_MISSING_AFTER = dt.timedelta(minutes=1)

audit = logging.getLogger("ledgers.audit")


def _page(request, *, export_form=None, import_form=None, status=200):
    may_import = can_import_ledger(request.user)
    context = {
        "export_form": export_form or LedgerExportForm(user=request.user),
        "import_form": (import_form or LedgerImportForm()) if may_import else None,
        "jobs": ImportJob.objects.visible_to(request.user).select_related("owner")[:RECENT_JOBS],
        "columns": COLUMNS,
    }
    return render(request, "ledgers/home.html", context, status=status)


@login_required
@require_GET
def home(request):
    return _page(request)


def xlsx_response(write, filename: str) -> FileResponse:
    """Write the workbook into a temporary file (constant memory) and send that file."""
    file = tempfile.TemporaryFile()
    write(file)
    file.seek(0)
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"  # personal data
    return response


@login_required
@require_GET
def export(request):
    form = LedgerExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _page(request, export_form=form, status=400)
    petitions = form.filter(Petition.objects.visible_to(request.user))
    unmasked = form.cleaned_data["unmasked"]
    if unmasked:
        audit.warning(
            "unmasked ledger export by user %s (id %s), filters %s",
            request.user.username, request.user.pk, request.GET.urlencode(),
        )
    return xlsx_response(
        lambda file: write_petition_ledger(petitions, request.user, file, unmasked=unmasked),
        ledger_filename(timezone.localdate()),
    )


@login_required
@require_GET
def blank(request):
    """The headings alone: a form to fill in for an import."""
    return xlsx_response(
        lambda file: write_petition_ledger(Petition.objects.none(), request.user, file),
        ledger_filename(timezone.localdate(), "模板"),
    )


@login_required
@require_POST
def import_ledger_view(request):
    if not can_import_ledger(request.user):
        raise PermissionDenied(_("Only the petition bureau's registrars and supervisors can import a ledger."))
    form = LedgerImportForm(request.POST, request.FILES, sheet=SHEET_TITLE)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    job = jobs.start_import(owner=request.user, register="petitions", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)


@login_required
@require_GET
def job(request, pk):
    """An import job: its progress while it runs (the fragment polls itself every 2 s), then its result."""
    found = jobs.notice_stopped(get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk))
    importer = jobs.IMPORTERS[found.register]
    context = {
        "job": found,
        "title": importer.title(timezone.localdate(found.created_at)),
        "back": importer.page,
        "done_message": importer.done(found.imported) if found.state == ImportState.DONE else "",
        "worker_missing": found.state == ImportState.QUEUED
        and timezone.now() - found.created_at > WORKER_MISSING_AFTER,
    }
    template = "ledgers/job.html#progress" if request.htmx else "ledgers/job.html"
    return render(request, template, context)
