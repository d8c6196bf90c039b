"""Pages of the reception register: thin — parse, call one action or selector, render (STYLE.md §9).

Every object is fetched through its ``visible_to(user)``: what a user may not see is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petitions.forms import attach_errors, report_outcome
from petitions.identity import mask_phone

from . import access, actions, documents, selectors
from .forms import (
    AppointmentForm,
    CampaignForm,
    CancelForm,
    DayForm,
    MatterFormSet,
    RecordForm,
    ScheduleForm,
    record_data,
)
from .models import (
    Appointment,
    AppointmentState,
    AttendanceNotice,
    Campaign,
    MatterOutcome,
    ReceptionDay,
    ReceptionDayState,
    ReceptionKind,
    ReceptionRecord,
)


def _require_register(user) -> None:
    if not access.can_see_register(user):
        raise Http404


def _require_writer(user) -> None:
    if not access.can_write(user):
        raise PermissionDenied(_("Only the petition bureau's registrars and supervisors keep the reception register."))


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


# --- The schedule ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """The published schedule: coming reception days, with the appointments booked on them."""
    _require_register(request.user)
    today = timezone.localdate()
    tier = request.GET.get("tier", "")
    days = selectors.coming_days(request.user, today, tier=tier)
    context = {
        "today": today,
        "tier": tier,
        "months": selectors.by_month(days),
        "appointments": selectors.coming_appointments(request.user, today),
        "pending_notices": selectors.notices_for(request.user).pending().count(),
        "may_write": access.can_write(request.user),
        "past": selectors.past_days(request.user, today)[:20],
    }
    return render(request, "reception/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_new(request):
    _require_writer(request.user)
    today = timezone.localdate()
    form = ScheduleForm(request.POST or None, initial={
        "valid_from": today, "publish_until": dt.date(today.year, 12, 31), "weekdays": [0],
    })
    if request.method == "POST" and form.is_valid():
        try:
            schedule = actions.schedule_create(actor=request.user, data=form.data_object())
            days = actions.schedule_publish(actor=request.user, schedule=schedule,
                                            until=form.cleaned_data["publish_until"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, ngettext("%(n)s reception day was published.",
                                               "%(n)s reception days were published.", len(days)) % {"n": len(days)})
            return redirect("reception:home")
    return render(request, "reception/form.html", {"form": form, "title": _("New reception schedule")})


@login_required
@require_http_methods(["GET", "POST"])
def day_new(request):
    _require_writer(request.user)
    form = DayForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            day = actions.reception_day_add(actor=request.user, data=form.data_object())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The reception day was added."))
            return redirect("reception:day", pk=day.pk)
    return render(request, "reception/form.html", {"form": form, "title": _("New reception day")})


@login_required
@require_GET
def day_detail(request, pk):
    day = get_object_or_404(ReceptionDay.objects.visible_to(request.user).select_related("leader", "unit"), pk=pk)
    record = ReceptionRecord.objects.filter(reception_day=day).first()
    context = {
        "day": day,
        "record": record if record and ReceptionRecord.objects.visible_to(request.user).filter(pk=record.pk).exists() else None,
        "appointments": Appointment.objects.visible_to(request.user).filter(reception_day=day),
        "may_write": access.can_write(request.user),
        "may_record": access.can_write(request.user) and day.state == ReceptionDayState.SCHEDULED,
        "cancel_form": CancelForm(),
        "today": timezone.localdate(),
    }
    return render(request, "reception/day.html", context)


@login_required
@require_POST
def day_cancel(request, pk):
    day = get_object_or_404(ReceptionDay.objects.visible_to(request.user), pk=pk)
    _cancel(request, lambda reason: actions.reception_day_cancel(actor=request.user, day=day, reason=reason),
            _("The reception day was cancelled."))
    return redirect("reception:day", pk=day.pk)


def _cancel(request, cancel, done: str) -> None:
    """Run a cancelling action with the reason the form gives; its outcome as a message on the next page."""
    report_outcome(request, CancelForm(request.POST), cancel, done=done,
                   incomplete=_("Please give the reason for cancelling."))


# --- Appointments ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def appointments(request):
    _require_register(request.user)
    items = Appointment.objects.visible_to(request.user).select_related("leader").prefetch_related("notices__unit")
    return render(request, "reception/appointments.html", {
        "appointments": items.order_by("-date", "-starts_at"), "may_write": access.can_write(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def appointment_new(request):
    _require_writer(request.user)
    today = timezone.localdate()
    initial = {"date": today}
    day = None
    if request.GET.get("day", "").isdigit():  # booked from a reception day's page: its leader, date and place
        day = ReceptionDay.objects.visible_to(request.user).filter(pk=request.GET["day"]).first()
        if day is not None:
            initial.update(reception_day=day.pk, leader=day.leader_id, date=day.date, place=day.place,
                           starts_at=day.starts_at)
    form = AppointmentForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = actions.appointment_book(actor=request.user, data=form.data_object())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The appointment is booked and the units concerned are notified."))
            return redirect("reception:appointment", pk=appointment.pk)
    return render(request, "reception/form.html", {"form": form, "title": _("Book an appointment reception")})


@login_required
@require_GET
def appointment_detail(request, pk):
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("leader", "reception_day"), pk=pk
    )
    record = getattr(appointment, "record", None)
    return render(request, "reception/appointment.html", {
        "appointment": appointment,
        "representatives": [(r, mask_phone(r.phone)) for r in appointment.representatives.all()],
        "notices": appointment.notices.select_related("unit", "acknowledged_by"),
        "record": record,
        "may_write": access.can_write(request.user),
        "may_record": access.can_write(request.user) and appointment.state == AppointmentState.BOOKED,
        "may_reveal": access.can_see_phone(request.user),
        "cancel_form": CancelForm(),
    })


@login_required
@require_GET
def appointment_notice(request, pk):
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    if appointment.state == AppointmentState.CANCELLED:
        raise Http404
    content = documents.appointment_notice(appointment, issued_on=timezone.localdate(appointment.booked_at))
    return _docx(content, documents.appointment_notice_filename(appointment))


@login_required
@require_POST
def appointment_cancel(request, pk):
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    _cancel(request, lambda reason: actions.appointment_cancel(actor=request.user, appointment=appointment, reason=reason),
            _("The appointment was cancelled."))
    return redirect("reception:appointment", pk=appointment.pk)


@login_required
@require_POST
def reveal_phone(request, pk):
    """The full phone number of an appointment's representative, for the bureau desk; each reveal is logged."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    representative = get_object_or_404(appointment.representatives, pk=request.POST.get("representative"))
    try:
        actions.phone_reveal(actor=request.user, subject=f"appointment:{appointment.pk}")
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return render(request, "petitions/_revealed.html", {"value": representative.phone})


# --- Notices to the units concerned ------------------------------------------------------------------------------


@login_required
@require_GET
def notices(request):
    _require_register(request.user)
    items = selectors.notices_for(request.user).select_related("appointment__leader", "unit", "acknowledged_by")
    return render(request, "reception/notices.html", {"notices": items, "today": timezone.localdate()})


@login_required
@require_POST
def notice_acknowledge(request, pk):
    notice = get_object_or_404(AttendanceNotice.objects.visible_to(request.user), pk=pk)
    try:
        actions.notice_acknowledge(actor=request.user, notice=notice)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The notice is acknowledged."))
    return redirect("reception:notices")


# --- Campaigns ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def campaigns(request):
    _require_register(request.user)
    return render(request, "reception/campaigns.html", {
        "campaigns": Campaign.objects.visible_to(request.user).order_by("-starts_on"),
        "may_write": access.can_write(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    _require_writer(request.user)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.campaign_create(actor=request.user, data=form.data_object())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The campaign and its rota are saved."))
            return redirect("reception:campaign", pk=campaign.pk)
    return render(request, "reception/form.html", {"form": form, "title": _("New reception campaign")})


@login_required
@require_GET
def campaign_detail(request, pk):
    from stats.reception import for_campaign

    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    started = today >= campaign.starts_on
    return render(request, "reception/campaign.html", {
        "campaign": campaign,
        "duties": campaign.duties.select_related("leader"),
        "figures": for_campaign(campaign, as_of=today) if started else None,
        "records": ReceptionRecord.objects.visible_to(request.user).filter(campaign=campaign).for_list()
        .prefetch_related("matters"),
        "may_record": access.can_write(request.user) and started,
        "today": today,
    })


@login_required
@require_GET
def campaign_report(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    if today < campaign.starts_on:
        raise Http404
    return _docx(documents.campaign_report(campaign, as_of=today), documents.campaign_report_filename(campaign))


# --- Reception records -------------------------------------------------------------------------------------------


@login_required
@require_GET
def records(request):
    _require_register(request.user)
    kind = request.GET.get("kind", "")
    items = ReceptionRecord.objects.visible_to(request.user).for_list().prefetch_related("matters")
    if kind in ReceptionKind.values:
        items = items.filter(kind=kind)
    return render(request, "reception/records.html", {
        "records": [selectors.RecordRow.of(r) for r in items[:300]], "kind": kind, "kinds": ReceptionKind.choices,
        "may_write": access.can_write(request.user),
    })


def _record_initial(request) -> dict:
    """The occasion the record is for, from the link that led here (?day=, ?appointment=, ?campaign=, ?kind=joint)."""
    today = timezone.localdate()
    initial = {"kind": ReceptionKind.JOINT, "held_on": today}
    if request.GET.get("day"):
        day = get_object_or_404(ReceptionDay, pk=request.GET["day"])
        initial.update(kind=ReceptionKind.RECEPTION_DAY, reception_day=day.pk, held_on=day.date,
                       leader=day.leader_id, place=day.place)
    elif request.GET.get("appointment"):
        appointment = get_object_or_404(Appointment, pk=request.GET["appointment"])
        initial.update(kind=ReceptionKind.APPOINTMENT, appointment=appointment.pk, held_on=appointment.date,
                       leader=appointment.leader_id, place=appointment.place,
                       joint_units="\n".join(f"{n.unit.name}：" for n in appointment.notices.select_related("unit")))
    elif request.GET.get("campaign"):
        campaign = get_object_or_404(Campaign, pk=request.GET["campaign"])
        duty = campaign.duties.filter(date=today).first()
        initial.update(kind=ReceptionKind.CAMPAIGN, campaign=campaign.pk, place=campaign.place,
                       leader=duty.leader_id if duty else None)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request):
    _require_writer(request.user)
    form = RecordForm(request.POST or None, initial=_record_initial(request) if request.method == "GET" else None)
    formset = MatterFormSet(request.POST or None, prefix="matters")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            record = actions.record_write(actor=request.user, data=record_data(form, formset))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            filed = record.matters.filter(outcome=MatterOutcome.FILED).count()
            messages.success(request, ngettext(
                "The reception is recorded; %(n)s case was filed and assigned.",
                "The reception is recorded; %(n)s cases were filed and assigned.", filed) % {"n": filed})
            return redirect("reception:record", pk=record.pk)
    kind = form["kind"].value()
    return render(request, "reception/record_form.html", {
        "form": form, "formset": formset, "kind_label": dict(ReceptionKind.choices).get(kind, ""), "kind": kind,
    })


@login_required
@require_GET
def record_detail(request, pk):
    record = get_object_or_404(ReceptionRecord.objects.visible_to(request.user).for_list(), pk=pk)
    matters = list(record.matters.select_related("category", "place", "lead_unit", "owning_leader", "petition"))
    from petitions.models import Petition

    visible = set(Petition.objects.visible_to(request.user).filter(
        pk__in=[m.petition_id for m in matters if m.petition_id]).values_list("pk", flat=True))
    return render(request, "reception/record.html", {
        "record": record,
        "matters": [(m, mask_phone(m.phone), m.petition_id in visible) for m in matters],
        "joint_units": record.joint_units.select_related("unit"),
        "persons": sum(m.headcount for m in matters),
    })


@login_required
@require_GET
def record_minutes(request, pk):
    record = get_object_or_404(ReceptionRecord.objects.visible_to(request.user).for_list(), pk=pk)
    return _docx(documents.minutes(record), documents.minutes_filename(record))
