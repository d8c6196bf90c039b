from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.forms import BootstrapMixin, DateInput

from .models import Shift


class RosterForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("event"), max_length=100, help_text=_("e.g. 2026年国庆节期间"))
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("to"), widget=DateInput())
    requirements = forms.CharField(label=_("duty requirements"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Printed above the table, one paragraph per line."))


class ShiftForm(BootstrapMixin, forms.Form):
    on_date = forms.DateField(label=_("date"), widget=DateInput())
    shift = forms.ChoiceField(label=_("shift"), choices=Shift.choices)
    staff = forms.CharField(label=_("on duty"), max_length=100, help_text=_("Several names separated by 、"))
    place = forms.CharField(label=_("where"), max_length=100)
    phone = forms.CharField(label=_("phone"), max_length=40)
    leader = forms.CharField(label=_("leader in charge"), max_length=100, required=False)
