"""Duty-roster pages: thin — parse, call one selector or action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ledgers.forms import LedgerImportForm
from ledgers.jobs import start_import
from ledgers.registers import write_register
from ledgers.views import xlsx_response
from petitions.documents import DOCX_CONTENT_TYPE
from petitions.forms import attach_errors

from . import actions, documents, ledger, selectors
from .forms import RosterForm, ShiftForm
from .models import DutyRoster

REFUSED = gettext_lazy("Only the petition bureau's supervisors and administrators can keep duty rosters.")


def _roster(request, pk) -> DutyRoster:
    return get_object_or_404(DutyRoster.objects.visible_to(request.user), pk=pk)


def _editor(request) -> None:
    if not actions.can_edit_rosters(request.user):
        raise PermissionDenied(str(REFUSED))



def _index_context(request, *, import_form=None):
    today = timezone.localdate()
    may_edit = actions.can_edit_rosters(request.user)
    return {
        "today": today,
        "on_duty": selectors.on_duty(request.user, today),
        "rosters": DutyRoster.objects.visible_to(request.user)[:100],
        "may_edit": may_edit,
        "import_form": (import_form or LedgerImportForm()) if may_edit else None,
    }


@login_required
@require_GET
def index(request):
    return render(request, "duty/index.html", _index_context(request))


@login_required
@require_GET
def today(request):
    """The "who is on duty today" panel alone (an htmx fragment other pages can load)."""
    day = timezone.localdate()
    return render(request, "duty/_today.html", {"today": day, "on_duty": selectors.on_duty(request.user, day)})


@login_required
@require_GET
def detail(request, pk):
    roster = _roster(request, pk)
    may_edit = actions.can_edit_rosters(request.user)
    return render(request, "duty/detail.html", {
        "roster": roster, "days": selectors.roster_days(roster), "may_edit": may_edit,
        "shift_form": ShiftForm(initial={"on_date": roster.starts_on}) if may_edit else None,
        "events": roster.events.select_related("actor"), "today": timezone.localdate(),
    })


@login_required
@require_GET
def print_view(request, pk):
    roster = _roster(request, pk)
    return render(request, "duty/print.html", {"roster": roster, "days": selectors.roster_days(roster)})


@login_required
@require_GET
def document(request, pk):
    roster = _roster(request, pk)
    response = HttpResponse(documents.build(roster), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(roster))
    return response


def _roster_form_page(request, roster=None):
    _editor(request)
    initial = ({"name": roster.name, "starts_on": roster.starts_on, "ends_on": roster.ends_on,
                "requirements": roster.requirements} if roster else {})
    form = RosterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if roster is None:
                roster = actions.duty_roster_create(actor=request.user, **form.cleaned_data)
            else:
                actions.duty_roster_correct(actor=request.user, roster=roster, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The roster was saved."))
            return redirect("duty:detail", pk=roster.pk)
    return render(request, "duty/form.html", {"form": form, "roster": roster}, status=400 if form.errors else 200)


@login_required
def create(request):
    return _roster_form_page(request)


@login_required
def edit(request, pk):
    return _roster_form_page(request, _roster(request, pk))


@login_required
@require_POST
def shift_set(request, pk):
    roster = _roster(request, pk)
    _editor(request)
    form = ShiftForm(request.POST)
    if form.is_valid():
        try:
            actions.duty_shift_set(actor=request.user, roster=roster, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The shift was entered."))
            return redirect("duty:detail", pk=roster.pk)
    return render(request, "duty/shift_form.html", {"form": form, "roster": roster}, status=400)


@login_required
@require_GET
def export(request):
    rows = ledger.ledger_rows(DutyRoster.objects.visible_to(request.user))
    return xlsx_response(lambda file: write_register(ledger.REGISTER, rows, file),
                         ledger.REGISTER.filename(timezone.localdate()))


@login_required
@require_POST
def import_view(request):
    _editor(request)
    form = LedgerImportForm(request.POST, request.FILES, sheet=ledger.REGISTER.title)
    if not form.is_valid():
        return render(request, "duty/index.html", _index_context(request, import_form=form), status=400)
    job = start_import(owner=request.user, register="duty", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)
