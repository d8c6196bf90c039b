"""Items brought to a given point of their life through the real actions, at frozen times."""

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from organisation.models import UnitKind
from petitions import actions
from petitions.actions import PetitionerData
from petitions.models import Channel, ContentType
from tests.factories import VALID_ID, UnitFactory, register

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13800001111"
HAND_BACK_REASON = "该路段属建华镇以外的县道，不属本镇管辖"
INTERNAL_NOTE = "内部备注：此人多次来访，请安排当面答复"
INSTRUCTION_TEXT = "请交通部门抓紧办理，按期答复"
EXTENSION_REASON = "需委托第三方进行现场勘查"
REPLY_TEXT = "经查，村道损毁属实，已列入本年度修缮计划，预计五月底前完工。"


@contextmanager
def on_day(day: dt.date, hour: int = 10):
    """Freeze the clock at ``hour`` o'clock Beijing time on ``day``."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def client(client):
    """The public page in English (the msgids), so that assertions do not depend on the Chinese catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def replied(registrar, handler, other_handler, township, other_township, leader):
    """A letter that went through an assignment, a hand-back, a reassignment, an extension, an instruction and a reply.

    2 March registered; 3 March assigned to 建华镇; 4 March handed back; 5 March assigned to 化子坪镇;
    6 March signed for; 10 March extended by 15 days; 20 April replied.
    """
    with on_day(dt.date(2026, 3, 2)):
        p = register(
            registrar, township,
            petitioners=[PetitionerData(name="张三", id_number=VALID_ID, phone=PHONE, address="化子坪镇张家村")],
        )
    with on_day(dt.date(2026, 3, 3)):
        p = actions.petition_assign(actor=registrar, petition=p, unit=other_township, note=INTERNAL_NOTE)
    with on_day(dt.date(2026, 3, 4)):
        p = actions.petition_hand_back(actor=other_handler, petition=p, reason=HAND_BACK_REASON)
    with on_day(dt.date(2026, 3, 5)):
        p = actions.petition_assign(actor=registrar, petition=p, unit=township, owning_leader=leader, note=INTERNAL_NOTE)
        actions.instruction_write(actor=leader, petition=p, text=INSTRUCTION_TEXT)
    with on_day(dt.date(2026, 3, 6)):
        p = actions.petition_sign_for(actor=handler, petition=p)
    with on_day(dt.date(2026, 3, 10)):
        p = actions.petition_extend(actor=handler, petition=p, days=15, reason=EXTENSION_REASON, approved_by="李局长")
    with on_day(dt.date(2026, 4, 20)):
        p = actions.petition_reply(actor=handler, petition=p, outcome="support", text=REPLY_TEXT)
    p.refresh_from_db()
    return p


@pytest.fixture
def accused_unit(db):
    return UnitFactory(name="县交通运输局", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def accusation(registrar, handler, township, accused_unit):
    """An accusation against 县交通运输局, assigned to 化子坪镇 and replied to."""
    with on_day(dt.date(2026, 3, 2)):
        p = register(
            registrar, township, content_type=ContentType.ACCUSATION, accused_unit=accused_unit,
            accused_person="赵某某", title="反映有关人员违规发放补贴",
        )
    with on_day(dt.date(2026, 3, 3)):
        p = actions.petition_assign(actor=registrar, petition=p, unit=township)
        p = actions.petition_sign_for(actor=handler, petition=p)
    with on_day(dt.date(2026, 3, 20)):
        p = actions.petition_reply(actor=handler, petition=p, outcome="explain", text="经查，补贴发放符合规定。")
    p.refresh_from_db()
    return p


@pytest.fixture
def collective_visit(registrar, township):
    """A collective visit of six persons with two named representatives."""
    with on_day(dt.date(2026, 3, 2)):
        return register(
            registrar, township, channel=Channel.VISIT, headcount=6,
            petitioners=[
                PetitionerData(name="王五", phone="13900002222", is_representative=True),
                PetitionerData(name="赵六", id_number="11010519491231002X", is_representative=True),
            ],
        )


def english(message) -> str:
    """A lazy message as the English page (the client fixture's language) shows it."""
    from django.utils import translation

    with translation.override("en"):
        return str(message)
