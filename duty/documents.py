"""The printable duty roster (值班表) as .docx in official-document style: the page, the title and the body laid
out by ``petitions.documents`` (GB/T 9704), the shifts as a table in 仿宋 小四. Always in Chinese."""

from __future__ import annotations

import io

from django.utils import timezone, translation
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

from .ledger import SHIFT_WORDS
from .models import DutyRoster
from .selectors import roster_days

WEEKDAYS = "一二三四五六日"


HEADINGS = ("日期", "班次", "值班人员", "值班地点", "联系电话", "带班领导")


def build(roster: DutyRoster) -> bytes:
    with translation.override("zh-hans"):
        document = Document()
        page_setup(document)
        title = f"{roster.name}值班表"
        document.core_properties.title = title
        document.core_properties.author = ""
        add_block(document, Block(Style.TITLE, title))
        add_block(document, Block(Style.BODY, f"值班时间：{official_date(roster.starts_on)}至{official_date(roster.ends_on)}。"))
        for line in roster.requirements.splitlines():
            if line.strip():
                add_block(document, Block(Style.BODY, line.strip()))
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
            table_cell(cell, heading, font=HEADING_FONT)
        for day in roster_days(roster):
            date_text = f"{day.day.month}月{day.day.day}日（周{WEEKDAYS[day.day.weekday()]}）"
            for shift in day.shifts or [None]:
                cells = table.add_row().cells
                values = [date_text, SHIFT_WORDS[shift.shift], shift.staff, shift.place, shift.phone,
                          shift.leader] if shift else [date_text, "", "（待安排）", "", "", ""]
                for cell, value in zip(cells, values, strict=True):
                    table_cell(cell, value)
        issued = official_date(timezone.localdate(roster.created_at))
        add_block(document, Block(Style.ISSUER, bureau_name()), date_text=issued)
        add_block(document, Block(Style.DATE, issued))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def filename(roster: DutyRoster) -> str:
    return f"{roster.name}值班表.docx"
