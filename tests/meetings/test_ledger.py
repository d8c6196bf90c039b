"""The joint-meeting ledger through ledgers.registers: export, import into an empty register, same content; bad rows."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ledgers.registers import import_register, write_register
from meetings import actions
from meetings.ledger import REGISTER, ledger_rows
from meetings.models import JointMeeting, MeetingAttendee, MeetingTask

from .conftest import meeting_data

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 10)
HEADINGS = [c.heading for c in REGISTER.columns]


def _content():
    """Everything the register holds, without ids."""
    meetings = []
    for m in JointMeeting.objects.order_by("held_on", "title"):
        meetings.append((
            m.held_on, m.title, m.place, m.chair, m.summary,
            [(a.unit_id, a.person, a.user_id) for a in m.attendees.order_by("pk")],
            sorted(m.agenda.values_list("petition_id", flat=True)),
            [(t.text, t.petition_id, t.owner_unit_id, t.owner_user_id, t.due_on, t.state, t.done_on, t.done_note)
             for t in m.tasks.order_by("pk")],
        ))
    return meetings


@pytest.fixture
def register_content(supervisor, meeting, case, township, handler, bureau):
    actions.meeting_task_add(actor=supervisor, meeting=meeting, text="督促支付工资", due_on=dt.date(2026, 3, 20),
                             owner_unit=township, petition=case)
    done = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="约谈信访人", due_on=dt.date(2026, 3, 15),
                                    owner_user=handler)
    actions.meeting_task_complete(actor=supervisor, task=done, done_on=dt.date(2026, 3, 18), note="已约谈", today=TODAY)
    actions.meeting_record(actor=supervisor, today=TODAY, data=meeting_data(
        (bureau, "局长"), (township, "镇办理员"), held_on=dt.date(2026, 4, 8), title="2026年4月信访工作联席会议"))
    return _content()


def _export() -> io.BytesIO:
    buffer = io.BytesIO()
    write_register(REGISTER, ledger_rows(JointMeeting.objects.all(), TODAY), buffer)
    buffer.seek(0)
    return buffer


def test_export_then_import_into_an_empty_register_gives_the_same_content(register_content, supervisor, case):
    buffer = _export()
    sheet = load_workbook(buffer).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert len(rows) == 4  # two decisions of March, the April meeting without any
    assert rows[1][HEADINGS.index("参会单位及人员")] == "县信访局（局长）、化子坪镇（高镇长）"
    assert rows[2][HEADINGS.index("办理状态")] == "逾期完成" and rows[1][HEADINGS.index("办理状态")] == "已逾期"
    assert rows[2][HEADINGS.index("责任人")] == "镇办理员"
    MeetingTask.objects.all().delete()
    MeetingAttendee.objects.all().delete()
    JointMeeting.objects.all().delete()
    buffer.seek(0)
    result = import_register(REGISTER, buffer, user=supervisor, today=TODAY)
    assert result.ok, result.errors
    assert len(result.saved) == 2
    assert _content() == register_content


def _workbook(*rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REGISTER.title
    sheet.append(HEADINGS[:-1])
    for row in rows:
        sheet.append(list(row) + [None] * (len(HEADINGS) - 1 - len(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = ["2026-03-10", "3月联席会议", "县委会议室", "王县长", "化子坪镇（高镇长）", None, None]


def test_every_bad_row_is_reported_and_nothing_is_saved(supervisor, township, case):
    file = _workbook(
        GOOD + ["化解", case.number, "化子坪镇", None, "2026-03-20"],
        ["2026-03-11", "x", "y", "z", "不存在镇（某人）"],  # row 3: unknown unit
        ["2026-03-12", "x", "y", "z", "化子坪镇 高镇长"],  # row 4: not unit (person)
        GOOD + ["化解", None, None, None, None],  # row 5: no unit, no due date
        GOOD + [None, None, "化子坪镇", None, "2026-03-20"],  # row 6: unit and due without a decision
        GOOD + ["化解", "XF2026-9999999", "化子坪镇", None, "2026-03-20"],  # row 7: no such case
        GOOD + ["化解", None, "化子坪镇", None, "2026-03-20", "2026-03-15"],  # row 8: done without a note
    )
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "参会单位及人员"), (4, "参会单位及人员"), (5, "完成时限"), (5, "责任单位"), (6, "议定事项"),
        (7, "关联案件"), (8, "完成情况"),
    ]
    assert not JointMeeting.objects.exists()


def test_rows_of_one_meeting_must_agree_and_the_actions_refusals_roll_everything_back(supervisor, case):
    file = _workbook(
        GOOD + ["化解", case.number, "化子坪镇", None, "2026-03-20"],
        ["2026-03-10", "3月联席会议", "另一个地点", "王县长", "化子坪镇（高镇长）", None, None, "第二项", None,
         "化子坪镇", None, "2026-03-21"],
    )
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    file = _workbook(GOOD + ["化解", case.number, "化子坪镇", None, "2026-03-01"])  # due before the meeting
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, "完成时限")]
    file = _workbook(GOOD + ["化解", None, "化子坪镇", "没有这个人", "2026-03-20"])
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, "责任人")]
    assert not JointMeeting.objects.exists()


def test_the_case_must_be_on_the_agenda(supervisor, case):
    file = _workbook(GOOD + ["化解", case.number, "化子坪镇", None, "2026-03-20"])  # agenda cell empty
    result = import_register(REGISTER, file, user=supervisor, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, "关联案件")]
