"""Statistics pages: the dashboard and the download of the statistical tables (thin: parse, compute, render)."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from organisation.models import Unit

from . import dashboard, tables
from .access import held_to_unit, may_choose_unit
from .figures import compute
from .forms import PeriodForm
from .units import backlog


def _picked(request):
    """The period form, the chosen period and unit (or None when the form is invalid), and whether the user may
    choose the unit. A unit handler is held to his or her own unit whatever the request says."""
    if not (may_choose_unit(request.user) or held_to_unit(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    choose = may_choose_unit(request.user)
    form = PeriodForm(request.GET or None, today=today, unit_choice=choose)
    if not form.is_bound:
        return form, form.default_period(), held_to_unit(request.user), today
    if not form.is_valid():
        return form, None, None, today
    unit = held_to_unit(request.user)
    if choose and form.cleaned_data.get("unit"):
        unit = Unit.objects.get(pk=form.cleaned_data["unit"])
    return form, form.cleaned_data["period"], unit, today


@login_required
@require_GET
def dashboard_view(request):
    form, period, unit, today = _picked(request)
    context = {"form": form, "period": period, "unit": unit, "may_choose_unit": may_choose_unit(request.user)}
    if period is None:
        return render(request, "stats/dashboard.html", context, status=400)
    figures = compute(period, unit, as_of=today)
    open_items = backlog(unit, on=today)
    links = dashboard.Links(figures)
    context.update(
        figures=figures,
        key_figures=dashboard.key_figures(figures, open_items, links),
        charts=dashboard.charts(figures, open_items, links),
        query=request.GET.urlencode(),
    )
    return render(request, "stats/dashboard.html", context)


@login_required
@require_GET
def tables_view(request):
    """The statistical tables of the chosen period and scope as .xlsx; the form again with its errors if invalid."""
    form, period, unit, today = _picked(request)
    if period is None:
        return render(request, "stats/dashboard.html",
                      {"form": form, "period": None, "may_choose_unit": may_choose_unit(request.user)}, status=400)
    file = tempfile.TemporaryFile()
    tables.write_tables(period, unit, file, as_of=today)
    file.seek(0)
    response = FileResponse(file, as_attachment=True, filename=tables.filename(period, unit),
                            content_type=tables.XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
