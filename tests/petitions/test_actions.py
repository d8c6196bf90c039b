"""Every transition of DESIGN.md §3, and every refused one: wrong state, wrong actor, closed time window."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from petitions import actions
from petitions.access import RecordedFromLedger, TransitionRefused, allowed_transitions, refusal
from petitions.models import EventKind, Petition, PetitionEvent
from petitions.states import TRANSITIONS, PetitionState

from ..factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Refusal reasons are compared in English (the msgids)."""
    from django.utils import translation

    with translation.override("en"):
        yield

S = PetitionState
D = dt.date


def bring_to(state, registrar, handler, supervisor, township):
    """An item in ``state``, brought there through the actions (received 2 March 2026)."""
    p = register(registrar, township)
    if state == S.REGISTERED:
        return p
    if state == S.ANSWERED:
        return actions.petition_answer(actor=registrar, petition=p, answer="当场解释政策", on=D(2026, 3, 2))
    if state == S.DECLINED:
        return actions.petition_decline(actor=registrar, petition=p, reason="legal_procedure", on=D(2026, 3, 3))
    if state == S.FORWARDED:
        return actions.petition_forward(actor=registrar, petition=p, to_unit=township, on=D(2026, 3, 3))
    p = actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 3, 3))
    if state == S.ASSIGNED:
        return p
    if state == S.RETURNED:
        return actions.petition_hand_back(actor=handler, petition=p, reason="不属本镇管辖", on=D(2026, 3, 4))
    p = actions.petition_sign_for(actor=handler, petition=p, on=D(2026, 3, 4))
    if state == S.HANDLING:
        return p
    p = actions.petition_reply(actor=handler, petition=p, outcome="support", text="已解决", on=D(2026, 3, 20))
    if state == S.REPLIED:
        return p
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=D(2026, 3, 25))
    if state == S.UNDER_REVIEW:
        return p
    p = actions.petition_decide_review(actor=supervisor, petition=p, opinion="维持", on=D(2026, 4, 10))
    if state == S.REVIEWED:
        return p
    p = actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=D(2026, 4, 15))
    if state == S.UNDER_RE_REVIEW:
        return p
    return actions.petition_decide_re_review(actor=supervisor, petition=p, opinion="维持", on=D(2026, 5, 1))


@pytest.fixture
def item(registrar, handler, supervisor, township):
    return lambda state: bring_to(state, registrar, handler, supervisor, township)


@pytest.mark.parametrize("state", list(S))
def test_every_state_is_reachable_through_the_actions_with_one_event_per_step(item, state):
    p = item(state)
    assert Petition.objects.get(pk=p.pk).state == state
    events = list(p.events.order_by("at", "pk"))
    assert events[0].kind == EventKind.REGISTERED
    assert all(e.to_state == "" or e.to_state for e in events)
    assert events[-1].to_state == state


@pytest.mark.parametrize(
    "name, state", [(name, state) for name, t in TRANSITIONS.items() for state in S if state not in t.sources]
)
def test_a_transition_from_a_state_it_does_not_start_from_is_refused(item, name, state, registrar, handler, supervisor):
    p = item(state)
    for user in (registrar, handler, supervisor, None):
        reason = refusal(user, p, name, D(2026, 5, 2))
        assert reason and "not possible" in reason


def _who_may(name, registrar, handler, supervisor, leader, other_handler):
    """The users who may perform ``name`` (None: the petitioner) and those who may not."""
    everyone = {"registrar": registrar, "handler": handler, "supervisor": supervisor, "leader": leader,
                "other_handler": other_handler, "petitioner": None}
    allowed = {
        "answer": {"registrar", "supervisor"}, "decline": {"registrar", "supervisor"},
        "forward": {"registrar", "supervisor"}, "assign": {"registrar", "supervisor"},
        "sign_for": {"handler"}, "hand_back": {"handler"}, "extend": {"handler"}, "reply": {"handler"},
        "evaluate": {"petitioner", "registrar", "supervisor"},
        "request_review": {"petitioner", "registrar", "supervisor"},
        "decide_review": {"supervisor"},
        "request_re_review": {"petitioner", "registrar", "supervisor"},
        "decide_re_review": {"supervisor"},
    }[name]
    return [everyone[k] for k in allowed], [everyone[k] for k in everyone.keys() - allowed]


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_only_the_right_actor_may_perform_a_transition(item, name, registrar, handler, supervisor, leader, other_handler):
    state = next(s for s in S if s in TRANSITIONS[name].sources)
    p = item(state)
    today = D(2026, 3, 5) if name == "hand_back" else D(2026, 3, 21)  # inside every time window
    may, may_not = _who_may(name, registrar, handler, supervisor, leader, other_handler)
    for user in may:
        assert refusal(user, p, name, today) is None, (name, user)
        assert name in [t.name for t in allowed_transitions(user, p, today)]
    for user in may_not:
        assert "not allowed" in refusal(user, p, name, today), (name, user)
        assert name not in [t.name for t in allowed_transitions(user, p, today)]


def test_a_refused_action_raises_and_changes_nothing(item, handler):
    p = item(S.REGISTERED)
    with pytest.raises(TransitionRefused):
        actions.petition_reply(actor=handler, petition=p, outcome="support", text="x", on=D(2026, 3, 5))
    p.refresh_from_db()
    assert p.state == S.REGISTERED and p.reply_text == ""
    assert p.events.count() == 1


def test_the_unit_can_hand_back_within_five_working_days_only(item, handler):
    p = item(S.ASSIGNED)  # assigned Tuesday 3 March 2026: the fifth working day after is Tuesday 10 March
    assert p.objection_due_on == D(2026, 3, 10)
    with pytest.raises(TransitionRefused, match="5 working days"):
        actions.petition_hand_back(actor=handler, petition=p, reason="不属本镇", on=D(2026, 3, 11))
    returned = actions.petition_hand_back(actor=handler, petition=p, reason="不属本镇", on=D(2026, 3, 10))
    assert returned.state == S.RETURNED and returned.responsible_unit is None
    assert returned.due_on == returned.decision_due_on  # the bureau's decision is due again


def test_a_handed_back_item_can_be_assigned_again(item, registrar, other_township):
    p = item(S.RETURNED)
    p = actions.petition_assign(actor=registrar, petition=p, unit=other_township, on=D(2026, 3, 5))
    assert p.state == S.ASSIGNED and p.responsible_unit == other_township


def test_one_extension_of_at_most_thirty_days_from_the_original_due_date(item, handler):
    p = item(S.HANDLING)
    original = p.handling_due_on
    with pytest.raises(ValidationError):
        actions.petition_extend(actor=handler, petition=p, days=31, reason="情况复杂", approved_by="镇长", on=D(2026, 4, 1))
    p = actions.petition_extend(actor=handler, petition=p, days=30, reason="情况复杂", approved_by="镇长", on=D(2026, 4, 1))
    assert p.original_handling_due_on == original and p.handling_due_on >= original + dt.timedelta(days=30)
    assert p.due_on == p.handling_due_on
    with pytest.raises(TransitionRefused, match="already been extended"):
        actions.petition_extend(actor=handler, petition=p, days=5, reason="再延", approved_by="镇长", on=D(2026, 4, 2))


def test_extension_needs_a_reason_and_an_approver(item, handler):
    p = item(S.HANDLING)
    with pytest.raises(ValidationError) as refused:
        actions.petition_extend(actor=handler, petition=p, days=10, reason=" ", approved_by="", on=D(2026, 4, 1))
    assert "reason" in refused.value.message_dict


def test_reply_records_outcome_and_opens_the_review_window(item, handler):
    p = item(S.REPLIED)
    assert p.replied_on == D(2026, 3, 20) and p.reply_outcome == "support"
    assert p.review_request_due_on == D(2026, 4, 20)  # 19 April is a Sunday: rolled to Monday 20 April
    assert p.due_on is None
    event = p.events.get(kind=EventKind.REPLIED)
    assert event.data["on_time"] is True


def test_evaluation_once_and_never_for_an_accusation(item, registrar, township, other_township):
    p = item(S.REPLIED)
    p = actions.petition_evaluate(actor=None, petition=p, rating="satisfied", on=D(2026, 3, 21))
    with pytest.raises(TransitionRefused, match="already been evaluated"):
        actions.petition_evaluate(actor=None, petition=p, rating="dissatisfied", on=D(2026, 3, 22))
    accusation = register(registrar, township, content_type="accusation", accused_unit=other_township)
    accusation = actions.petition_answer(actor=registrar, petition=accusation, answer="已告知", on=D(2026, 3, 2))
    with pytest.raises(TransitionRefused, match="not open to a satisfaction evaluation"):
        actions.petition_evaluate(actor=None, petition=accusation, rating="satisfied", on=D(2026, 3, 3))


def test_review_request_only_within_thirty_days_of_the_reply(item):
    p = item(S.REPLIED)
    with pytest.raises(TransitionRefused, match="30 days"):
        actions.petition_request_review(actor=None, petition=p, reason="不服", on=D(2026, 4, 21))
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=D(2026, 4, 20))
    assert p.state == S.UNDER_REVIEW and p.due_on == D(2026, 5, 20)


def test_re_review_request_window_and_termination(item, supervisor):
    p = item(S.REVIEWED)
    assert p.re_review_request_due_on == D(2026, 5, 11)  # 10 May is a Sunday
    with pytest.raises(TransitionRefused):
        actions.petition_request_re_review(actor=None, petition=p, reason="x", on=D(2026, 5, 12))
    p = item(S.TERMINATED)
    assert p.re_review_opinion == "维持" and not p.is_open
    assert allowed_transitions(supervisor, p, D(2026, 5, 2)) == []


def test_an_accusation_can_never_be_assigned_or_forwarded_to_the_unit_it_accuses(registrar, township):
    p = register(registrar, township, content_type="accusation", accused_unit=township)
    for call in (
        lambda: actions.petition_assign(actor=registrar, petition=p, unit=township, on=D(2026, 3, 3)),
        lambda: actions.petition_forward(actor=registrar, petition=p, to_unit=township, on=D(2026, 3, 3)),
    ):
        with pytest.raises(ValidationError, match="never be sent"):
            call()
    p.refresh_from_db()
    assert p.state == S.REGISTERED


def test_the_database_refuses_an_accusation_assigned_to_its_accused_unit(registrar, township):
    from django.db import IntegrityError, transaction

    p = register(registrar, township, content_type="accusation", accused_unit=township)
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=p.pk).update(responsible_unit=township)


@pytest.mark.django_db(transaction=True)
def test_a_query_code_collision_registers_the_item_again_with_a_new_code(registrar, township, monkeypatch):
    """No savepoint per insert: the whole registration is rolled back and done again, in its own transaction."""
    from petitions.models import PetitionParty, PetitionSearchText

    first = register(registrar, township)
    codes = iter([first.query_code, "ABCDEFGHJKMN"])
    monkeypatch.setattr(actions, "new_code", lambda: next(codes))
    second = register(registrar, township, petitioners=[actions.PetitionerData(name="赵六", phone="13700001111")])
    assert second.query_code == "ABCDEFGHJKMN"
    assert Petition.objects.count() == 2 and PetitionParty.objects.count() == 2
    assert PetitionSearchText.objects.count() == 2
    assert PetitionEvent.objects.filter(petition=second, kind=EventKind.REGISTERED).count() == 1


def test_registration_gives_up_when_every_query_code_drawn_is_taken_and_saves_nothing(registrar, township, monkeypatch):
    first = register(registrar, township)
    monkeypatch.setattr(actions, "new_code", lambda: first.query_code)
    with pytest.raises(RuntimeError, match="unique query code"):
        register(registrar, township, petitioners=[actions.PetitionerData(name="赵六", phone="13700001111")])
    assert Petition.objects.count() == 1 and PetitionEvent.objects.count() == 1
    assert not actions.Petitioner.objects.filter(name="赵六").exists()


def test_the_callers_further_writes_are_in_the_registrations_transaction(registrar, township):
    """``also``: written after the item's insert, in its transaction; when it fails, nothing of the item stays."""
    from ..factories import registration

    seen = []
    kept = actions.petition_register(actor=registrar, data=registration(township), on=D(2026, 3, 2),
                                     also=lambda petition: seen.append(Petition.objects.filter(pk=petition.pk).exists()))
    assert seen == [True] and Petition.objects.filter(pk=kept.pk).exists()

    def fail(petition):
        raise ValidationError({"files": ["存储失败"]})

    with pytest.raises(ValidationError):
        actions.petition_register(actor=registrar, data=registration(township, title="另一件"), on=D(2026, 3, 2),
                                  also=fail)
    assert Petition.objects.count() == 1 and PetitionEvent.objects.count() == 1


def test_an_accusation_needs_to_say_whom_it_accuses(registrar, township):
    with pytest.raises(ValidationError) as refused:
        register(registrar, township, content_type="accusation")
    assert "accused_unit" in refused.value.message_dict


def test_registration_refuses_a_future_date_and_saves_nothing(registrar, township):
    with pytest.raises(ValidationError) as refused:
        register(registrar, township, received_on=D(2026, 3, 3), on=D(2026, 3, 2))
    assert "received_on" in refused.value.message_dict
    assert not Petition.objects.exists() and not PetitionEvent.objects.exists()


def test_a_unit_handler_cannot_register(handler, township):
    with pytest.raises(ValidationError):
        register(handler, township)


def test_the_same_person_is_recognised_by_id_number_then_by_name_and_phone(registrar, township):
    from petitions.actions import PetitionerData

    from ..factories import VALID_ID

    first = register(registrar, township, petitioners=[PetitionerData(name="李四", id_number=VALID_ID)])
    second = register(registrar, township, petitioners=[PetitionerData(name="李四", id_number=VALID_ID.lower())])
    assert first.petitioners.get() == second.petitioners.get()
    third = register(registrar, township, petitioners=[PetitionerData(name="王五", phone="13500001111")])
    fourth = register(registrar, township, petitioners=[PetitionerData(name="王五", phone="13500001111")])
    assert third.petitioners.get() == fourth.petitioners.get()
    fifth = register(registrar, township, petitioners=[PetitionerData(name="王五", phone="13500002222")])
    assert fifth.petitioners.get() != third.petitioners.get()


def test_a_repeat_petition_points_to_the_earlier_one(registrar, township):
    first = register(registrar, township)
    again = register(registrar, township, repeat_of=first)
    assert again.is_repeat and again.repeat_of == first and not first.is_repeat


def test_history_recorded_from_a_ledger_is_marked_and_needs_bureau_staff(item, registrar, handler):
    p = item(S.HANDLING)
    p = actions.petition_reply(
        actor=RecordedFromLedger(registrar), petition=p, outcome="explain", text="解释", on=D(2026, 3, 30)
    )
    event = p.events.get(kind=EventKind.REPLIED)
    assert event.actor == registrar and event.data["recorded_from_ledger"] is True and event.business_date == D(2026, 3, 30)
    q = item(S.HANDLING)
    with pytest.raises(TransitionRefused):
        actions.petition_reply(actor=RecordedFromLedger(handler), petition=q, outcome="explain", text="x", on=D(2026, 3, 30))
