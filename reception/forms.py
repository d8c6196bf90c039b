"""Forms of the reception register. Each turns its input into the data class of one action; the action decides."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from organisation.models import Role, Unit, User
from petitions import choices
from petitions.forms import BootstrapMixin, DateInput, ReferenceChoiceField
from workdays.models import DeadlineClass

from . import actions
from .models import (
    Appointment,
    AppointmentState,
    Campaign,
    MatterOutcome,
    ReceptionDay,
    ReceptionDayState,
    ReceptionKind,
    ReceptionTier,
)
from .recurrence import HolidayRule, Recurrence

WEEKDAY_CHOICES = [
    (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
    (5, _("Saturday")), (6, _("Sunday")),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _leaders():
    return User.objects.with_role(Role.LEADER).select_related("unit").order_by("unit__path", "pk")


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        unit = user.unit.name if user.unit_id else ""
        return f"{user} · {user.position} · {unit}" if user.position else f"{user} · {unit}"


def _receiving_units():
    return Unit.objects.filter(is_active=True).exclude(kind__in=["community", "city_bureau", "province_bureau",
                                                                   "national_bureau"])


class ScheduleForm(BootstrapMixin, forms.Form):
    leader = LeaderChoiceField(label=_("leader"), queryset=User.objects.none())
    unit = forms.ModelChoiceField(label=_("receiving unit"), queryset=Unit.objects.none())
    tier = forms.ChoiceField(label=_("tier"), choices=ReceptionTier.choices)
    place = forms.CharField(label=_("place"), max_length=100)
    starts_at = forms.TimeField(label=_("starts at"), widget=TimeInput(), initial=dt.time(9, 0))
    ends_at = forms.TimeField(label=_("ends at"), widget=TimeInput(), initial=dt.time(12, 0))
    recurrence = forms.ChoiceField(label=_("recurrence"), choices=Recurrence.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("days of the week"), choices=WEEKDAY_CHOICES, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    every_days = forms.IntegerField(label=_("every … days"), min_value=1, max_value=60, required=False)
    anchor_on = forms.DateField(label=_("a market day"), required=False, widget=DateInput())
    holiday_rule = forms.ChoiceField(label=_("on a non-working day"), choices=HolidayRule.choices)
    weekends_too = forms.BooleanField(label=_("also on ordinary weekends (market days)"), required=False)
    valid_from = forms.DateField(label=_("valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DateInput())
    publish_until = forms.DateField(label=_("publish the days up to"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _leaders()
        self.fields["unit"].queryset = _receiving_units()

    def data_object(self) -> actions.ScheduleData:
        d = self.cleaned_data
        return actions.ScheduleData(
            leader=d["leader"], unit=d["unit"], tier=d["tier"], place=d["place"], starts_at=d["starts_at"],
            ends_at=d["ends_at"], recurrence=d["recurrence"], weekdays=tuple(d["weekdays"] or ()),
            every_days=d["every_days"], anchor_on=d["anchor_on"], holiday_rule=d["holiday_rule"],
            weekends_too=d["weekends_too"], valid_from=d["valid_from"], valid_until=d["valid_until"],
        )


class DayForm(BootstrapMixin, forms.Form):
    leader = LeaderChoiceField(label=_("leader"), queryset=User.objects.none())
    unit = forms.ModelChoiceField(label=_("receiving unit"), queryset=Unit.objects.none())
    tier = forms.ChoiceField(label=_("tier"), choices=ReceptionTier.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("starts at"), widget=TimeInput(), initial=dt.time(9, 0))
    ends_at = forms.TimeField(label=_("ends at"), widget=TimeInput(), initial=dt.time(12, 0))
    place = forms.CharField(label=_("place"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _leaders()
        self.fields["unit"].queryset = _receiving_units()

    def data_object(self) -> actions.DayData:
        return actions.DayData(**self.cleaned_data)


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for cancelling"), max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": _("reason for cancelling")}))


def parse_people(text: str) -> list[actions.PersonData]:
    """One person a line: a name, then optionally a phone number (“刘建国 13912345678”, “刘建国 139-1234-5678”).
    The name is what comes before the first digit; the phone, checked by the action, everything from it."""
    people = []
    for line in text.splitlines():
        line = line.replace("，", " ").replace(",", " ").strip()
        if not line:
            continue
        first_digit = next((i for i, ch in enumerate(line) if ch.isdigit() or ch == "+"), len(line))
        name, phone = line[:first_digit].strip(), line[first_digit:].strip()
        if not name:  # no name before the number: all of it is the name, for the action to refuse
            name, phone = line, ""
        people.append(actions.PersonData(name=name, phone=phone))
    return people


class AppointmentForm(BootstrapMixin, forms.Form):
    subject = forms.CharField(label=_("matter"), max_length=120)
    content = forms.CharField(label=_("what the petitioners ask"), widget=forms.Textarea(attrs={"rows": 3}))
    representatives = forms.CharField(
        label=_("representatives"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name and phone number, e.g. 刘建国 13912345678 (at most 5)."),
    )
    headcount = forms.IntegerField(label=_("persons expected"), min_value=1, initial=1)
    leader = LeaderChoiceField(label=_("county leader"), queryset=User.objects.none())
    date = forms.DateField(label=_("date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("time"), widget=TimeInput(), initial=dt.time(9, 0))
    place = forms.CharField(label=_("place"), max_length=100)
    units = forms.ModelMultipleChoiceField(
        label=_("units concerned (notified to attend)"), queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reception_day = forms.ModelChoiceField(
        label=_("on the reception day"), queryset=ReceptionDay.objects.none(), required=False,
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _leaders().filter(unit__kind__in=["county", "bureau"])
        self.fields["units"].queryset = Unit.objects.responsible()
        self.fields["reception_day"].queryset = ReceptionDay.objects.filter(
            date__gte=today, state=ReceptionDayState.SCHEDULED, tier=ReceptionTier.COUNTY
        ).select_related("leader")

    def data_object(self) -> actions.AppointmentData:
        d = self.cleaned_data
        return actions.AppointmentData(
            subject=d["subject"], content=d["content"], leader=d["leader"], date=d["date"],
            starts_at=d["starts_at"], place=d["place"], units=list(d["units"]),
            representatives=parse_people(d["representatives"]), headcount=d["headcount"],
            reception_day=d["reception_day"],
        )


def parse_rota(text: str) -> tuple[list[tuple[dt.date, User]], list[str]]:
    """One duty a line: “2026-05-04 王县长” (the leader's name or login)."""
    leaders = {}
    for user in User.objects.with_role(Role.LEADER):
        leaders.setdefault(user.username, user)
        leaders.setdefault(str(user), user)
    rota, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            problems.append(str(_("Line %(n)s: “%(text)s” is not a date (2026-05-04).") % {"n": number, "text": parts[0]}))
            continue
        for name in parts[1:] or [""]:
            leader = leaders.get(name.strip("、，,"))
            if leader is None:
                problems.append(str(_("Line %(n)s: no leader called “%(name)s”.") % {"n": number, "name": name}))
            else:
                rota.append((day, leader))
    return rota, problems


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=100)
    starts_on = forms.DateField(label=_("from"), widget=DateInput())
    ends_on = forms.DateField(label=_("until"), widget=DateInput())
    place = forms.CharField(label=_("place"), max_length=100, initial=_("the county's reception hall"))
    rota = forms.CharField(
        label=_("rota"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One day a line: the date and the leaders on duty, e.g. 2026-05-04 王县长 白志强."),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_rota(self):
        rota, problems = parse_rota(self.cleaned_data["rota"])
        if problems:
            raise forms.ValidationError(problems)
        return rota

    def data_object(self) -> actions.CampaignData:
        return actions.CampaignData(**self.cleaned_data)


class RecordForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("occasion"), choices=ReceptionKind.choices, widget=forms.HiddenInput())
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    leader = LeaderChoiceField(label=_("receiving leader"), queryset=User.objects.none())
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    reception_day = forms.ModelChoiceField(queryset=ReceptionDay.objects.all(), required=False, widget=forms.HiddenInput())
    appointment = forms.ModelChoiceField(queryset=Appointment.objects.all(), required=False, widget=forms.HiddenInput())
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), required=False)
    joint_units = forms.CharField(
        label=_("units taking part and their part"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One unit a line: its name, a colon and what it did, e.g. 县人社局：核实工资拖欠情况."),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _leaders()

    def clean_joint_units(self):
        units = {u.name: u for u in Unit.objects.filter(is_active=True)}
        result, problems = [], []
        for line in self.cleaned_data["joint_units"].splitlines():
            if not line.strip():
                continue
            name, _sep, part = line.replace(":", "：").partition("：")
            unit = units.get(name.strip())
            if unit is None:
                problems.append(str(_("No unit called “%(name)s”.") % {"name": name.strip()}))
            else:
                result.append((unit, part.strip()))
        if problems:
            raise forms.ValidationError(problems)
        return result


class MatterForm(BootstrapMixin, forms.Form):
    names = forms.CharField(label=_("petitioners (representatives)"), max_length=200)
    headcount = forms.IntegerField(label=_("persons"), min_value=1, initial=1)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False,
                            help_text=_("Digits, spaces and dashes; an extension after 转."))
    subject = forms.CharField(label=_("matter"), max_length=120)
    content = forms.CharField(label=_("what they asked"), widget=forms.Textarea(attrs={"rows": 2}))
    category = ReferenceChoiceField(label=_("category"), options=choices.categories, lookup=choices.active_categories)
    place = ReferenceChoiceField(
        label=_("place of the problem"), options=choices.places, lookup=lambda: choices.units("places")
    )
    outcome = forms.ChoiceField(label=_("outcome"), choices=MatterOutcome.choices)
    decision = forms.CharField(label=_("handling decision"), widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = ReferenceChoiceField(
        label=_("lead unit"), options=choices.responsible_units, lookup=lambda: choices.units("responsible"),
        required=False,
    )
    owning_leader = LeaderChoiceField(label=_("owning leader"), queryset=User.objects.none(), required=False)
    deadline_class = forms.ChoiceField(
        label=_("deadline class"), choices=[("", "---------"), *DeadlineClass.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_leader"].queryset = _leaders()

    def data_object(self) -> actions.MatterData:
        return actions.MatterData(**self.cleaned_data)


MatterFormSet = formset_factory(MatterForm, extra=0, min_num=1, validate_min=True, max_num=50)


def record_data(form: RecordForm, formset) -> actions.RecordData:
    d = form.cleaned_data
    return actions.RecordData(
        kind=d["kind"], held_on=d["held_on"], leader=d["leader"], place=d["place"],
        reception_day=d["reception_day"], appointment=d["appointment"], campaign=d["campaign"],
        joint_units=d["joint_units"], note=d["note"],
        matters=[f.data_object() for f in formset.forms if f.has_changed() and f.cleaned_data],
    )


def appointment_open(appointment: Appointment) -> bool:
    return appointment.state == AppointmentState.BOOKED
