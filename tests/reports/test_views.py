"""The report pages: who may open which report, editing the draft, regenerating, exporting the .docx."""

import datetime as dt
import io
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from organisation.models import Role, UnitKind
from reports.models import ReportDraft

from ..factories import UnitFactory, UserFactory
from .conftest import AS_OF

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # "today" for the as-of date checks


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def supervisor(bureau):
    return UserFactory(username="supervisor", full_name="局长", unit=bureau, roles=[Role.SUPERVISOR])


@pytest.fixture
def handler(township):
    return UserFactory(username="handler", full_name="镇办理员", unit=township, roles=[Role.UNIT_HANDLER])


def open_report(client, period="2026", scope="", as_of=AS_OF):
    return client.post(reverse("reports:index"), {"period": period, "scope": scope, "as_of": as_of.isoformat()})


def edit_post(draft, **changes):
    data = {"title": draft.title}
    for i, section in enumerate(draft.sections):
        data[f"heading_{i}"] = section["heading"]
        data[f"text_{i}"] = section["text"]
    data.update(changes)
    return data


def read_docx(response):
    return Document(io.BytesIO(response.content))


def east_asian_font(paragraph):
    return paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_menu_leads_bureau_staff_to_the_reports(client, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("petitions:worklist")).content.decode()
    assert reverse("reports:index") in page and "工作总结与通报" in page and "统计分析" in page


def test_bureau_staff_open_a_year_end_summary_and_see_the_generated_text(client, supervisor, county_data):
    client.force_login(supervisor)
    response = open_report(client)
    draft = ReportDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:draft", args=[draft.pk])
    assert (draft.period, draft.unit, draft.author, draft.as_of, draft.edited_at) == ("2026", None, supervisor,
                                                                                       AS_OF, None)
    page = client.get(response["Location"]).content.decode()
    assert "县信访局2026年信访工作总结" in page
    assert "全县共接待受理群众来信来访30件（人）次，较去年同期的11件（人）次上升了173%。" in page
    assert "尚有待您填写的内容" in page  # the author's places are still marked
    # Opening the same period and scope again returns the same draft, not a second one.
    assert open_report(client)["Location"] == reverse("reports:draft", args=[draft.pk])
    assert ReportDraft.objects.count() == 1


def test_edits_are_kept_and_exported_in_official_document_style(client, supervisor, county_data):
    client.force_login(supervisor)
    open_report(client)
    draft = ReportDraft.objects.get()
    problems = [i for i, s in enumerate(draft.sections) if s["key"] == "problems"][0]
    edited = "（一）基层化解不够及时\n部分镇对重复信访苗头重视不够。  \r\n\r\n个别单位回复不及时。"
    response = client.post(reverse("reports:draft", args=[draft.pk]), edit_post(
        draft, title="县信访局2026年度信访工作总结", **{f"text_{problems}": edited}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "县信访局2026年度信访工作总结"
    assert draft.sections[problems]["text"] == "（一）基层化解不够及时\n部分镇对重复信访苗头重视不够。\n个别单位回复不及时。"
    assert draft.edited_at == NOW

    response = client.get(reverse("reports:download", args=[draft.pk]))
    assert response.status_code == 200
    assert "县信访局2026年度信访工作总结.docx" in unquote(response["Content-Disposition"])
    document = read_docx(response)
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    assert texts[0] == "县信访局2026年度信访工作总结"
    assert texts[1].startswith("全县共接待受理群众来信来访30件（人）次")
    heading = texts.index(draft.sections[problems]["heading"])
    assert draft.sections[problems]["heading"].endswith("、存在的问题")
    assert texts[heading + 1:heading + 4] == [
        "（一）基层化解不够及时", "部分镇对重复信访苗头重视不够。", "个别单位回复不及时。"]
    assert texts[-2:] == ["县信访局", "2027年1月15日"]  # the as-of date, not today

    by_text = {p.text: p for p in paragraphs}
    title = paragraphs[0]
    assert east_asian_font(title) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = by_text["部分镇对重复信访苗头重视不够。"]
    assert east_asian_font(body) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert east_asian_font(by_text["一、信访事项办理情况"]) == "黑体"
    assert east_asian_font(by_text["（一）基层化解不够及时"]) == "楷体_GB2312"
    assert east_asian_font(by_text["（一）受理交办情况"]) == "楷体_GB2312"
    section = document.sections[0]
    assert [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                            section.bottom_margin, section.left_margin, section.right_margin)] == [
        210, 297, 37, 35, 28, 26]


def test_the_export_is_in_chinese_whatever_the_interface_language(client, supervisor, county_data):
    client.force_login(supervisor)
    client.cookies["django_language"] = "en"
    open_report(client, period="2026-03")
    draft = ReportDraft.objects.get()
    assert draft.title == "县信访局2026年3月信访情况通报"
    texts = [p.text for p in read_docx(client.get(reverse("reports:download", args=[draft.pk]))).paragraphs]
    assert "二、重复信访情况" in texts


def test_regenerating_replaces_the_edits_after_a_warning(client, supervisor, county_data):
    client.force_login(supervisor)
    open_report(client)
    draft = ReportDraft.objects.get()
    client.post(reverse("reports:draft", args=[draft.pk]), edit_post(draft, text_0="我改写的开头。"))
    page = client.get(reverse("reports:draft", args=[draft.pk])).content.decode()
    assert "我改写的开头。" in page
    assert "重新生成将按统计数据生成新的初稿，替换全文，包括您所做的全部修改。" in page
    assert "确定重新生成草稿吗？" in page  # the confirmation asked before the form is sent

    response = client.post(reverse("reports:regenerate", args=[draft.pk]), {"as_of": "2027-01-18"}, follow=True)
    assert "此前的修改已被替换" in response.content.decode()
    draft.refresh_from_db()
    assert draft.sections[0]["text"].startswith("全县共接待受理群众来信来访30件（人）次")
    assert (draft.as_of, draft.edited_at) == (dt.date(2027, 1, 18), None)


def test_bad_input_gets_a_clear_chinese_message(client, supervisor, county_data):
    client.force_login(supervisor)
    response = open_report(client, period="2026年")
    assert response.status_code == 400
    assert "“2026年”不是有效的统计期间。请填写年份（2026）、季度（2026-Q1）、月份（2026-03）" in response.content.decode()
    response = open_report(client, period="2026-01-05..2026-02-10")
    assert "报告的期间须为一年、一个季度或一个月" in response.content.decode()
    response = open_report(client, period="2026", as_of=dt.date(2027, 2, 1))
    assert "数据截止日期不能晚于今天（2027-01-20）。" in response.content.decode()
    response = open_report(client, period="2027-Q2", as_of=dt.date(2027, 1, 15))
    assert response.status_code == 400 and ReportDraft.objects.count() == 0


def test_a_township_writes_no_report(client, handler, county_data):
    """A report counts every item of its scope, also those a township's handler may not see (stats.access)."""
    client.force_login(handler)
    township = county_data.units["T"]
    assert client.get(reverse("reports:index")).status_code == 403
    assert open_report(client, period="2026-Q1", scope=str(township.pk)).status_code == 403
    assert not ReportDraft.objects.exists()


def test_a_draft_is_its_authors_alone(client, supervisor, handler, county_data):
    client.force_login(supervisor)
    open_report(client)
    draft = ReportDraft.objects.get()
    colleague = UserFactory(username="colleague", unit=supervisor.unit, roles=[Role.REGISTRAR])
    client.force_login(colleague)
    for name in ("reports:draft", "reports:download"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("reports:regenerate", args=[draft.pk]), {"as_of": "2027-01-15"}).status_code == 404
    client.force_login(handler)
    assert client.get(reverse("reports:draft", args=[draft.pk])).status_code == 404


def test_who_may_not_see_statistics_is_refused(client, county_data):
    city_staff = UserFactory(username="city", unit=UnitFactory(name="市信访局", kind=UnitKind.CITY_BUREAU),
                             roles=[Role.UNIT_HANDLER])
    client.force_login(city_staff)
    assert client.get(reverse("reports:index")).status_code == 403
    client.logout()
    assert client.get(reverse("reports:index")).status_code == 302  # to the login page
