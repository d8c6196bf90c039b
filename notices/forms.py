from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.identity import normalise_phone

from .models import AlertChannel, MessageState, Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["channel", "phone", "email", "digest"]
        widgets = {"channel": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name in ("channel", "digest") else "form-control"
            field.widget.attrs["class"] = css

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == AlertChannel.SMS and not data.get("phone"):
            self.add_error("phone", _("Alerts by SMS need your mobile phone number."))
        if channel == AlertChannel.EMAIL and not data.get("email"):
            self.add_error("email", _("Alerts by e-mail need your e-mail address."))
        return data


class MessageFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), required=False,
                              choices=[("", _("All states")), *MessageState.choices])
