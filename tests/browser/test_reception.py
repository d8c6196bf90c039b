"""In real headless Chromium, in Chinese: a county leader's reception day is scheduled, an appointment is booked and
its notice printed, the reception is recorded with one matter answered on the spot and one filed as a case, the filed
case is on the lead unit's worklist with its owner and due date, and the minutes download as .docx."""

import datetime as dt
import io
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from docx import Document

from organisation.models import Role, UnitKind
from petitions.models import Petition
from reception.models import Appointment, ReceptionDay, ReceptionRecord
from workdays.calendar import WorkCalendar

from ..factories import CategoryFactory, UnitFactory, UserFactory
from .test_visit_to_reply import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def next_working_monday() -> dt.date:
    """A Monday after today that is a working day: the leader's reception day (the browser's clock stays real, so
    the server's frozen day is just ahead of it and the login cookie stays valid)."""
    calendar = WorkCalendar({})
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 0 or not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def county(transactional_db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    government = UnitFactory(name="县委县政府", kind=UnitKind.COUNTY)
    township = UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)
    UnitFactory(name="化子坪村", kind=UnitKind.COMMUNITY, parent=township)
    rsj = UnitFactory(name="县人社局", kind=UnitKind.DEPARTMENT)
    UnitFactory(name="县住建局", kind=UnitKind.DEPARTMENT)
    CategoryFactory(name="劳动社保")
    UserFactory(username="registrar", full_name="登记员小李", unit=bureau, roles=[Role.REGISTRAR])
    leader = UserFactory(username="leader", full_name="王县长", unit=government, roles=[Role.LEADER], position="副县长")
    UserFactory(username="rsj", full_name="人社局办理员", unit=rsj, roles=[Role.UNIT_HANDLER])
    return {"government": government, "leader": leader, "rsj": rsj}


def download(page, selector) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    path = download.path()
    text = "\n".join(p.text for p in Document(io.BytesIO(open(path, "rb").read())).paragraphs)
    return download.suggested_filename, text


def test_reception_day_appointment_record_and_filed_case(page, live_server, county):
    monday = next_working_monday()
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime.combine(monday, dt.time(8, 0), tzinfo=shanghai), tick=True):
        # The registrar publishes the county leader's reception day: every Monday morning.
        log_in(page, live_server, "registrar")
        page.goto(f"{live_server.url}/reception/")
        assert "领导接待日" in page.content()
        page.click("#new-schedule")
        page.select_option("#id_leader", str(county["leader"].pk))
        page.select_option("#id_unit", str(county["government"].pk))
        page.select_option("#id_tier", "county")
        page.fill("#id_place", "县信访局群众接待大厅")
        page.fill("#id_starts_at", "09:00")
        page.fill("#id_ends_at", "12:00")
        page.select_option("#id_recurrence", "weekdays")
        page.check("#id_weekdays_0")
        page.fill("#id_valid_from", monday.isoformat())
        page.fill("#id_publish_until", (monday + dt.timedelta(days=27)).isoformat())
        page.click("#reception-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/reception/$"))
        assert "县信访局群众接待大厅" in page.content()
        day = ReceptionDay.objects.get(date=monday)
        page.screenshot(path="/tmp/reception-schedule.png", full_page=True)

        # An appointment on that day for a matter that needs two departments; the notice is printed.
        page.click(f"a[href='/reception/days/{day.pk}/']")
        page.click("#book-on-day")
        page.fill("#id_subject", "农民工工资拖欠涉及多个部门")
        page.fill("#id_content", "十二名农民工反映某工地拖欠工资三十万元，涉及人社、住建两个部门。")
        page.fill("#id_representatives", "刘建国 13912345678\n王秀英 13800001111")
        page.fill("#id_headcount", "12")
        page.fill("#id_starts_at", "10:30")
        page.select_option("#id_units", label=["县人社局", "县住建局"])
        page.click("#reception-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/reception/appointments/\d+/$"))
        appointment = Appointment.objects.get()
        assert appointment.notices.count() == 2
        name, text = download(page, "#print-notice")
        assert name.endswith(".docx") and "预约接待通知书" in text and "刘建国、王秀英：" in text
        assert "王县长（副县长）" in text and "县信访局群众接待大厅" in text and "10时30分" in text
        assert "13912345678" not in text
        page.screenshot(path="/tmp/reception-appointment.png", full_page=True)

        # The reception is recorded: one matter answered on the spot, one filed as a case for the 人社局.
        page.goto(f"{live_server.url}/reception/days/{day.pk}/")
        page.click("#record-day")
        page.fill("#id_matters-0-names", "张三")
        page.fill("#id_matters-0-subject", "咨询养老保险补缴政策")
        page.fill("#id_matters-0-content", "询问灵活就业人员养老保险补缴办法。")
        page.select_option("#id_matters-0-category", label="劳动社保")
        page.select_option("#id_matters-0-place", label="化子坪村")
        page.select_option("#id_matters-0-outcome", "answered")
        page.fill("#id_matters-0-decision", "现场解释补缴政策，来访人表示满意。")
        page.click("#add-matter")
        page.fill("#id_matters-1-names", "刘建国、王秀英")
        page.fill("#id_matters-1-headcount", "12")
        page.fill("#id_matters-1-subject", "农民工工资拖欠涉及多个部门")
        page.fill("#id_matters-1-content", "十二名农民工反映某工地拖欠工资三十万元。")
        page.select_option("#id_matters-1-category", label="劳动社保")
        page.select_option("#id_matters-1-place", label="化子坪村")
        page.select_option("#id_matters-1-outcome", "filed")
        page.fill("#id_matters-1-decision", "立案交办，由县人社局牵头，会同县住建局督促建设单位支付。")
        page.select_option("#id_matters-1-lead_unit", label="县人社局")
        page.select_option("#id_matters-1-owning_leader", str(county["leader"].pk))
        page.select_option("#id_matters-1-deadline_class", "urgent")
        page.screenshot(path="/tmp/reception-record-form.png", full_page=True)
        page.click("#record-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/reception/records/\d+/$"))
        record = ReceptionRecord.objects.get()
        petition = Petition.objects.get()
        assert record.matters.count() == 2 and petition.responsible_unit == county["rsj"]
        page.screenshot(path="/tmp/reception-record.png", full_page=True)
        assert "现场答复" in page.content() and petition.number in page.content()
        page.screenshot(path="/tmp/reception-record.png", full_page=True)
        name, text = download(page, "#download-minutes")
        assert name.endswith(".docx") and text.startswith("领导接待日纪要")
        assert "处理结果：现场答复" in text and f"立案编号{petition.number}，由县人社局牵头办理，包案领导王县长" in text
        log_out(page)

        # The lead unit finds the case on its worklist with its owner and due date.
        page.fill("#id_username", "rsj")
        page.fill("#id_password", "pass12345")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        page.goto(f"{live_server.url}/?tab=unit")
        row = page.locator("tr", has_text=petition.number)
        assert row.count() == 1
        assert "王县长" in row.inner_text() and petition.handling_due_on.isoformat() in row.inner_text()
        page.screenshot(path="/tmp/reception-worklist.png", full_page=True)
        # And the notice addressed to it.
        page.goto(f"{live_server.url}/reception/notices/")
        assert "农民工工资拖欠涉及多个部门" in page.content()
