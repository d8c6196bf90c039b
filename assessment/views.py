"""The assessment pages: the monthly ranking, its .xlsx and the bulletin (.docx) — for whom ``access`` allows."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from petitions.documents import DOCX_CONTENT_TYPE
from stats.periods import Period, PeriodError, PeriodKind

from . import bulletin, exports
from .access import can_edit_scheme, can_view_assessment
from .scoring import INDICATORS, figure_text, rank_units, scheme_text, year_to_date


def last_complete_month(today: dt.date) -> Period:
    return Period.containing(today.replace(day=1) - dt.timedelta(days=1), PeriodKind.MONTH)


def parse_month(text: str | None, today: dt.date) -> Period:
    """The month asked for (``2026-10``), or the last complete month; ``PeriodError`` with a message otherwise."""
    if not text:
        return last_complete_month(today)
    try:
        period = Period.parse(text)
    except PeriodError:
        period = None
    if period is None or period.kind != PeriodKind.MONTH:
        raise PeriodError(_("“%(text)s” is not a month: choose a month such as 2026-10.") % {"text": text})
    if period.start > today:
        raise PeriodError(_("%(month)s has not begun yet: it cannot be assessed.") % {"month": period.label})
    return period


def _allowed(request) -> None:
    if not can_view_assessment(request.user):
        raise Http404


@login_required
@require_GET
def ranking_page(request):
    _allowed(request)
    today = timezone.localdate()
    cumulative = request.GET.get("view") == "ytd"
    try:
        month = parse_month(request.GET.get("month"), today)
    except PeriodError as error:
        month, message, status = last_complete_month(today), str(error), 400
    else:
        message, status = None, 200
    period = year_to_date(month) if cumulative else month
    ranking = rank_units(period, as_of=today)
    scheme = ranking.scheme
    if scheme.is_stored:
        scheme_url = reverse("admin:assessment_assessmentscheme_change", args=[scheme.pk])
    else:
        scheme_url = reverse("admin:assessment_assessmentscheme_add") + f"?year={scheme.year}"
    groups = [
        {"group": g, "rows": [{"result": r, "cells": [(s, figure_text(s)) for s in r.scores]} for r in g.results]}
        for g in ranking.groups
    ]
    context = {
        "ranking": ranking,
        "groups": groups,
        "indicators": INDICATORS,
        "columns": len(INDICATORS) + 5,  # rank, unit, the indicators, deductions, score, skip-level visits
        "month": month,
        "month_value": str(month),
        "cumulative": cumulative,
        "error": message,
        "scheme": scheme,
        "scheme_text": scheme_text(scheme),
        "scheme_url": scheme_url if can_edit_scheme(request.user) else None,
    }
    return render(request, "assessment/ranking.html", context, status=status)


def _month_or_400(request):
    try:
        return parse_month(request.GET.get("month"), timezone.localdate()), None
    except PeriodError as error:
        return None, HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def ranking_xlsx(request):
    _allowed(request)
    month, refused = _month_or_400(request)
    if refused:
        return refused
    today = timezone.localdate()
    monthly = rank_units(month, as_of=today)
    cumulative = rank_units(year_to_date(month), as_of=today, scheme=monthly.scheme)
    response = HttpResponse(exports.render(monthly, cumulative), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(exports.filename(monthly))
    return response


@login_required
@require_GET
def bulletin_docx(request):
    _allowed(request)
    month, refused = _month_or_400(request)
    if refused:
        return refused
    ranking = rank_units(month, as_of=timezone.localdate())
    response = HttpResponse(bulletin.render(ranking), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(bulletin.filename(ranking))
    return response


def _attachment(name: str) -> str:
    return content_disposition_header(True, name)
