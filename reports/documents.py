"""A report draft as a .docx in official-document style, laid out by ``petitions.documents`` (GB/T 9704):
title in 方正小标宋简体, body in 仿宋_GB2312 三号, first-level headings "一、" in 黑体, second-level "（一）" in
楷体_GB2312, first-line indent of two characters, A4 with the margins of official documents; the issuer and
the as-of date under the text. Always in Chinese."""

from __future__ import annotations

from django.utils import translation

from petitions.documents import DOCX_CONTENT_TYPE, Block, Style, official_date, render_docx

from .models import ReportDraft
from .summary import SUBHEADING, issuer_name

__all__ = ["DOCX_CONTENT_TYPE", "blocks", "build", "filename"]


def blocks(draft: ReportDraft) -> list[Block]:
    result = [Block(Style.TITLE, draft.title)]
    for section in draft.sections:
        if section["heading"]:
            result.append(Block(Style.HEADING, section["heading"]))
        for line in section["text"].splitlines():
            line = line.strip()
            if line:
                result.append(Block(Style.SUBHEADING if SUBHEADING.match(line) else Style.BODY, line))
    result += [Block(Style.ISSUER, issuer_name(draft.unit)), Block(Style.DATE, official_date(draft.as_of))]
    return result


def build(draft: ReportDraft) -> bytes:
    with translation.override("zh-hans"):
        return render_docx(blocks(draft), title=draft.title)


def filename(draft: ReportDraft) -> str:
    return f"{draft.title}.docx"
