"""Dispute pages: the register's list, registering and correcting a dispute, and its page — parties (masked; each
reveal logged), resolution attempts, reopening, the owning leader and five assurances, linked petition items.

Who sees which dispute is ``Dispute.objects.visible_to`` (another unit's dispute by URL is 404); what a user may do
is decided by the actions (``ScreeningRefused`` is a ``PermissionDenied``: 403). The list's query parameters are the
filters of ``DisputeFilterForm``: ``state``, ``risk_level``, ``type``, ``unit`` (responsible unit and its subtree —
the scope of ``stats.screening``), ``place`` (and below), ``major``, ``overdue``, ``q`` (number or subject), and the
date ranges ``found_from``/``found_to``, ``resolved_from``/``resolved_to``, ``escalated_from``/``escalated_to``
(inclusive, YYYY-MM-DD), so that a dashboard figure links to the disputes it counts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petitions.actions import PetitionerData, RegistrationData
from petitions.identity import mask_id_number, mask_phone
from petitions.models import Petition
from supervision.forms import OwnershipForm
from supervision.models import Ownership

from .. import access, actions
from ..forms import (
    AttemptForm,
    DisputeFilterForm,
    DisputeForm,
    LinkPetitionForm,
    PartyFormSet,
    RegisterPetitionForm,
    ReopenForm,
    party_data,
    party_initial,
)
from ..models import Dispute, DisputeParty, DisputePetition, ScreeningEvent
from . import own_unit, performed


def _visible(request, pk) -> Dispute:
    return get_object_or_404(
        Dispute.objects.visible_to(request.user).for_list().select_related("owning_leader", "created_by"), pk=pk)


@login_required
@require_GET
def dispute_list(request):
    """矛盾纠纷台账: the disputes the user may see, newest found first, narrowed by the filters."""
    if not access.sees_screening(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = DisputeFilterForm(request.GET or None)
    disputes = Dispute.objects.visible_to(request.user)
    if request.GET:
        disputes = form.apply(disputes, today)
    page = Paginator(disputes.for_list().order_by("-found_on", "-pk"), 50).get_page(request.GET.get("page"))
    for dispute in page.object_list:
        dispute.status = dispute.due_status(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "screening/dispute_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "may_register": access.may_register_disputes(request.user),
    })


def _dispute_form(request, *, dispute=None):
    """The register/correct form pair (the dispute's facts and its parties) for ``request``."""
    unit = own_unit(request.user)
    data = request.POST if request.method == "POST" else None
    if dispute is None:
        initial = {"found_on": timezone.localdate(), "found_by_unit": unit, "place": unit, "responsible_unit": unit,
                   "campaign": request.GET.get("campaign")}  # from a campaign's page; the form's choices check it
        parties_initial = None
    else:
        initial = {name: getattr(dispute, name) for name in (
            "campaign", "found_on", "found_by_unit", "place", "place_detail", "type", "title", "description",
            "people_involved", "risk_level", "is_major", "responsible_unit", "due_on")}
        parties_initial = party_initial(dispute)
    form = DisputeForm(data, unit=unit if dispute is None else None, user=request.user, initial=initial)
    parties = PartyFormSet(data, prefix="parties", initial=parties_initial)
    return unit, form, parties


def _save_dispute(request, form, parties, run, template, context):
    if request.method == "POST" and parties.is_valid() and (dispute := performed(form, run)) is not None:
        return redirect("screening:dispute_detail", dispute.pk)
    if parties.non_form_errors():
        form.add_error(None, parties.non_form_errors())
    return render(request, template, {"form": form, "parties": parties, **context},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def dispute_register(request):
    if not access.may_register_disputes(request.user):
        raise PermissionDenied(_("You may not register disputes."))
    unit, form, parties = _dispute_form(request)

    def run(**values):
        values.setdefault("found_by_unit", unit)
        dispute = actions.dispute_register(actor=request.user, data=actions.DisputeData(
            **values, persons=party_data(parties)))
        messages.success(request, _("Dispute %(number)s was registered.") % {"number": dispute.number})
        return dispute

    return _save_dispute(request, form, parties, run, "screening/dispute_form.html", {"dispute": None})


@login_required
@require_http_methods(["GET", "POST"])
def dispute_correct(request, pk):
    dispute = _visible(request, pk)
    if not access.may_resolve(request.user, dispute):
        raise PermissionDenied(_("You may not change this dispute."))
    form, parties = _dispute_form(request, dispute=dispute)[1:]

    def run(**values):
        changed = actions.dispute_correct(actor=request.user, dispute=dispute, data=actions.DisputeData(
            **values, persons=party_data(parties, dispute)))
        messages.success(request, _("Dispute %(number)s was corrected.") % {"number": changed.number})
        return changed

    return _save_dispute(request, form, parties, run, "screening/dispute_form.html", {"dispute": dispute})


def _detail_context(request, dispute, **forms):
    user = request.user
    today = timezone.localdate()
    may_resolve = access.may_resolve(user, dispute)
    parties = list(dispute.dispute_parties.all())
    for party in parties:
        party.masked_id, party.masked_phone = mask_id_number(party.id_number), mask_phone(party.phone)
    links = list(DisputePetition.objects.filter(dispute=dispute, petition__in=Petition.objects.visible_to(user))
                 .select_related("petition__responsible_unit"))
    ownership = Ownership.objects.filter(dispute=dispute).select_related("lead_unit").first()
    context = {
        "dispute": dispute, "status": dispute.due_status(today), "parties": parties,
        "may_reveal": access.may_reveal_parties(user, dispute), "may_resolve": may_resolve,
        "may_start_linkage": access.may_start_linkage(user),
        "attempts": dispute.attempts.select_related("recorded_by")
                                             .order_by("on", "recorded_at", "pk"),
        "links": links, "hidden_links": dispute.petition_links.count() - len(links),
        "ownership": ownership, "missing": ownership.missing() if ownership else None,
        "events": ScreeningEvent.objects.filter(subject=actions.subject_key(dispute))
                                        .select_related("actor").order_by("at", "pk"),
        "reports": dispute.reports.select_related("community").order_by("reported_at", "pk"),
        "incidents": dispute.incidents.visible_to(user).order_by("-started_at", "-pk"),
    }
    if may_resolve and dispute.is_open:
        context["attempt_form"] = forms.get("attempt_form") or AttemptForm(initial={"on": today})
    if may_resolve and not dispute.is_open:
        context["reopen_form"] = forms.get("reopen_form") or ReopenForm()
    if access.may_own(user) and dispute.is_open:
        context["ownership_form"] = forms.get("ownership_form") or OwnershipForm(initial={
            "owning_leader": dispute.owning_leader_id,
            **({name: getattr(ownership, name) for name in ("lead_unit", "handlers", "deadline", "risk_measures",
                                                          "funds")} if ownership else
               {"lead_unit": dispute.responsible_unit_id, "deadline": dispute.due_on})})
    if access.may_link_petitions(user):
        context["link_form"] = forms.get("link_form") or LinkPetitionForm(user=user)
        context["petition_form"] = forms.get("petition_form") or RegisterPetitionForm(
            dispute=dispute, initial={"received_on": today})
    return context


@login_required
@require_GET
def dispute_detail(request, pk):
    dispute = _visible(request, pk)
    return render(request, "screening/dispute_detail.html", _detail_context(request, dispute))


def _act(request, dispute, form, form_name, run, done):
    """Run one action on the dispute with a valid form; its refusal goes on the form, shown on the dispute's page."""
    result = performed(form, run)
    if result is not None:
        messages.success(request, done(result))
        return redirect("screening:dispute_detail", dispute.pk)
    context = _detail_context(request, dispute, **{form_name: form})
    context["failed"] = form_name
    return render(request, "screening/dispute_detail.html", context, status=400)


@login_required
@require_POST
def dispute_attempt(request, pk):
    dispute = _visible(request, pk)
    form = AttemptForm(request.POST)
    return _act(request, dispute, form, "attempt_form",
                lambda **values: actions.dispute_attempt(actor=request.user, dispute=dispute,
                                                         data=actions.AttemptData(**values)),
                lambda attempt: _("The attempt was recorded: %(result)s.") % {"result": attempt.get_result_display()})


@login_required
@require_POST
def dispute_reopen(request, pk):
    dispute = _visible(request, pk)
    form = ReopenForm(request.POST)
    return _act(request, dispute, form, "reopen_form",
                lambda **values: actions.dispute_reopen(actor=request.user, dispute=dispute, **values),
                lambda d: _("Dispute %(number)s was reopened.") % {"number": d.number})


@login_required
@require_POST
def dispute_ownership(request, pk):
    dispute = _visible(request, pk)
    form = OwnershipForm(request.POST)
    return _act(request, dispute, form, "ownership_form",
                lambda **values: actions.dispute_ownership_set(actor=request.user, dispute=dispute, **values),
                lambda o: _("The owning leader and the five assurances were recorded."))


@login_required
@require_POST
def dispute_link(request, pk):
    dispute = _visible(request, pk)
    if not access.may_link_petitions(request.user):
        raise PermissionDenied(_("Only the petition bureau's registrars can link items."))
    form = LinkPetitionForm(request.POST, user=request.user)
    return _act(request, dispute, form, "link_form",
                lambda petition: actions.dispute_link_petition(actor=request.user, dispute=dispute, petition=petition),
                lambda link: _("Item %(number)s was linked to the dispute.") % {"number": link.petition.number})


@login_required
@require_POST
def dispute_petition(request, pk):
    """Register the dispute as a petition item (its subject, description and place; the chosen parties)."""
    dispute = _visible(request, pk)
    if not access.may_link_petitions(request.user):
        raise PermissionDenied(_("Only the petition bureau's registrars can register items."))
    form = RegisterPetitionForm(request.POST, dispute=dispute)

    def run(*, persons, **values):
        return actions.dispute_register_petition(actor=request.user, dispute=dispute, data=RegistrationData(
            **values, title=dispute.title, content=dispute.description, place=dispute.place,
            headcount=max(len(persons), 1),
            petitioners=[PetitionerData(name=p.name, id_number=p.id_number, phone=p.phone, address=p.address)
                         for p in persons]))

    return _act(request, dispute, form, "petition_form", run,
                lambda petition: _("The dispute was registered as item %(number)s.") % {"number": petition.number})


@login_required
@require_POST
def dispute_reveal(request, pk, party_pk, field):
    """One party's full ID or phone number, swapped into the page (htmx); each reveal is an event of the dispute."""
    dispute = _visible(request, pk)
    party = get_object_or_404(DisputeParty, dispute=dispute, pk=party_pk)
    if field not in ("id_number", "phone"):
        raise Http404
    value = actions.party_reveal(actor=request.user, dispute=dispute, party=party, field_name=field)
    return render(request, "petitions/_revealed.html", {"value": value})
