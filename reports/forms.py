"""Forms: which report to open (period, scope, as-of date), the author's edits, and regeneration."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.forms import BootstrapMixin, DateInput
from stats.periods import Period, PeriodError, PeriodKind, shift_months

from .actions import EditedSection
from .models import ReportDraft
from .summary import check_period

WHOLE_COUNTY = ""
CHARACTERS_PER_ROW = 48  # Chinese characters in a row of the editor's text areas (their height on opening)


def period_suggestions(today: dt.date) -> list[Period]:
    """The periods a bureau reports on around ``today``: last year and this year, the quarters and the months of
    the last twelve months, newest first."""
    years = [Period.year(today.year - 1), Period.year(today.year)]
    quarters = [Period.containing(shift_months(today, -3 * i), PeriodKind.QUARTER) for i in range(4)]
    months = [Period.containing(shift_months(today, -i), PeriodKind.MONTH) for i in range(12)]
    return [*quarters, *years[::-1], *months]


class AsOfMixin:
    """The day the figures are taken: not after today (the figures of a future day are not known yet)."""

    today: dt.date

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > self.today:
            raise forms.ValidationError(_("The figures cannot be taken as of a day after today (%(today)s).")
                                        % {"today": self.today.isoformat()})
        return as_of


class OpenReportForm(AsOfMixin, BootstrapMixin, forms.Form):
    period = forms.CharField(
        label=_("period"), max_length=32,
        help_text=_("A year (2026), a quarter (2026-Q1) or a month (2026-03)."),
    )
    scope = forms.ChoiceField(label=_("scope"), required=False)  # "": the whole county, when it is a choice
    as_of = forms.DateField(label=_("figures as of"), widget=DateInput(),
                            help_text=_("The date under the report; the figures are taken on this day."))

    def __init__(self, *args, scopes, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.scopes = {WHOLE_COUNTY if unit is None else str(unit.pk): unit for unit in scopes}
        self.fields["scope"].choices = [
            (key, _("The whole county") if unit is None else unit.name) for key, unit in self.scopes.items()
        ]
        self.fields["as_of"].initial = today
        self.fields["period"].initial = str(Period.year(today.year - 1) if today.month == 1 else
                                            Period.containing(shift_months(today, -1), PeriodKind.MONTH))

    def clean_period(self):
        try:
            period = Period.parse(self.cleaned_data["period"])
            check_period(period)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        return period

    def clean_scope(self):
        key = self.cleaned_data["scope"]
        if key not in self.scopes:
            raise forms.ValidationError(_("Choose the scope of the report."))
        return self.scopes[key]

    def clean(self):
        data = super().clean()
        period, as_of = data.get("period"), data.get("as_of")
        if period is not None and as_of is not None and as_of < period.start:
            self.add_error("as_of", _("The period %(period)s has not started on %(day)s.")
                           % {"period": period.label, "day": as_of.isoformat()})
        return data


class RegenerateForm(AsOfMixin, BootstrapMixin, forms.Form):
    as_of = forms.DateField(label=_("figures as of"), widget=DateInput())

    def __init__(self, *args, period: Period, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.period = period

    def clean_as_of(self):
        as_of = super().clean_as_of()
        if as_of < self.period.start:
            raise forms.ValidationError(_("The period %(period)s has not started on %(day)s.")
                                        % {"period": self.period.label, "day": as_of.isoformat()})
        return as_of


class DraftForm(BootstrapMixin, forms.Form):
    """The title and, per section, its heading and text (one paragraph per line)."""

    title = forms.CharField(label=_("title"), max_length=200)

    def __init__(self, *args, draft: ReportDraft, **kwargs):
        super().__init__(*args, initial=self.initial_of(draft), **kwargs)
        self.count = len(draft.sections)
        for i, section in enumerate(draft.sections):
            rows = sum(-(-len(line) // CHARACTERS_PER_ROW) or 1 for line in section["text"].split("\n")) + 1
            self.fields[f"heading_{i}"] = forms.CharField(
                label=_("heading"), max_length=200, required=False,
                widget=forms.TextInput(attrs={"class": "form-control fw-bold"}),
            )
            self.fields[f"text_{i}"] = forms.CharField(
                label=_("text"), required=False,
                widget=forms.Textarea(attrs={"class": "form-control report-text",
                                             "rows": max(3, min(30, rows))}),
            )
        self.sections = [
            (section["key"], self[f"heading_{i}"], self[f"text_{i}"]) for i, section in enumerate(draft.sections)
        ]

    @staticmethod
    def initial_of(draft: ReportDraft) -> dict:
        initial = {"title": draft.title}
        for i, section in enumerate(draft.sections):
            initial[f"heading_{i}"] = section["heading"]
            initial[f"text_{i}"] = section["text"]
        return initial

    def edited_sections(self) -> list[EditedSection]:
        return [
            EditedSection(self.cleaned_data[f"heading_{i}"], self.cleaned_data[f"text_{i}"]) for i in range(self.count)
        ]
