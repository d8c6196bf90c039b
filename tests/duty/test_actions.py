"""Keeping duty rosters: every action and every refusal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from duty import actions
from duty.models import DutyEventKind, Shift

pytestmark = pytest.mark.django_db


def test_a_roster_with_its_shifts_and_events(roster, supervisor):
    assert roster.days == [dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 3)]
    assert roster.shifts.count() == 3
    assert list(roster.events.values_list("kind", flat=True)) == [DutyEventKind.CREATED] + [DutyEventKind.SHIFT_SET] * 3


def test_entering_a_shift_again_changes_it_and_keeps_the_old_values(roster, supervisor):
    shift = actions.duty_shift_set(actor=supervisor, roster=roster, on_date=dt.date(2026, 10, 2), shift=Shift.DAY,
                                   staff="孙丽娟", place="县信访局接访大厅", phone="0911-6212345")
    assert roster.shifts.count() == 3 and shift.staff == "孙丽娟" and shift.leader == ""
    event = roster.events.get(kind=DutyEventKind.SHIFT_CHANGED)
    assert event.data["old"]["staff"] == "李红梅" and event.data["new"]["staff"] == "孙丽娟"


@pytest.mark.parametrize("who", ["registrar", "handler", "leader"])
def test_only_bureau_supervisors_and_admins_keep_rosters(request, who, roster):
    actor = request.getfixturevalue(who)
    with pytest.raises(actions.DutyRefused):
        actions.duty_roster_create(actor=actor, name="x", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2))
    with pytest.raises(actions.DutyRefused):
        actions.duty_shift_set(actor=actor, roster=roster, on_date=dt.date(2026, 10, 3), shift=Shift.DAY, staff="a",
                               place="b", phone="c")


def test_bad_periods_and_shifts_are_refused(supervisor, roster):
    with pytest.raises(ValidationError) as error:
        actions.duty_roster_create(actor=supervisor, name="", starts_on=dt.date(2026, 1, 2), ends_on=dt.date(2026, 1, 1))
    assert set(error.value.message_dict) == {"name", "ends_on"}
    with pytest.raises(ValidationError):
        actions.duty_roster_create(actor=supervisor, name="全年", starts_on=dt.date(2026, 1, 1),
                                   ends_on=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError) as error:
        actions.duty_roster_create(actor=supervisor, name="2026年国庆节期间", starts_on=dt.date(2026, 10, 1),
                                   ends_on=dt.date(2026, 10, 2))
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.duty_shift_set(actor=supervisor, roster=roster, on_date=dt.date(2026, 10, 4), shift="morning",
                               staff=" ", place="", phone="")
    assert set(error.value.message_dict) == {"on_date", "shift", "staff", "place", "phone"}


def test_a_correction_cannot_leave_a_shift_outside_the_period(supervisor, roster):
    with pytest.raises(ValidationError) as error:
        actions.duty_roster_correct(actor=supervisor, roster=roster, name=roster.name, starts_on=dt.date(2026, 10, 2),
                                    ends_on=dt.date(2026, 10, 8))
    assert "2026-10-01" in str(error.value)
    roster = actions.duty_roster_correct(actor=supervisor, roster=roster, name="国庆", starts_on=dt.date(2026, 10, 1),
                                         ends_on=dt.date(2026, 10, 8))
    assert roster.ends_on == dt.date(2026, 10, 8)
    assert roster.events.get(kind=DutyEventKind.CHANGED).data["old"]["name"] == "2026年国庆节期间"
