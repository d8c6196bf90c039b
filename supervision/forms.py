from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit, User
from petitions.forms import BootstrapMixin, DateInput, leaders_for

from .models import RISK_MEASURES_HELP


class OwnershipForm(BootstrapMixin, forms.Form):
    """The five assurances; each may be left for later, the item counts as owned when all five are filled."""

    owning_leader = forms.ModelChoiceField(label=_("Owning leader"), queryset=User.objects.none(), required=False)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    handlers = forms.CharField(label=_("Persons responsible"), max_length=200, required=False,
                               help_text=_("Names and positions of the handlers, e.g. 张明（副镇长）、李华（综治办主任）"))
    deadline = forms.DateField(label=_("Deadline for resolving"), required=False, widget=DateInput())
    risk_measures = forms.CharField(label=_("Risk-control measures"), required=False, help_text=RISK_MEASURES_HELP,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.CharField(label=_("Funds"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Amount and source, or “no funds needed”."))

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Never one the item accuses (petitions.access.accuses), as the action refuses.
        self.fields["owning_leader"].queryset = leaders_for(petition)
        units = Unit.objects.responsible().order_by("path")
        if petition is not None and petition.is_accusation and petition.accused_unit_id:
            units = units.exclude(pk=petition.accused_unit_id)
        self.fields["lead_unit"].queryset = units


class NoticeForm(BootstrapMixin, forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    requirement = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))


class NoticeCompleteForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportBackForm(BootstrapMixin, forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    reference = forms.CharField(label=_("Reference number"), max_length=60, required=False)


class BulletinForm(BootstrapMixin, forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=30,
        help_text=_("A year (2026), a quarter (2026-Q3), a month (2026-09) or days (2026-09-01..2026-09-15)."),
    )

    def clean_period(self):
        from stats.periods import Period, PeriodError

        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
