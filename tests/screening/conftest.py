import datetime as dt

import pytest

from screening import actions
from screening.models import DisputeType, RiskLevel

FOUND_ON = dt.date(2026, 3, 2)


@pytest.fixture
def dispute_type(db):
    return DisputeType.objects.get(name="邻里纠纷")


def dispute_data(found_by, *, place=None, responsible=None, **overrides) -> actions.DisputeData:
    values = dict(
        found_on=FOUND_ON, found_by_unit=found_by, place=place or found_by,
        type=DisputeType.objects.get(name="邻里纠纷"), title="宅基地边界纠纷", description="两户因宅基地边界发生争执。",
        responsible_unit=responsible or found_by, people_involved=2, risk_level=RiskLevel.LOW,
        persons=[actions.PartyData(name="张三", id_number="", phone="13812345678", side="申请方")],
    )
    values.update(overrides)
    return actions.DisputeData(**values)


@pytest.fixture
def dispute(handler, township, village):
    return actions.dispute_register(actor=handler, data=dispute_data(township, place=village), on=FOUND_ON)
