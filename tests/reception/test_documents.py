"""The notice to the representatives, the minutes and the campaign report, opened with python-docx."""

import datetime as dt
import io

import pytest
from docx import Document

from reception import actions, documents
from reception.models import ReceptionKind

from .conftest import TODAY, day_record, filed, matter

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_notice_tells_the_representatives_leader_position_time_and_place_without_phones(
        registrar, bureau, leader, rsj, zjj):
    appointment = actions.appointment_book(actor=registrar, on=TODAY, data=actions.AppointmentData(
        subject="工资拖欠", content="要求结清工资。", leader=leader, date=dt.date(2026, 3, 9), starts_at=dt.time(15, 30),
        place="县信访局三楼会议室", units=[rsj, zjj],
        representatives=[actions.PersonData("刘建国", "13912345678"), actions.PersonData("王秀英", "13800001111")],
        headcount=3))
    text = text_of(documents.appointment_notice(appointment, issued_on=TODAY))
    assert text.startswith("预约接待通知书\n刘建国、王秀英：")
    assert "接待领导：王县长（副县长）" in text
    assert "接待时间：2026年3月9日（星期一）15时30分" in text
    assert "接待地点：县信访局三楼会议室" in text and "参加单位：县人社局、县住建局" in text
    assert "县信访局" in text and "2026年3月2日" in text
    assert "13912345678" not in text and "1391" not in text
    assert documents.appointment_notice_filename(appointment).startswith("预约接待通知书-20260309")


def test_the_minutes_list_each_decision_and_the_filed_case_with_unit_owner_and_due_date(
        registrar, bureau, county_day, second_leader, category, village, rsj):
    record = day_record(registrar, county_day, [matter(category, village),
                                                filed(category, village, rsj, second_leader)])
    petition = record.matters.get(position=1).petition
    text = text_of(documents.minutes(record))
    assert text.startswith("领导接待日纪要\n")
    assert "2026年3月2日，王县长（副县长）在县信访局接待大厅开展领导接待日，共接待来访群众2批7人次。" in text
    assert "（一）刘建国（1人）：反映工资拖欠问题\n反映内容：在县城某工地务工" in text
    assert "（二）王秀英、李四（6人）：八户村民反映征地补偿款未到位" in text
    assert "处理结果：现场答复。现场联系用工单位，答应本周内结清。" in text
    assert "处理结果：立案办理。责成县人社局牵头核实，一个月内答复。" in text
    assert f"立案编号{petition.number}，由县人社局牵头办理，包案领导白志强（县委常委），办理时限类别一般" in text
    assert f"于{petition.handling_due_on.year}年{petition.handling_due_on.month}月{petition.handling_due_on.day}日前办结" in text
    assert "13912345678" not in text


def test_joint_minutes_say_what_each_unit_did(registrar, bureau, leader, category, village, rsj, zjj):
    record = actions.record_write(actor=registrar, on=TODAY, data=actions.RecordData(
        kind=ReceptionKind.JOINT, held_on=TODAY, leader=leader, place="县信访局",
        joint_units=[(rsj, "核实工资拖欠"), (zjj, "督促建设单位")], matters=[matter(category, village)]))
    text = text_of(documents.minutes(record))
    assert text.startswith("联合接访纪要") and "参加单位：县人社局、县住建局。" in text
    assert "二、各单位分工\n县人社局：核实工资拖欠\n县住建局：督促建设单位" in text


def test_the_campaign_report_has_the_figures_and_the_rota(registrar, bureau, leader, second_leader, category, village,
                                                          rsj):
    campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        title="春季大接访", starts_on=TODAY, ends_on=dt.date(2026, 3, 6), place="群众接待大厅",
        rota=[(TODAY, leader), (dt.date(2026, 3, 3), second_leader)]))
    actions.record_write(actor=registrar, on=TODAY, data=actions.RecordData(
        kind=ReceptionKind.CAMPAIGN, held_on=TODAY, leader=leader, campaign=campaign,
        matters=[matter(category, village), filed(category, village, rsj, leader)]))
    text = text_of(documents.campaign_report(campaign, as_of=dt.date(2026, 3, 10)))
    assert text.startswith("春季大接访情况报告")
    assert "王县长、白志强等2名县级领导按排班轮流坐班接访，共坐班2人次" in text
    assert "共接待来访群众2批7人次。其中现场答复1批1人次，不予支持0批0人次，立案1件6人次。" in text
    assert "立案事项中，已办结0件，在办1件（截至2026年3月10日）。" in text
    assert "2026年3月3日：白志强（县委常委）" in text
