import datetime as dt

import pytest

from organisation.models import Role, UnitKind

from .factories import UnitFactory, UserFactory, register


@pytest.fixture
def bureau(db):
    return UnitFactory(name="县信访局", kind=UnitKind.BUREAU)


@pytest.fixture
def township(db):
    return UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)


@pytest.fixture
def other_township(db):
    return UnitFactory(name="建华镇", kind=UnitKind.TOWNSHIP)


@pytest.fixture
def city_bureau(db):
    return UnitFactory(name="市信访局", kind=UnitKind.CITY_BUREAU)


@pytest.fixture
def registrar(bureau):
    return UserFactory(username="registrar", full_name="登记员", unit=bureau, roles=[Role.REGISTRAR])


@pytest.fixture
def supervisor(bureau):
    return UserFactory(username="supervisor", full_name="局长", unit=bureau, roles=[Role.SUPERVISOR])


@pytest.fixture
def handler(township):
    return UserFactory(username="handler", full_name="镇办理员", unit=township, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def other_handler(other_township):
    return UserFactory(username="other_handler", full_name="建华镇办理员", unit=other_township, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def village(township):
    return UnitFactory(name="化子坪村", kind=UnitKind.COMMUNITY, parent=township)


@pytest.fixture
def other_village(other_township):
    return UnitFactory(name="建华村", kind=UnitKind.COMMUNITY, parent=other_township)


@pytest.fixture
def officer(village):
    return UserFactory(username="officer", full_name="村信息员", unit=village, roles=[Role.INFO_OFFICER])


@pytest.fixture
def other_officer(other_village):
    return UserFactory(username="other_officer", full_name="建华村信息员", unit=other_village,
                       roles=[Role.INFO_OFFICER])


@pytest.fixture
def leader(db):
    county = UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)
    return UserFactory(username="leader", full_name="王县长", unit=county, roles=[Role.LEADER], position="副县长")


@pytest.fixture
def petition(registrar, township):
    """A letter registered on 2 March 2026, waiting for the bureau's decision."""
    return register(registrar, township)


@pytest.fixture
def today():
    return dt.date(2026, 3, 2)
