import datetime as dt

import pytest

from organisation.models import Role, UnitKind
from petitions import actions as petition_actions
from petitions.models import Source

from ..factories import UnitFactory, UserFactory, register

ASSIGNED_ON = dt.date(2026, 3, 3)


def assign(actor, petition, unit, *, deadline_class="general", leader=None, on=ASSIGNED_ON):
    return petition_actions.petition_assign(actor=actor, petition=petition, unit=unit, deadline_class=deadline_class,
                                            owning_leader=leader, on=on)


def reply(handler, petition, on):
    petition = petition_actions.petition_sign_for(actor=handler, petition=petition, on=on)
    return petition_actions.petition_reply(actor=handler, petition=petition, outcome="support",
                                           text="经调查核实，已安排修复道路。", on=on)


@pytest.fixture
def major(registrar, supervisor, township):
    """A major case assigned to 化子坪镇 on 3 March 2026."""
    return assign(supervisor, register(registrar, township), township, deadline_class="major")


@pytest.fixture
def general(registrar, supervisor, township):
    """A general first petition: needs no owning leader."""
    return assign(supervisor, register(registrar, township, title="反映路灯不亮"), township)


@pytest.fixture
def from_city(registrar, supervisor, township, city_bureau):
    """An item the city petition bureau assigned, due back by 20 April 2026."""
    p = register(registrar, township, source=Source.ASSIGNED_FROM_ABOVE, source_body=city_bureau,
                 source_reference="市信转〔2026〕8号", source_due_on=dt.date(2026, 4, 20), title="反映拖欠工资问题")
    return assign(supervisor, p, township)


@pytest.fixture
def other_leader(db):
    county = UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)
    return UserFactory(username="leader2", full_name="白书记", unit=county, roles=[Role.LEADER], position="县委常委")


@pytest.fixture
def department(db):
    return UnitFactory(name="县住建局", kind=UnitKind.DEPARTMENT)


def five(leader, unit, **overrides):
    values = dict(owning_leader=leader, lead_unit=unit, handlers="张明（副镇长）", deadline=dt.date(2026, 4, 15),
                  risk_measures="每周走访一次，做好解释疏导。", funds="无需资金")
    values.update(overrides)
    return values
