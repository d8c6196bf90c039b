"""The export filters and the import upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions.access import can_reveal_sensitive
from petitions.states import PetitionState

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class LedgerExportForm(forms.Form):
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units"),
        help_text=_("Items assigned to this unit or to a unit below it."),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    unmasked = forms.BooleanField(
        label=_("Full ID and phone numbers"), required=False,
        help_text=_("For re-importing the ledger. The export is logged; keep the file safe."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.responsible()
        self.fields["state"].choices = [("", _("All states")), *PetitionState.choices]
        if not can_reveal_sensitive(user):
            del self.fields["unmasked"]
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end of the period is before its start."))
        data.setdefault("unmasked", False)
        return data

    def filter(self, petitions):
        """The chosen items among ``petitions`` (already limited by the access rule)."""
        data = self.cleaned_data
        if data.get("received_from"):
            petitions = petitions.filter(received_on__gte=data["received_from"])
        if data.get("received_to"):
            petitions = petitions.filter(received_on__lte=data["received_to"])
        if data.get("unit"):
            petitions = petitions.filter(responsible_unit__path__startswith=data["unit"].path)
        if data.get("state"):
            petitions = petitions.filter(state=data["state"])
        return petitions


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("Ledger file (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split the ledger into several files.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
