from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.forms import BootstrapMixin

from .models import AttachmentKind


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("A scan, photo, PDF or office document."))
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, owner, **kwargs):
        """``owner``: the kind of record (``attachments.owners.Owner``), which decides the kinds offered."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = owner.choices()
        self.fields["kind"].initial = owner.kinds[0]


class WithdrawForm(BootstrapMixin, forms.Form):
    withdraw_reason = forms.CharField(label=_("reason for withdrawing"), max_length=200)
