"""The screening ledgers page: export what the user may see; import as a background job (checked row by row, saved
through the register's actions, all or nothing), whose page shows every problem by row."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ledgers.forms import LedgerImportForm
from ledgers.jobs import start_import
from ledgers.registers import write_register
from ledgers.views import xlsx_response

from .. import access, ledgers

LEDGERS = ("campaigns", "disputes", "incidents")


def _may_import(user, name: str) -> bool:
    if name == "campaigns":
        return access.may_keep_campaigns(user) or access.may_register_disputes(user)
    if name == "disputes":
        return access.may_register_disputes(user)
    return access.may_start_linkage(user)


def _refuse_unless_screening(user) -> None:
    if not access.sees_screening(user):
        raise PermissionDenied(_("The screening ledgers are kept by the petition bureau and the units."))


def _page(request, *, failed="", form=None, status=200):
    rows = [(name, ledgers.REGISTERS[name], _may_import(request.user, name)) for name in LEDGERS]
    return render(request, "screening/ledgers.html", {
        "ledgers": rows, "failed": failed, "form": form or LedgerImportForm()}, status=status)


@login_required
@require_GET
def ledger_home(request):
    _refuse_unless_screening(request.user)
    return _page(request)


@login_required
@require_GET
def ledger_export(request, name):
    if name not in LEDGERS:
        raise Http404
    _refuse_unless_screening(request.user)
    register = ledgers.REGISTERS[name]
    rows = ledgers.records_of(name, request.user)
    return xlsx_response(lambda file: write_register(register, rows, file), register.filename(timezone.localdate()))


@login_required
@require_http_methods(["POST"])
def ledger_import(request, name):
    if name not in LEDGERS:
        raise Http404
    _refuse_unless_screening(request.user)
    if not _may_import(request.user, name):
        raise PermissionDenied(_("You may not import this ledger."))
    form = LedgerImportForm(request.POST, request.FILES, sheet=ledgers.REGISTERS[name].title)
    if not form.is_valid():
        return _page(request, form=form, failed=name, status=400)
    job = start_import(owner=request.user, register=f"screening.{name}", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)
