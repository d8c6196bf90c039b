"""The screening ledgers: export → import into an empty register gives the same rows; every import all or nothing
with its problems by row and heading; exports read only what the user may see, and never a party's personal data."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ledgers.models import ImportJob, ImportState
from ledgers.registers import import_register, write_register
from screening import actions, ledgers
from screening.models import (
    AttemptResult,
    CampaignUnit,
    Dispute,
    DisputeParty,
    Incident,
    IncidentAction,
    ResolutionAttempt,
    ScreeningCampaign,
    ScreeningEvent,
)

from .conftest import dispute_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
LATER = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def export(name, user) -> io.BytesIO:
    buffer = io.BytesIO()
    write_register(ledgers.REGISTERS[name], ledgers.records_of(name, user), buffer)
    buffer.seek(0)
    return buffer


def rows_of(file) -> list[tuple]:
    file.seek(0)
    rows = list(load_workbook(file).active.values)
    file.seek(0)
    return rows


def campaigns_content():
    return [(r.campaign.name, r.campaign.kind, r.campaign.starts_on, r.campaign.ends_on, r.campaign.focus_topics,
             r.unit_id, r.reported_on, r.is_nil, r.note)
            for r in CampaignUnit.objects.select_related("campaign").order_by("campaign__starts_on", "unit__path")]


def disputes_content():
    return [(d.number, d.found_on, d.found_by_unit_id, d.campaign.name if d.campaign_id else None, d.place_id,
             d.place_detail, d.type_id, d.title, d.description, d.people_involved, d.risk_level, d.is_major,
             d.responsible_unit_id, d.due_on, d.state, d.resolved_on, d.escalated_on, d.escalated_to,
             sorted({m for a in d.attempts.all() for m in a.methods}))
            for d in Dispute.objects.order_by("year", "serial")]


def incidents_content():
    return [(i.number, i.title, i.description, i.happened_at, i.place_id, i.place_detail, i.people_involved,
             sorted(u.pk for u in i.units_mobilised.all()), i.started_at, i.stood_down_at, i.result)
            for i in Incident.objects.order_by("year", "serial")]


def empty_the_register():
    ScreeningEvent.objects.all().delete()
    IncidentAction.objects.all().delete()
    Incident.objects.all().delete()
    ResolutionAttempt.objects.all().delete()
    DisputeParty.objects.all().delete()
    Dispute.objects.all().delete()
    ScreeningCampaign.objects.all().delete()


@pytest.fixture
def register_year(supervisor, registrar, handler, other_handler, township, other_township, village, other_village):
    """A campaign in which one township found a dispute and reported, the other reported nil; a resolved, an escalated
    and an open dispute; two emergency linkages, one stood down."""
    campaign = actions.campaign_create(actor=supervisor, data=actions.CampaignData(
        kind="regular", name="2026年第一季度矛盾纠纷拉网式排查", starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31), units=[township, other_township], focus_topics="征地拆迁\n代课教师"))
    found = actions.dispute_register(actor=handler, on=LATER, data=dispute_data(
        township, place=village, campaign=campaign, is_major=True, risk_level="high", place_detail="三组",
        due_on=dt.date(2026, 4, 30)))
    actions.campaign_report(actor=handler, campaign=campaign, unit=township, note="已排查12个村", on=LATER)
    actions.campaign_report(actor=other_handler, campaign=campaign, unit=other_township, nil=True, on=LATER)
    resolved = actions.dispute_register(actor=handler, on=LATER, data=dispute_data(township, title="土地流转纠纷"))
    actions.dispute_attempt(actor=handler, dispute=resolved, data=actions.AttemptData(
        method="peoples", also_methods=["administrative"], by="镇调委会", on=dt.date(2026, 3, 10),
        result=AttemptResult.RESOLVED, text="达成调解协议。"))
    escalated = actions.dispute_register(actor=other_handler, on=LATER, data=dispute_data(
        other_township, place=other_village, title="工程款纠纷"))
    actions.dispute_attempt(actor=other_handler, dispute=escalated, data=actions.AttemptData(
        method="judicial", by="县法院", on=dt.date(2026, 3, 12), result=AttemptResult.ESCALATED, text="移送法院。",
        escalated_to="县人民法院"))
    first = actions.incident_start(actor=handler, at=dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.UTC),
                                   data=actions.IncidentData(
        title="群众聚集", description="三十余人在镇政府门前聚集。", happened_at=dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC),
        place=township, units_mobilised=[township, other_township], people_involved=30, place_detail="镇政府门前"))
    actions.incident_stand_down(actor=handler, incident=first, result="劝导后散去，诉求转入化解。",
                                at=dt.datetime(2026, 3, 5, 6, 0, tzinfo=dt.UTC))
    actions.incident_start(actor=registrar, at=dt.datetime(2026, 3, 18, 1, 0, tzinfo=dt.UTC), data=actions.IncidentData(
        title="讨薪", description="农民工讨要工资。", happened_at=dt.datetime(2026, 3, 18, 0, 30, tzinfo=dt.UTC),
        place=other_township, units_mobilised=[other_township]))
    return found


def test_export_then_import_into_an_empty_register_gives_the_same_rows(register_year, registrar):
    campaigns, disputes, incidents = campaigns_content(), disputes_content(), incidents_content()
    files = {name: export(name, registrar) for name in ledgers.REGISTERS}
    empty_the_register()
    assert not Dispute.objects.exists() and not ScreeningCampaign.objects.exists()
    for name in ("campaigns", "disputes", "incidents", "campaigns"):  # campaigns again: the reports that aren't nil
        files[name].seek(0)
        result = import_register(ledgers.REGISTERS[name], files[name], user=registrar, today=LATER)
        assert result.ok, (name, result.errors)
    assert campaigns_content() == campaigns
    assert disputes_content() == disputes
    assert incidents_content() == incidents
    again = export("disputes", registrar)
    assert rows_of(again)[1:] == [r[:10] + (0,) + r[11:] for r in rows_of(files["disputes"])[1:]]  # parties: 0


def test_the_disputes_ledger_counts_the_parties_and_never_shows_them(register_year, registrar):
    rows = rows_of(export("disputes", registrar))
    headings = rows[0]
    assert headings[:3] == ("编号", "发现日期", "发现单位") and "当事人数" in headings
    first = dict(zip(headings, rows[1], strict=True))
    assert first["编号"] == "纠〔2026〕1号" and first["当事人数"] == 1 and first["风险等级"] == "高"
    assert first["排查活动"] == "2026年第一季度矛盾纠纷拉网式排查" and first["纠纷类型"] == "婚姻家庭邻里/邻里纠纷"
    everything = str(rows)
    assert "张三" not in everything and "13812345678" not in everything and "5678" not in everything


def test_a_township_exports_only_its_own_disputes_and_linkages(register_year, handler, other_handler):
    titles = [r[7] for r in rows_of(export("disputes", handler))[1:]]
    assert titles == ["宅基地边界纠纷", "土地流转纠纷"]
    assert [r[7] for r in rows_of(export("disputes", other_handler))[1:]] == ["工程款纠纷"]
    assert [r[5] for r in rows_of(export("incidents", other_handler))[1:]] == ["群众聚集", "讨薪"]  # mobilised
    assert [r[5] for r in rows_of(export("incidents", handler))[1:]] == ["群众聚集"]


def test_an_officer_gets_403_from_the_ledger_pages(client, officer):
    client.force_login(officer)
    assert client.get(reverse("screening:ledgers")).status_code == 403
    assert client.get(reverse("screening:ledger_export", args=["disputes"])).status_code == 403
    assert client.post(reverse("screening:ledger_import", args=["disputes"])).status_code == 403


def test_the_export_view_sends_what_the_township_may_see(client, register_year, handler):
    client.force_login(handler)
    page = client.get(reverse("screening:ledgers"))
    assert page.status_code == 200 and reverse("screening:ledger_export", args=["incidents"]) in page.content.decode()
    response = client.get(reverse("screening:ledger_export", args=["disputes"]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[7] for r in rows[1:]] == ["宅基地边界纠纷", "土地流转纠纷"]
    assert client.get(reverse("screening:ledger_export", args=["nothing"])).status_code == 404


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


DISPUTE_HEADINGS = ["发现日期", "发现单位", "所在地", "纠纷类型", "纠纷事由", "简要情况", "涉及人数", "风险等级", "责任单位",
                    "状态", "化解日期", "化解方式"]


def test_bad_dispute_rows_are_each_reported_by_row_and_heading_and_nothing_is_saved(registrar, township, village):
    file = workbook("矛盾纠纷台账", DISPUTE_HEADINGS, [
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "低", "化子坪镇", "化解中", None, None),  # 2: ok
        ("2026-03-02", "化子坪镇", "化子坪村", "没有这类", "边界", "争执。", 2, "低", "化子坪镇", "化解中", None, None),
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "很高", "化子坪镇", "化解中", None, None),
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "低", "化子坪镇", "已化解", None, "人民调解"),
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 0, "低", "化子坪镇", "化解中", None, None),
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "低", "化子坪镇", "已化解", "2026-03-09",
         "说服教育"),
    ])
    result = import_register(ledgers.DISPUTES, file, user=registrar, today=LATER)
    assert [(e.row, e.column) for e in result.errors] == [(3, "纠纷类型"), (4, "风险等级"), (5, "化解日期"),
                                                         (6, "涉及人数"), (7, "化解方式")]
    assert not Dispute.objects.exists()


def test_a_row_the_actions_refuse_rolls_back_the_whole_file(handler, township, other_township, village):
    file = workbook("矛盾纠纷台账", DISPUTE_HEADINGS, [
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "低", "化子坪镇", "化解中", None, None),
        ("2026-03-02", "建华镇", "建华镇", "邻里纠纷", "边界", "争执。", 2, "低", "建华镇", "化解中", None, None),  # not its own
    ])
    result = import_register(ledgers.DISPUTES, file, user=handler, today=LATER)
    assert [e.row for e in result.errors] == [3]
    assert "单位只能登记本单位排查出" in result.errors[0].message
    assert not Dispute.objects.exists()


def test_a_township_cannot_import_campaigns(handler, township):
    file = workbook("矛盾纠纷排查活动台账", ["排查活动", "排查类型", "开始日期", "结束日期", "排查单位"], [
        ("春节前专项排查", "专项排查", "2026-03-01", "2026-03-10", "化子坪镇")])
    result = import_register(ledgers.CAMPAIGNS, file, user=handler, today=LATER)
    assert [e.row for e in result.errors] == [2] and "只有信访局可以部署排查" in result.errors[0].message
    assert not ScreeningCampaign.objects.exists()


INCIDENT_HEADINGS = ["启动时间", "发生时间", "地点", "事件", "简要情况", "联动单位", "解除时间", "处置结果"]


def test_incident_rows_are_checked_and_imported_through_the_action(handler, township, other_township):
    bad = workbook("应急联动台账", INCIDENT_HEADINGS, [
        ("2026-03-05 10:00", "2026-03-05 11:00", "化子坪镇", "聚集", "聚集。", "化子坪镇", None, None),  # started first
        ("2026-03-05 10:00", "2026-03-05 09:30", "化子坪镇", "聚集", "聚集。", "化子坪镇", "2026-03-05 12:00", None),
        ("2026-03-05 10:00", "2026-03-05 09:30", "化子坪镇", "聚集", "聚集。", "没有的单位", None, None),
    ])
    result = import_register(ledgers.INCIDENTS, bad, user=handler, today=LATER)
    assert [(e.row, e.column) for e in result.errors] == [(2, "启动时间"), (3, "处置结果"), (4, "联动单位")]
    good = workbook("应急联动台账", INCIDENT_HEADINGS, [
        ("2026-03-05 10:00", "2026-03-05 09:30", "化子坪镇", "聚集", "聚集。", "化子坪镇、建华镇", "2026-03-05 12:00", "散去。"),
    ])
    assert import_register(ledgers.INCIDENTS, good, user=handler, today=LATER).ok
    incident = Incident.objects.get()
    assert incident.number == "应急〔2026〕1号" and incident.started_by == handler and incident.result == "散去。"
    assert incident.stood_down_at == dt.datetime(2026, 3, 5, 4, 0, tzinfo=dt.UTC)  # 12:00 in Beijing
    assert incident.units_mobilised.count() == 2


def test_the_upload_runs_as_a_job_and_saves_through_the_actions(client, handler, township, village):
    client.force_login(handler)
    file = workbook("矛盾纠纷台账", DISPUTE_HEADINGS, [
        ("2026-03-02", "化子坪镇", "化子坪村", "邻里纠纷", "边界", "争执。", 2, "低", "化子坪镇", "化解中", None, None)])
    response = client.post(reverse("screening:ledger_import", args=["disputes"]), {
        "file": SimpleUploadedFile("纠纷.xlsx", file.getvalue())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:job", args=[job.pk])
    assert job.register == "screening.disputes" and job.state == ImportState.DONE and job.imported == 1
    assert Dispute.objects.get().created_by == handler


def test_the_menu_shows_the_ledgers_to_screening_staff(client, handler):
    client.force_login(handler)
    assert f'href="{reverse("screening:ledgers")}"' in client.get(reverse("screening:dispute_list")).content.decode()


def test_the_linked_item_numbers_are_exported_and_the_export_does_not_query_per_row(
        register_year, registrar, petition, django_assert_max_num_queries):
    actions.dispute_link_petition(actor=registrar, dispute=register_year, petition=petition)
    rows = rows_of(export("disputes", registrar))
    linked = dict(zip(rows[0], rows[1], strict=True))["关联信访件"]
    assert linked == petition.number
    for name in ledgers.REGISTERS:
        with django_assert_max_num_queries(3):  # the rows, and one query per prefetched relation
            buffer = io.BytesIO()
            write_register(ledgers.REGISTERS[name], ledgers.records_of(name, registrar), buffer)


def test_a_campaign_already_in_the_system_with_another_period_is_refused(supervisor, township):
    actions.campaign_create(actor=supervisor, data=actions.CampaignData(
        kind="special", name="春节前专项排查", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 10),
        units=[township]))
    file = workbook("矛盾纠纷排查活动台账", ["排查活动", "排查类型", "开始日期", "结束日期", "排查单位", "报告日期", "零报告"], [
        ("春节前专项排查", "专项排查", "2026-03-01", "2026-03-12", "化子坪镇", "2026-03-05", "是")])
    result = import_register(ledgers.CAMPAIGNS, file, user=supervisor, today=LATER)
    assert [(e.row, e.column) for e in result.errors] == [(2, "排查活动")]
    assert not CampaignUnit.objects.filter(reported_on__isnull=False).exists()
