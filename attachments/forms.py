from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.forms import BootstrapMixin

from .models import AttachmentKind


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("A scan, photo, PDF or office document."))
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices, initial=AttachmentKind.LETTER)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class WithdrawForm(BootstrapMixin, forms.Form):
    withdraw_reason = forms.CharField(label=_("reason for withdrawing"), max_length=200)
