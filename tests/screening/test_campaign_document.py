"""The campaign's 排查情况汇总表 (.docx, ``screening/documents.py``): official-document style, one row per unit that
must screen (reported on / nil / not reported, and the disputes it found by outcome), the totals, the focus topics;
counted over the disputes the downloading user sees, and never a party's name or contact."""

import datetime as dt
import io
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from screening import actions

from .conftest import dispute_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 8, 9, 0, tzinfo=dt.UTC)
NAME = "2026年清明节前矛盾纠纷专项排查"


def east_asia(run) -> str | None:
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture
def campaign(supervisor, township, other_township):
    with time_machine.travel(NOW, tick=False):
        return actions.campaign_create(actor=supervisor, data=actions.CampaignData(
            kind="special", name=NAME, starts_on=dt.date(2026, 3, 25), ends_on=dt.date(2026, 4, 10),
            units=[township, other_township], focus_topics=""))


@pytest.fixture
def found(handler, other_handler, campaign, township, other_township, village, other_village):
    """化子坪镇 found three disputes: one resolved, one escalated, one still being resolved, and reported on 4月3日;
    建华镇 found none and reported nil on 4月6日."""
    with time_machine.travel(NOW, tick=False):
        resolved, escalated, _ = (
            actions.dispute_register(actor=handler, on=dt.date(2026, 3, 27), data=dispute_data(
                township, place=village, campaign=campaign, found_on=dt.date(2026, 3, 27)))
            for _ in range(3))
        actions.dispute_attempt(actor=handler, dispute=resolved, data=actions.AttemptData(
            method="peoples", by="镇人民调解委员会", on=dt.date(2026, 3, 30), result="resolved", text="双方达成协议"))
        actions.dispute_attempt(actor=handler, dispute=escalated, data=actions.AttemptData(
            method="administrative", by="镇综治中心", on=dt.date(2026, 3, 31), result="escalated",
            escalated_to="县自然资源局", text="涉及土地确权，本级无法化解"))
    with time_machine.travel(dt.datetime(2026, 4, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        actions.campaign_report(actor=handler, campaign=campaign, unit=township, note="排查12个村")
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0, tzinfo=dt.UTC), tick=False):
        actions.campaign_report(actor=other_handler, campaign=campaign, unit=other_township, nil=True)


def download(client, user, campaign):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("screening:campaign_document", args=[campaign.pk]))
    assert response.status_code == 200, response.status_code
    return response, Document(io.BytesIO(response.content))


def cells(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in document.tables[0].rows]


def all_text(document) -> str:
    return "\n".join([p.text for p in document.paragraphs] + ["\t".join(r) for r in cells(document)])


def test_each_unit_has_a_row_with_its_report_and_the_disputes_by_outcome(client, supervisor, campaign, found):
    response, document = download(client, supervisor, campaign)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert f"{NAME}排查情况汇总表.docx" in unquote(response["Content-Disposition"])
    assert cells(document) == [
        ["序号", "单位", "报告情况", "排查出", "已化解", "正在化解", "已上报", "备注"],
        ["1", "化子坪镇", "4月3日已报告", "3", "1", "1", "1", "排查12个村"],
        ["2", "建华镇", "4月6日零报告", "0", "0", "0", "0", ""],
        ["", "合计", "已报告2/2", "3", "1", "1", "1", ""],
    ]
    text = all_text(document)
    assert "排查类型：专项排查；排查时间：2026年3月25日至2026年4月10日。" in text
    assert ("应报告单位2个，已报告2个（其中零报告1个），共排查出矛盾纠纷3起，已化解1起，正在化解1起，"
            "本级无法化解、已上报1起。") in text
    assert "尚未报告" not in text and "排查重点" not in text  # everyone reported; the campaign named no topics


def test_official_document_style_and_no_party(client, supervisor, campaign, found):
    _, document = download(client, supervisor, campaign)
    title = document.paragraphs[0]
    assert title.text == f"{NAME}排查情况汇总表"
    assert all(east_asia(run) == "方正小标宋简体" for run in title.runs)
    body = [run for p in document.paragraphs[1:3] for run in p.runs]
    assert body and all(east_asia(run) == "仿宋_GB2312" for run in body)
    data_runs = [run for row in document.tables[0].rows[1:3] for c in row.cells for p in c.paragraphs for run in p.runs]
    assert data_runs and all(east_asia(run) == "仿宋_GB2312" and run.font.size == Pt(12) for run in data_runs)
    text = all_text(document) + document.core_properties.title + document.core_properties.author
    for personal in ("张三", "13812345678", "申请方"):
        assert personal not in text


def test_a_township_downloads_the_sheet_counting_only_the_disputes_it_sees(client, other_handler, campaign, found):
    """建华镇 is not told of 化子坪镇's disputes: its row there counts none, but who reported stays visible."""
    _, document = download(client, other_handler, campaign)
    rows = {row[1]: row[2:7] for row in cells(document)[1:]}
    assert rows["化子坪镇"] == ["4月3日已报告", "0", "0", "0", "0"]
    assert rows["合计"] == ["已报告2/2", "0", "0", "0", "0"]
    assert "共排查出矛盾纠纷0起" in all_text(document)


def test_units_not_reported_are_named(client, supervisor, handler, campaign, township):
    with time_machine.travel(NOW, tick=False):
        actions.campaign_report(actor=handler, campaign=campaign, unit=township, nil=True)
    _, document = download(client, supervisor, campaign)
    assert cells(document)[2][:3] == ["2", "建华镇", "未报告"]
    assert cells(document)[3][2] == "已报告1/2"
    assert "尚未报告：建华镇。" in all_text(document)


def test_the_download_follows_the_campaign_rule(client, officer, campaign):
    """Information officers see no campaign, so not its sheet either; an unknown campaign is 404 too."""
    client.force_login(officer)
    assert client.get(reverse("screening:campaign_document", args=[campaign.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("screening:campaign_document", args=[campaign.pk]))
    assert response.status_code == 302  # to the sign-in page
