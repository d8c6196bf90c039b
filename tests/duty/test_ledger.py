"""The duty-roster ledger: export, import into an empty register, same content; bad rows."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from duty import actions
from duty.ledger import REGISTER, ledger_rows
from duty.models import DutyRoster
from ledgers.registers import import_register, write_register

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)
HEADINGS = [c.heading for c in REGISTER.columns]


def _content():
    return [
        (r.name, r.starts_on, r.ends_on, r.requirements,
         list(r.shifts.order_by("on_date", "shift").values_list("on_date", "shift", "staff", "place", "phone", "leader")))
        for r in DutyRoster.objects.order_by("starts_on")
    ]


def test_export_then_import_into_an_empty_register_gives_the_same_content(roster, supervisor):
    actions.duty_roster_create(actor=supervisor, name="空白值班表", starts_on=dt.date(2026, 12, 31),
                               ends_on=dt.date(2027, 1, 3))
    before = _content()
    buffer = io.BytesIO()
    assert write_register(REGISTER, ledger_rows(DutyRoster.objects.all()), buffer) == 4
    buffer.seek(0)
    rows = list(load_workbook(buffer).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS and rows[2][HEADINGS.index("班次")] == "夜班"
    DutyRoster.objects.all().delete()
    buffer.seek(0)
    result = import_register(REGISTER, buffer, user=supervisor, today=TODAY)
    assert result.ok, result.errors
    assert _content() == before


def _workbook(*rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


ROSTER = ["国庆", "2026-10-01", "2026-10-03", None]


def test_every_bad_row_is_reported_and_nothing_is_saved(supervisor):
    file = _workbook(
        ROSTER + ["2026-10-01", "白班", "刘晓燕", "大厅", "0911-6212345", None],
        ROSTER + ["2026-10-02", "早班", "刘晓燕", "大厅", "0911-6212345", None],  # row 3: unknown shift
        ROSTER + ["2026-10-02", "白班", None, "大厅", None, None],  # row 4: nobody, no phone
        [None, "2026-10-01", "2026-10-03", None],  # row 5: no name
    )
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "班次"), (4, "值班人员"), (4, "联系电话"), (5, "活动名称")]
    assert not DutyRoster.objects.exists()


def test_the_actions_refusals_and_disagreeing_rows_roll_everything_back(supervisor):
    file = _workbook(ROSTER + ["2026-10-01", "白班", "a", "b", "0911-6212345", None],
                     ROSTER + ["2026-10-09", "白班", "a", "b", "0911-6212345", None])  # outside the period
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "值班日期")]
    file = _workbook(ROSTER + ["2026-10-01", "白班", "a", "b", "0911-6212345", None],
                     ["国庆", "2026-10-01", "2026-10-05", None, "2026-10-02", "白班", "a", "b", "0911-6212345", None])
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    file = _workbook(ROSTER + ["2026-10-01", "白班", "a", "b", "0911-6212345", None],
                     ROSTER + ["2026-10-01", "白班", "d", "b", "c", None])
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "班次")]
    assert not DutyRoster.objects.exists()
