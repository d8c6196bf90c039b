"""A small county for the reception register: the bureau, the county government with two county leaders, a
township with its leader and handler, two departments with handlers, and one reception day of each tier."""

from __future__ import annotations

import datetime as dt

import pytest

from organisation.models import Role, UnitKind
from reception import actions
from reception.models import MatterOutcome, ReceptionKind, ReceptionTier

from ..factories import CategoryFactory, UnitFactory, UserFactory

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture
def county(db):
    return UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)


@pytest.fixture
def second_leader(county):
    return UserFactory(username="leader2", full_name="白志强", unit=county, roles=[Role.LEADER], position="县委常委")


@pytest.fixture
def town_leader(township):
    return UserFactory(username="town_leader", full_name="高镇长", unit=township, roles=[Role.LEADER], position="镇长")


@pytest.fixture
def village(township):
    return UnitFactory(name="化子坪村", kind=UnitKind.COMMUNITY, parent=township)


@pytest.fixture
def rsj(db):
    return UnitFactory(name="县人社局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def zjj(db):
    return UnitFactory(name="县住建局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def rsj_handler(rsj):
    return UserFactory(username="rsj", full_name="人社局办理员", unit=rsj, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def zjj_handler(zjj):
    return UserFactory(username="zjj", full_name="住建局办理员", unit=zjj, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def category(db):
    return CategoryFactory(name="劳动社保")


@pytest.fixture
def county_day(registrar, leader, county):
    """王县长's reception day on Monday 2 March 2026 in the bureau's hall."""
    return actions.reception_day_add(actor=registrar, data=actions.DayData(
        leader=leader, unit=county, tier=ReceptionTier.COUNTY, date=TODAY, starts_at=dt.time(9),
        ends_at=dt.time(12), place="县信访局接待大厅"), on=TODAY)


@pytest.fixture
def town_day(registrar, town_leader, township):
    return actions.reception_day_add(actor=registrar, data=actions.DayData(
        leader=town_leader, unit=township, tier=ReceptionTier.LOCAL, date=TODAY, starts_at=dt.time(8, 30),
        ends_at=dt.time(12), place="化子坪镇综治中心"), on=TODAY)


def matter(category, place, outcome=MatterOutcome.ANSWERED, **overrides) -> actions.MatterData:
    values = dict(
        names="刘建国", headcount=1, phone="13912345678", subject="反映工资拖欠问题",
        content="在县城某工地务工，工资三万元被拖欠至今。", category=category, place=place, outcome=outcome,
        decision="现场联系用工单位，答应本周内结清。",
    )
    values.update(overrides)
    return actions.MatterData(**values)


def filed(category, place, lead_unit, owner, **overrides) -> actions.MatterData:
    values = dict(lead_unit=lead_unit, owning_leader=owner, deadline_class="general", names="王秀英、李四", headcount=6,
                  subject="八户村民反映征地补偿款未到位", content="2025年修路征地补偿款至今未发放。",
                  decision="责成县人社局牵头核实，一个月内答复。")
    values.update(overrides)
    return matter(category, place, MatterOutcome.FILED, **values)


def day_record(registrar, day, matters, on=TODAY):
    return actions.record_write(actor=registrar, data=actions.RecordData(
        kind=ReceptionKind.RECEPTION_DAY, held_on=day.date, leader=day.leader, reception_day=day, matters=matters,
    ), on=on)
