"""Emergency linkage pages (应急联动): the register, starting a linkage and correcting it, its page with the actions
taken in order, the linked disputes and items, and standing it down with its result.

``Incident.objects.visible_to`` decides who sees which (another unit's by URL is 404); the actions decide who may
work on it (403). The list's query parameters: ``state`` (``active`` / ``stood_down``), ``started_from`` and
``started_to`` (YYYY-MM-DD, the day the linkage started — what the figure 启动应急联动N次 counts) and ``unit`` (the
place's subtree, the figure's scope).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisation.models import Unit
from petitions.models import Petition

from .. import access, actions
from ..forms import IncidentActionForm, IncidentForm, StandDownForm
from ..models import Incident, ScreeningEvent
from . import performed

# Under way first, on every database (PostgreSQL sorts NULLs last in ascending order, SQLite first).
_ONGOING_FIRST = Case(When(stood_down_at__isnull=True, then=Value(0)), default=Value(1))


def _visible(request, pk) -> Incident:
    return get_object_or_404(Incident.objects.visible_to(request.user).select_related(
        "place__parent", "started_by", "stood_down_by"), pk=pk)


def _day(request, name) -> dt.date | None:
    try:
        return parse_date(request.GET.get(name, ""))
    except ValueError:
        return None


@login_required
@require_GET
def incident_list(request):
    if not access.sees_screening(request.user):
        raise PermissionDenied
    incidents = Incident.objects.visible_to(request.user)
    state = request.GET.get("state")
    if state == "active":
        incidents = incidents.filter(stood_down_at__isnull=True)
    elif state == "stood_down":
        incidents = incidents.filter(stood_down_at__isnull=False)
    start, end = _day(request, "started_from"), _day(request, "started_to")
    if start:
        incidents = incidents.filter(started_on__gte=start)
    if end:
        incidents = incidents.filter(started_on__lte=end)
    unit = Unit.objects.filter(pk=request.GET.get("unit")).first() if request.GET.get("unit", "").isdigit() else None
    if unit is not None:
        incidents = incidents.filter(place__path__startswith=unit.path)
    page = Paginator(incidents.select_related("place__parent").prefetch_related("units_mobilised")
                     .order_by(_ONGOING_FIRST, "-started_at", "-pk"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "screening/incident_list.html", {
        "page": page, "state": state, "query": query.urlencode(),
        "may_start": access.may_start_linkage(request.user)})


def _save(request, form, run, incident=None):
    if request.method == "POST" and (saved := performed(form, lambda **v: run(actions.IncidentData(**v)))):
        return redirect("screening:incident_detail", saved.pk)
    return render(request, "screening/incident_form.html", {"form": form, "incident": incident},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def incident_start(request):
    if not access.may_start_linkage(request.user):
        raise PermissionDenied(_("You may not start the emergency linkage."))
    unit = None if request.user.is_bureau_staff else request.user.unit
    dispute = request.GET.get("dispute")
    form = IncidentForm(request.POST or None, user=request.user, initial={
        "happened_at": timezone.localtime().replace(second=0, microsecond=0), "place": unit,
        "units_mobilised": [unit] if unit else [], "disputes": [dispute] if dispute else []})

    def run(data):
        incident = actions.incident_start(actor=request.user, data=data)
        messages.success(request, _("Emergency linkage %(number)s was started.") % {"number": incident.number})
        return incident

    return _save(request, form, run)


@login_required
@require_http_methods(["GET", "POST"])
def incident_correct(request, pk):
    incident = _visible(request, pk)
    if not access.may_work_incident(request.user, incident):
        raise PermissionDenied(_("You may not change this emergency linkage."))
    seen = Petition.objects.visible_to(request.user).filter(incidents=incident)
    form = IncidentForm(request.POST or None, user=request.user, incident=incident, initial={
        "title": incident.title, "description": incident.description,
        "happened_at": timezone.localtime(incident.happened_at), "place": incident.place,
        "place_detail": incident.place_detail, "people_involved": incident.people_involved,
        "units_mobilised": list(incident.units_mobilised.all()), "disputes": list(incident.disputes.all()),
        "petitions": "、".join(p.number for p in seen)})

    def run(data):
        changed = actions.incident_correct(actor=request.user, incident=incident, data=data)
        messages.success(request, _("The emergency linkage was corrected."))
        return changed

    return _save(request, form, run, incident)


def _detail(request, incident, status=200, **forms):
    user = request.user
    may_work = access.may_work_incident(user, incident)
    context = {
        "incident": incident, "may_work": may_work,
        "actions": incident.actions.select_related("unit").order_by("at", "pk"),
        "units": incident.units_mobilised.order_by("path"),
        "disputes": incident.disputes.visible_to(user).order_by("found_on", "pk"),
        "petitions": Petition.objects.visible_to(user).filter(incidents=incident).order_by("received_on", "pk"),
        "events": ScreeningEvent.objects.filter(subject=actions.subject_key(incident)).select_related("actor"),
    }
    if may_work and incident.is_active:
        context["action_form"] = forms.get("action_form") or IncidentActionForm(
            incident=incident, initial={"at": timezone.localtime().replace(second=0, microsecond=0)})
        context["stand_down_form"] = forms.get("stand_down_form") or StandDownForm()
    return render(request, "screening/incident_detail.html", context, status=status)


@login_required
@require_GET
def incident_detail(request, pk):
    return _detail(request, _visible(request, pk))


def _act(request, incident, form, name, run, done):
    if performed(form, run) is not None:
        messages.success(request, done)
        return redirect("screening:incident_detail", incident.pk)
    if form.non_field_errors():  # e.g. stood down meanwhile: the form is not on the page any more
        messages.error(request, "；".join(form.non_field_errors()))
    return _detail(request, incident, status=400, **{name: form})


@login_required
@require_POST
def incident_act(request, pk):
    incident = _visible(request, pk)
    form = IncidentActionForm(request.POST, incident=incident)
    return _act(request, incident, form, "action_form",
                lambda **values: actions.incident_act(actor=request.user, incident=incident, **values),
                _("The action was recorded."))


@login_required
@require_POST
def incident_stand_down(request, pk):
    incident = _visible(request, pk)
    form = StandDownForm(request.POST)
    return _act(request, incident, form, "stand_down_form",
                lambda **values: actions.incident_stand_down(actor=request.user, incident=incident, **values),
                _("The emergency linkage was stood down."))
