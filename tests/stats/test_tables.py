"""The statistical tables (.xlsx): Chinese headings, every figure the stats module's, and the 合计 row the sum of the
rows (the small county of ``conftest.py``, 2026 counted on 15 January 2027); the dispute-screening sheet by township."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from organisation.models import Role
from stats.figures import compute
from stats.periods import Period
from stats.tables import UNIT_COLUMNS, write_tables
from stats.units import by_unit

from ..factories import UserFactory
from .conftest import AS_OF, SHANGHAI

pytestmark = pytest.mark.django_db


def workbook(period, unit=None):
    buffer = io.BytesIO()
    write_tables(period, unit, buffer, as_of=AS_OF)
    buffer.seek(0)
    return load_workbook(buffer)


def unit_rows(ws):
    """Label → values of the data rows (from row 5 to the 合计 row)."""
    rows = {}
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[0] is None:
            break
        rows[row[0]] = row[1:]
    return rows


def test_the_rows_by_unit_add_up_to_the_scope(county_data):
    table = by_unit(Period.year(2026), as_of=AS_OF)
    total = table.total
    assert sum((r.volume.all_channel_total for r in table.rows), 0) == total.volume.all_channel_total
    assert sum((r.volume.items for r in table.rows), 0) == total.volume.items
    assert sum((r.handling.filed for r in table.rows), 0) == total.handling.filed
    assert sum((r.handling.due for r in table.rows), 0) == total.handling.due
    labels = [str(r.label) for r in table.rows]
    assert labels[:3] == ["化子坪镇", "建华镇", "县人社局"]


def test_sheet_by_unit_headings_title_and_totals(county_data):
    wb = workbook(Period.quarter(2026, 3))
    ws = wb["按单位"]
    assert ws["A1"].value == "全县2026年第三季度信访情况统计表"
    assert "统计时段：2026年7月1日至2026年9月30日" in ws["A2"].value
    assert "A1:Z1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A3"].value == "单位"
    assert ws["C3"].value == "来访" and ws["C4"].value == "批次" and ws["D4"].value == "人次"
    assert ws["E3"].value == "其中集体访"
    assert {ws.cell(3, c).value for c in range(1, 27)} >= {"越级访合计", "到市", "到省", "进京"}
    assert ws["B3"].border.left.style == "thin"


def test_total_row_equals_the_stats_module_and_the_sum_of_rows(county_data):
    period = Period.year(2026)
    figures = compute(period, as_of=AS_OF)
    rows = unit_rows(workbook(period)["按单位"])
    total = rows.pop("合计")
    headings = [c.heading for c in UNIT_COLUMNS]
    column = {h.replace("\n", ""): i for i, h in enumerate(headings)}
    assert total[0] == figures.volume.letters
    assert total[1:3] == (figures.volume.visits.batches, figures.volume.visits.persons)
    assert total[column["信访总量（全口径）（件（人）次）"]] == figures.volume.all_channel_total
    assert total[column["受理（件）"]] == figures.handling.filed
    assert total[column["按期办结率（%）"]] == float(figures.rates.on_time_closure.percent(1))
    assert total[column["信访总量同比（%）"]] == float(figures.year_on_year.change("all_channel_total").percent(1))
    for index, value in enumerate(total):
        if isinstance(value, int):
            assert sum(r[index] for r in rows.values() if isinstance(r[index], int)) == value, headings[index]


def test_a_rate_without_denominator_reads_not_computable(county_data):
    rows = unit_rows(workbook(Period.month(2026, 8))["按单位"])
    index = [c.heading for c in UNIT_COLUMNS].index("满意率\n（%）")
    assert rows["合计"][index] == "无法计算"


def test_sheet_by_category(county_data):
    period = Period.year(2026)
    figures = compute(period, as_of=AS_OF)
    ws = workbook(period)["按类别"]
    assert ws["A1"].value == "全县2026年信访情况分类统计表"
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["类别", "件数\n（件）", "件（人）次", "占比\n（%）",
                                                         "去年同期\n（件）", "同比\n（%）"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    by_label = {str(r.label): r for r in figures.breakdowns.category}
    assert rows["劳动社保"][0] == by_label["劳动社保"].items
    assert rows["　其中：拖欠工资"][0] <= rows["劳动社保"][0]
    assert rows["合计"][0] == figures.volume.items
    assert sum(rows[str(r.label)][0] for r in figures.breakdowns.category) == figures.volume.items


def test_download_from_the_statistics_page(client, bureau, county_data):
    supervisor = UserFactory(username="supervisor", unit=bureau, roles=[Role.SUPERVISOR])
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=SHANGHAI), tick=False):
        client.force_login(supervisor)
        response = client.get("/stats/tables.xlsx", {"kind": "quarter", "year": "2026", "quarter": "3"})
        bad = client.get("/stats/tables.xlsx", {"kind": "month", "year": "2026"})
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["按单位", "按类别", "矛盾纠纷排查化解"]
    assert bad.status_code == 400 and "请选择月份" in bad.content.decode()


def test_a_unit_handler_may_not_download_the_tables(client, township, other_township, county_data):
    """The tables count every item of the units in them, also those he may not see: for the bureau only."""
    handler = UserFactory(username="handler", unit=township, roles=[Role.UNIT_HANDLER])
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=SHANGHAI), tick=False):
        client.force_login(handler)
        for unit in (township, other_township):
            response = client.get("/stats/tables.xlsx", {"kind": "year", "year": "2026", "unit": unit.pk})
            assert response.status_code == 403


# ------------------------------------------------------------------------------------------------------------
# The dispute-screening sheet (two townships, counted by hand).

SCREENING_NOW = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def screened(registrar, handler, other_handler, township, other_township, village, other_village, officer,
             other_officer):
    """化子坪镇: disputes A (Feb) and B (Mar) resolved, C accepted from an officer's report on 2 June, under way;
    reported nil on the March campaign; two officers' reports on 1 June, one accepted (C), one never screened
    (overdue by 30 June). 建华镇: D escalated, E under way; has not reported on the campaign; one officer's report on
    29 June, waiting within its limit."""
    from screening import actions
    from screening.models import CampaignKind, Method

    from ..screening.conftest import dispute_data

    def attempt(dispute, actor, result, **extra):
        actions.dispute_attempt(actor=actor, dispute=dispute, data=actions.AttemptData(
            method=Method.PEOPLES_MEDIATION, by="镇人民调解委员会", on=dt.date(2026, 5, 6), result=result,
            text="调解", **extra))

    def found(actor, unit, place, on):
        return actions.dispute_register(actor=actor, data=dispute_data(unit, place=place, found_on=on), on=on)

    with time_machine.travel(SCREENING_NOW, tick=False):
        campaign = actions.campaign_create(actor=registrar, data=actions.CampaignData(
            kind=CampaignKind.REGULAR, name="三月排查", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 31),
            units=[township, other_township]))
        actions.campaign_report(actor=handler, campaign=campaign, unit=township, nil=True, on=dt.date(2026, 3, 20))
        a = found(handler, township, village, dt.date(2026, 2, 2))
        b = found(handler, township, village, dt.date(2026, 3, 2))
        d = found(other_handler, other_township, other_village, dt.date(2026, 3, 9))
        found(other_handler, other_township, other_village, dt.date(2026, 5, 9))
        attempt(a, handler, "resolved")
        attempt(b, handler, "resolved")
        attempt(d, other_handler, "escalated", escalated_to="县人民法院")
        june_1 = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)
        accepted = actions.report_submit(actor=officer, data=actions.ReportData(what="两户争吵", where="三组"), at=june_1)
        actions.report_submit(actor=officer, data=actions.ReportData(what="土地纠纷", where="五组"), at=june_1)
        actions.report_submit(actor=other_officer, data=actions.ReportData(what="争执", where="二组"),
                              at=dt.datetime(2026, 6, 29, 2, 0, tzinfo=dt.UTC))
        actions.report_accept(actor=handler, report=accepted, on=dt.date(2026, 6, 2), data=dispute_data(
            township, place=village, found_on=dt.date(2026, 6, 2)))


def screening_rows(ws):
    return {row[0]: row[1:] for row in ws.iter_rows(min_row=5, values_only=True) if row[0] and row[0] != "单位"
            and not row[0].startswith("说明") and not row[0].startswith("2.")}


def test_the_screening_sheet_by_township(screened):
    buffer = io.BytesIO()
    write_tables(Period.custom(dt.date(2026, 1, 1), dt.date(2026, 6, 30)), None, buffer, as_of=dt.date(2026, 6, 30))
    ws = load_workbook(buffer)["矛盾纠纷排查化解"]
    assert ws["A1"].value.endswith("矛盾纠纷排查化解情况统计表")
    assert [c.value for c in ws[3]][:6] == ["单位", "矛盾纠纷（起）", None, None, None, "化解率\n（%）"]
    assert [c.value for c in ws[4]][1:] == ["排查出", "化解", "正在化解", "本级无法化解\n已上报", None, "已报送", "未报送",
                                            "收到", "转为矛盾纠纷", "逾期甄别"]
    # found, resolved, under way, escalated, 化解率, campaigns reported / not, reports received / accepted / overdue
    assert screening_rows(ws) == {
        "化子坪镇": (3, 2, 1, 0, 66.7, 1, 0, 2, 1, 1),
        "建华镇": (2, 0, 1, 1, 0.0, 0, 1, 1, 0, 0),
        "合计": (5, 2, 2, 1, 40.0, 1, 1, 3, 1, 1),
    }
    assert ws["F5"].number_format == '0.0"%"'


def test_the_screening_sheet_of_a_township_and_a_rate_without_disputes(screened, township, other_township):
    buffer = io.BytesIO()
    write_tables(Period.month(2026, 1), other_township, buffer, as_of=dt.date(2026, 6, 30))
    rows = screening_rows(load_workbook(buffer)["矛盾纠纷排查化解"])
    assert rows == {"建华镇": (0, 0, 0, 0, "无法计算", 0, 0, 0, 0, 0), "合计": (0, 0, 0, 0, "无法计算", 0, 0, 0, 0, 0)}
