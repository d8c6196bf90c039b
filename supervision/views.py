"""Case ownership and supervision pages: thin — parse, call one selector or action, render (STYLE.md §9)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ledgers.forms import LedgerImportForm
from ledgers.jobs import start_import
from ledgers.registers import write_register
from ledgers.views import xlsx_response
from petitions.documents import DOCX_CONTENT_TYPE
from petitions.forms import attach_errors, report_outcome
from stats import supervision as supervision_stats
from stats.periods import Period

from . import access, actions, bulletins, documents, ledgers, selectors
from .forms import BulletinForm, NoticeCompleteForm, NoticeForm, OwnershipForm, ReportBackForm
from .models import DUE_SOON_DAYS, Bulletin, Ownership, SupervisionNotice

NOTICE_VIEWS = ("open", "due_soon", "overdue", "all")


def _require_access(user):
    if not access.sees_supervision(user):
        raise Http404


def _item(request, pk):
    """An item through this app's access rule (404 for anything else)."""
    return get_object_or_404(selectors.items_for(request.user).select_related(
        "responsible_unit", "owning_leader", "source_body"), pk=pk)


def _back(request, default: str):
    """Back to the page the form was on (a local path only), else ``default``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
@require_GET
def index(request):
    """The overview: this year's figures and the open work."""
    _require_access(request.user)
    today = timezone.localdate()
    figures = supervision_stats.compute(Period.containing(today, "year"), None, as_of=today) \
        if access.sees_everything(request.user) else None
    context = {
        "figures": figures,
        "lacking": selectors.lacking_ownership(request.user)[:10],
        "lacking_count": selectors.lacking_ownership(request.user).count(),
        "warnings": list(selectors.notices(request.user, "open", today).filter(due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))[:20]),
        "today": today,
        "section": "index",
    }
    return render(request, "supervision/index.html", context)


@login_required
@require_GET
def ownership_list(request):
    _require_access(request.user)
    view = request.GET.get("view", "lacking")
    context = {"view": view, "section": "ownership", "today": timezone.localdate(),
               "may_edit": access.may_record_ownership(request.user)}
    if view == "owned":
        context["cases"] = selectors.owned_cases(request.user)[:300]
    else:
        context["view"] = "lacking"
        context["items"] = selectors.lacking_ownership(request.user)[:300]
    return render(request, "supervision/ownership_list.html", context)


@login_required
def ownership_edit(request, pk):
    _require_access(request.user)
    petition = _item(request, pk)
    if not access.may_record_ownership(request.user):
        raise Http404
    ownership = Ownership.objects.filter(petition=petition).first()
    initial = {"owning_leader": petition.owning_leader, "lead_unit": petition.responsible_unit}
    if ownership is not None:
        initial.update(lead_unit=ownership.lead_unit, handlers=ownership.handlers, deadline=ownership.deadline,
                       risk_measures=ownership.risk_measures, funds=ownership.funds)
    elif petition.handling_due_on:
        initial["deadline"] = petition.handling_due_on
    form = OwnershipForm(request.POST or None, initial=initial, petition=petition)
    if request.method == "POST" and form.is_valid():
        try:
            ownership = actions.ownership_set(actor=request.user, petition=petition, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if ownership.completed_on:
                messages.success(request, _("The five assurances are in place: the case is owned."))
            else:
                messages.warning(request, _("Saved. Still missing: %(missing)s.") % {
                    "missing": "、".join(str(a.label) for a in ownership.missing())})
            return redirect("petitions:detail", pk=petition.pk)
    from . import rules

    return render(request, "supervision/ownership_form.html", {
        "p": petition, "form": form, "ownership": ownership, "reasons": rules.reasons(petition),
        "section": "ownership"})


@login_required
@require_GET
def notice_list(request):
    _require_access(request.user)
    today = timezone.localdate()
    view = request.GET.get("view", "open")
    if view not in NOTICE_VIEWS:
        view = "open"
    return render(request, "supervision/notice_list.html", {
        "view": view, "views": NOTICE_VIEWS, "notices": selectors.notices(request.user, view, today)[:300],
        "today": today, "section": "notices", "may_supervise": access.may_supervise(request.user),
        "complete_form": NoticeCompleteForm()})


@login_required
def notice_new(request, pk):
    _require_access(request.user)
    if not access.may_supervise(request.user):
        raise Http404
    petition = _item(request, pk)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = actions.notice_issue(actor=request.user, petition=petition, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Supervision notice %(number)s issued.") % {"number": notice.number})
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "supervision/notice_form.html", {"p": petition, "form": form, "section": "notices"})


@login_required
@require_POST
def notice_complete(request, pk):
    _require_access(request.user)
    notice = get_object_or_404(SupervisionNotice.objects.visible_to(request.user), pk=pk)
    if not access.may_supervise(request.user):
        raise Http404
    report_outcome(
        request, NoticeCompleteForm(request.POST),
        lambda result: actions.notice_complete(actor=request.user, notice=notice, result=result),
        done=_("Supervision notice %(number)s completed.") % {"number": notice.number},
        incomplete=_("Please say what was done."),
    )
    return _back(request, "supervision:notices")


@login_required
@require_GET
def from_above_list(request):
    _require_access(request.user)
    view = "all" if request.GET.get("view") == "all" else "pending"
    return render(request, "supervision/from_above.html", {
        "view": view, "rows": selectors.from_above(request.user, view), "section": "from_above",
        "may_report": access.may_report_back(request.user), "today": timezone.localdate(),
        "report_form": ReportBackForm(initial={"sent_on": timezone.localdate()})})


@login_required
@require_GET
def completion_report(request, pk):
    """The completion report (.docx) to the higher body; the bureau sends it."""
    _require_access(request.user)
    if not access.may_report_back(request.user):
        raise Http404
    petition = _item(request, pk)
    try:
        content = documents.build(petition, user=request.user, on=timezone.localdate())
    except documents.ReportUnavailable as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(petition))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_back(request, pk):
    _require_access(request.user)
    if not access.may_report_back(request.user):
        raise Http404
    petition = _item(request, pk)
    report_outcome(
        request, ReportBackForm(request.POST),
        lambda **data: actions.report_back_record(actor=request.user, petition=petition, **data),
        done=_("Recorded: the completion report was sent."),
        incomplete=_("Please give the date the report was sent."),
    )
    return _back(request, "supervision:from_above")


@login_required
def bulletin_list(request):
    _require_access(request.user)
    may_issue = access.may_supervise(request.user)
    form = BulletinForm(request.POST or None) if may_issue else None
    if request.method == "POST":
        if not may_issue:
            raise Http404
        if form.is_valid():
            try:
                bulletin = actions.bulletin_issue(actor=request.user, period=form.cleaned_data["period"])
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Bulletin %(number)s issued.") % {"number": bulletin.number})
                return redirect("supervision:bulletins")
    items = Bulletin.objects.select_related("issued_by").prefetch_related("mentions__unit")[:100]
    return render(request, "supervision/bulletins.html", {
        "bulletins": items, "form": form, "section": "bulletins"})


@login_required
@require_GET
def bulletin_download(request, pk):
    _require_access(request.user)
    bulletin = get_object_or_404(Bulletin, pk=pk)
    response = HttpResponse(bulletins.render(bulletin), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, bulletins.filename(bulletin))
    return response


# --- Ledgers ------------------------------------------------------------------------------------------------------


def _registers(today):
    return {"ownership": (ledgers.OWNERSHIP_REGISTER, access.may_record_ownership),
            "notices": (ledgers.notice_register(today), access.may_supervise)}


def _records(name, user):
    if name == "ownership":
        return ledgers.ownership_records(Ownership.objects.visible_to(user))
    return ledgers.notice_records(SupervisionNotice.objects.visible_to(user))


@login_required
def ledger_page(request):
    _require_access(request.user)
    today = timezone.localdate()
    cards = [{"name": name, "register": register, "may_import": may(request.user), "form": LedgerImportForm()}
             for name, (register, may) in _registers(today).items()]
    return render(request, "supervision/ledgers.html", {"cards": cards, "section": "ledgers"})


@login_required
@require_GET
def ledger_export(request, name):
    _require_access(request.user)
    today = timezone.localdate()
    if name not in ("ownership", "notices"):
        raise Http404
    register, _may = _registers(today)[name]
    records = _records(name, request.user)
    return xlsx_response(lambda file: write_register(register, records, file), register.filename(today))


@login_required
@require_POST
def ledger_import(request, name):
    _require_access(request.user)
    today = timezone.localdate()
    if name not in ("ownership", "notices"):
        raise Http404
    register, may = _registers(today)[name]
    if not may(request.user):
        raise Http404
    form = LedgerImportForm(request.POST, request.FILES, sheet=register.title)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("supervision:ledgers")
    job = start_import(owner=request.user, register=f"supervision.{name}", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)
