"""Staff pages: thin — parse, call one selector or action, render (STYLE.md §9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from screening.access import is_info_officer

from . import actions, choices, selectors
from .access import (
    TransitionRefused,
    allowed_transitions,
    can_reveal_sensitive,
    can_see_identity,
    pending_instruction,
    query_code_for,
    works_the_bureau_desk,
)
from .forms import (
    TRANSITION_FORMS,
    FilterForm,
    InstructionRequestForm,
    InstructionWriteForm,
    PetitionerFormSet,
    RegistrationForm,
    attach_errors,
    registration_data,
    report_outcome,
    transition_form,
)
from .identity import mask_id_number, mask_phone, normalise_phone
from .models import Channel, Petition, Petitioner, PetitionParty, ReceivedLevel, SensitiveReveal
from .states import TRANSITIONS, PetitionState

if TYPE_CHECKING:
    from organisation.models import User

TABS = ("mine", "unit", "due_soon", "overdue", "supervised", "all")


def _list_rows():
    """The rows of a list page: only the columns that ListRow and the row markers read, with the markers' flags.
    The category, place and responsible unit are named from the kept reference data (``PageShared``), so only the
    owning leader is joined."""
    from supervision.selectors import with_marker_flags

    return with_marker_flags(Petition.objects.select_related("owning_leader").only(*ListRow.COLUMNS))


def _petitioner_names(petitions) -> dict[int, list[str]]:
    """Each item's petitioners' names in their order, in one query (a prefetch would build a queryset per row)."""
    names: dict[int, list[str]] = {}
    parties = PetitionParty.objects.filter(petition_id__in=[p.pk for p in petitions]).order_by("position", "pk")
    for petition_id, name in parties.values_list("petition_id", "name"):
        names.setdefault(petition_id, []).append(name)
    return names


def _list_context(request, items, today):
    form = FilterForm(request.GET or None)
    total = None
    selection = selectors.Selection(items)
    if form.is_valid():
        selection = selectors.select(items, form.cleaned_data, today, user=request.user)
        if request.GET.get("count"):  # asked for by the statistics' links: show how many items the list holds
            total = selection.queryset().count()
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selection.page(number, rows=_list_rows())
    from supervision.selectors import row_markers

    shared = PageShared(
        user=request.user,
        today=today,
        detail_url=reverse("petitions:detail", args=[0]).removesuffix("0/"),  # one reverse per page, not per row
        markers=row_markers(page.items, today),  # 领导批示, 督办 with its warning, 包案未落实
        petitioners=_petitioner_names(page.items),
        units=choices.unit_names(),
        categories=choices.category_names(),
    )
    rows = [ListRow.of(p, shared) for p in page.items]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "today": today, "total": total,
        "counting": bool(request.GET.get("count")),
    }


@dataclass(frozen=True, slots=True)
class PageShared:
    """What every row of one list page reads: the user, today, and the page's look-ups, each made once per page."""

    user: User
    today: dt.date
    detail_url: str
    markers: dict  # item id -> supervision.selectors.Marker list
    petitioners: dict  # item id -> the petitioners' names in order
    units: dict  # unit id -> name (petitions.choices.unit_names)
    categories: dict  # category id -> name


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one list row shows, computed once in Python: the list pages render hundreds of these per second,
    and the template then only reads plain strings (no per-row display lookups, date filters or reverses)."""

    # The item's columns that ``of`` and the row markers (supervision.selectors.row_markers) read; the list reads
    # only these (an item has some sixty). Reading another one in ``of`` costs a query per row: add it here.
    COLUMNS = (
        "state", "channel", "received_on", "received_level", "headcount", "is_collective", "title",
        "content_type", "is_repeat", "due_on", "due_provisional", "accepted_on", "deadline_class", "source",
        "category", "place", "responsible_unit", "owning_leader__username", "owning_leader__full_name",
    )

    url: str
    number: str
    received_on: str
    channel: str
    collective_headcount: int | None
    received_level: str  # empty at own level
    names: str
    is_repeat: bool
    title: str
    category: str
    place: str
    responsible_unit: str
    state: str
    due_on: str  # empty when closed or without a due date
    due_provisional: bool
    due: str  # "overdue", "due_soon" or ""
    markers: tuple = ()  # supervision.selectors.Marker: leader's instruction, supervision, ownership not in place
    owner: str = ""  # the owning leader (包案领导), if any

    def __getitem__(self, name):
        """The template engine tries ``row[name]`` before ``row.name``: answering it saves a caught TypeError
        for each of the some twenty values of every row."""
        return getattr(self, name)

    @classmethod
    def of(cls, p: Petition, shared: PageShared) -> ListRow:
        names = "、".join(shared.petitioners.get(p.pk, ())) if can_see_identity(shared.user, p) else _("(confidential)")
        show_due = p.due_on is not None and p.is_open
        return cls(
            url=f"{shared.detail_url}{p.pk}/",
            number=p.number,
            received_on=p.received_on.isoformat(),
            channel=Channel(p.channel).label,
            collective_headcount=p.headcount if p.is_collective else None,
            received_level="" if p.received_level == ReceivedLevel.OWN else ReceivedLevel(p.received_level).label,
            names=names,
            is_repeat=p.is_repeat,
            title=p.title,
            category=shared.categories[p.category_id],
            place=shared.units[p.place_id],
            responsible_unit=shared.units[p.responsible_unit_id] if p.responsible_unit_id else "—",
            state=PetitionState(p.state).label,
            due_on=p.due_on.isoformat() if show_due else "",
            due_provisional=show_due and p.due_provisional,
            due=p.due_status(shared.today),
            markers=tuple(shared.markers.get(p.pk, ())),
            owner=str(p.owning_leader) if p.owning_leader_id else "",
        )


@login_required
@require_GET
def worklist(request):
    if is_info_officer(request.user):  # an information officer's home is his or her own reports (我的报送)
        return redirect("screening:my_reports")
    today = timezone.localdate()
    tab = request.GET.get("tab", "mine")
    if tab not in TABS:
        tab = "mine"
    items = selectors.worklist(request.user, tab, today)
    context = _list_context(request, items, today)
    context.update(tab=tab, tabs=selectors.worklist_tabs(request.user))
    template = "petitions/worklist.html#results" if request.htmx and not request.htmx.boosted else "petitions/worklist.html"
    return TemplateResponse(request, template, context)


@login_required
@require_GET
def search(request):
    today = timezone.localdate()
    context = _list_context(request, Petition.objects.visible_to(request.user), today)
    context["searching"] = bool(request.GET)
    if not request.GET:
        context.update(rows=[], page=None)
    template = "petitions/search.html#results" if request.htmx else "petitions/search.html"
    return TemplateResponse(request, template, context)


@login_required
def register(request):
    if not works_the_bureau_desk(request.user):
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    formset = PetitionerFormSet(request.POST or None, prefix="petitioners")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            petition = actions.petition_register(actor=request.user, data=registration_data(form, formset))
        except actions.SamePersonUnconfirmed as refusal:
            formset.forms[refusal.position - 1].ask_same_person(refusal)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("Registered %(number)s. Query code for the petitioner: %(code)s")
                % {"number": petition.number, "code": petition.display_query_code},
            )
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/register.html", {"form": form, "formset": formset})



@login_required
@require_GET
def earlier_items(request):
    """While registering: the same person's earlier items, to mark the new one as a repeat petition; and, when the
    ID number typed is recorded for someone with another name, the question which is right."""
    if not works_the_bureau_desk(request.user):
        raise PermissionDenied
    prefix = "petitioners-0-"
    get = request.GET.get
    typed = actions.PetitionerData(
        name=(get(prefix + "name") or "").strip(), id_number=(get(prefix + "id_number") or "").strip().upper(),
        phone=(get(prefix + "phone") or "").strip(),
    )
    try:
        typed.phone = normalise_phone(typed.phone)
    except ValidationError:
        typed.phone = ""
    address = (get(prefix + "address") or "").strip()
    person = Petitioner.objects.same_person(id_number=typed.id_number, name=typed.name, phone=typed.phone).first()
    items = selectors.earlier_items_of(request.user, name=typed.name, id_number=typed.id_number, phone=typed.phone,
                                       address=address)
    other_name = person is not None and bool(typed.name) and person.name != typed.name
    return render(request, "petitions/_earlier_items.html", {
        "person": person, "items": items, "other_name": other_name, "typed_name": typed.name,
        "masked_id": mask_id_number(person.id_number) if person else "",
        "looked_up": bool(typed.id_number or (typed.name and (typed.phone or address))),
    })


def _visible_petition(request, pk) -> Petition:
    """The one way a staff page gets an item: through the access rule (404 for anything else)."""
    return get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "category__parent", "place", "responsible_unit", "accused_unit", "source_body", "forwarded_to",
            "owning_leader", "registered_by", "repeat_of",
        ),
        pk=pk,
    )


def _detail_context(request, petition):
    user = request.user
    today = timezone.localdate()
    show_identity = can_see_identity(user, petition)
    parties = []
    if show_identity:
        for party in petition.parties.select_related("petitioner"):
            parties.append({
                "party": party, "id_number": mask_id_number(party.petitioner.id_number), "phone": mask_phone(party.phone),
            })
    from .documents import available_documents

    return {
        "p": petition,
        "today": today,
        "due": petition.due_status(today),
        "show_identity": show_identity,
        "parties": parties,
        "can_reveal": can_reveal_sensitive(user) and show_identity,
        "transitions": allowed_transitions(user, petition, today),
        "events": petition.events.select_related("actor"),
        "instructions": petition.instructions.select_related("leader"),
        "documents": available_documents(petition),
        "can_request_instruction": works_the_bureau_desk(user),
        "query_code": query_code_for(user, petition),
        "can_write_instruction": pending_instruction(user, petition) is not None,
        "instruction_request_form": InstructionRequestForm(petition=petition),
        "instruction_write_form": InstructionWriteForm(),
        "earlier": Petition.objects.visible_to(user).filter(pk=petition.repeat_of_id) if petition.repeat_of_id else [],
    }


@login_required
@require_GET
def detail(request, pk):
    petition = _visible_petition(request, pk)
    return render(request, "petitions/detail.html", _detail_context(request, petition))


@login_required
def transition(request, pk, name):
    """GET: the form of one transition (an htmx fragment); POST: perform it through its action."""
    petition = _visible_petition(request, pk)
    if name not in TRANSITIONS:
        raise Http404
    form = transition_form(name, petition, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _form_class, action = TRANSITION_FORMS[name]
        try:
            action(actor=request.user, petition=petition, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[name].label})
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = petition_url(petition)
                return response
            return redirect("petitions:detail", pk=petition.pk)
    context = {"p": petition, "form": form, "transition": TRANSITIONS[name]}
    template = "petitions/_transition_form.html" if request.htmx else "petitions/transition.html"
    return render(request, template, context)


def petition_url(petition) -> str:
    from django.urls import reverse

    return reverse("petitions:detail", kwargs={"pk": petition.pk})


@login_required
@require_POST
def reveal(request, pk, petitioner_pk, field):
    """Show one full ID or phone number to a user allowed to see it, and log that it was shown."""
    petition = _visible_petition(request, pk)
    if field not in ("id_number", "phone") or not (
        can_reveal_sensitive(request.user) and can_see_identity(request.user, petition)
    ):
        raise PermissionDenied
    party = get_object_or_404(PetitionParty.objects.select_related("petitioner"), petition=petition, petitioner_id=petitioner_pk)
    SensitiveReveal.objects.create(user=request.user, petitioner=party.petitioner, petition=petition, field=field)
    value = party.petitioner.id_number if field == "id_number" else party.phone  # the phone this item recorded
    return render(request, "petitions/_revealed.html", {"value": value})


@login_required
@require_POST
def instruction(request, pk):
    """The bureau asks a leader for an instruction, or the leader writes it."""
    petition = _visible_petition(request, pk)
    if "leader" in request.POST:
        form, action, done = (
            InstructionRequestForm(request.POST, petition=petition), actions.instruction_request,
            _("The leader has been asked for an instruction."),
        )
    else:
        form, action, done = InstructionWriteForm(request.POST), actions.instruction_write, _("Instruction recorded.")
    report_outcome(
        request, form, lambda **data: action(actor=request.user, petition=petition, **data),
        done=done, incomplete=_("Please fill in the form completely."),
    )
    return redirect("petitions:detail", pk=petition.pk)
