"""The ledger framework of the other registers (ledgers/registers.py), on a register of calendar days."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ledgers.columns import CellError, parse_date, yes_no
from ledgers.registers import Column, Register, RowProblem, import_register, unit_names, words, write_register
from workdays.models import CalendarOverride

KINDS = {"holiday": "休息", "workday": "上班"}


def _save(rows, user):
    saved = []
    for row in rows:
        if row.get("date") == dt.date(2030, 1, 5) and row.get("kind") == "workday" and row.get("note") == "refuse":
            raise RowProblem(row, "不能保存这一天。", "日期")
        saved.append(CalendarOverride.objects.create(
            date=row.get("date"), is_workday=row.get("kind") == "workday", note=row.get("note", "")
        ))
    return saved


def _check(row):
    if row.get("kind") == "workday" and row.get("date").weekday() < 5:
        return [("类型", "调休上班日应是周末。")]
    return []


DAYS = Register(
    title="调休台账",
    columns=(
        Column("日期", lambda o: o.date, "date", parse_date, required=True),
        Column("类型", lambda o: KINDS["workday" if o.is_workday else "holiday"], "kind", words(KINDS), required=True),
        Column("备注", lambda o: o.note or None, "note"),
        Column("星期", lambda o: "一二三四五六日"[o.date.weekday()]),  # computed: export only
    ),
    save=_save,
    check=_check,
)


def _workbook(rows, headings=("日期", "类型", "备注")) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "调休台账"
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_export_then_import_into_an_empty_database_gives_the_same_rows(db):
    CalendarOverride.objects.create(date=dt.date(2030, 1, 1), is_workday=False, note="元旦")
    CalendarOverride.objects.create(date=dt.date(2030, 1, 5), is_workday=True, note="")
    buffer = io.BytesIO()
    assert write_register(DAYS, CalendarOverride.objects.order_by("date"), buffer) == 2
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert [c.value for c in sheet[1]] == ["日期", "类型", "备注", "星期"]
    assert sheet["B2"].value == "休息" and sheet["D3"].value == "六"
    before = list(CalendarOverride.objects.order_by("date").values_list("date", "is_workday", "note"))
    CalendarOverride.objects.all().delete()
    buffer.seek(0)
    result = import_register(DAYS, buffer, user=None, today=dt.date(2029, 12, 1))
    assert result.ok, result.errors
    assert list(CalendarOverride.objects.order_by("date").values_list("date", "is_workday", "note")) == before


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_saved(db):
    file = _workbook([
        ("2030-01-01", "休息", "元旦"),
        ("2030-13-01", "休息", ""),  # row 3: not a date
        ("2030-01-02", "放假", ""),  # row 4: unknown word
        ("2030-01-03", "上班", ""),  # row 5: a Thursday cannot be an adjusted working day
        ("", "休息", ""),  # row 6: date missing
    ])
    result = import_register(DAYS, file, user=None, today=dt.date(2029, 12, 1))
    assert [(e.row, e.column) for e in result.errors] == [(3, "日期"), (4, "类型"), (5, "类型"), (6, "日期")]
    assert "休息、上班" in result.errors[1].message
    assert not CalendarOverride.objects.exists()


def test_a_row_the_actions_refuse_rolls_back_the_whole_file(db):
    file = _workbook([("2030-01-01", "休息", ""), ("2030-01-05", "上班", "refuse")])
    result = import_register(DAYS, file, user=None, today=dt.date(2029, 12, 1))
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "日期", "不能保存这一天。")]
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (("日期", "备注"), [(1, "类型")]),  # a required column missing
        (("日期", "类型", "类型"), [(1, "类型")]),  # twice
        (("日期", "类型", "颜色"), [(1, "颜色")]),  # unknown
    ],
)
def test_wrong_headings_are_reported_before_any_row(db, headings, expected):
    result = import_register(DAYS, _workbook([], headings), user=None, today=dt.date(2029, 12, 1))
    assert [(e.row, e.column) for e in result.errors] == expected


def test_a_file_that_is_not_a_workbook_is_refused(db):
    result = import_register(DAYS, io.BytesIO(b"not a workbook"), user=None, today=dt.date(2029, 12, 1))
    assert [e.row for e in result.errors] == [0]


def test_unit_names_and_words(db, township, other_township):
    from ledgers.columns import Lookups

    lookups = Lookups.load(dt.date(2030, 1, 1))
    assert unit_names("化子坪镇、建华镇", lookups) == [township, other_township]
    with pytest.raises(CellError):
        unit_names("化子坪镇，不存在镇", lookups)
    assert words(KINDS)("上班", lookups) == "workday"
    assert yes_no("是", lookups) is True
