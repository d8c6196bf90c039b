"""The campaign's 排查情况汇总表 as .docx in official-document style: laid out by ``petitions.documents`` (GB/T 9704),
the units' rows as a table in 仿宋 小四. Always in Chinese; never a party's name or contact — the disputes are
counted, not listed."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT

from petitions.documents import (
    HEADING_FONT,
    Block,
    Style,
    add_block,
    bureau_name,
    official_date,
    page_setup,
    table_cell,
)

from .models import ScreeningCampaign
from .selectors import CampaignSheet

HEADINGS = ("序号", "单位", "报告情况", "排查出", "已化解", "正在化解", "已上报", "备注")
KIND_WORDS = {"regular": "拉网式排查", "special": "专项排查"}


def _report_words(row) -> str:
    report = row.report
    if not report.has_reported:
        return "未报告"
    return f"{report.reported_on.month}月{report.reported_on.day}日" + ("零报告" if report.is_nil else "已报告")


def campaign_summary(sheet: CampaignSheet, *, today: dt.date) -> bytes:
    campaign = sheet.campaign
    with translation.override("zh-hans"):
        document = Document()
        page_setup(document)
        title = f"{campaign.name}排查情况汇总表"
        document.core_properties.title = title
        document.core_properties.author = ""
        add_block(document, Block(Style.TITLE, title))
        add_block(document, Block(Style.BODY, (
            f"排查类型：{KIND_WORDS.get(campaign.kind, '')}；排查时间：{official_date(campaign.starts_on)}至"
            f"{official_date(campaign.ends_on)}。")))
        if campaign.topics:
            add_block(document, Block(Style.BODY, "排查重点：" + "、".join(campaign.topics) + "。"))
        reported, missing = sheet.reported, sheet.not_reported
        text = (f"应报告单位{len(sheet.rows)}个，已报告{len(reported)}个（其中零报告{sheet.nil}个）"
                f"，共排查出矛盾纠纷{sheet.total('found')}起，已化解{sheet.total('resolved')}起，"
                f"正在化解{sheet.total('under_way')}起，本级无法化解、已上报{sheet.total('escalated')}起。")
        if missing:
            text += "尚未报告：" + "、".join(r.unit.name for r in missing) + "。"
        add_block(document, Block(Style.BODY, text))
        table = document.add_table(rows=1, cols=len(HEADINGS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
            table_cell(cell, heading, font=HEADING_FONT)
        for number, row in enumerate(sheet.rows, start=1):
            values = [str(number), row.unit.name, _report_words(row), str(row.found), str(row.resolved),
                      str(row.under_way), str(row.escalated), row.report.note]
            for cell, value in zip(table.add_row().cells, values, strict=True):
                table_cell(cell, value)
        totals = ["", "合计", f"已报告{len(reported)}/{len(sheet.rows)}", *(str(sheet.total(n)) for n in (
            "found", "resolved", "under_way", "escalated")), ""]
        for cell, value in zip(table.add_row().cells, totals, strict=True):
            table_cell(cell, value, font=HEADING_FONT)
        issued = official_date(today)
        add_block(document, Block(Style.ISSUER, bureau_name()), date_text=issued)
        add_block(document, Block(Style.DATE, issued))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def campaign_filename(campaign: ScreeningCampaign) -> str:
    return f"{campaign.name}排查情况汇总表.docx"
