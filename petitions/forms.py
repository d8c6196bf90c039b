"""Forms: registration (with its petitioner formset), the worklist filters, and one small form per transition.

The field names of each transition form are the keyword arguments of its action, so the view passes
``cleaned_data`` straight through and the action stays the only place that decides.
"""

from __future__ import annotations

import copy
from html import escape

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.choices import BaseChoiceIterator, CallableChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from organisation import revision
from organisation.models import Role, Unit, User
from workdays.models import DeadlineClass

from . import actions, choices
from .access import accuses
from .actions import PetitionerData, RegistrationData
from .identity import normalise_phone, validate_id_number
from .models import (
    Channel,
    ContentType,
    DeclineReason,
    NotifyBy,
    Petition,
    ReceivedLevel,
    ReplyOutcome,
    Satisfaction,
    Source,
)
from .selectors import NO_UNIT
from .states import PetitionState


class BootstrapMixin:
    """Give every widget its Bootstrap class, so templates can render ``{{ field }}`` as it is.

    Done once per form class, on its ``base_fields`` (each form instance deep-copies them), not on every request.
    """

    widget_size = ""  # "sm": the compact controls of the filter bar

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not cls.__dict__.get("_bootstrapped"):
            for field in cls.base_fields.values():
                _bootstrap(field, cls.widget_size)
            cls.base_fields = FieldTemplates(cls.base_fields)
            cls._bootstrapped = True
        super().__init__(*args, **kwargs)


def _bootstrap(field, size: str) -> None:
    if type(field.widget) is forms.Select:
        field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
    widget = field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = f"form-select form-select-{size}" if size else "form-select"
    else:
        css = f"form-control form-control-{size}" if size else "form-control"
    widget.attrs.setdefault("class", css)


class FieldTemplates(dict):
    """A form class's ``base_fields``, which every form instance deep-copies into its own ``fields``.

    ``copy.deepcopy`` goes through ``__reduce_ex__`` for every field, widget and choice: for the registration form
    and its petitioner formset that was a tenth of a registration's CPU. For the plain fields and widgets (those whose
    copying is Django's ``Field``, ``ChoiceField``, ``Widget`` or ``ChoiceWidget.__deepcopy__``) this makes the
    same copies — a new field and widget, their own attrs, error messages, validators and choices — directly. Any
    other field (a model choice field with its queryset, a multi-value field) is deep-copied as Django does.
    """

    def __deepcopy__(self, memo):
        return {name: _copy_field(field, memo) for name, field in self.items()}


_PLAIN_FIELD_COPIES = {forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__}
_PLAIN_WIDGET_COPIES = {forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__}


def _copy_field(field, memo):
    widget = field.widget
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES or type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        return copy.deepcopy(field, memo)
    new = _shallow_copy(field)
    new.error_messages = field.error_messages.copy()
    new.validators = field.validators[:]
    if "_choices" in field.__dict__:
        new._choices = _copy_choices(field._choices, memo)
    new.widget = new_widget = _shallow_copy(widget)
    new_widget.attrs = widget.attrs.copy()
    if "choices" in widget.__dict__:
        new_widget.choices = copy.copy(widget.choices)
    memo[id(field)], memo[id(widget)] = new, new_widget
    return new


def _shallow_copy(obj):
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _copy_choices(choices, memo):
    """A list of (value, label) pairs holds nothing mutable: a new list is a deep copy; so is a new iterator over the
    same callable. Groups are deep-copied."""
    if type(choices) is CallableChoiceIterator:
        return _shallow_copy(choices)
    if type(choices) is list and all(type(c) is tuple and not isinstance(c[1], (list, tuple)) for c in choices):
        return list(choices)
    return copy.deepcopy(choices, memo)


def attach_errors(form, exc: ValidationError) -> None:
    """Put an action's ValidationError on the form: on the field the action named when the form has it, else above
    the form. Every view that calls an action with a form's data uses this."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def report_outcome(request, form, run, *, done: str, incomplete: str) -> None:
    """For a small form posted from a page that the user then goes back to: ``run(**form.cleaned_data)`` when the
    form is valid, and how it went as a message on that page — ``incomplete`` for an invalid form, the action's
    refusal in its own words, or ``done``."""
    if not form.is_valid():
        messages.error(request, incomplete)
        return
    try:
        run(**form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)


class FastSelect(forms.Select):
    """A <select> rendered in Python instead of one template per option.

    The unit, place and category lists have hundreds of options; Django's per-option templates made
    them the most expensive part of every worklist page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        # Plain escaping and one join: format_html per option cost more than the rest of the page.
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key in selected else ""}>{escape(label)}</option>'
            for key, label in ((str(k), str(v)) for k, v in self._flat_choices())
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")

    def _flat_choices(self):
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: its options, flattened
                yield from ((k, v) for k, v in label)
            else:
                yield ("" if key is None else getattr(key, "value", key), label)


class Options(BaseChoiceIterator):
    """(value, label) pairs as they are, for a field's choices: Django would normalise a plain list again — every
    value and label of hundreds of units, on every worklist page."""

    def __init__(self, pairs: list[tuple]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _blank_first(options):
    return lambda: [("", "---------"), *options()]


class KeptSelect(forms.Select):
    """A select of reference data rendered once per process for each name, chosen value, attributes and language,
    and kept until the reference data changes (``organisation.revision.kept``), like the option lists themselves.

    Django renders each option through a template: the public online form's two lists (a hundred options) cost
    two thirds of its page (bench/bench_online.py). ``kept_as`` names the option list; None: not kept."""

    def __init__(self, attrs=None, choices=(), *, kept_as: str | None = None):
        super().__init__(attrs, choices)
        self.kept_as = kept_as

    def render(self, name, value, attrs=None, renderer=None):
        render = super().render
        if self.kept_as is None:
            return render(name, value, attrs, renderer)
        key = (f"select:{self.kept_as}:{name}:{translation.get_language()}:{self.format_value(value)!r}:"
               f"{sorted({**self.attrs, **(attrs or {})}.items())!r}")
        return revision.kept(key, lambda: render(name, value, attrs, renderer))


class ReferenceChoiceField(forms.ChoiceField):
    """A unit or category from the lists each process keeps (``choices``): offered and validated without a query,
    against the reference data as committed when the request started, and cleaned to the instance; its select is
    rendered once per process (``KeptSelect``).

    ``options``: the (id, label) list offered; ``lookup``: the instances by id that may be chosen. Both are callables,
    read only when the form is rendered or validated (a successful post renders nothing).
    """

    def __init__(self, *, options, lookup, **kwargs):
        name = f"{options.__module__}.{options.__qualname__}"
        kwargs.setdefault("widget", KeptSelect(kept_as=None if "<lambda>" in name else name))
        super().__init__(choices=_blank_first(options), **kwargs)
        self.lookup = lookup

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup()[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None

    def validate(self, value):
        forms.Field.validate(self, value)  # required or not; to_python has checked the choice


class RegistrationForm(BootstrapMixin, forms.Form):
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    headcount = forms.IntegerField(
        label=_("persons"), min_value=1, initial=1,
        help_text=_("Visits: how many persons came. From the collective threshold on, the visit is collective."),
    )
    received_level = forms.ChoiceField(label=_("received at"), choices=ReceivedLevel.choices, initial=ReceivedLevel.OWN)
    source = forms.ChoiceField(label=_("source"), choices=Source.choices, initial=Source.DIRECT)
    source_body = ReferenceChoiceField(
        label=_("higher body"), options=choices.higher_bodies, lookup=lambda: choices.units("higher"), required=False
    )
    source_reference = forms.CharField(label=_("higher body's reference"), max_length=60, required=False)
    source_due_on = forms.DateField(label=_("due date set by the higher body"), required=False, widget=DateInput())
    title = forms.CharField(label=_("subject"), max_length=120)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 5}))
    content_type = forms.ChoiceField(label=_("content type"), choices=ContentType.choices)
    category = ReferenceChoiceField(label=_("category"), options=choices.categories, lookup=choices.active_categories)
    place = ReferenceChoiceField(
        label=_("place of the problem"), options=choices.places, lookup=lambda: choices.units("places")
    )
    accused_unit = ReferenceChoiceField(
        label=_("accused unit"), options=choices.active_units, lookup=lambda: choices.units("active"), required=False
    )
    accused_person = forms.CharField(label=_("accused person"), max_length=100, required=False)
    fast_track = forms.BooleanField(
        label=_("fast track (simple first petition)"), required=False,
        help_text=_("Decide within 3 and handle within 10 working days."),
    )
    notify_by = forms.ChoiceField(
        label=_("notices to the petitioner"), required=False, initial="",
        choices=[("", _("None (printed notices and the query code)")), *NotifyBy.choices],
        help_text=_("As the petitioner chooses: an SMS to the first petitioner's phone, or an e-mail, at each step."),
    )
    notify_email = forms.EmailField(label=_("e-mail for notices"), required=False)
    repeat_of = forms.ModelChoiceField(
        label=_("repeat of"), queryset=Petition.objects.all(), required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["repeat_of"].queryset = Petition.objects.visible_to(user)


class PetitionerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(
        label=_("phone"), max_length=30, required=False,
        help_text=_("Digits, spaces and dashes; an extension after 转."),
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    is_representative = forms.BooleanField(label=_("representative"), required=False)
    # Shown only when the ID number is already recorded for someone with another name (``ask_same_person``).
    same_person_confirmed = forms.BooleanField(label=_("This is the same person"), required=False)

    recorded_name = ""  # the name recorded for the ID number, when the form asks

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return validate_id_number(value) if value else ""

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def ask_same_person(self, refusal) -> None:
        """The registration was refused: this petitioner's ID number is recorded for ``refusal.recorded_name``. Show
        the refusal on the ID number and ask whether it is the same person."""
        self.recorded_name = refusal.recorded_name
        self.add_error("id_number", refusal.messages)

    @property
    def asks_same_person(self) -> bool:
        return bool(self.recorded_name) or bool(self.cleaned_data.get("same_person_confirmed")
                                                 if hasattr(self, "cleaned_data") else False)


PetitionerFormSet = formset_factory(PetitionerForm, extra=0, min_num=1, validate_min=True, max_num=60)


def registration_data(form: RegistrationForm, formset) -> RegistrationData:
    data = dict(form.cleaned_data)
    data["petitioners"] = [PetitionerData(**f.cleaned_data) for f in formset.forms if f.cleaned_data]
    return RegistrationData(**data)


class FilterForm(BootstrapMixin, forms.Form):
    """Worklist and search filters; every field optional."""

    widget_size = "sm"

    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("state"), choices=[("", _("All states")), *PetitionState.choices], required=False)
    channel = forms.ChoiceField(label=_("channel"), choices=[("", _("All channels")), *Channel.choices], required=False)
    content_type = forms.ChoiceField(
        label=_("content type"), choices=[("", _("All content types")), *ContentType.choices], required=False
    )
    category = forms.TypedChoiceField(label=_("category"), coerce=int, required=False, empty_value=None)
    # Ids and names only (no model instances): these lists hold hundreds of units.
    unit = forms.TypedChoiceField(label=_("responsible unit"), coerce=int, required=False, empty_value=None)
    place = forms.TypedChoiceField(label=_("place of the problem"), coerce=int, required=False, empty_value=None)
    received_from = forms.DateField(label=_("received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("received to"), required=False, widget=DateInput())
    # The filters behind the statistics (each figure links to its items); shown in the bar only when set.
    dated = forms.ChoiceField(
        label=_("dates are"), required=False,
        choices=[("", _("dates of receipt")), ("decided", _("dates of decision")),
                 ("accepted", _("dates of acceptance")),
                 ("handling_due", _("handling due dates")), ("replied", _("dates of reply"))],
    )
    received_level = forms.ChoiceField(
        label=_("received at"), required=False,
        choices=[("", _("All levels")), *ReceivedLevel.choices, ("skip", _("Skip-level (any higher level)"))],
    )
    collective = forms.ChoiceField(
        label=_("collective visit"), required=False,
        choices=[("", _("Individual and collective")), ("yes", _("Collective visits")), ("no", _("Not collective"))],
    )
    repeat = forms.ChoiceField(
        label=_("repeat petition"), required=False,
        choices=[("", _("First and repeat")), ("yes", _("Repeat petitions")), ("no", _("First petitions"))],
    )
    due = forms.ChoiceField(
        label=_("due"), required=False,
        choices=[("", _("Any due date")), ("overdue", _("Overdue now")), ("due_soon", _("Due within 3 days"))],
    )
    place_within = forms.TypedChoiceField(
        label=_("place within"), coerce=int, required=False, empty_value=None,
        help_text=_("The place of the problem is this unit or lies below it."),
    )
    unit_within = forms.TypedChoiceField(
        label=_("responsible unit within"), coerce=int, required=False, empty_value=None,
        help_text=_("The responsible unit is this unit or lies below it."),
    )

    STATISTICS_FIELDS = ("dated", "received_level", "collective", "repeat", "due", "place_within", "unit_within")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Options([("", _("All categories")), *choices.categories()])
        self.fields["unit"].choices = Options([
            ("", _("All units")), *choices.responsible_units(), (NO_UNIT, _("Not assigned to a unit yet")),
        ])
        self.fields["place"].choices = Options([("", _("All places")), *choices.places()])
        self.fields["place_within"].choices = Options([("", _("All places")), *choices.active_units()])
        self.fields["unit_within"].choices = Options([("", _("All units")), *choices.active_units()])

    @property
    def statistics_fields(self) -> tuple[str, ...]:
        return self.STATISTICS_FIELDS

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date is before the start date."))
        return cleaned


# One form per transition; field names are the action's keyword arguments.


class TransitionForm(BootstrapMixin, forms.Form):
    """A transition's form; it knows the item, so that its choices can leave out what the action refuses."""

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition



class AnswerForm(TransitionForm):
    answer = forms.CharField(label=_("Answer given on the spot"), widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(TransitionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Explanation for the petitioner"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For matters of a legal procedure, say which procedure and which organ to turn to."),
    )


class ForwardForm(TransitionForm):
    to_unit = forms.ModelChoiceField(label=_("Forward to"), queryset=Unit.objects.filter(is_active=True))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.petition is not None and self.petition.accused_unit_id:
            self.fields["to_unit"].queryset = self.fields["to_unit"].queryset.exclude(pk=self.petition.accused_unit_id)


class AssignForm(TransitionForm):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.responsible())
    deadline_class = forms.ChoiceField(
        label=_("Deadline class"), choices=[("", _("Statutory limit only")), *DeadlineClass.choices], required=False
    )
    owning_leader = forms.ModelChoiceField(
        label=_("Owning leader"), queryset=User.objects.none(), required=False, empty_label=_("None")
    )
    note = forms.CharField(label=_("Assignment note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_leader"].queryset = leaders_for(self.petition)
        if self.petition is not None and self.petition.accused_unit_id:
            self.fields["unit"].queryset = self.fields["unit"].queryset.exclude(pk=self.petition.accused_unit_id)


class ConfirmForm(TransitionForm):
    pass


class ReasonForm(TransitionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(TransitionForm):
    days = forms.IntegerField(label=_("Extension in days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason (told to the petitioner)"), widget=forms.Textarea(attrs={"rows": 3}))
    approved_by = forms.CharField(label=_("Approved by (head of the organ)"), max_length=50)


class ReplyForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReplyOutcome.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Handling opinion"), widget=forms.Textarea(attrs={"rows": 6}))


class EvaluateForm(TransitionForm):
    rating = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(TransitionForm):
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 5}))


TRANSITION_FORMS = {
    "answer": (AnswerForm, actions.petition_answer),
    "decline": (DeclineForm, actions.petition_decline),
    "forward": (ForwardForm, actions.petition_forward),
    "assign": (AssignForm, actions.petition_assign),
    "sign_for": (ConfirmForm, actions.petition_sign_for),
    "hand_back": (ReasonForm, actions.petition_hand_back),
    "extend": (ExtendForm, actions.petition_extend),
    "reply": (ReplyForm, actions.petition_reply),
    "evaluate": (EvaluateForm, actions.petition_evaluate),
    "request_review": (ReasonForm, actions.petition_request_review),
    "decide_review": (OpinionForm, actions.petition_decide_review),
    "request_re_review": (ReasonForm, actions.petition_request_re_review),
    "decide_re_review": (OpinionForm, actions.petition_decide_re_review),
}


def transition_form(name: str, petition, data=None):
    form_class, _action = TRANSITION_FORMS[name]
    return form_class(data, petition=petition, prefix=name)


def leaders_for(petition):
    """The leaders who may be asked about, or own, ``petition``: never one it accuses (``access.accuses``)."""
    leaders = User.objects.with_role(Role.LEADER).select_related("unit")
    if petition is None or not petition.is_accusation:
        return leaders
    return leaders.exclude(pk__in=[leader.pk for leader in leaders if accuses(petition, user=leader)])


class InstructionRequestForm(BootstrapMixin, forms.Form):
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=User.objects.none())

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders_for(petition)


class InstructionWriteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))

