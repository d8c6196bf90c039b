"""The screening register's writes: each checks permission and input, changes state, appends an event."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from petitions.models import EventKind
from screening import actions
from screening.actions import AttemptData, ScreeningRefused
from screening.models import (
    AttemptResult,
    CampaignKind,
    DisputeState,
    Method,
    ReportState,
    ScreeningEvent,
    ScreeningEventKind,
)
from supervision.models import Ownership

from .conftest import FOUND_ON, dispute_data


def attempt(result, on=dt.date(2026, 3, 10), method=Method.PEOPLES_MEDIATION, **extra):
    return AttemptData(method=method, by="村人民调解委员会", on=on, result=result, text="双方达成调解协议。", **extra)


def kinds(obj):
    return list(ScreeningEvent.objects.filter(subject=actions.subject_key(obj)).values_list("kind", flat=True))


def test_a_township_registers_a_dispute_with_its_parties_and_an_event(dispute, township):
    assert dispute.number == "纠〔2026〕1号"
    assert dispute.state == DisputeState.UNDER_WAY
    assert dispute.due_on == FOUND_ON + dt.timedelta(days=actions.DEFAULT_RESOLUTION_DAYS)
    assert [p.name for p in dispute.dispute_parties.all()] == ["张三"]
    assert kinds(dispute) == [ScreeningEventKind.DISPUTE_FOUND]


def test_bad_party_data_is_refused_by_party_and_nothing_is_saved(handler, township):
    data = dispute_data(township, persons=[actions.PartyData(name="李四", id_number="123", phone="abc")])
    with pytest.raises(ValidationError) as exc:
        actions.dispute_register(actor=handler, data=data, on=FOUND_ON)
    messages = exc.value.message_dict["parties"]
    assert len(messages) == 2 and all(m.startswith("第1名当事人：") for m in messages), messages
    from screening.models import Dispute

    assert not Dispute.objects.exists()


def test_a_unit_cannot_register_for_another_units_dispute(handler, township, other_township):
    with pytest.raises(ValidationError) as exc:
        actions.dispute_register(actor=handler, data=dispute_data(township, responsible=other_township), on=FOUND_ON)
    assert "responsible_unit" in exc.value.message_dict


def test_an_information_officer_cannot_register_disputes(officer, village, township):
    with pytest.raises(ScreeningRefused):
        actions.dispute_register(actor=officer, data=dispute_data(township), on=FOUND_ON)


def test_an_attempt_that_resolves_closes_the_dispute_and_reopening_opens_it_again(dispute, handler):
    actions.dispute_attempt(actor=handler, dispute=dispute, data=attempt(AttemptResult.UNDER_WAY, on=dt.date(2026, 3, 5)))
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_WAY
    actions.dispute_attempt(actor=handler, dispute=dispute, data=attempt(
        AttemptResult.RESOLVED, also_methods=[Method.JUDICIAL_MEDIATION, Method.ADMINISTRATIVE_MEDIATION]))
    dispute.refresh_from_db()
    assert (dispute.state, dispute.resolved_on) == (DisputeState.RESOLVED, dt.date(2026, 3, 10))
    assert dispute.attempts.last().methods == ["peoples", "judicial", "administrative"]
    with pytest.raises(ValidationError):  # resolved: reopen first
        actions.dispute_attempt(actor=handler, dispute=dispute, data=attempt(AttemptResult.RESOLVED))
    actions.dispute_reopen(actor=handler, dispute=dispute, reason="协议未履行，纠纷再起。", due_on=dt.date(2026, 4, 30),
                           on=dt.date(2026, 4, 1))
    dispute.refresh_from_db()
    assert (dispute.state, dispute.resolved_on, dispute.times_reopened) == (DisputeState.UNDER_WAY, None, 1)
    assert kinds(dispute) == ["dispute_found", "attempt", "attempt", "reopened"]


def test_escalation_needs_to_whom(dispute, handler):
    with pytest.raises(ValidationError) as exc:
        actions.dispute_attempt(actor=handler, dispute=dispute, data=attempt(AttemptResult.ESCALATED))
    assert "escalated_to" in exc.value.message_dict
    actions.dispute_attempt(actor=handler, dispute=dispute,
                            data=attempt(AttemptResult.ESCALATED, escalated_to="县人民法院"))
    dispute.refresh_from_db()
    assert (dispute.state, dispute.escalated_to) == (DisputeState.ESCALATED, "县人民法院")


def test_an_attempt_before_the_dispute_was_found_is_refused(dispute, handler):
    with pytest.raises(ValidationError) as exc:
        actions.dispute_attempt(actor=handler, dispute=dispute, data=attempt(AttemptResult.RESOLVED,
                                                                             on=dt.date(2026, 3, 1)))
    assert "on" in exc.value.message_dict


def test_another_township_cannot_resolve_the_dispute(dispute, other_handler):
    with pytest.raises(ScreeningRefused):
        actions.dispute_attempt(actor=other_handler, dispute=dispute, data=attempt(AttemptResult.RESOLVED))


def test_a_major_dispute_is_owned_with_the_same_five_assurances_as_an_item(dispute, registrar, leader, township):
    ownership = actions.dispute_ownership_set(
        actor=registrar, dispute=dispute, owning_leader=leader, lead_unit=township, handlers="张镇长",
        deadline=dt.date(2026, 4, 30), risk_measures="入户调解，依法明确边界。", funds="无需资金", on=dt.date(2026, 3, 3))
    dispute.refresh_from_db()
    assert ownership.completed_on == dt.date(2026, 3, 3) and ownership.petition is None
    assert dispute.owning_leader == leader and dispute.is_major
    assert Ownership.objects.of_disputes().get() == ownership
    assert not Ownership.objects.visible_to(registrar).exists()  # the supervision lists stay the items'
    with pytest.raises(ValidationError) as exc:  # owned: an assurance can be changed, not removed
        actions.dispute_ownership_set(actor=registrar, dispute=dispute, lead_unit=township, handlers="张镇长",
                                      deadline=dt.date(2026, 4, 30), risk_measures="", funds="无需资金")
    assert "risk_measures" in exc.value.message_dict
    assert "ownership" in kinds(dispute)


def test_a_unit_handler_cannot_record_ownership(dispute, handler, leader):
    with pytest.raises(actions.ScreeningRefused):
        actions.dispute_ownership_set(actor=handler, dispute=dispute, owning_leader=leader)


def test_a_dispute_becomes_a_petition_item_linked_both_ways(dispute, registrar, township):
    from tests.factories import registration

    petition = actions.dispute_register_petition(actor=registrar, dispute=dispute, data=registration(township))
    assert list(dispute.petitions.all()) == [petition]
    assert list(petition.disputes.all()) == [dispute]
    assert petition.events.filter(kind=EventKind.NOTE, data__dispute=dispute.pk).exists()
    assert kinds(dispute)[-1] == ScreeningEventKind.PETITION_REGISTERED
    with pytest.raises(ValidationError):
        actions.dispute_link_petition(actor=registrar, dispute=dispute, petition=petition)


def test_only_a_registrar_links_items(dispute, handler, petition):
    with pytest.raises(ScreeningRefused):
        actions.dispute_link_petition(actor=handler, dispute=dispute, petition=petition)


# --- Campaigns -------------------------------------------------------------------------------------------------


def campaign_data(*units, **overrides):
    values = dict(kind=CampaignKind.REGULAR, name="2026年第一季度矛盾纠纷拉网式排查", starts_on=dt.date(2026, 3, 1),
                  ends_on=dt.date(2026, 3, 31), units=list(units), focus_topics="征地拆迁\n企业改制")
    values.update(overrides)
    return actions.CampaignData(**values)


def test_a_campaign_shows_who_reported_and_refuses_a_nil_report_with_disputes(registrar, handler, township,
                                                                              other_township, other_handler):
    campaign = actions.campaign_create(actor=registrar, data=campaign_data(township, other_township))
    assert campaign.topics == ["征地拆迁", "企业改制"]
    with pytest.raises(ValidationError):  # nothing registered: report nil, or register first
        actions.campaign_report(actor=handler, campaign=campaign, unit=township, on=dt.date(2026, 3, 20))
    actions.dispute_register(actor=handler, data=dispute_data(township, campaign=campaign), on=FOUND_ON)
    with pytest.raises(ValidationError):
        actions.campaign_report(actor=handler, campaign=campaign, unit=township, nil=True, on=dt.date(2026, 3, 20))
    actions.campaign_report(actor=handler, campaign=campaign, unit=township, on=dt.date(2026, 3, 20))
    actions.campaign_report(actor=other_handler, campaign=campaign, unit=other_township, nil=True,
                            on=dt.date(2026, 3, 21))
    reported = {r.unit.name: (r.reported_on, r.is_nil) for r in campaign.unit_reports.select_related("unit")}
    assert reported == {"化子坪镇": (dt.date(2026, 3, 20), False), "建华镇": (dt.date(2026, 3, 21), True)}
    with pytest.raises(ScreeningRefused):
        actions.campaign_report(actor=handler, campaign=campaign, unit=other_township, nil=True)


def test_a_campaign_dispute_must_fall_in_its_period(registrar, handler, township):
    campaign = actions.campaign_create(actor=registrar, data=campaign_data(township))
    with pytest.raises(ValidationError) as exc:
        actions.dispute_register(actor=handler, data=dispute_data(township, campaign=campaign,
                                                                  found_on=dt.date(2026, 2, 27)), on=FOUND_ON)
    assert "campaign" in exc.value.message_dict


def test_a_unit_that_reported_cannot_be_taken_off(registrar, township, other_township, other_handler):
    campaign = actions.campaign_create(actor=registrar, data=campaign_data(township, other_township))
    actions.campaign_report(actor=other_handler, campaign=campaign, unit=other_township, nil=True,
                            on=dt.date(2026, 3, 21))
    with pytest.raises(ValidationError) as exc:
        actions.campaign_correct(actor=registrar, campaign=campaign, data=campaign_data(township))
    assert "units" in exc.value.message_dict


def test_only_the_bureau_sets_up_campaigns(handler, township):
    with pytest.raises(ScreeningRefused):
        actions.campaign_create(actor=handler, data=campaign_data(township))


# --- Information officers' reports ----------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC), tick=False)  # a Friday
def test_an_officers_report_goes_to_the_township_with_a_working_day_limit(officer, township, handler):
    report = actions.report_submit(actor=officer, data=actions.ReportData(what="两户因排水沟争吵", where="化子坪村三组",
                                                                          people_involved=6))
    assert report.township == township
    assert report.screen_due_on == dt.date(2026, 3, 11)  # three working days after Friday
    dispute = actions.report_accept(actor=handler, report=report, data=dispute_data(township, found_on=dt.date(2026, 3, 6)))
    report.refresh_from_db()
    assert (report.state, report.dispute) == (ReportState.ACCEPTED, dispute)
    with pytest.raises(ValidationError):  # screened once
        actions.report_close(actor=handler, report=report, reason="重复")


@time_machine.travel(dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_report_is_merged_or_closed_with_a_reason_by_its_township_only(officer, township, handler, other_handler,
                                                                         dispute):
    first = actions.report_submit(actor=officer, data=actions.ReportData(what="宅基地边界又起争执", where="化子坪村"))
    second = actions.report_submit(actor=officer, data=actions.ReportData(what="误报", where="化子坪村"))
    with pytest.raises(ScreeningRefused):
        actions.report_merge(actor=other_handler, report=first, dispute=dispute)
    actions.report_merge(actor=handler, report=first, dispute=dispute)
    with pytest.raises(ValidationError) as exc:
        actions.report_close(actor=handler, report=second, reason=" ")
    assert "close_reason" in exc.value.message_dict
    actions.report_close(actor=handler, report=second, reason="经核实为家庭口角，已当场劝和。")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.dispute, second.state) == (ReportState.MERGED, dispute, ReportState.CLOSED)


def test_only_an_officer_of_a_village_submits_reports(handler):
    with pytest.raises(ScreeningRefused):
        actions.report_submit(actor=handler, data=actions.ReportData(what="x", where="y"))


# --- Emergency linkage ----------------------------------------------------------------------------------------


def test_an_emergency_linkage_records_actions_in_order_and_is_stood_down(registrar, township, dispute):
    happened = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC)
    incident = actions.incident_start(actor=registrar, data=actions.IncidentData(
        title="化子坪村群众聚集", description="三十余名群众因征地补偿聚集。", happened_at=happened, place=township,
        units_mobilised=[township], people_involved=32, disputes=[dispute]))
    assert incident.number.startswith("应急〔") and list(incident.disputes.all()) == [dispute]
    actions.incident_act(actor=registrar, incident=incident, at=happened + dt.timedelta(hours=2), text="镇党委书记到场。")
    actions.incident_act(actor=registrar, incident=incident, at=happened + dt.timedelta(hours=1), text="启动预案。",
                         unit=township)
    assert [a.text for a in incident.actions.all()] == ["启动预案。", "镇党委书记到场。"]
    with pytest.raises(ValidationError):
        actions.incident_act(actor=registrar, incident=incident, at=happened - dt.timedelta(hours=1), text="早")
    with pytest.raises(ValidationError):
        actions.incident_stand_down(actor=registrar, incident=incident, result="")
    actions.incident_stand_down(actor=registrar, incident=incident, result="群众已疏散，补偿方案三日内答复。")
    incident.refresh_from_db()
    assert not incident.is_active
    with pytest.raises(ValidationError):
        actions.incident_act(actor=registrar, incident=incident, at=happened + dt.timedelta(hours=3), text="晚")
