"""Screening campaign pages: the list, setting a campaign up and correcting it (the bureau), a campaign's page with
every unit's report and those not reported yet, a unit's report (screened, or nil), and the 排查情况汇总表 (.docx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organisation.models import TOWNSHIP_KINDS, Unit
from petitions.access import works_the_bureau_desk
from petitions.documents import DOCX_CONTENT_TYPE

from .. import access, actions, documents
from ..forms import CampaignForm, CampaignReportForm
from ..models import Dispute, ScreeningCampaign
from ..selectors import campaign_sheet
from . import performed


def _visible(request, pk) -> ScreeningCampaign:
    return get_object_or_404(ScreeningCampaign.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def campaign_list(request):
    """排查工作: the campaigns, newest first, with how many of their units have reported."""
    if not access.sees_screening(request.user):
        raise PermissionDenied
    campaigns = ScreeningCampaign.objects.visible_to(request.user).annotate(
        unit_count=Count("unit_reports", distinct=True),
        reported=Count("unit_reports", filter=Q(unit_reports__reported_on__isnull=False), distinct=True),
        nil=Count("unit_reports", filter=Q(unit_reports__is_nil=True, unit_reports__reported_on__isnull=False),
                  distinct=True),
    ).annotate(missing=F("unit_count") - F("reported")).order_by("-starts_on", "-pk")
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "screening/campaign_list.html", {
        "page": page, "may_keep": access.may_keep_campaigns(request.user)})


def _townships():
    return Unit.objects.filter(is_active=True, kind__in=TOWNSHIP_KINDS)


def _with_every_township(data) -> dict:
    """The typed form, unsaved, with every township ticked besides the units ticked already ("all townships")."""
    initial = {name: data.get(name, "") for name in ("kind", "name", "starts_on", "ends_on", "focus_topics")}
    ticked = {int(pk) for pk in data.getlist("units") if pk.isdigit()}
    initial["units"] = sorted(ticked | set(_townships().values_list("pk", flat=True)))
    return initial


def _save(request, form, run, campaign=None):
    if request.method == "POST" and "all_townships" in request.POST:
        form = CampaignForm(initial=_with_every_township(request.POST))
        return render(request, "screening/campaign_form.html", {"form": form, "campaign": campaign})
    if request.method == "POST" and (saved := performed(form, lambda **v: run(actions.CampaignData(**v)))):
        return redirect("screening:campaign_detail", saved.pk)
    return render(request, "screening/campaign_form.html", {"form": form, "campaign": campaign},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    if not access.may_keep_campaigns(request.user):
        raise PermissionDenied(_("Only the petition bureau can set up screening campaigns."))
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, initial={"starts_on": today, "units": list(_townships())})

    def run(data):
        campaign = actions.campaign_create(actor=request.user, data=data)
        messages.success(request, _("The campaign “%(name)s” was set up.") % {"name": campaign.name})
        return campaign

    return _save(request, form, run)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_correct(request, pk):
    campaign = _visible(request, pk)
    if not access.may_keep_campaigns(request.user):
        raise PermissionDenied(_("Only the petition bureau can set up screening campaigns."))
    form = CampaignForm(request.POST or None, initial={
        "kind": campaign.kind, "name": campaign.name, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
        "focus_topics": campaign.focus_topics, "units": list(campaign.unit_reports.values_list("unit_id", flat=True))})

    def run(data):
        changed = actions.campaign_correct(actor=request.user, campaign=campaign, data=data)
        messages.success(request, _("The campaign was corrected."))
        return changed

    return _save(request, form, run, campaign)


def _reporting_units(user, sheet) -> list[Unit]:
    """The campaign's units for which ``user`` may report: the bureau desk any of them, a handler his or her own."""
    return [row.unit for row in sheet.rows if access.may_report_for(user, row.unit)]


def _detail(request, campaign, report_form=None, status=200):
    user = request.user
    sheet = campaign_sheet(campaign, user)
    units = _reporting_units(user, sheet)
    if report_form is None and units:
        report_form = CampaignReportForm(units=units)
    disputes = (Dispute.objects.visible_to(user).filter(campaign=campaign).for_list().order_by("found_on", "pk"))
    return render(request, "screening/campaign_detail.html", {
        "campaign": campaign, "sheet": sheet, "report_form": report_form, "disputes": disputes,
        "may_keep": access.may_keep_campaigns(user), "may_register": access.may_register_disputes(user),
        "bureau": works_the_bureau_desk(user),
    }, status=status)


@login_required
@require_GET
def campaign_detail(request, pk):
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def campaign_report(request, pk):
    """A unit reports its screening in the campaign: nil, or screened with its disputes registered."""
    campaign = _visible(request, pk)
    units = _reporting_units(request.user, campaign_sheet(campaign, request.user))
    if not units:
        raise PermissionDenied(_("You can report only your own unit's screening."))
    form = CampaignReportForm(request.POST, units=units)
    row = performed(form, lambda **values: actions.campaign_report(actor=request.user, campaign=campaign, **values))
    if row is not None:
        messages.success(request, _("%(unit)s has reported its screening.") % {"unit": row.unit.name})
        return redirect("screening:campaign_detail", campaign.pk)
    return _detail(request, campaign, form, status=400)


@login_required
@require_GET
def campaign_document(request, pk):
    """排查情况汇总表 (.docx): the units' reports and the disputes they found, as the user sees them."""
    campaign = _visible(request, pk)
    content = documents.campaign_summary(campaign_sheet(campaign, request.user), today=timezone.localdate())
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.campaign_filename(campaign))
    response["Cache-Control"] = "private, no-store"
    return response
