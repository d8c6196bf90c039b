"""Screening pages: an information officer's own reports (我的报送), and the township's screening of them.

Thin (STYLE.md §9): parse a form, call one action (``actions.report_*``), render. Who sees which report is
``OfficerReport.objects.visible_to``; what a user may do is decided by the actions (``ScreeningRefused`` is a
``PermissionDenied``: 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petitions.forms import attach_errors

from .. import access, actions
from ..forms import AcceptForm, CloseForm, MergeForm, ReportForm
from ..models import OfficerReport, ReportState
from . import own_unit, performed


@login_required
def my_reports(request):
    """我的报送: the officer's own reports and what became of them, and the short form to report."""
    if not access.may_submit_reports(request.user):
        raise PermissionDenied(_("Only a village or community information officer can submit reports here."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_submit(actor=request.user, data=actions.ReportData(**form.cleaned_data))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your report was sent to the township."))
            return redirect("screening:my_reports")
    reports = (OfficerReport.objects.visible_to(request.user).filter(officer=request.user)
               .select_related("dispute")[:100])
    return render(request, "screening/my_reports.html", {"form": form, "reports": reports},
                  status=400 if form.errors else 200)


def _visible_report(request, pk) -> OfficerReport:
    return get_object_or_404(
        OfficerReport.objects.visible_to(request.user).select_related("community", "township", "officer", "dispute"),
        pk=pk)


@login_required
@require_GET
def reports(request):
    """信息员报送: the reports the user may see, waiting ones first (the oldest due first), overdue ones marked."""
    if not access.sees_screening(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    visible = OfficerReport.objects.visible_to(request.user)
    rows = (visible.select_related("community", "township", "dispute")
            .annotate(done=Case(When(state=ReportState.SUBMITTED, then=Value(0)), default=Value(1),
                                output_field=IntegerField()))
            .order_by("done", "screen_due_on", "-reported_at", "-pk"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.overdue = report.is_overdue(today)
    return render(request, "screening/reports.html", {
        "page": page,
        "waiting_count": visible.waiting().count(), "overdue_count": visible.overdue(today).count(),
    })


def _screen_context(request, report, **forms):
    user = request.user
    may_screen = report.state == ReportState.SUBMITTED and access.may_screen(user, report)
    today = timezone.localdate()
    report.overdue = report.is_overdue(today)
    context = {"report": report, "may_screen": may_screen}
    if may_screen:
        unit = own_unit(user)
        context["accept_form"] = forms.get("accept_form") or AcceptForm(unit=unit, initial={
            "found_on": today, "found_by_unit": unit, "place": report.community,
            "title": report.what.splitlines()[0][:120] if report.what else "", "description": report.what,
            "people_involved": report.people_involved, "responsible_unit": unit or report.township,
        })
        context["merge_form"] = forms.get("merge_form") or MergeForm(user=user)
        context["close_form"] = forms.get("close_form") or CloseForm()
    return context


@login_required
@require_GET
def report_detail(request, pk):
    report = _visible_report(request, pk)
    return render(request, "screening/report_detail.html", _screen_context(request, report))


def _screen(request, report, form, form_name, run, done):
    """Run one screening action with a valid form; its ValidationError goes on the form, shown on the report page."""
    result = performed(form, run)
    if result is not None:
        messages.success(request, done(result))
        return redirect("screening:reports")
    context = _screen_context(request, report, **{form_name: form})
    context["failed_errors"] = form.non_field_errors()
    return render(request, "screening/report_detail.html", context, status=400)


@login_required
@require_POST
def report_accept(request, pk):
    report = _visible_report(request, pk)
    unit = own_unit(request.user)
    form = AcceptForm(request.POST, unit=unit)

    def run(**values):
        values.setdefault("found_by_unit", unit)
        return actions.report_accept(actor=request.user, report=report, data=actions.DisputeData(**values))

    return _screen(request, report, form, "accept_form", run,
                   lambda d: _("The report was accepted as dispute %(number)s.") % {"number": d.number})


@login_required
@require_POST
def report_merge(request, pk):
    report = _visible_report(request, pk)
    form = MergeForm(request.POST, user=request.user)
    return _screen(request, report, form, "merge_form",
                   lambda dispute: actions.report_merge(actor=request.user, report=report, dispute=dispute),
                   lambda r: _("The report was merged into dispute %(number)s.") % {"number": r.dispute.number})


@login_required
@require_POST
def report_close(request, pk):
    report = _visible_report(request, pk)
    form = CloseForm(request.POST)
    return _screen(request, report, form, "close_form",
                   lambda close_reason: actions.report_close(actor=request.user, report=report, reason=close_reason),
                   lambda r: _("The report was closed."))
