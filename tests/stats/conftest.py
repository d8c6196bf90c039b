"""A small county with two years of items, built through the real actions, for hand-computed statistics.

Units (one tree)::

    县委县政府 (county)
    ├── 县信访局 (bureau)
    ├── 化子坪镇 (township "T")
    │   └── 化子坪村 (village "V")
    ├── 建华镇 (township "O")
    └── 县人社局 (department "D")
    市信访局, 省信访局, 国家信访局 (higher bodies, their own tree)

Categories: 劳动社保 (position 6) › 拖欠工资; 国土资源水利林业 (position 14); 城乡建设 (position 15) › 物业管理.

Every item of 2026 and 2025 is listed in ``ITEMS_2026`` / ``ITEMS_2025`` below with its steps; the expected
figures in ``test_figures.py`` are counted by hand from these two tables. Every step is recorded with its own
date by a bureau registrar standing for the ledger (``RecordedFromLedger``), and each evaluation is recorded on
its own day (``evaluated_at`` is the moment of recording).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
import time_machine

from organisation.models import Role, UnitKind
from petitions import actions
from petitions.access import RecordedFromLedger
from petitions.actions import PetitionerData
from petitions.models import Channel, ContentType, DeclineReason, Petition, ReceivedLevel, Source

from ..factories import CategoryFactory, UnitFactory, UserFactory, registration

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The day the whole data set is recorded (after the end of 2026); each evaluation travels to its own day.
RECORDED = dt.datetime(2027, 1, 12, 9, tzinfo=SHANGHAI)
AS_OF = D(2027, 1, 15)  # the day the year 2026 is counted in most tests (the year has ended)


@pytest.fixture
def county(db):
    return UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)


@pytest.fixture
def bureau(county):
    return UnitFactory(name="县信访局", kind=UnitKind.BUREAU, parent=county)


@pytest.fixture
def township(county):
    return UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP, parent=county)


@pytest.fixture
def village(township):
    return UnitFactory(name="化子坪村", kind=UnitKind.COMMUNITY, parent=township)


@pytest.fixture
def other_township(county, village):  # created after the village: tree order 化子坪镇, 化子坪村, 建华镇, 县人社局
    return UnitFactory(name="建华镇", kind=UnitKind.TOWNSHIP, parent=county)


@pytest.fixture
def department(county, other_township):
    return UnitFactory(name="县人社局", kind=UnitKind.DEPARTMENT, parent=county)


@pytest.fixture
def higher_bodies(db):
    capital = UnitFactory(name="国家信访局", kind=UnitKind.NATIONAL_BUREAU)
    province = UnitFactory(name="省信访局", kind=UnitKind.PROVINCE_BUREAU, parent=capital)
    city = UnitFactory(name="市信访局", kind=UnitKind.CITY_BUREAU, parent=province)
    return {ReceivedLevel.CITY: city, ReceivedLevel.PROVINCE: province, ReceivedLevel.CAPITAL: capital}


@pytest.fixture
def categories(db):
    labour = CategoryFactory(name="劳动社保", position=6)
    land = CategoryFactory(name="国土资源水利林业", position=14)
    building = CategoryFactory(name="城乡建设", position=15)
    return {
        "劳动社保": labour,
        "拖欠工资": CategoryFactory(name="拖欠工资", parent=labour, position=1),
        "国土资源水利林业": land,
        "城乡建设": building,
        "物业管理": CategoryFactory(name="物业管理", parent=building, position=1),
    }


@pytest.fixture
def registrar(bureau):
    return UserFactory(username="registrar", full_name="登记员", unit=bureau, roles=[Role.REGISTRAR])


# --------------------------------------------------------------------------------------------------------------
# The items. Places: T 化子坪镇, V 化子坪村 (in T), O 建华镇. Units: T, O, D 县人社局.
# Steps: ("assign", unit, day), ("sign", day), ("reply", day), ("answer", day), ("decline", day),
# ("forward", unit, day), ("hand_back", day), ("extend", days, day), ("evaluate", rating, day).

S, B, X = "satisfied", "basically_satisfied", "dissatisfied"


@dataclass
class Item:
    key: str
    channel: str
    received: dt.date
    place: str
    category: str
    headcount: int = 1
    level: str = ReceivedLevel.OWN
    content_type: str = ContentType.APPEAL_DEMAND
    repeat_of: str | None = None
    steps: list = field(default_factory=list)


def _assigned(unit, day, reply=None):
    steps = [("assign", unit, day), ("sign", day)]
    return [*steps, ("reply", reply)] if reply else steps


ITEMS_2026 = [
    # Letters and a fax.
    Item("A1", Channel.LETTER, D(2026, 1, 5), "T", "拖欠工资",
         steps=[*_assigned("T", D(2026, 1, 6), D(2026, 1, 20)), ("evaluate", S, D(2026, 1, 25))]),
    Item("A2", Channel.LETTER, D(2026, 2, 10), "V", "物业管理",
         steps=[*_assigned("T", D(2026, 2, 11), D(2026, 5, 20)), ("evaluate", X, D(2026, 5, 25))]),  # replied late
    Item("A3", Channel.FAX, D(2026, 3, 3), "O", "城乡建设", steps=[("decline", D(2026, 3, 5))]),
    Item("A4", Channel.LETTER, D(2026, 11, 20), "T", "拖欠工资", steps=_assigned("D", D(2026, 11, 25))),  # due 2027
    Item("F1", Channel.LETTER, D(2026, 5, 11), "O", "城乡建设", content_type=ContentType.SUGGESTION,
         steps=[("assign", "T", D(2026, 5, 12)), ("hand_back", D(2026, 5, 13))]),
    # Own-level visits: three individual (1, 3, 1 persons), two collective (8, 12 persons).
    Item("B1", Channel.VISIT, D(2026, 1, 12), "T", "国土资源水利林业",
         steps=[("answer", D(2026, 1, 12)), ("evaluate", B, D(2026, 1, 15))]),
    Item("B2", Channel.VISIT, D(2026, 4, 8), "V", "拖欠工资", headcount=3, steps=_assigned("T", D(2026, 4, 9))),
    Item("B3", Channel.VISIT, D(2026, 5, 6), "T", "物业管理", headcount=8,
         steps=[*_assigned("T", D(2026, 5, 7), D(2026, 6, 15)), ("evaluate", S, D(2026, 6, 20))]),
    Item("B4", Channel.VISIT, D(2026, 7, 1), "O", "国土资源水利林业", headcount=12,
         steps=[("forward", "D", D(2026, 7, 2))]),
    Item("B5", Channel.VISIT, D(2026, 3, 16), "T", "拖欠工资", repeat_of="A1",
         steps=[*_assigned("T", D(2026, 3, 17), D(2026, 4, 10)), ("evaluate", S, D(2026, 4, 15))]),
    # Phone, online, e-mail.
    Item("C1", Channel.PHONE, D(2026, 2, 2), "T", "拖欠工资", steps=[("answer", D(2026, 2, 2))]),
    Item("C2", Channel.PHONE, D(2026, 8, 10), "O", "城乡建设", content_type=ContentType.SUGGESTION,
         steps=[*_assigned("O", D(2026, 8, 11), D(2026, 9, 1)), ("evaluate", S, D(2027, 1, 10))]),
    Item("D1", Channel.ONLINE, D(2026, 6, 1), "T", "拖欠工资", content_type=ContentType.ACCUSATION,
         steps=_assigned("D", D(2026, 6, 2), D(2026, 6, 20))),
    Item("D2", Channel.EMAIL, D(2026, 9, 9), "T", "物业管理",  # decided late (due 24 September), replied late
         steps=[*_assigned("T", D(2026, 10, 12), D(2026, 12, 20)), ("evaluate", X, D(2026, 12, 22))]),
    # Skip-level visits: city (2 persons), province (6, collective, extended), capital (1, replied in 2027), city (1).
    Item("E1", Channel.VISIT, D(2026, 3, 10), "T", "拖欠工资", headcount=2, level=ReceivedLevel.CITY,
         steps=[*_assigned("T", D(2026, 3, 12), D(2026, 3, 30)), ("evaluate", S, D(2026, 4, 2))]),
    Item("E2", Channel.VISIT, D(2026, 6, 15), "O", "国土资源水利林业", headcount=6, level=ReceivedLevel.PROVINCE,
         steps=[*_assigned("O", D(2026, 6, 16)), ("extend", 30, D(2026, 8, 10)), ("reply", D(2026, 9, 1)),
                ("evaluate", B, D(2026, 9, 5))]),
    Item("E3", Channel.VISIT, D(2026, 10, 12), "T", "拖欠工资", level=ReceivedLevel.CAPITAL,
         steps=_assigned("T", D(2026, 10, 13), D(2027, 1, 5))),
    Item("E4", Channel.VISIT, D(2026, 12, 1), "T", "拖欠工资", level=ReceivedLevel.CITY, repeat_of="E3"),
]

ITEMS_2025 = [
    Item("Y1", Channel.LETTER, D(2025, 1, 10), "T", "拖欠工资"),
    Item("Y2", Channel.LETTER, D(2025, 2, 20), "O", "物业管理"),
    Item("Y3", Channel.LETTER, D(2025, 11, 3), "T", "拖欠工资"),
    Item("Y4", Channel.VISIT, D(2025, 3, 5), "T", "拖欠工资"),
    Item("Y5", Channel.VISIT, D(2025, 6, 10), "V", "拖欠工资", headcount=2),
    Item("Y6", Channel.VISIT, D(2025, 12, 15), "T", "城乡建设", headcount=5),
    Item("Y7", Channel.VISIT, D(2025, 8, 8), "T", "拖欠工资", level=ReceivedLevel.CITY),
    Item("Y8", Channel.PHONE, D(2025, 10, 10), "T", "拖欠工资"),
]


@dataclass
class County:
    units: dict
    categories: dict
    items: dict[str, Petition]

    def item(self, key: str) -> Petition:
        return Petition.objects.get(pk=self.items[key].pk)


def _petitioners(headcount: int, channel: str) -> list[PetitionerData]:
    if channel == Channel.VISIT and headcount >= 5:  # a collective visit names its representatives
        return [PetitionerData(name="代表甲", is_representative=True), PetitionerData(name="代表乙", is_representative=True)]
    return [PetitionerData(name="张三", phone="13800001111")]


def build(spec: Item, *, registrar, units, categories, higher_bodies, done) -> Petition:
    ledger = RecordedFromLedger(registrar)
    extra = {}
    if spec.level != ReceivedLevel.OWN:
        extra = {"source": Source.FORWARDED_FROM_ABOVE, "source_body": higher_bodies[spec.level]}
    if spec.content_type == ContentType.ACCUSATION:
        extra["accused_person"] = "某村干部"
    data = registration(
        units[spec.place], categories[spec.category], channel=spec.channel, received_on=spec.received,
        headcount=spec.headcount, received_level=spec.level, content_type=spec.content_type,
        repeat_of=done.get(spec.repeat_of), petitioners=_petitioners(spec.headcount, spec.channel), **extra,
    )
    p = actions.petition_register(actor=registrar, data=data, on=spec.received)
    for step in spec.steps:
        name, *args = step
        if name == "assign":
            p = actions.petition_assign(actor=ledger, petition=p, unit=units[args[0]], on=args[1])
        elif name == "sign":
            p = actions.petition_sign_for(actor=ledger, petition=p, on=args[0])
        elif name == "reply":
            p = actions.petition_reply(actor=ledger, petition=p, outcome="support", text="已办理。", on=args[0])
        elif name == "answer":
            p = actions.petition_answer(actor=ledger, petition=p, answer="当场解释政策。", on=args[0])
        elif name == "decline":
            p = actions.petition_decline(actor=ledger, petition=p, reason=DeclineReason.LEGAL_PROCEDURE, on=args[0])
        elif name == "forward":
            p = actions.petition_forward(actor=ledger, petition=p, to_unit=units[args[0]], on=args[1])
        elif name == "hand_back":
            p = actions.petition_hand_back(actor=ledger, petition=p, reason="不属本镇管辖。", on=args[0])
        elif name == "extend":
            p = actions.petition_extend(actor=ledger, petition=p, days=args[0], reason="情况复杂。",
                                        approved_by="局长", on=args[1])
        elif name == "evaluate":
            rating, day = args
            with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False):
                p = actions.petition_evaluate(actor=ledger, petition=p, rating=rating, on=day)
        else:
            raise ValueError(name)
    return p


@pytest.fixture
def county_data(registrar, county, bureau, township, village, other_township, department, higher_bodies, categories):
    """Both years of items, recorded on 12 January 2027."""
    units = {"T": township, "V": village, "O": other_township, "D": department, "county": county, "bureau": bureau}
    done: dict[str, Petition] = {}
    with time_machine.travel(RECORDED, tick=False):
        for spec in [*ITEMS_2025, *ITEMS_2026]:
            done[spec.key] = build(spec, registrar=registrar, units=units, categories=categories,
                                   higher_bodies=higher_bodies, done=done)
    return County(units=units, categories=categories, items=done)
