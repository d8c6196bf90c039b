"""The export filters and the import upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit
from petitions.access import can_reveal_sensitive
from petitions.states import PetitionState

from .rowcount import SheetTooLarge, sheet_rows

DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A sheet's XML unpacks to a few kB per row at most; more than this per permitted row is not a ledger.
UNPACKED_BYTES_PER_ROW = 5000


def import_limits() -> tuple[int, int]:
    """The most data rows and bytes one imported file may have: settings.XINFANG's LEDGER_IMPORT_MAX_ROWS and
    LEDGER_IMPORT_MAX_BYTES (200,000 rows and 20 MB unless set; 100,000 rows of the petition ledger are 10 MB)."""
    policy = getattr(settings, "XINFANG", {})
    return (policy.get("LEDGER_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
            policy.get("LEDGER_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def row_limit_message(max_rows: int) -> str:
    return gettext("The ledger has more than %(rows)s rows; import it in several files of at most %(rows)s "
                   "rows each.") % {"rows": f"{max_rows:,}"}


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
    """The upload of a ledger to import; a file over the row limit or the size cap is refused here, at once.

    ``sheet``: the title of the sheet the import reads (else it reads the first sheet), for counting its rows.
    """

    file = forms.FileField(label=_("Ledger file (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, sheet: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.max_rows, self.max_bytes = import_limits()
        self.fields["file"].help_text = _(
            "At most %(rows)s rows and %(mb)s MB per file. The file is checked and imported in the background; "
            "a page shows how far it has got."
        ) % {"rows": f"{self.max_rows:,}", "mb": self.max_bytes // (1024 * 1024)}
        _bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an Excel workbook (.xlsx)."))
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split the ledger into several files.")
                % {"mb": self.max_bytes // (1024 * 1024)}
            )
        try:
            rows = sheet_rows(upload, self.sheet, stop_after=self.max_rows + 1,
                              max_unpacked=self.max_rows * UNPACKED_BYTES_PER_ROW)
        except SheetTooLarge:
            raise forms.ValidationError(
                _("Unpacked, this file is far larger than a ledger of %(rows)s rows; please check that it is the "
                  "ledger.") % {"rows": f"{self.max_rows:,}"}
            ) from None
        if rows is not None and rows - 1 > self.max_rows:  # the first row holds the headings
            raise forms.ValidationError(row_limit_message(self.max_rows))
        return upload
