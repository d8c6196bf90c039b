import datetime as dt

import pytest

from meetings import actions
from organisation.models import Role, UnitKind

from ..factories import UnitFactory, UserFactory, register


@pytest.fixture
def admin_user(bureau):
    return UserFactory(username="admin", full_name="管理员", unit=bureau, roles=[Role.ADMIN])


@pytest.fixture
def department(db):
    return UnitFactory(name="县人社局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def case(registrar, township):
    return register(registrar, township, title="拖欠农民工工资")


@pytest.fixture
def other_case(registrar, other_township):
    return register(registrar, other_township, title="征地补偿款分配")


def meeting_data(*attendees, agenda=(), held_on=dt.date(2026, 3, 10), title="2026年3月信访工作联席会议"):
    return actions.MeetingData(
        held_on=held_on, title=title, place="县委第一会议室", chair="王县长（副县长）", summary="研究重大信访案件。",
        attendees=[actions.AttendeeData(unit, person) for unit, person in attendees], agenda=list(agenda),
    )


@pytest.fixture
def meeting(supervisor, township, bureau, case, other_case):
    """Held on 10 March 2026; 化子坪镇 attended; both cases on the agenda."""
    return actions.meeting_record(
        actor=supervisor, today=dt.date(2026, 3, 10),
        data=meeting_data((bureau, "局长"), (township, "高镇长"), agenda=[case, other_case]),
    )
