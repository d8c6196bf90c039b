"""Forms of the public page. They only parse input; the rules live in the actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from petitions import choices
from petitions.forms import ReferenceChoiceField
from petitions.models import ContentType, NotifyBy, Satisfaction


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked by the attachments' rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control", "accept": "image/*,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class OnlinePetitionForm(forms.Form):
    """The public form: short, in the order a person thinks of it; its field names are ``OnlineData``'s."""

    name = forms.CharField(label=_("Your name"), max_length=50)
    id_number = forms.CharField(label=_("ID card number"), max_length=18, required=False,
                                help_text=_("Recommended: with it the bureau recognises your earlier petitions."))
    phone = forms.CharField(label=_("Mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    content_type = forms.ChoiceField(label=_("What kind of petition"), choices=ContentType.choices,
                                     initial=ContentType.APPEAL_DEMAND)
    category = ReferenceChoiceField(label=_("About"), options=choices.categories, lookup=choices.active_categories)
    place = ReferenceChoiceField(label=_("Where the problem is"), options=choices.places,
                                 lookup=lambda: choices.units("places"))
    title = forms.CharField(label=_("In one line"), max_length=100)
    content = forms.CharField(label=_("Your matter"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What happened, what you ask for, and what you have done about it so far."))
    files = MultipleFileField(label=_("Photos or documents"), required=False)
    notify_by = forms.ChoiceField(
        label=_("Tell me of each step"), required=False, initial=NotifyBy.SMS, widget=forms.RadioSelect,
        choices=[(NotifyBy.SMS, _("By SMS to my phone")), (NotifyBy.EMAIL, _("By e-mail")), ("", _("No, I look it up"))])
    notify_email = forms.EmailField(label=_("E-mail"), required=False,
                                    widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    accept = forms.BooleanField(label=_("I have read the notes above, and what I write is true."),
                                error_messages={"required": _("Please confirm that you have read the notes.")})
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].widget.attrs["class"] = "form-check-input"
        self.fields["notify_by"].widget.attrs["class"] = "form-check-input"
        for name, field in self.fields.items():
            if name in ("files", "accept", "token", "notify_by"):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class SupplementForm(forms.Form):
    files = MultipleFileField(label=_("Photos or documents"))
