"""The 领导接访 section of the year-end summary, from the reception figures."""

import datetime as dt

import pytest

from reception import actions
from reception.models import ReceptionKind
from reception.summary import reception_section
from reports.summary import SECTION_BUILDERS, Context, generate
from stats.figures import compute
from stats.periods import Period

from .conftest import day_record, filed, matter

pytestmark = pytest.mark.django_db


def context(period=None, unit=None, as_of=dt.date(2027, 1, 10)):
    period = period or Period.year(2026)
    return Context(compute(period, unit, as_of=as_of, compare=False))


def test_the_section_says_receptions_batches_persons_outcomes_and_the_campaign(
        registrar, bureau, county_day, leader, second_leader, category, village, rsj):
    day_record(registrar, county_day, [matter(category, village), filed(category, village, rsj, second_leader)])
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=dt.date(2026, 3, 3), ends_on=dt.date(2026, 3, 6), place="群众接待大厅",
        rota=[(dt.date(2026, 3, 3), leader), (dt.date(2026, 3, 4), second_leader)]))
    actions.record_write(actor=registrar, on=dt.date(2026, 3, 4), data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=dt.date(2026, 3, 4), leader=second_leader, campaign=campaign,
        matters=[matter(category, village, "not_supported", names="甲、乙", headcount=2, decision="无依据")]))
    section = reception_section(context())
    assert section.key == "reception" and section.heading == "领导接访工作"
    first, second = section.text.splitlines()
    assert first == ("全县各级领导共开展接访活动2次（领导接待日1次、大接访1次），2名领导亲自接访，接待来访群众3批9人次，"
                     "其中现场答复1批1人次，不予支持1批2人次，立案1件；立案事项已办结0件，在办1件。")
    assert second == ("3月3日至3月6日开展“春季大接访”活动，2名县级领导在群众接待大厅轮流坐班接访2人次，接待来访群众1批2人次，"
                      "其中现场答复0批0人次，不予支持1批2人次，立案0件。")


def test_no_reception_no_section_and_the_builder_is_registered(bureau):
    assert reception_section(context()) is None
    assert reception_section in SECTION_BUILDERS


def test_the_generated_summary_holds_the_section(registrar, bureau, county_day, category, village):
    day_record(registrar, county_day, [matter(category, village)])
    report = generate(Period.year(2026), unit=None, as_of=dt.date(2027, 1, 10))
    section = next(s for s in report.sections if s.key == "reception")
    assert "接待来访群众1批1人次" in section.text
