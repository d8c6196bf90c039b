"""The one access rule of the screening register (screening/access.py), on each queryset."""

import datetime as dt

import pytest
import time_machine

from screening import access, actions
from screening.models import Dispute, Incident, OfficerReport, ScreeningCampaign

from ..factories import UserFactory
from .conftest import FOUND_ON, dispute_data


@pytest.fixture
def disputes(handler, other_handler, township, other_township, village, other_village):
    mine = actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)
    theirs = actions.dispute_register(actor=other_handler, data=dispute_data(other_township, place=other_village),
                                      on=FOUND_ON)
    return mine, theirs


def test_a_township_sees_its_own_disputes_and_the_bureau_all(disputes, handler, other_handler, registrar):
    mine, theirs = disputes
    assert list(Dispute.objects.visible_to(handler)) == [mine]
    assert list(Dispute.objects.visible_to(other_handler)) == [theirs]
    assert set(Dispute.objects.visible_to(registrar)) == {mine, theirs}


def test_an_officer_and_a_leader_without_ownership_see_no_dispute(disputes, officer, leader):
    assert not Dispute.objects.visible_to(officer).exists()
    assert not Dispute.objects.visible_to(leader).exists()
    assert not access.sees_screening(officer)


def test_a_village_handler_sees_the_disputes_in_the_village_not_the_townships_others(disputes, village, township,
                                                                                     handler):
    mine, _ = disputes
    at_township = actions.dispute_register(actor=handler, data=dispute_data(township, place=township), on=FOUND_ON)
    village_handler = UserFactory(username="village_handler", unit=village)
    assert list(Dispute.objects.visible_to(village_handler)) == [mine]
    assert set(Dispute.objects.visible_to(handler)) == {mine, at_township}


def test_an_owning_leader_sees_the_dispute_owned(disputes, registrar, leader):
    mine, _ = disputes
    actions.dispute_ownership_set(actor=registrar, dispute=mine, owning_leader=leader)
    assert list(Dispute.objects.visible_to(leader)) == [mine]


@time_machine.travel(dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC), tick=False)
def test_an_officer_sees_only_his_or_her_reports_and_the_township_those_under_it(officer, other_officer, handler,
                                                                                   other_handler, registrar):
    mine = actions.report_submit(actor=officer, data=actions.ReportData(what="争执", where="化子坪村"))
    theirs = actions.report_submit(actor=other_officer, data=actions.ReportData(what="争执", where="建华村"))
    assert list(OfficerReport.objects.visible_to(officer)) == [mine]
    assert list(OfficerReport.objects.visible_to(handler)) == [mine]
    assert list(OfficerReport.objects.visible_to(other_handler)) == [theirs]
    assert set(OfficerReport.objects.visible_to(registrar)) == {mine, theirs}


def test_incidents_are_seen_where_they_happened_and_by_the_units_mobilised(registrar, township, other_township,
                                                                          handler, other_handler, officer):
    incident = actions.incident_start(actor=registrar, data=actions.IncidentData(
        title="聚集", description="群众聚集。", happened_at=dt.datetime(2026, 3, 5, 8, tzinfo=dt.UTC), place=township,
        units_mobilised=[township, other_township]))
    assert list(Incident.objects.visible_to(handler)) == [incident]
    assert list(Incident.objects.visible_to(other_handler)) == [incident]  # mobilised
    assert not Incident.objects.visible_to(officer).exists()


def test_campaigns_are_open_to_staff_but_not_to_officers(registrar, township, handler, officer):
    actions.campaign_create(actor=registrar, data=actions.CampaignData(
        kind="regular", name="排查", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 31), units=[township]))
    assert ScreeningCampaign.objects.visible_to(handler).count() == 1
    assert not ScreeningCampaign.objects.visible_to(officer).exists()


def test_full_numbers_of_parties_for_the_bureau_desk_and_the_responsible_unit_only(disputes, registrar, handler,
                                                                                  other_handler):
    mine, _ = disputes
    party = mine.dispute_parties.get()
    assert actions.party_reveal(actor=handler, dispute=mine, party=party, field_name="phone") == "13812345678"
    assert actions.party_reveal(actor=registrar, dispute=mine, party=party, field_name="phone") == "13812345678"
    with pytest.raises(actions.ScreeningRefused):
        actions.party_reveal(actor=other_handler, dispute=mine, party=party, field_name="phone")
