"""The pages: who sees what (another unit's records by URL are a 404), who may write, and the forms end to end."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from petitions.models import Petition
from reception import actions
from reception.models import (
    Appointment,
    AttendanceNotice,
    MatterOutcome,
    ReceptionDay,
    ReceptionEvent,
    ReceptionKind,
    ReceptionRecord,
)

from .conftest import TODAY, day_record, filed, matter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def appointment(registrar, leader, rsj, zjj):
    return actions.appointment_book(actor=registrar, on=TODAY, data=actions.AppointmentData(
        subject="工资拖欠", content="要求结清工资。", leader=leader, date=dt.date(2026, 3, 9), starts_at=dt.time(15),
        place="县信访局三楼会议室", units=[rsj, zjj], representatives=[actions.PersonData("刘建国", "13912345678")]))


@pytest.fixture
def records(registrar, county_day, town_day, leader, category, village, rsj, second_leader):
    county = day_record(registrar, county_day, [matter(category, village), filed(category, village, rsj, second_leader)])
    town = day_record(registrar, town_day, [matter(category, village)])
    return county, town


def get(client, user, name, *args, **query):
    client.force_login(user)
    url = reverse(f"reception:{name}", args=args)
    return client.get(url, query)


def test_bureau_and_county_leaders_see_everything(client, registrar, leader, records, appointment):
    county, town = records
    for user in (registrar, leader):
        assert get(client, user, "record", town.pk).status_code == 200
        assert get(client, user, "day", town.reception_day_id).status_code == 200
        assert get(client, user, "appointment", appointment.pk).status_code == 200
        assert get(client, user, "record_minutes", county.pk).status_code == 200


def test_a_township_sees_its_own_day_and_record_and_gets_404_for_the_county_s(client, handler, town_leader, records):
    county, town = records
    for user in (handler, town_leader):
        assert get(client, user, "record", town.pk).status_code == 200
        assert get(client, user, "day", town.reception_day_id).status_code == 200
        assert get(client, user, "record", county.pk).status_code == 404
        assert get(client, user, "record_minutes", county.pk).status_code == 404
        assert get(client, user, "day", county.reception_day_id).status_code == 404
    page = get(client, handler, "home").content.decode()
    assert "化子坪镇综治中心" in page and "县信访局接待大厅" not in page


def test_a_unit_sees_the_notices_addressed_to_it_and_acknowledges_them(client, appointment, rsj_handler, handler,
                                                                       zjj_handler):
    assert get(client, rsj_handler, "appointment", appointment.pk).status_code == 200
    assert get(client, handler, "appointment", appointment.pk).status_code == 404
    assert get(client, handler, "appointment_notice", appointment.pk).status_code == 404
    page = get(client, rsj_handler, "notices").content.decode()
    assert "工资拖欠" in page and "县人社局" in page and "县住建局" not in page
    assert "工资拖欠" not in get(client, handler, "notices").content.decode()
    notice = appointment.notices.get(unit__name="县人社局")
    client.force_login(handler)
    assert client.post(reverse("reception:notice_acknowledge", args=[notice.pk])).status_code == 404
    client.force_login(zjj_handler)
    assert client.post(reverse("reception:notice_acknowledge", args=[notice.pk])).status_code == 404
    client.force_login(rsj_handler)
    assert client.post(reverse("reception:notice_acknowledge", args=[notice.pk])).status_code == 302
    assert AttendanceNotice.objects.get(pk=notice.pk).acknowledged_by == rsj_handler


def test_phones_are_masked_and_revealed_only_to_the_bureau_desk_with_a_log(client, appointment, registrar, leader):
    page = get(client, leader, "appointment", appointment.pk).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    representative = appointment.representatives.get()
    client.force_login(leader)
    url = reverse("reception:reveal_phone", args=[appointment.pk])
    assert client.post(url, {"representative": representative.pk}).status_code == 403
    client.force_login(registrar)
    assert client.post(url, {"representative": representative.pk}).content.decode() == "13912345678"
    assert ReceptionEvent.objects.filter(kind="phone_revealed", actor=registrar).count() == 1


def test_the_notice_downloads_as_docx(client, appointment, registrar):
    response = get(client, registrar, "appointment_notice", appointment.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''%E9%A2%84%E7%BA%A6" in response["Content-Disposition"]


def test_writing_pages_are_for_the_bureau_desk(client, handler, leader):
    for user in (handler, leader):
        for name in ("schedule_new", "day_new", "appointment_new", "campaign_new", "record_new"):
            assert get(client, user, name).status_code == 403


def test_others_see_nothing(client, db, records):
    from organisation.models import Role

    from ..factories import UnitFactory, UserFactory

    city = UnitFactory(name="市信访局", kind="city_bureau")
    outsider = UserFactory(username="city", unit=city, roles=[Role.UNIT_HANDLER])
    assert get(client, outsider, "home").status_code == 404
    assert get(client, outsider, "record", records[0].pk).status_code == 404


def test_a_schedule_is_published_from_the_form(client, registrar, leader, county):
    client.force_login(registrar)
    response = client.post(reverse("reception:schedule_new"), {
        "leader": leader.pk, "unit": county.pk, "tier": "county", "place": "县信访局接待大厅", "starts_at": "09:00",
        "ends_at": "12:00", "recurrence": "weekdays", "weekdays": ["0"], "holiday_rule": "next_workday",
        "valid_from": "2026-03-01", "publish_until": "2026-04-12",
    })
    assert response.status_code == 302
    assert [d.date.isoformat() for d in ReceptionDay.objects.all()] == [
        "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30", "2026-04-07"]
    page = client.get(reverse("reception:home")).content.decode()
    assert "县信访局接待大厅" in page and "4月6日" in page  # the day moved off Qingming says so


def test_a_reception_is_recorded_from_the_form_with_one_answer_and_one_filed_case(
        client, registrar, county_day, leader, second_leader, category, village, rsj):
    client.force_login(registrar)
    page = client.get(reverse("reception:record_new"), {"day": county_day.pk}).content.decode()
    assert 'name="reception_day"' in page and "县信访局接待大厅" in page
    base = {"kind": "reception_day", "reception_day": county_day.pk, "held_on": "2026-03-02", "leader": leader.pk,
            "place": "县信访局接待大厅", "matters-TOTAL_FORMS": "2", "matters-INITIAL_FORMS": "0",
            "matters-MIN_NUM_FORMS": "1", "matters-MAX_NUM_FORMS": "50"}
    answered = {"names": "刘建国", "headcount": "1", "subject": "工资", "content": "拖欠工资", "category": category.pk,
                "place": village.pk, "outcome": "answered", "decision": "当场联系企业结清"}
    case = {"names": "王秀英、李四", "headcount": "6", "subject": "征地补偿", "content": "补偿款未到位",
            "category": category.pk, "place": village.pk, "outcome": "filed", "decision": "立案交办",
            "lead_unit": rsj.pk, "owning_leader": second_leader.pk, "deadline_class": "general"}
    data = dict(base)
    for index, values in enumerate((answered, {**case, "lead_unit": ""})):
        data.update({f"matters-{index}-{k}": v for k, v in values.items()})
    response = client.post(reverse("reception:record_new"), data)
    body = response.content.decode()
    assert response.status_code == 200 and ("a lead unit" in body or "牵头单位" in body)
    assert not ReceptionRecord.objects.exists()
    data.update({"matters-1-lead_unit": rsj.pk})
    response = client.post(reverse("reception:record_new"), data)
    record = ReceptionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reception:record", args=[record.pk])
    assert [m.outcome for m in record.matters.all()] == [MatterOutcome.ANSWERED, MatterOutcome.FILED]
    petition = Petition.objects.get()
    assert petition.responsible_unit == rsj and petition.owning_leader == second_leader
    page = client.get(response["Location"]).content.decode()
    assert petition.number in page and "白志强" in page and petition.handling_due_on.isoformat() in page


def test_an_appointment_is_booked_from_the_form(client, registrar, leader, rsj, zjj):
    client.force_login(registrar)
    response = client.post(reverse("reception:appointment_new"), {
        "subject": "工资拖欠", "content": "要求结清", "representatives": "刘建国 13912345678\n王秀英",
        "headcount": "3", "leader": leader.pk, "date": "2026-03-09", "starts_at": "15:00", "place": "三楼会议室",
        "units": [rsj.pk, zjj.pk],
    })
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert [(r.name, r.phone) for r in appointment.representatives.all()] == [("刘建国", "13912345678"), ("王秀英", "")]
    assert appointment.notices.count() == 2


def test_a_campaign_is_created_from_the_form_with_its_rota(client, registrar, leader, second_leader):
    client.force_login(registrar)
    response = client.post(reverse("reception:campaign_new"), {
        "title": "春季大接访", "starts_on": "2026-03-02", "ends_on": "2026-03-06", "place": "大厅",
        "rota": "2026-03-02 王县长\n2026-03-03 白志强 王县长\n2026-03-04 张三",
    })
    assert response.status_code == 200 and "张三" in response.content.decode()
    response = client.post(reverse("reception:campaign_new"), {
        "title": "春季大接访", "starts_on": "2026-03-02", "ends_on": "2026-03-06", "place": "大厅",
        "rota": "2026-03-02 王县长\n2026-03-03 白志强 leader",
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "白志强" in page and "王县长" in page


def test_the_ledgers_export_only_what_the_user_sees(client, handler, registrar, records):
    import io

    from openpyxl import load_workbook

    for user, expected in ((registrar, 3), (handler, 1)):
        response = get(client, user, "ledger_export", "records")
        rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
        assert len(rows) - 1 == expected
    client.force_login(handler)
    assert client.post(reverse("reception:ledger_import", args=["days"])).status_code == 403
    assert get(client, handler, "ledger_export", "nothing").status_code == 404


def test_the_records_list_counts_batches_and_outcomes(client, registrar, records):
    page = get(client, registrar, "records").content.decode()
    assert page.count('href="/reception/records/') >= 2
    kinds = get(client, registrar, "records", kind=ReceptionKind.JOINT).content.decode()
    assert "/reception/records/" not in kinds.split("<tbody>")[1]


def test_the_filed_case_is_on_the_lead_unit_s_worklist_with_owner_and_due_date(client, records, rsj_handler):
    petition = Petition.objects.get()
    client.force_login(rsj_handler)
    page = client.get(reverse("petitions:worklist"), {"tab": "unit"}).content.decode()
    assert petition.number in page and "白志强" in page and petition.handling_due_on.isoformat() in page


def test_an_appointment_form_takes_its_day_from_the_access_rule_and_ignores_a_bad_one(client, registrar, county_day):
    client.force_login(registrar)
    page = client.get(reverse("reception:appointment_new") + f"?day={county_day.pk}").content.decode()
    assert "县信访局接待大厅" in page
    assert client.get(reverse("reception:appointment_new") + "?day=abc").status_code == 200
