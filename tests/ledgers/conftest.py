"""Items in every state the ledger carries, built through the real actions, and workbook helpers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ledgers.columns import HEADINGS
from organisation.models import UnitKind
from petitions import actions
from petitions.actions import PetitionerData
from petitions.models import Channel, ContentType, DeclineReason, Petition, Petitioner, PetitionEvent, Satisfaction

from ..factories import CategoryFactory, UnitFactory, register

TODAY = dt.date(2026, 6, 1)
ID_1 = "110101199003077571"  # valid check digits
ID_2 = "11010519491231002X"
ID_3 = "440524198001010013"
ID_4 = "430621198506151238"


@pytest.fixture
def discipline(db):
    return UnitFactory(name="县纪委监委", kind=UnitKind.DISCIPLINE)


@pytest.fixture
def construction(db):
    return CategoryFactory(name="城乡建设")


@pytest.fixture
def land(construction):
    return CategoryFactory(name="征地拆迁", parent=construction)


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def person(name, id_number="", phone="", address="", representative=False):
    return PetitionerData(name=name, id_number=id_number, phone=phone, address=address,
                          is_representative=representative)


@pytest.fixture
def items(registrar, supervisor, handler, township, other_township, discipline, construction, land):
    """One item per state the ledger can import, plus a repeat petition and a confidential accusation."""
    r, s, h = registrar, supervisor, handler
    made = {}
    made["registered"] = register(
        r, township, category=construction, received_on=d(3, 2),
        petitioners=[person("张三", ID_1, "13800001111", "化子坪镇王家村3组")],
    )
    p = register(r, township, category=construction, channel=Channel.VISIT, received_on=d(3, 3),
                 title="咨询低保政策", petitioners=[person("李四", phone="13900002222")])
    p = actions.petition_answer(actor=r, petition=p, answer="已当场解释低保申请条件。", on=d(3, 3))
    made["answered"] = actions.petition_evaluate(actor=None, petition=p, rating=Satisfaction.SATISFIED, on=d(3, 4))
    p = register(r, township, category=construction, channel=Channel.ONLINE, received_on=d(3, 4),
                 title="不服法院判决", petitioners=[person("王五")])
    made["declined"] = actions.petition_decline(
        actor=r, petition=p, reason=DeclineReason.LEGAL_PROCEDURE, note="请依法申请再审", on=d(3, 6)
    )
    p = register(r, township, category=construction, channel=Channel.PHONE, received_on=d(3, 5),
                 title="举报镇干部违规收费", content_type=ContentType.ACCUSATION, accused_unit=township,
                 accused_person="某某", petitioners=[person("赵六", phone="13700003333")])
    made["forwarded"] = actions.petition_forward(actor=r, petition=p, to_unit=discipline, on=d(3, 9))
    p = register(r, township, category=land, received_on=d(3, 6), title="征地补偿未到位",
                 petitioners=[person("钱七", ID_2, "13600004444", "王家村、李家村交界处"),
                              person("孙八", "", "13600005555", "李家村1组")])
    made["assigned"] = actions.petition_assign(actor=r, petition=p, unit=township, deadline_class="general", on=d(3, 7))
    p = register(r, other_township, category=construction, received_on=d(3, 7), title="道路积水",
                 petitioners=[person("周九", phone="13500006666")])
    made["other_unit"] = actions.petition_assign(actor=r, petition=p, unit=other_township, on=d(3, 8))
    p = register(r, township, category=construction, received_on=d(3, 7), title="举报镇政府违规征收",
                 content_type=ContentType.ACCUSATION, accused_unit=township,
                 petitioners=[person("揭发人", ID_4, "13500007777")])
    made["against_township"] = actions.petition_assign(actor=r, petition=p, unit=other_township, on=d(3, 8))
    p = register(r, township, category=construction, received_on=d(3, 8), title="自来水管破裂",
                 petitioners=[person("吴十", phone="13400007777")])
    p = actions.petition_assign(actor=r, petition=p, unit=township, deadline_class="major", on=d(3, 9))
    p = actions.petition_sign_for(actor=h, petition=p, on=d(3, 9))
    made["handling"] = actions.petition_extend(
        actor=h, petition=p, days=15, reason="需要协调多部门", approved_by="镇长", on=d(5, 1)
    )
    p = register(r, township, category=construction, received_on=d(3, 9), title="拖欠工程款",
                 petitioners=[person("郑一", phone="13300008888")])
    p = actions.petition_assign(actor=r, petition=p, unit=township, on=d(3, 10))
    p = actions.petition_sign_for(actor=h, petition=p, on=d(3, 10))
    p = actions.petition_reply(actor=h, petition=p, outcome="support", text="已督促支付工程款。", on=d(4, 1))
    made["replied"] = actions.petition_evaluate(actor=None, petition=p, rating=Satisfaction.BASICALLY_SATISFIED,
                                                on=d(4, 2))
    p = register(r, township, category=construction, received_on=d(3, 10), title="宅基地纠纷",
                 petitioners=[person("冯二", ID_3, "13200009999", "化子坪镇")])
    p = actions.petition_assign(actor=r, petition=p, unit=township, deadline_class="urgent", on=d(3, 11))
    p = actions.petition_sign_for(actor=h, petition=p, on=d(3, 11))
    p = actions.petition_reply(actor=h, petition=p, outcome="not_support", text="不予支持，理由如下。", on=d(3, 13))
    p = actions.petition_evaluate(actor=None, petition=p, rating=Satisfaction.DISSATISFIED, on=d(3, 14))
    p = actions.petition_request_review(actor=None, petition=p, reason="不服", on=d(3, 20))
    p = actions.petition_decide_review(actor=s, petition=p, opinion="维持原处理意见。", on=d(4, 10))
    p = actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=d(4, 20))
    made["terminated"] = actions.petition_decide_re_review(actor=s, petition=p, opinion="复核维持。", on=d(5, 10))
    p = register(r, township, category=land, channel=Channel.VISIT, received_on=d(3, 12), headcount=6,
                 title="集体反映拆迁安置", petitioners=[person("陈甲", phone="13100001010", representative=True),
                                              person("陈乙", phone="13100002020", representative=True)])
    p = actions.petition_assign(actor=r, petition=p, unit=township, on=d(3, 12))
    p = actions.petition_sign_for(actor=h, petition=p, on=d(3, 13))
    p = actions.petition_reply(actor=h, petition=p, outcome="explain", text="已解释安置政策。", on=d(4, 10))
    made["under_review"] = actions.petition_request_review(actor=None, petition=p, reason="不服", on=d(4, 15))
    made["repeat"] = register(
        r, township, category=construction, received_on=d(3, 20), title="再次反映村道损毁",
        petitioners=[person("张三", ID_1, "13800001111", "化子坪镇王家村3组")], repeat_of=made["registered"],
    )
    p = register(r, township, category=construction, received_on=d(3, 21), title="举报村干部优亲厚友",
                 content_type=ContentType.ACCUSATION, accused_person="村支书某某",
                 petitioners=[person("匿名者", "", "13600009090", "王家村")])
    made["confidential"] = actions.petition_assign(actor=r, petition=p, unit=township, on=d(3, 22))
    return made


def workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    sheet.reset_dimensions()
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def as_dicts(content: bytes) -> list[dict]:
    rows = workbook_rows(content)
    width = len(rows[0])
    return [dict(zip(rows[0], (*row, *[None] * (width - len(row))), strict=True)) for row in rows[1:]]


def ledger_file(rows: list[dict], headings: list[str] | None = None) -> io.BytesIO:
    """A workbook as a user would fill it in: the headings and one dict per row (heading → value)."""
    headings = headings or HEADINGS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "信访台账"
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(h) for h in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


def forget_all_items() -> None:
    """Empty the item tables (the test's "fresh database" with the same units, categories and users)."""
    PetitionEvent.objects.all().delete()
    while Petition.objects.exists():
        # Items that others point to as their earlier petition go last.
        Petition.objects.exclude(pk__in=Petition.objects.filter(repeat_of__isnull=False).values("repeat_of")).delete()
    Petitioner.objects.all().delete()
