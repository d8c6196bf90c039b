"""Statistics pages: the dashboard and the download of the statistical tables (thin: parse, compute, render).

Who sees which scope, and over which items, is ``stats.access``: the dashboard counts only the items the user may
see, so that every figure equals the count of the list it links to; the tables are the county's document.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from organisation.models import Unit
from screening.access import sees_screening
from screening.models import Dispute

from . import dashboard, tables
from . import screening as screening_figures
from .access import counted_items, held_to_unit, may_choose_unit, may_see_county_documents
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


def _access_context(user, items) -> dict:
    return {"may_choose_unit": may_choose_unit(user), "own_items_only": items is not None,
            "may_download_tables": may_see_county_documents(user)}


@login_required
@require_GET
def dashboard_view(request):
    form, period, unit, today = _picked(request)
    items = counted_items(request.user)
    context = {"form": form, "period": period, "unit": unit, **_access_context(request.user, items)}
    if period is None:
        return render(request, "stats/dashboard.html", context, status=400)
    figures = compute(period, unit, as_of=today, items=items)
    open_items = backlog(unit, on=today, items=items)
    links = dashboard.Links(figures)
    if sees_screening(request.user):
        screening = screening_figures.compute(period, unit, as_of=today,
                                              disputes=Dispute.objects.visible_to(request.user))
        context["screening_figures"] = dashboard.screening_figures(screening, unit)
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
    """The statistical tables of the chosen period and scope as .xlsx; the form again with its errors if invalid.

    The tables count every item of the units in them (``units.by_unit``): for those who see every item only."""
    if not may_see_county_documents(request.user):
        raise PermissionDenied
    form, period, unit, today = _picked(request)
    if period is None:
        return render(request, "stats/dashboard.html",
                      {"form": form, "period": None, **_access_context(request.user, None)}, status=400)
    file = tempfile.TemporaryFile()
    tables.write_tables(period, unit, file, as_of=today)
    file.seek(0)
    response = FileResponse(file, as_attachment=True, filename=tables.filename(period, unit),
                            content_type=tables.XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
