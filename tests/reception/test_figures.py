"""Reception figures (stats/reception.py) against hand-counted ones (here for the reception fixtures)."""

import datetime as dt

import pytest

from petitions import actions as petition_actions
from reception import actions
from reception.models import ReceptionKind
from stats.periods import Period
from stats.reception import compute, for_campaign

from .conftest import TODAY, day_record, filed, matter

pytestmark = pytest.mark.django_db



@pytest.fixture
def receptions(registrar, county_day, town_day, leader, second_leader, category, village, rsj, rsj_handler, township,
               zjj):
    """On 2 March 2026:
    - the county day: 1 person answered, 2 persons not supported, a group of 6 filed (rsj), 1 person filed (rsj);
    - the township's day: 3 persons answered;
    - a joint reception: 4 persons filed (rsj).
    The first filed case is replied on 20 March; the others stay open."""
    county_record = day_record(registrar, county_day, [
        matter(category, village),
        matter(category, village, "not_supported", names="甲、乙", headcount=2, decision="缺乏政策依据。"),
        filed(category, village, rsj, second_leader),
        filed(category, village, rsj, leader, names="丙", headcount=1),
    ])
    day_record(registrar, town_day, [matter(category, village, names="丁、戊、己", headcount=3)])
    actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.JOINT, held_on=TODAY, leader=leader, place="县信访局",
        joint_units=[(rsj, "核实"), (zjj, "协调")],
        matters=[filed(category, village, rsj, leader, names="庚", headcount=4)]), on=TODAY)
    first = county_record.matters.get(position=2).petition
    petition_actions.petition_sign_for(actor=rsj_handler, petition=first, on=dt.date(2026, 3, 3))
    petition_actions.petition_reply(actor=rsj_handler, petition=first, outcome="support", text="已兑现。",
                                    on=dt.date(2026, 3, 20))


def test_the_county_figures_of_the_month(receptions):
    f = compute(Period.month(2026, 3), None, as_of=dt.date(2026, 4, 15))
    assert f.receptions == 3 and f.by_kind == {"reception_day": 2, "appointment": 0, "campaign": 0, "joint": 1}
    assert f.leaders == 2  # 王县长 (county day, joint) and 高镇长
    assert (f.batches, f.persons) == (4 + 1 + 1, 1 + 2 + 6 + 1 + 3 + 4)
    assert (f.answered.batches, f.answered.persons) == (2, 4)
    assert (f.not_supported.batches, f.not_supported.persons) == (1, 2)
    assert (f.filed.batches, f.filed.persons) == (3, 11)
    assert (f.filed_closed, f.filed_open) == (1, 2)


def test_a_case_replied_after_the_cutoff_is_still_in_progress(receptions):
    f = compute(Period.month(2026, 3), None, as_of=dt.date(2026, 3, 10))
    assert (f.filed.batches, f.filed_closed, f.filed_open) == (3, 0, 3)


def test_a_township_counts_its_own_receptions_only(receptions, township):
    f = compute(Period.year(2026), township, as_of=dt.date(2026, 4, 1))
    assert (f.receptions, f.batches, f.persons, f.answered.batches, f.filed.batches) == (1, 1, 3, 1, 0)


def test_another_month_has_nothing(receptions):
    f = compute(Period.month(2026, 2), None, as_of=dt.date(2026, 4, 1))
    assert (f.receptions, f.batches, f.persons, f.filed_open) == (0, 0, 0, 0)
    assert f.as_dict()["received"] == {"batches": 0, "persons": 0}


def test_a_campaign_counts_its_own_records(registrar, leader, category, village, rsj, receptions):
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), place="接待大厅",
        rota=[(dt.date(2026, 3, 3), leader)]))
    actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=dt.date(2026, 3, 3), leader=leader, campaign=campaign,
        matters=[matter(category, village, headcount=2, names="辛、壬"),
                 filed(category, village, rsj, leader, names="癸", headcount=1)]), on=dt.date(2026, 3, 3))
    f = for_campaign(campaign, as_of=dt.date(2026, 3, 31))
    assert (f.receptions, f.batches, f.persons, f.answered.persons, f.filed.batches, f.filed_open) == (1, 2, 3, 2, 1, 1)
    d = f.as_dict()
    assert d["campaign"] == campaign.pk and d["period"]["start"] == "2026-03-02" and d["filed_open"] == 1


def test_a_campaign_s_filed_cases_are_followed_after_it_ended(registrar, leader, category, village, rsj, rsj_handler):
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), place="接待大厅",
        rota=[(dt.date(2026, 3, 3), leader)]))
    record = actions.record_write(actor=registrar, on=dt.date(2026, 3, 3), data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=dt.date(2026, 3, 3), leader=leader, campaign=campaign,
        matters=[filed(category, village, rsj, leader)]))
    petition = record.matters.get().petition
    petition_actions.petition_sign_for(actor=rsj_handler, petition=petition, on=dt.date(2026, 3, 4))
    petition_actions.petition_reply(actor=rsj_handler, petition=petition, outcome="support", text="已解决。",
                                    on=dt.date(2026, 3, 20))
    assert (for_campaign(campaign, as_of=dt.date(2026, 3, 19)).filed_closed,
            for_campaign(campaign, as_of=dt.date(2026, 3, 20)).filed_closed) == (0, 1)
    # The month's figures count closure by the month's end.
    assert compute(Period.custom(dt.date(2026, 3, 1), dt.date(2026, 3, 10)), None,
                   as_of=dt.date(2026, 4, 1)).filed_closed == 0
