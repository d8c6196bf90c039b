"""Forms of the public page. They only parse input; the rules live in the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions.models import Satisfaction


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Query code"),
        max_length=40,
        error_messages={"required": _("Please enter the query code printed on your notice.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX",
                "class": "form-control form-control-lg query-code",
            }
        ),
    )


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the handling?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Please choose satisfied, basically satisfied or dissatisfied.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ReasonForm(forms.Form):
    """The reason for a review or re-review request."""

    reason = forms.CharField(
        label=_("Why do you ask for it?"),
        max_length=2000,
        error_messages={"required": _("Please say why you ask for it.")},
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
