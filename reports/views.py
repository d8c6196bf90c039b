"""The report pages: choose a period and scope, edit the generated text, regenerate, export (.docx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stats.periods import Period, PeriodError

from . import actions, documents
from .forms import DraftForm, OpenReportForm, RegenerateForm, period_suggestions
from .models import ReportDraft
from .selectors import drafts_of, may_report_on, report_scopes
from .summary import PLACEHOLDER_MARK


def _scopes_or_403(user):
    scopes = report_scopes(user)
    if not scopes:
        raise PermissionDenied(_("You are not allowed to see the statistics."))
    return scopes


def _own_draft(request, pk) -> ReportDraft:
    """A draft is its author's alone; one whose scope the author may no longer see is not found either."""
    draft = get_object_or_404(ReportDraft.objects.select_related("unit"), pk=pk, author=request.user)
    if not may_report_on(request.user, draft.unit):
        raise Http404
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    today = timezone.localdate()
    form = OpenReportForm(request.POST or None, scopes=_scopes_or_403(request.user), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            draft = actions.report_draft_open(
                actor=request.user, period=form.cleaned_data["period"], unit=form.cleaned_data["scope"],
                as_of=form.cleaned_data["as_of"],
            )
        except PeriodError as error:
            form.add_error(None, str(error))
        else:
            return redirect("reports:draft", pk=draft.pk)
    return render(request, "reports/index.html", {
        "form": form,
        "suggestions": period_suggestions(today),
        "drafts": drafts_of(request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk):
    draft = _own_draft(request, pk)
    form = DraftForm(request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        actions.report_draft_save(
            actor=request.user, draft=draft, title=form.cleaned_data["title"], sections=form.edited_sections()
        )
        messages.success(request, _("The draft was saved."))
        return redirect("reports:draft", pk=draft.pk)
    return _draft_page(request, draft, form, RegenerateForm(initial={"as_of": draft.as_of},
                                                            period=Period.parse(draft.period),
                                                            today=timezone.localdate()))


def _draft_page(request, draft, form, regenerate_form, status=200):
    return render(request, "reports/draft.html", {
        "draft": draft,
        "period": Period.parse(draft.period),
        "form": form,
        "regenerate_form": regenerate_form,
        "placeholders": any(PLACEHOLDER_MARK in s["text"] or PLACEHOLDER_MARK in s["heading"]
                            for s in draft.sections),
    }, status=status)


@login_required
@require_POST
def regenerate(request, pk):
    draft = _own_draft(request, pk)
    form = RegenerateForm(request.POST, period=Period.parse(draft.period), today=timezone.localdate())
    if not form.is_valid():
        return _draft_page(request, draft, DraftForm(draft=draft), form, status=400)
    actions.report_draft_regenerate(actor=request.user, draft=draft, as_of=form.cleaned_data["as_of"])
    messages.warning(request, _("The draft was generated again from the figures as of %(day)s; earlier edits were "
                                "replaced.") % {"day": form.cleaned_data["as_of"].isoformat()})
    return redirect("reports:draft", pk=draft.pk)


@login_required
@require_GET
def download(request, pk):
    draft = _own_draft(request, pk)
    response = HttpResponse(documents.build(draft), content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(draft))
    response["Cache-Control"] = "private, no-store"
    return response
