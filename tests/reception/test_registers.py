"""The reception ledgers: export, import into an empty register, the same content; bad rows refused with nothing saved."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from demo.county import reset
from ledgers.registers import import_register, write_register
from petitions.models import Petition
from reception import actions, registers
from reception.models import Campaign, ReceptionDay, ReceptionKind, ReceptionMatter, ReceptionRecord

from .conftest import TODAY, day_record, filed, matter

pytestmark = pytest.mark.django_db
LATER = dt.date(2026, 3, 20)


def export(register, rows) -> io.BytesIO:
    buffer = io.BytesIO()
    write_register(register, rows, buffer)
    buffer.seek(0)
    return buffer


def days_content():
    return [(d.date, d.starts_at, d.ends_at, d.leader_id, d.unit_id, d.tier, d.place, d.state, d.planned_on,
             d.cancel_reason) for d in ReceptionDay.objects.order_by("date", "starts_at", "leader_id")]


def records_content():
    return [(r.held_on, r.kind, r.leader_id, r.unit_id, r.place, r.campaign.title if r.campaign_id else None, r.note,
             sorted((j.unit_id, j.part) for j in r.joint_units.all()),
             [(m.names, m.headcount, m.subject, m.content, m.category_id, m.place_id, m.outcome, m.decision,
               m.lead_unit_id, m.owning_leader_id, m.deadline_class, m.petition is not None,
               m.petition.responsible_unit_id if m.petition else None) for m in r.matters.order_by("position")])
            for r in ReceptionRecord.objects.order_by("held_on", "kind", "leader_id")]


def rota_content():
    return [(c.title, c.starts_on, c.ends_on, c.place, c.note, [(d.date, d.leader_id) for d in c.duties.all()])
            for c in Campaign.objects.order_by("starts_on")]


@pytest.fixture
def register_year(registrar, leader, second_leader, town_leader, county, township, category, village, rsj, zjj,
                  county_day, town_day):
    """Days of both tiers (one moved off a holiday, one cancelled), a campaign with its rota, and records of a
    reception day, the campaign and a joint reception with answered, not supported and filed matters."""
    actions.reception_day_add(actor=registrar, on=TODAY, data=actions.DayData(
        leader=leader, unit=county, tier="county", date=dt.date(2026, 4, 7), starts_at=dt.time(9),
        ends_at=dt.time(12), place="县信访局接待大厅", planned_on=dt.date(2026, 4, 6)))
    cancelled = actions.reception_day_add(actor=registrar, on=TODAY, data=actions.DayData(
        leader=leader, unit=county, tier="county", date=dt.date(2026, 3, 9), starts_at=dt.time(9),
        ends_at=dt.time(12), place="县信访局接待大厅"))
    actions.reception_day_cancel(actor=registrar, day=cancelled, reason="参加全市会议")
    day_record(registrar, county_day, [matter(category, village),
                                       filed(category, village, rsj, second_leader)], on=LATER)
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), place="群众接待大厅",
        rota=[(dt.date(2026, 3, 3), leader), (dt.date(2026, 3, 3), second_leader), (dt.date(2026, 3, 4), leader)],
        note="每天一名县领导坐班"))
    actions.record_write(actor=registrar, on=LATER, data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=dt.date(2026, 3, 3), leader=second_leader, campaign=campaign,
        matters=[matter(category, village, "not_supported", names="甲、乙", headcount=2, decision="缺乏依据。")]))
    actions.record_write(actor=registrar, on=LATER, data=actions.RecordData(
        kind=ReceptionKind.JOINT, held_on=dt.date(2026, 3, 5), leader=leader, place="县信访局", note="联合接访",
        joint_units=[(rsj, "核实工资"), (zjj, "督促支付")],
        matters=[filed(category, village, zjj, leader, names="丙", headcount=1, deadline_class="urgent")]))


def test_export_then_import_into_an_empty_register_gives_the_same_content(register_year, registrar):
    days, rota, records = days_content(), rota_content(), records_content()
    files = {
        "days": export(registers.RECEPTION_DAYS, registers.days_for_ledger(ReceptionDay.objects.all())),
        "rota": export(registers.CAMPAIGN_ROTA, registers.duties_for_ledger(Campaign.objects.all())),
        "records": export(registers.RECEPTION_RECORDS, registers.matters_for_ledger(ReceptionRecord.objects.all())),
    }
    sheet = load_workbook(files["records"]).active
    headings = [c.value for c in sheet[1]]
    assert headings[:4] == ["接访编号", "接访日期", "接访类型", "接访领导"] and "13912345678" not in str(list(
        sheet.values))
    files["records"].seek(0)
    reset()  # the register and every item: the import files its cases again
    assert not ReceptionDay.objects.exists()
    for name, register in (("days", registers.RECEPTION_DAYS), ("rota", registers.CAMPAIGN_ROTA),
                           ("records", registers.RECEPTION_RECORDS)):
        result = import_register(register, files[name], user=registrar, today=LATER)
        assert result.ok, (name, result.errors)
    assert days_content() == days
    assert rota_content() == rota
    assert records_content() == records
    assert ReceptionMatter.objects.filter(petition__isnull=False).count() == 2


def workbook(title, headings, rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


DAY_HEADINGS = ["日期", "开始时间", "结束时间", "接待领导", "接待单位", "层级", "地点", "状态", "取消原因"]


def test_bad_day_rows_are_each_reported_and_nothing_is_saved(registrar, leader, county, town_leader, township):
    file = workbook("领导接待日台账", DAY_HEADINGS, [
        ("2026-03-09", "09:00", "12:00", "王县长", "县委县政府", "县级", "接待大厅", "已安排", None),  # row 2: fine
        ("2026-03-16", "9点", "12:00", "王县长", "县委县政府", "县级", "接待大厅", "已安排", None),  # 3: time
        ("2026-03-23", "09:00", "08:00", "王县长", "县委县政府", "县级", "接待大厅", "已安排", None),  # 4: ends first
        ("2026-03-30", "09:00", "12:00", "李局长", "县委县政府", "县级", "接待大厅", "已安排", None),  # 5: no leader
        ("2026-04-13", "09:00", "12:00", "王县长", "县委县政府", "市级", "接待大厅", "已安排", None),  # 6: tier word
        ("2026-04-20", "09:00", "12:00", "王县长", "县委县政府", "县级", "接待大厅", "已取消", None),  # 7: no reason
    ])
    result = import_register(registers.RECEPTION_DAYS, file, user=registrar, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "开始时间"), (4, "结束时间"), (5, "接待领导"),
                                                         (6, "层级"), (7, "取消原因")]
    assert not ReceptionDay.objects.exists()


def test_a_row_the_actions_refuse_rolls_back_the_whole_file(registrar, leader, county, township):
    file = workbook("领导接待日台账", DAY_HEADINGS, [
        ("2026-03-09", "09:00", "12:00", "王县长", "县委县政府", "县级", "接待大厅", "已安排", None),
        ("2026-03-16", "09:00", "12:00", "王县长", "化子坪镇", "县级", "接待大厅", "已安排", None),  # county tier, township
    ])
    result = import_register(registers.RECEPTION_DAYS, file, user=registrar, today=TODAY)
    assert [e.row for e in result.errors] == [3] and "县委县政府" in result.errors[0].message
    assert not ReceptionDay.objects.exists()


RECORD_HEADINGS = ["接访编号", "接访日期", "接访类型", "接访领导", "来访人", "人数", "事项", "反映内容", "内容分类", "问题属地",
                   "处理结果", "处理意见", "牵头单位", "包案领导", "时限类别"]


def test_bad_record_rows_are_reported_and_no_case_is_filed(registrar, leader, county, township, village, category,
                                                          rsj, county_day):
    file = workbook("接访记录台账", RECORD_HEADINGS, [
        ("A", "2026-03-02", "领导接待日", "王县长", "刘建国", 1, "工资", "拖欠工资", "劳动社保", "化子坪村", "立案", "交办",
         "县人社局", "王县长", "一般"),  # row 2: fine alone
        ("A", "2026-03-02", "领导接待日", "王县长", "王秀英", 0, "工资", "拖欠", "劳动社保", "化子坪村", "现场答复", "已答复",
         None, None, None),  # 3: headcount 0
        ("B", "2026-03-05", "联合接访", "王县长", "李四", 1, "工资", "拖欠", "不存在", "化子坪村", "立案", "交办",
         None, None, None),  # 4: unknown category; filed without unit, owner and class
        ("C", "2026-03-06", "大接访", "王县长", "赵五", 1, "工资", "拖欠", "劳动社保", "化子坪村", "不予支持", "无依据",
         None, None, None),  # 5: a campaign record without the campaign
    ])
    result = import_register(registers.RECEPTION_RECORDS, file, user=registrar, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "人数"), (4, "内容分类"), (5, "大接访活动")]
    # Once the cells are right, the actions' refusal (a joint reception of one unit) rolls back the reception day's row.
    file = workbook("接访记录台账", RECORD_HEADINGS + ["参加单位及分工"], [
        ("A", "2026-03-02", "领导接待日", "王县长", "刘建国", 1, "工资", "拖欠工资", "劳动社保", "化子坪村", "立案", "交办",
         "县人社局", "王县长", "一般", None),
        ("B", "2026-03-02", "联合接访", "王县长", "李四", 1, "工资", "拖欠", "劳动社保", "化子坪村", "现场答复", "已答复",
         None, None, None, "县人社局：核实"),
    ])
    result = import_register(registers.RECEPTION_RECORDS, file, user=registrar, today=TODAY)
    assert [e.row for e in result.errors] == [3]
    assert not ReceptionRecord.objects.exists() and not Petition.objects.exists()
