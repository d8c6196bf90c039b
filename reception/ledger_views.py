"""The reception ledgers page: export what the user may see; import (bureau desk) as a background job, whose page
shows every problem by row."""

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

from . import access, registers
from .models import Campaign, ReceptionDay, ReceptionRecord

LEDGERS = ("days", "records", "rota")


def records_of(name: str, user):
    """The rows of a ledger that ``user`` may see (the access rule of each record)."""
    if name == "days":
        return registers.days_for_ledger(ReceptionDay.objects.visible_to(user))
    if name == "records":
        return registers.matters_for_ledger(ReceptionRecord.objects.visible_to(user))
    return registers.duties_for_ledger(Campaign.objects.visible_to(user))


def _page(request, *, failed="", form=None, status=200):
    may_import = access.can_write(request.user)
    ledgers = [(name, registers.REGISTERS[name]) for name in LEDGERS]
    return render(request, "reception/ledgers.html", {
        "ledgers": ledgers, "failed": failed, "may_import": may_import,
        "form": form or LedgerImportForm(),
    }, status=status)


@login_required
@require_GET
def home(request):
    if not access.can_see_register(request.user):
        raise Http404
    return _page(request)


@login_required
@require_GET
def export(request, name):
    if name not in LEDGERS or not access.can_see_register(request.user):
        raise Http404
    register = registers.REGISTERS[name]
    rows = records_of(name, request.user)
    return xlsx_response(lambda file: write_register(register, rows, file), register.filename(timezone.localdate()))


@login_required
@require_http_methods(["POST"])
def import_view(request, name):
    if name not in LEDGERS:
        raise Http404
    if not access.can_write(request.user):
        raise PermissionDenied(_("Only the petition bureau's registrars and supervisors keep the reception register."))
    form = LedgerImportForm(request.POST, request.FILES, sheet=registers.REGISTERS[name].title)
    if not form.is_valid():
        return _page(request, form=form, failed=name, status=400)
    job = start_import(owner=request.user, register=f"reception.{name}", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)
