"""Forms of the screening pages: their field names are the fields of the action's data (``ReportData``,
``DisputeData``) or its keyword arguments, so the views pass ``cleaned_data`` through and the action decides."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions import choices
from petitions.forms import BootstrapMixin, DateInput, ReferenceChoiceField
from petitions.identity import mask_id_number, mask_phone
from petitions.models import Channel, ContentType

from .access import SCREENING_UNIT_KINDS
from .actions import MAX_PARTIES
from .models import (
    NUMBER,
    AttemptResult,
    CampaignKind,
    Dispute,
    DisputeParty,
    DisputeState,
    DisputeType,
    Method,
    RiskLevel,
    ScreeningCampaign,
    Urgency,
)


class ReportForm(BootstrapMixin, forms.Form):
    what = forms.CharField(label=_("What is happening"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("In a few words: who, about what, since when."))
    where = forms.CharField(label=_("Where"), max_length=120)
    people_involved = forms.IntegerField(label=_("How many people"), min_value=1, initial=1,
                                         widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    urgency = forms.ChoiceField(label=_("How urgent"), choices=Urgency.choices, initial=Urgency.NORMAL,
                                widget=forms.RadioSelect)


class TypeSelect(forms.Select):
    """A plain Select (not the flattening FastSelect), so that the types show grouped by their parent."""


def type_choices() -> list:
    """Active types grouped by their parent; a parent without sub-types is an option itself."""
    types = list(DisputeType.objects.filter(is_active=True).select_related("parent").order_by("position", "pk"))
    children: dict = {}
    for t in types:
        if t.parent_id:
            children.setdefault(t.parent_id, []).append((t.pk, t.name))
    out: list = [("", "---------")]
    for t in types:
        if t.parent_id is None:
            out.append((t.name, children[t.pk]) if t.pk in children else (t.pk, t.name))
    return out


class AcceptForm(BootstrapMixin, forms.Form):
    found_on = forms.DateField(label=_("found on"), widget=DateInput())
    found_by_unit = forms.ModelChoiceField(label=_("found by"), queryset=Unit.objects.responsible())
    place = forms.ModelChoiceField(label=_("place"), queryset=Unit.objects.places())
    type = forms.ModelChoiceField(label=_("type"), queryset=DisputeType.objects.filter(is_active=True),
                                  widget=TypeSelect)
    title = forms.CharField(label=_("subject"), max_length=120)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    people_involved = forms.IntegerField(label=_("people involved"), min_value=1)
    risk_level = forms.ChoiceField(label=_("risk level"), choices=RiskLevel.choices, initial=RiskLevel.LOW)
    responsible_unit = forms.ModelChoiceField(label=_("responsible unit"), queryset=Unit.objects.responsible())
    due_on = forms.DateField(label=_("to be resolved by"), required=False, widget=DateInput(),
                             help_text=_("Leave empty for 30 days after the day found."))

    def __init__(self, *args, unit=None, **kwargs):
        """``unit``: the township's own unit — it is the finder, and resolves the dispute itself or below it."""
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices()
        if unit is not None:
            del self.fields["found_by_unit"]
            self.fields["responsible_unit"].queryset = Unit.objects.responsible().subtree(unit)


class MergeForm(BootstrapMixin, forms.Form):
    dispute = forms.ModelChoiceField(label=_("Known dispute"), queryset=Dispute.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispute"].queryset = Dispute.objects.visible_to(user).open().order_by("-found_on", "-pk")


class CloseForm(BootstrapMixin, forms.Form):
    close_reason = forms.CharField(label=_("reason for closing"), widget=forms.Textarea(attrs={"rows": 2}))


# --- campaigns ---


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class CampaignForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CampaignKind.choices, widget=forms.RadioSelect,
                             initial=CampaignKind.REGULAR)
    name = forms.CharField(label=_("name"), max_length=120, help_text=_("e.g. 2026年第四季度矛盾纠纷拉网式排查"))
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("to"), widget=DateInput())
    units = UnitsField(label=_("units that must screen"), queryset=Unit.objects.none(), required=False,
                       widget=forms.CheckboxSelectMultiple,
                       help_text=_("Every township is ticked for a new campaign; add departments for a special sweep."))
    focus_topics = forms.CharField(label=_("focus topics"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("One per line, e.g. 企业改制, 征地拆迁, 代课教师, 退役军人."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(
            is_active=True, kind__in=SCREENING_UNIT_KINDS).order_by("kind", "path")


class CampaignReportForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    nil = forms.BooleanField(label=_("screened, nothing found (nil report)"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("How the unit screened: villages covered, meetings held …"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()



# --- disputes ---


class DisputeForm(AcceptForm):
    """Register or correct a dispute: what a township's report acceptance asks, and where exactly, whether it is
    major and in which campaign it was found."""

    place_detail = forms.CharField(label=_("where exactly"), max_length=120, required=False)
    is_major = forms.BooleanField(label=_("major dispute"), required=False,
                                  help_text=_("A major dispute gets an owning leader and the five assurances."))
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=ScreeningCampaign.objects.none(),
                                      required=False, help_text=_("Empty when found outside a campaign."))

    field_order = ["campaign", "found_on", "found_by_unit", "place", "place_detail", "type", "title", "description",
                   "people_involved", "risk_level", "is_major", "responsible_unit", "due_on"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = ScreeningCampaign.objects.visible_to(user).order_by("-starts_on", "-pk")


class DisputeFilterForm(BootstrapMixin, forms.Form):
    """The dispute list's filters, in the query string (the dashboard's drill-downs link to them)."""

    widget_size = "sm"

    q = forms.CharField(label=_("number or subject"), required=False, max_length=60)
    state = forms.ChoiceField(label=_("state"), choices=[("", _("All states")), *DisputeState.choices],
                              required=False)
    risk_level = forms.ChoiceField(label=_("risk level"), choices=[("", _("All risk levels")), *RiskLevel.choices],
                                   required=False)
    type = forms.ModelChoiceField(label=_("type"), queryset=DisputeType.objects.all(), required=False,
                                  empty_label=_("All types"))
    unit = forms.ModelChoiceField(label=_("responsible unit (and below)"), queryset=Unit.objects.responsible(),
                                  required=False, empty_label=_("All units"))
    place = forms.ModelChoiceField(label=_("place (and below)"), queryset=Unit.objects.places(), required=False,
                                   empty_label=_("All places"))
    major = forms.BooleanField(label=_("major only"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    found_from = forms.DateField(label=_("found from"), required=False, widget=DateInput())
    found_to = forms.DateField(label=_("found to"), required=False, widget=DateInput())
    resolved_from = forms.DateField(label=_("resolved from"), required=False, widget=DateInput())
    resolved_to = forms.DateField(label=_("resolved to"), required=False, widget=DateInput())
    escalated_from = forms.DateField(label=_("escalated from"), required=False, widget=DateInput())
    escalated_to = forms.DateField(label=_("escalated on or before"), required=False, widget=DateInput())

    RANGES = {"found": "found_on", "resolved": "resolved_on", "escalated": "escalated_on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *type_choices()]

    def apply(self, disputes, today):
        """``disputes`` narrowed by the valid filters (an invalid one is shown on the form and left out)."""
        values = self.cleaned_data if self.is_valid() else {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        if values.get("q"):
            term = values["q"].strip()
            number = NUMBER.match(term)
            disputes = disputes.filter(year=int(number[1]), serial=int(number[2])) if number else \
                disputes.filter(title__contains=term)
        for name in ("state", "risk_level"):
            if values.get(name):
                disputes = disputes.filter(**{name: values[name]})
        if values.get("type"):
            t = values["type"]
            disputes = disputes.filter(Q(type=t) | Q(type__parent=t))
        if values.get("unit"):
            disputes = disputes.filter(responsible_unit__path__startswith=values["unit"].path)
        if values.get("place"):
            disputes = disputes.filter(place__path__startswith=values["place"].path)
        if values.get("major"):
            disputes = disputes.filter(is_major=True)
        if values.get("overdue"):
            disputes = disputes.overdue(today)
        for prefix, field_name in self.RANGES.items():
            if values.get(f"{prefix}_from"):
                disputes = disputes.filter(**{f"{field_name}__gte": values[f"{prefix}_from"]})
            if values.get(f"{prefix}_to"):
                disputes = disputes.filter(**{f"{field_name}__lte": values[f"{prefix}_to"]})
        return disputes


class PartyForm(BootstrapMixin, forms.Form):
    """One party. On a correction the numbers show masked; left as shown, the recorded number is kept."""

    name = forms.CharField(label=_("name"), max_length=50, required=False)
    side = forms.CharField(label=_("side"), max_length=40, required=False,
                           help_text=_("e.g. 申请方, 对方, 村委会"))
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)


PartyFormSet = forms.formset_factory(PartyForm, extra=2, max_num=MAX_PARTIES, validate_max=True)


def party_initial(dispute) -> list[dict]:
    """The parties of ``dispute`` as a correction form shows them: the numbers masked."""
    return [{"name": p.name, "side": p.side, "id_number": mask_id_number(p.id_number), "phone": mask_phone(p.phone),
             "address": p.address} for p in dispute.dispute_parties.all()]


def party_data(formset, dispute=None) -> list:
    """The parties typed in ``formset`` (blank rows left out) as ``PartyData``; a number left masked as it was shown
    keeps the number recorded for the party in the same row of ``dispute``."""
    from .actions import PartyData

    recorded = list(dispute.dispute_parties.all()) if dispute is not None else []
    out = []
    for i, form in enumerate(formset.forms):
        values = form.cleaned_data
        if not values or not any(values.values()):
            continue
        data = PartyData(**{name: values.get(name, "") for name in ("name", "side", "id_number", "phone", "address")})
        if i < len(recorded):
            old = recorded[i]
            if old.id_number and data.id_number == mask_id_number(old.id_number):
                data.id_number = old.id_number
            if old.phone and data.phone == mask_phone(old.phone):
                data.phone = old.phone
        out.append(data)
    return out


class AttemptForm(BootstrapMixin, forms.Form):
    method = forms.ChoiceField(label=_("method"), choices=Method.choices)
    also_methods = forms.MultipleChoiceField(label=_("combined with"), choices=Method.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("Other methods used together (三位一体)."))
    by = forms.CharField(label=_("by whom"), max_length=120,
                         help_text=_("The mediators or the unit, e.g. 镇人民调解委员会 张明"))
    on = forms.DateField(label=_("on"), widget=DateInput())
    result = forms.ChoiceField(label=_("result"), choices=AttemptResult.choices, widget=forms.RadioSelect)
    escalated_to = forms.CharField(label=_("escalated to"), max_length=120, required=False,
                                   help_text=_("Only when the dispute cannot be resolved at this level."))
    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("why it is reopened"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("new due date"), widget=DateInput())


class LinkPetitionForm(BootstrapMixin, forms.Form):
    petition = forms.CharField(label=_("registration number of the item"), max_length=20,
                               help_text=_("e.g. XF2026-0000012"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_petition(self):
        from petitions.models import Petition

        number = self.cleaned_data["petition"]
        petition = Petition.objects.visible_to(self.user).by_number(number)
        if petition is None:
            raise ValidationError(_("No item you can see has the registration number “%(number)s”.")
                                  % {"number": number})
        return petition


class RegisterPetitionForm(BootstrapMixin, forms.Form):
    """Register the dispute as a petition item: its subject, description and place are taken from the dispute."""

    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial=Channel.VISIT)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    content_type = forms.ChoiceField(label=_("content type"), choices=ContentType.choices,
                                     initial=ContentType.APPEAL_DEMAND)
    category = ReferenceChoiceField(label=_("category"), options=choices.categories, lookup=choices.active_categories)
    persons = forms.ModelMultipleChoiceField(label=_("petitioners"), queryset=DisputeParty.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple,
                                                 help_text=_("The parties who raise the matter."))

    def __init__(self, *args, dispute=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = dispute.dispute_parties.all() if dispute else DisputeParty.objects.none()


# --- incidents ---


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _moment(label, **kwargs):
    return forms.DateTimeField(label=label, widget=DateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs)


class PetitionNumbersField(forms.CharField):
    """Registration numbers (XF2026-0000012), separated by 、 , ; or spaces; cleaned to the items ``user`` sees."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=400, **kwargs)
        self.user = None

    def clean(self, value):
        from petitions.models import Petition

        value = super().clean(value)
        items, unknown = [], []
        for number in re.split(r"[、，,；;\s]+", value.strip()):
            if not number:
                continue
            petition = Petition.objects.visible_to(self.user).by_number(number)
            (items.append(petition) if petition else unknown.append(number))
        if unknown:
            raise ValidationError(_("No item you can see has the registration number “%(number)s”.")
                                  % {"number": "、".join(unknown)})
        return items


class IncidentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("what happened"), max_length=120,
                            help_text=_("In a few words, e.g. 二十余名村民在镇政府门前聚集反映征地补偿问题"))
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    happened_at = _moment(_("happened at"))
    place = forms.ModelChoiceField(label=_("place"), queryset=Unit.objects.places())
    place_detail = forms.CharField(label=_("where exactly"), max_length=120, required=False)
    people_involved = forms.IntegerField(label=_("people involved"), min_value=1, initial=1)
    units_mobilised = UnitsField(label=_("units mobilised"), queryset=Unit.objects.none(), required=False,
                                 widget=forms.SelectMultiple(attrs={"size": 8}),
                                 help_text=_("Hold Ctrl to choose several."))
    disputes = forms.ModelMultipleChoiceField(label=_("linked disputes"), queryset=Dispute.objects.none(),
                                              required=False, widget=forms.SelectMultiple(attrs={"size": 4}))
    petitions = PetitionNumbersField(label=_("linked petition items"),
                                     help_text=_("Registration numbers, e.g. XF2026-0000012、XF2026-0000015"))

    def __init__(self, *args, user=None, incident=None, **kwargs):
        """The disputes offered: those being resolved, and those the incident is linked to already."""
        super().__init__(*args, **kwargs)
        self.fields["units_mobilised"].queryset = Unit.objects.responsible().order_by("kind", "path")
        offered = Q(state=DisputeState.UNDER_WAY) | (Q(incidents=incident) if incident is not None else Q(pk=None))
        self.fields["disputes"].queryset = Dispute.objects.visible_to(user).filter(offered).distinct().order_by(
            "-found_on", "-pk")
        self.fields["petitions"].user = user


class IncidentActionForm(BootstrapMixin, forms.Form):
    at = _moment(_("when"))
    unit = forms.ModelChoiceField(label=_("by unit"), queryset=Unit.objects.none(), required=False)
    text = forms.CharField(label=_("action taken"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = incident.units_mobilised.all() if incident else Unit.objects.none()


class StandDownForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("How the incident ended, and what follows."))
