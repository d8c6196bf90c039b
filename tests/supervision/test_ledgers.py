"""包案台账 and 督办台账 through ledgers.registers: export, import into an empty register, same content; bad rows."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from supervision import actions, ledgers
from supervision.models import Ownership, SupervisionNotice

from .conftest import five

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 30)


def _export(register, records) -> io.BytesIO:
    buffer = io.BytesIO()
    from ledgers.registers import write_register

    write_register(register, records, buffer)
    buffer.seek(0)
    return buffer


def _workbook(title, headings, rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _ownership_content():
    return list(Ownership.objects.order_by("petition_id").values_list(
        "petition_id", "petition__owning_leader_id", "lead_unit_id", "handlers", "deadline", "risk_measures", "funds",
        "completed_on"))


def test_ownership_ledger_round_trip(supervisor, major, from_city, leader, township):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    actions.ownership_set(actor=supervisor, petition=from_city, **five(leader, township, funds="", handlers=""),
                          on=D(2026, 3, 5))
    buffer = _export(ledgers.OWNERSHIP_REGISTER, ledgers.ownership_records(Ownership.objects.all()))
    sheet = load_workbook(buffer).active
    assert sheet["A1"].value == "信访事项编号" and sheet["K2"].value == "已落实"
    assert sheet["K3"].value == "未落实：牵头单位和责任人、资金落实"
    before = _ownership_content()
    Ownership.objects.all().delete()
    buffer.seek(0)
    from ledgers.registers import import_register

    result = import_register(ledgers.OWNERSHIP_REGISTER, buffer, user=supervisor, today=TODAY)
    assert result.ok, result.errors
    assert _ownership_content() == before


def test_ownership_ledger_bad_rows_are_reported_and_nothing_is_saved(supervisor, major, general, leader):
    from ledgers.registers import import_register

    headings = ("信访事项编号", "包案领导", "牵头单位", "责任人", "化解期限", "风险防控措施", "资金落实", "落实日期")
    file = _workbook("包案台账", headings, [
        (major.number, "王县长", "化子坪镇", "张明", "2026-04-15", "走访", "无需资金", "2026-03-04"),  # fine
        ("XF2026-9999999", "王县长", "化子坪镇", "张明", "2026-04-15", "走访", "无需资金", None),  # row 3: no such item
        (major.number, "李四", "化子坪镇", "张明", "2026-04-15", "走访", "无需资金", None),  # row 4: no such leader
        (major.number, "王县长", "不存在镇", "张明", "2026-04-15", "走访", "无需资金", None),  # row 5: unknown unit
        (major.number, "王县长", "化子坪镇", "张明", "2026-04-15", "走访", None, "2026-03-04"),  # row 6: date without funds
    ])
    result = import_register(ledgers.OWNERSHIP_REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "信访事项编号"), (4, "包案领导"), (5, "牵头单位"),
                                                          (6, "落实日期")]
    assert not Ownership.objects.exists()
    # A row the action refuses (the deadline before the item was accepted) rolls back the whole file.
    file = _workbook("包案台账", headings, [
        (major.number, "王县长", "化子坪镇", "张明", "2026-04-15", "走访", "无需资金", None),
        (general.number, "王县长", "化子坪镇", "张明", "2026-01-01", "走访", "无需资金", None),
    ])
    result = import_register(ledgers.OWNERSHIP_REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "化解期限")]
    assert not Ownership.objects.exists()


def _notice_content():
    return list(SupervisionNotice.objects.order_by("year", "serial").values_list(
        "year", "serial", "petition_id", "issued_on", "due_on", "requirement", "completed_on", "result"))


def test_notice_ledger_round_trip(supervisor, major, from_city):
    n = actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="请限期办结。",
                             on=D(2026, 3, 10))
    actions.notice_complete(actor=supervisor, notice=n, result="已办结。", on=D(2026, 3, 22))
    actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 4, 20), requirement="再次督办。",
                         on=D(2026, 4, 1))
    actions.notice_issue(actor=supervisor, petition=from_city, due_on=D(2026, 4, 10), requirement="请约见信访人。",
                         on=D(2026, 3, 30))
    register = ledgers.notice_register(TODAY)
    buffer = _export(register, ledgers.notice_records(SupervisionNotice.objects.all()))
    sheet = load_workbook(buffer).active
    assert [sheet.cell(row, 1).value for row in (2, 3, 4)] == ["督〔2026〕1号", "督〔2026〕2号", "督〔2026〕3号"]
    assert [sheet.cell(row, 12).value for row in (2, 3, 4)] == ["逾期办结", "超期未办结", "超期未办结"]
    before = _notice_content()
    SupervisionNotice.objects.all().delete()
    buffer.seek(0)
    from ledgers.registers import import_register

    result = import_register(register, buffer, user=supervisor, today=TODAY)
    assert result.ok, result.errors
    assert _notice_content() == before


def test_notice_ledger_bad_rows(supervisor, major, general):
    from ledgers.registers import import_register

    headings = ("督办编号", "信访事项编号", "督办日期", "办结期限", "督办要求", "办结日期", "办结情况")
    file = _workbook("督办台账", headings, [
        ("督〔2026〕1号", major.number, "2026-03-10", "2026-03-20", "请办结", None, None),  # fine
        ("督2026-2", major.number, "2026-03-10", "2026-03-20", "请办结", None, None),  # row 3: bad number
        (None, major.number, "2026-03-10", "2026-03-05", "请办结", None, None),  # row 4: due before issue
        (None, major.number, "2026-03-10", "2026-03-20", None, None, None),  # row 5: requirement missing
        (None, major.number, "2026-03-10", "2026-03-20", "请办结", "2026-03-12", None),  # row 6: result missing
        ("督〔2025〕3号", major.number, "2026-03-10", "2026-03-20", "请办结", None, None),  # row 7: wrong year
    ])
    result = import_register(ledgers.notice_register(TODAY), file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "督办编号"), (4, "办结期限"), (5, "督办要求"),
                                                          (6, "办结情况"), (7, "督办编号")]
    assert not SupervisionNotice.objects.exists()
    # Two open notices on one item: the action refuses the second, nothing is kept.
    file = _workbook("督办台账", headings, [
        (None, general.number, "2026-03-10", "2026-03-20", "一", None, None),
        (None, general.number, "2026-03-11", "2026-03-21", "二", None, None),
    ])
    result = import_register(ledgers.notice_register(TODAY), file, user=supervisor, today=TODAY)
    assert [e.row for e in result.errors] == [3]
    assert not SupervisionNotice.objects.exists()


def test_the_ledger_pages_export_and_import(client, supervisor, handler, major, leader, township):
    from django.urls import reverse

    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    client.force_login(supervisor)
    response = client.get(reverse("supervision:ledger_export", args=["ownership"]))
    content = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(content)).active["A2"].value == major.number
    Ownership.objects.all().delete()
    upload = io.BytesIO(content)
    upload.name = "包案台账.xlsx"
    response = client.post(reverse("supervision:ledger_import", args=["ownership"]), {"file": upload})
    assert response.status_code == 302 and Ownership.objects.count() == 1
    client.force_login(handler)  # a unit exports what it may see, and may not import
    assert client.post(reverse("supervision:ledger_import", args=["ownership"]), {"file": upload}).status_code == 404
