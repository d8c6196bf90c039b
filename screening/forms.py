"""Forms of the screening pages: their field names are the fields of the action's data (``ReportData``,
``DisputeData``) or its keyword arguments, so the views pass ``cleaned_data`` through and the action decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions.forms import BootstrapMixin, DateInput

from .models import Dispute, DisputeType, RiskLevel, Urgency


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


# --- disputes ---


# --- incidents ---
