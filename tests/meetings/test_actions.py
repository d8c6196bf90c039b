"""Recording meetings, their decisions as tasks, and reporting tasks done — and every refusal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import actions
from meetings.models import MeetingEvent, MeetingEventKind, MeetingTask, TaskState, TaskStatus, task_status
from organisation.models import Role

from ..factories import UserFactory
from .conftest import meeting_data

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)


def test_a_supervisor_records_a_meeting_with_attendees_agenda_and_an_event(meeting, case, other_case, supervisor):
    assert [str(a) for a in meeting.attendees.all()] == ["县信访局（局长）", "化子坪镇（高镇长）"]
    assert set(meeting.agenda.values_list("petition_id", flat=True)) == {case.pk, other_case.pk}
    event = MeetingEvent.objects.get(meeting=meeting)
    assert event.kind == MeetingEventKind.RECORDED and event.actor == supervisor
    assert event.data["new"]["agenda"] == [case.number, other_case.number]


def test_an_attendee_is_linked_to_the_only_staff_member_of_that_unit_and_name(supervisor, township, handler):
    meeting = actions.meeting_record(actor=supervisor, today=DAY,
                                     data=meeting_data((township, "镇办理员"), (township, "无账号的人")))
    assert [a.user for a in meeting.attendees.order_by("pk")] == [handler, None]


@pytest.mark.parametrize("who", ["registrar", "handler", "leader"])
def test_only_bureau_supervisors_and_admins_record_meetings(request, who, township):
    actor = request.getfixturevalue(who)
    with pytest.raises(actions.MeetingRefused):
        actions.meeting_record(actor=actor, today=DAY, data=meeting_data((township, "高镇长")))


def test_an_admin_of_the_bureau_may_record(admin_user, township):
    assert actions.meeting_record(actor=admin_user, today=DAY, data=meeting_data((township, "高镇长"))).pk


def test_a_meeting_in_the_future_without_attendees_or_twice_is_refused(supervisor, township, meeting):
    with pytest.raises(ValidationError) as error:
        actions.meeting_record(actor=supervisor, today=DAY, data=meeting_data(held_on=DAY + dt.timedelta(days=1)))
    assert set(error.value.message_dict) == {"held_on", "attendees"}
    with pytest.raises(ValidationError) as error:
        actions.meeting_record(actor=supervisor, today=DAY, data=meeting_data((township, "甲"), (township, "甲")))
    assert "重复填写" in str(error.value)
    with pytest.raises(ValidationError) as error:
        actions.meeting_record(actor=supervisor, today=DAY, data=meeting_data((township, "乙")))
    assert "title" in error.value.message_dict  # same date and name as the fixture's meeting


def test_a_correction_keeps_the_old_and_new_values(supervisor, meeting, township, case):
    data = meeting_data((township, "高镇长"), agenda=[case], title="2026年3月联席会议（更正）")
    actions.meeting_correct(actor=supervisor, meeting=meeting, data=data, today=DAY)
    event = meeting.events.get(kind=MeetingEventKind.CHANGED)
    assert event.data["old"]["title"] == "2026年3月信访工作联席会议"
    assert event.data["new"]["agenda"] == [case.number] and meeting.attendees.count() == 1


def test_a_correction_cannot_drop_a_case_a_decision_refers_to(supervisor, meeting, township, case, other_case):
    actions.meeting_task_add(actor=supervisor, meeting=meeting, text="化解", due_on=DAY, owner_unit=township,
                             petition=case)
    with pytest.raises(ValidationError) as error:
        actions.meeting_correct(actor=supervisor, meeting=meeting, today=DAY,
                                data=meeting_data((township, "高镇长"), agenda=[other_case]))
    assert "agenda" in error.value.message_dict


def test_a_decision_owned_by_a_person_is_owned_by_his_or_her_unit_too(supervisor, meeting, handler):
    task = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="约谈信访人", due_on=DAY,
                                    owner_user=handler)
    assert task.owner_unit == handler.unit and task.state == TaskState.OPEN
    assert task.owner_label == "化子坪镇（镇办理员）"


def test_bad_decisions_are_refused(supervisor, meeting, handler, other_township, registrar, other_handler):
    from ..factories import register

    not_on_agenda = register(registrar, other_township, title="不在议程")
    with pytest.raises(ValidationError) as error:
        actions.meeting_task_add(actor=supervisor, meeting=meeting, text="", due_on=DAY - dt.timedelta(days=1),
                                 owner_unit=other_township, owner_user=handler, petition=not_on_agenda)
    assert set(error.value.message_dict) == {"text", "due_on", "owner_user", "petition"}
    with pytest.raises(ValidationError) as error:
        actions.meeting_task_add(actor=supervisor, meeting=meeting, text="无主", due_on=DAY)
    assert "owner_unit" in error.value.message_dict
    with pytest.raises(actions.MeetingRefused):
        actions.meeting_task_add(actor=other_handler, meeting=meeting, text="x", due_on=DAY, owner_unit=other_township)


def test_the_owning_units_handler_reports_a_task_done_once(supervisor, meeting, township, handler):
    task = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="化解", due_on=dt.date(2026, 3, 20),
                                    owner_unit=township)
    done = actions.meeting_task_complete(actor=handler, task=task, done_on=dt.date(2026, 3, 18), note="已化解",
                                         today=dt.date(2026, 3, 19))
    assert (done.state, done.done_on, done.done_note) == (TaskState.DONE, dt.date(2026, 3, 18), "已化解")
    assert done.status(dt.date(2026, 4, 1)) == TaskStatus.DONE_ON_TIME
    assert task.events.get(kind=MeetingEventKind.TASK_DONE).actor == handler
    with pytest.raises(actions.MeetingRefused):
        actions.meeting_task_complete(actor=supervisor, task=task, done_on=dt.date(2026, 3, 19), note="again",
                                      today=dt.date(2026, 3, 19))


def test_others_cannot_report_a_task_done_and_dates_are_checked(supervisor, meeting, township, other_handler,
                                                                 registrar, handler):
    task = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="化解", due_on=dt.date(2026, 3, 20),
                                    owner_unit=township)
    for actor in (other_handler, registrar):
        with pytest.raises(actions.MeetingRefused):
            actions.meeting_task_complete(actor=actor, task=task, done_on=DAY, note="x", today=DAY)
    with pytest.raises(ValidationError) as error:
        actions.meeting_task_complete(actor=handler, task=task, done_on=DAY + dt.timedelta(days=1), note="",
                                      today=DAY)
    assert set(error.value.message_dict) == {"done_on", "note"}
    with pytest.raises(ValidationError):
        actions.meeting_task_complete(actor=handler, task=task, done_on=DAY - dt.timedelta(days=1), note="x",
                                      today=DAY)
    assert MeetingTask.objects.get(pk=task.pk).state == TaskState.OPEN


def test_the_owner_in_person_may_report_done_even_without_the_handler_role(supervisor, meeting, leader):
    task = actions.meeting_task_add(actor=supervisor, meeting=meeting, text="包案化解", due_on=DAY, owner_user=leader)
    assert actions.can_report_done(leader, task)
    stranger = UserFactory(username="x", unit=leader.unit, roles=[Role.LEADER])
    assert not actions.can_report_done(stranger, task)


@pytest.mark.parametrize(
    ("done_on", "today", "expected"),
    [
        (dt.date(2026, 3, 20), dt.date(2026, 4, 1), TaskStatus.DONE_ON_TIME),  # on the due date itself
        (dt.date(2026, 3, 21), dt.date(2026, 4, 1), TaskStatus.DONE_LATE),
        (None, dt.date(2026, 3, 21), TaskStatus.OVERDUE),
        (None, dt.date(2026, 3, 20), TaskStatus.DUE_SOON),  # due today: not overdue yet
        (None, dt.date(2026, 3, 17), TaskStatus.DUE_SOON),
        (None, dt.date(2026, 3, 16), TaskStatus.OPEN),
    ],
)
def test_task_status_is_derived_from_the_dates(done_on, today, expected):
    assert task_status(dt.date(2026, 3, 20), done_on, today) == expected
