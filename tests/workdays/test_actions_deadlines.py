"""The due dates that the petition actions store, with the policy row and the override table from the database.

Dates are real 2026 ones (National Day 1–7 Oct with Sunday 20 Sep and Saturday 10 Oct worked; Mid-autumn 25–27 Sep);
2027 has no package data, so what lands there is provisional until the admin enters override rows.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from petitions import actions
from petitions.actions import PetitionerData
from petitions.models import Petition, Source
from tests.factories import register
from workdays.models import CalendarOverride, DayCounting, DeadlinePolicy

D = dt.date

TWO_PETITIONERS = [PetitionerData(name="张三", phone="13800001111"), PetitionerData(name="李四", phone="13800002222")]


def register_on(registrar, place, day, **overrides):
    """A letter received and registered on ``day``; two petitioners unless told otherwise, so no fast track."""
    overrides.setdefault("petitioners", TWO_PETITIONERS)
    return register(registrar, place, on=day, received_on=day, **overrides)


def set_policy(**values):
    policy = DeadlinePolicy.current()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()


def stored(petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


# --- Registration ----------------------------------------------------------------------------------------------------


def test_registration_before_national_day_stores_the_decision_due_after_the_holiday(registrar, township):
    p = stored(register_on(registrar, township, D(2026, 9, 16)))
    assert (p.decision_due_on, p.due_on, p.due_provisional) == (D(2026, 10, 8), D(2026, 10, 8), False)


def test_working_day_policy_changes_the_decision_due(registrar, township):
    set_policy(day_counting=DayCounting.WORKING)
    p = stored(register_on(registrar, township, D(2026, 9, 16)))
    # 17, 18, 20 (Sunday worked), 21–24, 28–30 Sep, 8, 9, 10 (Saturday worked), 12, 13 Oct.
    assert (p.decision_due_on, p.due_on, p.due_provisional) == (D(2026, 10, 13), D(2026, 10, 13), False)


def test_decision_days_from_the_policy_are_used(registrar, township):
    set_policy(decision_days=10)
    p = stored(register_on(registrar, township, D(2026, 3, 2)))
    assert p.decision_due_on == D(2026, 3, 12)


def test_registration_in_late_december_2026_has_a_provisional_decision_due_in_2027(registrar, township):
    # 21 Dec + 15 = Tuesday 5 Jan 2027, a working day only by the Monday–Friday rule.
    p = stored(register_on(registrar, township, D(2026, 12, 21)))
    assert (p.decision_due_on, p.due_on, p.due_provisional) == (D(2027, 1, 5), D(2027, 1, 5), True)


def test_fast_track_is_chosen_by_the_registrar_for_a_simple_first_petition(registrar, township):
    chosen = stored(register_on(registrar, township, D(2026, 3, 2), petitioners=TWO_PETITIONERS[:1], fast_track=True))
    assert chosen.fast_track
    # Decide within 3 working days: 3, 4, 5 March.
    assert chosen.decision_due_on == D(2026, 3, 5)
    assert not stored(register_on(registrar, township, D(2026, 3, 2), petitioners=TWO_PETITIONERS[:1])).fast_track


def test_fast_track_is_refused_for_a_multi_party_item(registrar, township):
    with pytest.raises(ValidationError) as refused:
        register_on(registrar, township, D(2026, 3, 2), fast_track=True)
    assert "fast_track" in refused.value.message_dict


# --- Assignment ------------------------------------------------------------------------------------------------------


def test_assignment_stores_objection_and_handling_due_dates(registrar, township):
    p = register_on(registrar, township, D(2026, 9, 16))
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28)))
    assert p.accepted_on == D(2026, 9, 28)
    # 29, 30 Sep, 8, 9, 10 Oct (Saturday worked).
    assert p.objection_due_on == D(2026, 10, 10)
    # 28 Sep + 60 days = Friday 27 Nov.
    assert p.handling_due_on == p.original_handling_due_on == p.due_on == D(2026, 11, 27)
    assert p.due_provisional is False


def test_fast_track_item_is_due_in_ten_working_days(registrar, township):
    p = register_on(registrar, township, D(2026, 9, 16), petitioners=TWO_PETITIONERS[:1], fast_track=True)
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28)))
    # 29, 30 Sep, 8, 9, 10 (Sat), 12–16 Oct.
    assert p.handling_due_on == p.due_on == D(2026, 10, 16)


def test_urgent_class_over_national_day_is_due_on_the_first_working_day_after_it(registrar, township):
    p = register_on(registrar, township, D(2026, 9, 16))
    p = stored(
        actions.petition_assign(actor=registrar, petition=p, unit=township, deadline_class="urgent", on=D(2026, 9, 30))
    )
    assert p.handling_due_on == p.due_on == D(2026, 10, 8)


def test_major_class_never_lengthens_the_statutory_limit(registrar, township):
    p = register_on(registrar, township, D(2026, 7, 31))
    p = stored(
        actions.petition_assign(actor=registrar, petition=p, unit=township, deadline_class="major", on=D(2026, 7, 31))
    )
    # Two months would end on 30 Sep; 60 days end on 29 Sep.
    assert p.handling_due_on == D(2026, 9, 29)


def test_due_date_set_by_the_higher_body_is_stored_when_earlier(registrar, township, city_bureau):
    p = register_on(
        registrar,
        township,
        D(2026, 9, 16),
        source=Source.ASSIGNED_FROM_ABOVE,
        source_body=city_bureau,
        source_due_on=D(2026, 10, 20),
        petitioners=TWO_PETITIONERS[:1],
    )
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28)))
    assert p.handling_due_on == p.due_on == D(2026, 10, 20)


def test_policy_handling_days_change_the_stored_handling_due(registrar, township):
    set_policy(handling_days=40)
    p = register_on(registrar, township, D(2026, 9, 16))
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28)))
    # 28 Sep + 40 = Saturday 7 Nov -> Monday 9 Nov.
    assert p.handling_due_on == D(2026, 11, 9)


def test_working_day_policy_counts_handling_days_as_working_days(registrar, township):
    set_policy(day_counting=DayCounting.WORKING, handling_days=10)
    p = register_on(registrar, township, D(2026, 9, 16))
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28)))
    assert p.handling_due_on == D(2026, 10, 16)
    assert p.objection_due_on == D(2026, 10, 10)


def test_item_assigned_in_late_december_2026_has_a_provisional_handling_due_in_2027(registrar, township):
    p = register_on(registrar, township, D(2026, 12, 21))
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 12, 28)))
    # 28 Dec + 60 = Friday 26 Feb 2027: a working day only by the Monday–Friday rule.
    assert (p.handling_due_on, p.due_on, p.due_provisional) == (D(2027, 2, 26), D(2027, 2, 26), True)
    # 29, 30, 31 Dec, 1 Jan 2027 (a Friday, unknown), 4 Jan.
    assert p.objection_due_on == D(2027, 1, 4)


def test_once_the_admin_enters_2027_the_late_december_item_is_definite(registrar, township):
    CalendarOverride.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
    CalendarOverride.objects.create(date=D(2027, 2, 26), is_workday=False, note="春节")
    p = register_on(registrar, township, D(2026, 12, 21))
    assert stored(p).due_provisional is False
    p = stored(actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 12, 28)))
    # Friday 26 Feb is now a holiday: Saturday and Sunday follow, so Monday 1 Mar.
    assert (p.handling_due_on, p.due_on, p.due_provisional) == (D(2027, 3, 1), D(2027, 3, 1), False)
    assert p.objection_due_on == D(2027, 1, 5)


def test_an_adjusted_working_saturday_entered_for_2027_is_counted(registrar, township):
    CalendarOverride.objects.create(date=D(2027, 1, 9), is_workday=True, note="调休")
    p = register_on(registrar, township, D(2026, 12, 21))
    p = stored(
        actions.petition_assign(actor=registrar, petition=p, unit=township, deadline_class="urgent", on=D(2027, 1, 6))
    )
    # Wednesday 6 Jan + 3 = Saturday 9 Jan, a working day by the admin's row.
    assert (p.handling_due_on, p.due_provisional) == (D(2027, 1, 9), False)


# --- Extension, reply, review, re-review ------------------------------------------------------------------------------


@pytest.fixture
def handled(registrar, handler, township):
    """Assigned Monday 28 Sep 2026 (due Friday 27 Nov) and signed for by the township."""
    p = register_on(registrar, township, D(2026, 9, 16))
    p = actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 9, 28))
    return actions.petition_sign_for(actor=handler, petition=p, on=D(2026, 9, 29))


def test_extension_is_counted_from_the_original_due_date(handled, handler):
    p = actions.petition_extend(
        actor=handler, petition=handled, days=30, reason="需现场勘查", approved_by="局长", on=D(2026, 11, 20)
    )
    p = stored(p)
    # 27 Nov + 30 = Sunday 27 Dec -> Monday 28 Dec.
    assert (p.handling_due_on, p.due_on, p.original_handling_due_on) == (
        D(2026, 12, 28),
        D(2026, 12, 28),
        D(2026, 11, 27),
    )
    assert p.extension_days == 30


def test_extension_beyond_the_policy_maximum_is_refused(handled, handler):
    with pytest.raises(ValidationError) as error:
        actions.petition_extend(
            actor=handler, petition=handled, days=31, reason="需现场勘查", approved_by="局长", on=D(2026, 11, 20)
        )
    assert "days" in error.value.message_dict
    assert stored(handled).handling_due_on == D(2026, 11, 27)


def test_review_and_re_review_due_dates_are_stored(handled, handler, supervisor):
    p = actions.petition_reply(actor=handler, petition=handled, outcome="support", text="已解决", on=D(2026, 10, 12))
    assert stored(p).review_request_due_on == D(2026, 11, 11)  # 12 Oct + 30 = Wednesday 11 Nov
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=D(2026, 10, 23))
    # Friday 23 Oct + 30 = Sunday 22 Nov -> Monday 23 Nov.
    assert (stored(p).due_on, stored(p).due_provisional) == (D(2026, 11, 23), False)
    p = actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持", on=D(2026, 11, 2))
    # Monday 2 Nov + 30 = Wednesday 2 Dec.
    assert stored(p).re_review_request_due_on == D(2026, 12, 2)
    p = actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=D(2026, 12, 2))
    # 2 Dec + 30 = Friday 1 Jan 2027: provisional.
    assert (stored(p).due_on, stored(p).due_provisional) == (D(2027, 1, 1), True)


def test_review_days_from_the_policy_are_used(handled, handler):
    set_policy(review_request_days=10)
    p = actions.petition_reply(actor=handler, petition=handled, outcome="support", text="已解决", on=D(2026, 9, 30))
    # 30 Sep + 10 = Saturday 10 Oct, a worked Saturday: it stays.
    assert stored(p).review_request_due_on == D(2026, 10, 10)
