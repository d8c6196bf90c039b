"""Forms of the joint-meeting pages; the actions validate again (the ledger import uses them too)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ledgers.columns import CellError
from organisation.models import HIGHER_LEVEL_KINDS, Role, Unit, User
from petitions.forms import BootstrapMixin, DateInput
from petitions.models import Petition
from petitions.states import OPEN_STATES

from .actions import AttendeeData, MeetingData
from .ledger import petition_by_number

CANDIDATES = 60  # cases offered as checkboxes; others by registration number
ATTENDEE_ROWS = 8


def staff_choices():
    return User.objects.filter(is_active=True).exclude(unit=None).select_related("unit").order_by("unit__path", "pk")


def local_units():
    """Units that attend meetings and own tasks: this county's active units, not the higher bodies."""
    return Unit.objects.filter(is_active=True).exclude(kind__in=HIGHER_LEVEL_KINDS)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} · {obj}{f'（{obj.position}）' if obj.position else ''}"


class PetitionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.title}"


def candidate_cases(user, today: dt.date):
    """Major cases worth a meeting: open items of the last year that are owned by a leader, major, collective or
    sent down from above — newest first, as the user may see them."""
    return (
        Petition.objects.visible_to(user)
        .filter(state__in=OPEN_STATES, received_on__gte=today - dt.timedelta(days=366))
        .filter(Q(owning_leader__isnull=False) | Q(deadline_class="major") | Q(is_collective=True)
                | Q(source_body__isnull=False))
        .order_by("-received_on", "-pk")
    )


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(label=_("meeting"), max_length=100,
                            help_text=_("e.g. 2026年3月信访工作联席会议"))
    place = forms.CharField(label=_("place"), max_length=100)
    chair = forms.CharField(label=_("chaired by"), max_length=100, help_text=_("Name and position."))
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What was discussed; it opens the minutes."))
    attending_staff = StaffChoiceField(label=_("attending staff with an account"), queryset=User.objects.none(),
                                       required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    agenda = PetitionChoiceField(label=_("major cases on the agenda"), queryset=Petition.objects.none(),
                                 required=False, widget=forms.CheckboxSelectMultiple)
    other_numbers = forms.CharField(label=_("other cases (registration numbers)"), required=False,
                                    help_text=_("Separated by 、 or spaces, e.g. XF2026-0000123"))

    def __init__(self, *args, user, today: dt.date, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["attending_staff"].queryset = staff_choices().filter(
            Q(roles__icontains=f'"{Role.LEADER}"') | Q(unit__kind="bureau"))
        candidates = candidate_cases(user, today)
        ids = list(candidates.values_list("pk", flat=True)[:CANDIDATES])
        if meeting is not None:
            ids += list(meeting.agenda.values_list("petition_id", flat=True))
        self.fields["agenda"].queryset = Petition.objects.visible_to(user).filter(pk__in=ids).order_by("-received_on")
        units = [("", "---------")] + [(u.pk, u.name) for u in local_units()]
        for i in range(ATTENDEE_ROWS):
            self.fields[f"unit_{i}"] = forms.TypedChoiceField(label=_("unit"), choices=units, coerce=int,
                                                              required=False, empty_value=None)
            self.fields[f"person_{i}"] = forms.CharField(label=_("person who came"), max_length=50, required=False)
            for name in (f"unit_{i}", f"person_{i}"):
                self.fields[name].widget.attrs["class"] = "form-select" if name.startswith("unit") else "form-control"
        self.attendee_rows = [(self[f"unit_{i}"], self[f"person_{i}"]) for i in range(ATTENDEE_ROWS)]

    @classmethod
    def initial_of(cls, meeting) -> dict:
        initial = {name: getattr(meeting, name) for name in ("held_on", "title", "place", "chair", "summary")}
        initial["attending_staff"] = [a.user_id for a in meeting.attendees.all() if a.user_id]
        initial["agenda"] = list(meeting.agenda.values_list("petition_id", flat=True))
        others = [a for a in meeting.attendees.select_related("unit") if not a.user_id]
        for i, attendee in enumerate(others[:ATTENDEE_ROWS]):
            initial[f"unit_{i}"], initial[f"person_{i}"] = attendee.unit_id, attendee.person
        return initial

    def clean_other_numbers(self):
        petitions = []
        visible = Petition.objects.visible_to(self.user)
        for number in [n for n in re.split(r"[、，,；;\s]+", self.cleaned_data["other_numbers"].strip()) if n]:
            try:
                petition = petition_by_number(number)
            except CellError:  # the same message for an unknown and an invisible number
                petition = None
            if petition is None or not visible.filter(pk=petition.pk).exists():
                raise forms.ValidationError(_("No item has the registration number “%(number)s”.")
                                            % {"number": number})
            petitions.append(petition)
        return petitions

    def clean(self):
        data = super().clean()
        units = {u.pk: u for u in local_units()}
        rows = []
        for i in range(ATTENDEE_ROWS):
            unit_id, person = data.get(f"unit_{i}"), (data.get(f"person_{i}") or "").strip()
            if unit_id and not person:
                self.add_error(f"person_{i}", _("Name the person who came."))
            elif person and not unit_id:
                self.add_error(f"unit_{i}", _("Choose the unit."))
            elif unit_id:
                rows.append(AttendeeData(units[unit_id], person))
        data["attendee_rows"] = rows
        return data

    def meeting_data(self) -> MeetingData:
        data = self.cleaned_data
        attendees = [AttendeeData(u.unit, str(u), u) for u in data["attending_staff"]] + data["attendee_rows"]
        agenda = list(data["agenda"])
        agenda += [p for p in data["other_numbers"] if p not in agenda]
        return MeetingData(held_on=data["held_on"], title=data["title"], place=data["place"], chair=data["chair"],
                           summary=data["summary"], attendees=attendees, agenda=agenda)


class TaskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    petition = forms.ModelChoiceField(label=_("case"), queryset=Petition.objects.none(), required=False)
    owner_unit = forms.ModelChoiceField(label=_("responsible unit"), queryset=Unit.objects.none(), required=False)
    owner_user = forms.ModelChoiceField(label=_("responsible person"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("due"), widget=DateInput())

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = Petition.objects.visible_to(user).filter(
            pk__in=meeting.agenda.values("petition_id"))
        self.fields["petition"].label_from_instance = lambda p: f"{p.number} {p.title}"
        self.fields["owner_unit"].queryset = local_units()
        self.fields["owner_user"].queryset = staff_choices()
        self.fields["owner_user"].label_from_instance = lambda u: f"{u.unit.name} · {u}"


class TaskDoneForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DateInput())
    note = forms.CharField(label=_("how it was done"), widget=forms.Textarea(attrs={"rows": 2}))
