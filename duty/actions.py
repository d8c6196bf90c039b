"""Writes of the duty rosters: each checks permission and input, runs in a transaction and appends a
``DutyEvent``. The pages and the ledger import call the same functions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.access import keeps_bureau_registers
from petitions.identity import normalise_phone

from .models import DutyEvent, DutyEventKind, DutyRoster, DutyShift, Shift

MAX_DAYS = 62  # a roster covers an event or a period, not a year


class DutyRefused(PermissionDenied):
    pass


def can_edit_rosters(user) -> bool:
    """Duty rosters: the bureau's supervisors and administrators (``petitions.access.keeps_bureau_registers``)."""
    return keeps_bureau_registers(user)


def _check_editor(actor) -> None:
    if not can_edit_rosters(actor):
        raise DutyRefused(_("Only the petition bureau's supervisors and administrators can keep duty rosters."))


def _validate_period(name: str, starts_on: dt.date, ends_on: dt.date) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The period cannot end before it starts.")]
    elif (ends_on - starts_on).days + 1 > MAX_DAYS:
        errors["ends_on"] = [_("A roster covers at most %(n)s days.") % {"n": MAX_DAYS}]
    if errors:
        raise ValidationError(errors)


def _duplicate(name: str, starts_on: dt.date, exclude: int | None = None) -> None:
    if DutyRoster.objects.filter(name=name.strip(), starts_on=starts_on).exclude(pk=exclude).exists():
        raise ValidationError({"name": [_("A roster of this name starting on %(date)s exists already.")
                                        % {"date": starts_on.isoformat()}]})


def duty_roster_create(*, actor, name: str, starts_on: dt.date, ends_on: dt.date, requirements: str = "") -> DutyRoster:
    _check_editor(actor)
    _validate_period(name, starts_on, ends_on)
    with transaction.atomic():
        _duplicate(name, starts_on)
        now = timezone.now()
        roster = DutyRoster.objects.create(name=name.strip(), starts_on=starts_on, ends_on=ends_on,
                                           requirements=requirements.strip(), created_by=actor, created_at=now)
        DutyEvent.objects.create(roster=roster, kind=DutyEventKind.CREATED, actor=actor, at=now,
                                 data={"name": roster.name, "starts_on": starts_on.isoformat(),
                                       "ends_on": ends_on.isoformat()})
        return roster


def duty_roster_correct(*, actor, roster: DutyRoster, name: str, starts_on: dt.date, ends_on: dt.date,
                        requirements: str = "") -> DutyRoster:
    _check_editor(actor)
    _validate_period(name, starts_on, ends_on)
    with transaction.atomic():
        roster = DutyRoster.objects.select_for_update().get(pk=roster.pk)
        _duplicate(name, starts_on, exclude=roster.pk)
        outside = roster.shifts.exclude(on_date__gte=starts_on, on_date__lte=ends_on).order_by("on_date").first()
        if outside is not None:
            raise ValidationError({"starts_on": [_("The shift of %(date)s would fall outside the period.")
                                                 % {"date": outside.on_date.isoformat()}]})
        old = {"name": roster.name, "starts_on": roster.starts_on.isoformat(), "ends_on": roster.ends_on.isoformat(),
               "requirements": roster.requirements}
        roster.name, roster.starts_on, roster.ends_on = name.strip(), starts_on, ends_on
        roster.requirements = requirements.strip()
        roster.save(update_fields=["name", "starts_on", "ends_on", "requirements"])
        DutyEvent.objects.create(roster=roster, kind=DutyEventKind.CHANGED, actor=actor, at=timezone.now(),
                                 data={"old": old, "new": {"name": roster.name, "starts_on": starts_on.isoformat(),
                                                           "ends_on": ends_on.isoformat(),
                                                           "requirements": roster.requirements}})
        return roster


def _shift_values(shift: DutyShift) -> dict:
    return {"on_date": shift.on_date.isoformat(), "shift": shift.shift, "staff": shift.staff, "place": shift.place,
            "phone": shift.phone, "leader": shift.leader}


def duty_shift_set(*, actor, roster: DutyRoster, on_date: dt.date, shift: str, staff: str, place: str, phone: str,
                   leader: str = "") -> DutyShift:
    """Enter who is on duty for one shift of one day — or change it (换班): the event keeps the old values."""
    _check_editor(actor)
    errors: dict[str, list[str]] = {}
    if not roster.starts_on <= on_date <= roster.ends_on:
        errors["on_date"] = [_("The day must lie within the roster's period (%(start)s to %(end)s).")
                             % {"start": roster.starts_on.isoformat(), "end": roster.ends_on.isoformat()}]
    if shift not in Shift.values:
        errors["shift"] = [_("Choose the shift.")]
    for name, value in (("staff", staff), ("place", place), ("phone", phone)):
        if not value.strip():
            errors[name] = [_("This field is required.")]
    if phone.strip():
        try:  # the one rule for phone numbers; a roster keeps the number as written (dashes and all) for print
            normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        roster = DutyRoster.objects.select_for_update().get(pk=roster.pk)
        existing = roster.shifts.filter(on_date=on_date, shift=shift).first()
        values = {"staff": staff.strip(), "place": place.strip(), "phone": phone.strip(), "leader": leader.strip()}
        if existing is None:
            row = DutyShift.objects.create(roster=roster, on_date=on_date, shift=shift, **values)
            DutyEvent.objects.create(roster=roster, kind=DutyEventKind.SHIFT_SET, actor=actor, at=timezone.now(),
                                     data={"new": _shift_values(row)})
            return row
        old = _shift_values(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(values))
        DutyEvent.objects.create(roster=roster, kind=DutyEventKind.SHIFT_CHANGED, actor=actor, at=timezone.now(),
                                 data={"old": old, "new": _shift_values(existing)})
        return existing
