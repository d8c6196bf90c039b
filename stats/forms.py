"""The period and unit picker of the statistics pages (and of the table download)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit, UnitKind
from petitions.forms import BootstrapMixin, DateInput

from .periods import Period, PeriodError, PeriodKind

QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]
MONTHS = [(m, str(m)) for m in range(1, 13)]
# The units a bureau may pick: townships, sub-districts, offices and county departments (their subtrees).
PICKABLE_KINDS = (
    UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE, UnitKind.DEPARTMENT,
    UnitKind.DISCIPLINE, UnitKind.POLITICAL_LEGAL,
)


class PeriodForm(BootstrapMixin, forms.Form):
    """Year, quarter, month or a range of days (default: this year), and — for those who may choose — a unit."""

    widget_size = "sm"

    kind = forms.ChoiceField(label=_("statistical period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("in the year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("quarter"), choices=QUARTERS, coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("month of the year"), choices=MONTHS, coerce=int, required=False)
    start = forms.DateField(label=_("first day"), required=False, widget=DateInput())
    end = forms.DateField(label=_("last day"), required=False, widget=DateInput())
    unit = forms.TypedChoiceField(label=_("unit"), coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, today: dt.date, unit_choice: bool):
        initial = {"kind": PeriodKind.YEAR, "year": today.year, "quarter": (today.month - 1) // 3 + 1,
                   "month": today.month}
        if data is not None and not data.get("kind"):
            data = None  # a first visit: the defaults
        super().__init__(data, initial=initial)
        self.today = today
        if unit_choice:
            units = Unit.objects.filter(is_active=True, kind__in=PICKABLE_KINDS).order_by("path")
            self.fields["unit"].choices = [("", _("The whole county")), *units.values_list("pk", "name")]
        else:
            del self.fields["unit"]

    def clean(self):
        cleaned = super().clean()
        kind, year = cleaned.get("kind"), cleaned.get("year")
        if kind is None or (year is None and kind != PeriodKind.CUSTOM):
            return cleaned
        try:
            if kind == PeriodKind.YEAR:
                period = Period.year(year)
            elif kind == PeriodKind.QUARTER:
                period = Period.quarter(year, self._required("quarter", _("Please choose the quarter.")))
            elif kind == PeriodKind.MONTH:
                period = Period.month(year, self._required("month", _("Please choose the month.")))
            else:
                start, end = cleaned.get("start"), cleaned.get("end")
                if not start or not end:
                    raise PeriodError(_("For a range of days, give its first and its last day."))
                period = Period.custom(start, end)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        if period.start > self.today:
            raise forms.ValidationError(
                _("The period %(period)s has not started yet.") % {"period": period.label}
            )
        cleaned["period"] = period
        return cleaned

    def _required(self, name: str, message) -> int:
        value = self.cleaned_data.get(name)
        if not value:
            raise PeriodError(message)
        return value

    def default_period(self) -> Period:
        return Period.year(self.today.year)
