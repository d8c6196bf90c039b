"""Ledger page: export the items the user may see, import a ledger (bureau registrars and supervisors)."""

from __future__ import annotations

import logging
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from petitions.models import Petition

from .columns import COLUMNS
from .exports import XLSX_CONTENT_TYPE, ledger_filename, write_petition_ledger
from .forms import LedgerExportForm, LedgerImportForm
from .imports import can_import_ledger, import_ledger

audit = logging.getLogger("ledgers.audit")


def _page(request, *, export_form=None, import_form=None, errors=None, status=200):
    may_import = can_import_ledger(request.user)
    context = {
        "export_form": export_form or LedgerExportForm(user=request.user),
        "import_form": (import_form or LedgerImportForm()) if may_import else None,
        "errors": errors,
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
    form = LedgerImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    result = import_ledger(form.cleaned_data["file"], user=request.user)
    if not result.ok:
        return _page(request, import_form=form, errors=result.errors, status=400)
    count = len(result.petitions)
    messages.success(
        request,
        ngettext("%(n)s item was imported from the ledger.", "%(n)s items were imported from the ledger.", count)
        % {"n": count},
    )
    return redirect("ledgers:home")
