"""Written notices to the petitioner as .docx in Chinese official-document style (DESIGN.md §3).

Acceptance, non-acceptance, forwarding and extension notices, the handling opinion, and the review and
re-review opinions. Which of them exist for an item is decided by ``available_documents`` alone; the
detail page's links and the download view both read it.

A document is built in two steps: ``compose`` turns the item into a list of ``Block`` (what the document
says, in the active language), ``render_docx`` lays the blocks out after GB/T 9704 (A4, margins 37/35/28/26 mm,
title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 with a two-character first-line indent and fixed 28 pt
lines, headings in 黑体, second-level headings in 楷体_GB2312). Chinese fonts need not be installed: Word and WPS fall back to a similar face.

Whose name a document shows follows ``access.can_see_identity``: a user who may not see an accuser's
identity gets a document addressed to “the petitioner” only.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from organisation.models import Unit, UnitKind

from .access import can_see_identity, query_code_for
from .models import DeclineReason, EventKind, Petition, ReplyOutcome
from .states import PetitionState

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# GB/T 9704-2012 layout.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"  # second-level headings "（一）"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(28)
TITLE_LINE_SPACING = Pt(35)
FIRST_LINE_INDENT = Pt(32)  # two characters of 三号
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
MAX_NAMES = 3  # a collective item is addressed to its first representatives "and others"


class DocumentKind(models.TextChoices):
    """The notices; the value is the URL slug, the label the document's title."""

    ACCEPTANCE = "acceptance", pgettext_lazy("document title", "Notice of acceptance")  # 受理告知书
    NON_ACCEPTANCE = "non_acceptance", pgettext_lazy("document title", "Notice of non-acceptance")  # 不予受理告知书
    FORWARDING = "forwarding", pgettext_lazy("document title", "Notice of forwarding")  # 转送告知书
    EXTENSION = "extension", pgettext_lazy("document title", "Notice of extension")  # 延期办理告知书
    HANDLING_OPINION = "handling_opinion", pgettext_lazy("document title", "Handling opinion on a petition")  # 信访事项处理意见书
    REVIEW_OPINION = "review_opinion", pgettext_lazy("document title", "Review opinion on a petition")  # 复查意见书
    RE_REVIEW_OPINION = "re_review_opinion", pgettext_lazy("document title", "Re-review opinion on a petition")  # 复核意见书


def available_documents(petition: Petition) -> list[DocumentKind]:
    """The notices that exist for the item in its present state — the one rule for links and downloads."""
    kinds = []
    if petition.accepted_on:
        kinds.append(DocumentKind.ACCEPTANCE)
    if petition.state == PetitionState.DECLINED:
        kinds.append(DocumentKind.NON_ACCEPTANCE)
    if petition.state == PetitionState.FORWARDED and petition.forwarded_to_id:
        kinds.append(DocumentKind.FORWARDING)
    if petition.extension_days and petition.accepted_on and petition.handling_due_on:
        kinds.append(DocumentKind.EXTENSION)
    if petition.replied_on:
        kinds.append(DocumentKind.HANDLING_OPINION)
    if petition.review_decided_on:
        kinds.append(DocumentKind.REVIEW_OPINION)
    if petition.re_review_decided_on:
        kinds.append(DocumentKind.RE_REVIEW_OPINION)
    return kinds


# ---------------------------------------------------------------------------------------------------------
# What a document says.


class Style(enum.StrEnum):
    TITLE = "title"  # centred
    REFERENCE = "reference"  # registration number and query code, centred under the title
    SALUTATION = "salutation"  # flush left
    BODY = "body"  # first-line indent of two characters
    HEADING = "heading"  # 黑体, indented like the body
    SUBHEADING = "subheading"  # 楷体, indented like the body (second level, "（一）")
    ISSUER = "issuer"  # bottom right
    DATE = "date"  # bottom right, under the issuer


@dataclass(frozen=True)
class Block:
    style: str
    text: str


def official_date(value: dt.date) -> str:
    """A date as official documents write it in the active language: 2026年3月2日 / March 2, 2026."""
    return formats.date_format(value, "DATE_FORMAT")


def filename(petition: Petition, kind: DocumentKind) -> str:
    """E.g. 受理告知书-XF2026-0000001.docx (the title in the active language)."""
    return f"{kind.label}-{petition.number}.docx"


def bureau_name() -> str:
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True).order_by("path").first()
    return bureau.name if bureau else _("County Petition Bureau")


def addressee(petition: Petition, user) -> str:
    """The petitioners' names (a collective item: its representatives), or "Petitioner" for whom may not see them."""
    if not can_see_identity(user, petition):
        return _("Petitioner")
    parties = list(petition.parties.all())
    representatives = [p for p in parties if p.is_representative]
    names = [p.name for p in (representatives or parties)]  # as recorded when the item was registered
    if not names:
        return _("Petitioner")
    shown = pgettext("separator between names", ", ").join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES or (petition.is_collective and petition.headcount > len(names)):
        return _("%(names)s and others") % {"names": shown}
    return shown


def _event_date(petition: Petition, kind: str) -> dt.date | None:
    """The business date of the latest event of ``kind``."""
    event = petition.events.filter(kind=kind).order_by("-at", "-pk").only("at", "data").first()
    return event.business_date if event else None


def paragraphs(style: str, text: str) -> list[Block]:
    """Free text entered by staff: one block per non-empty line."""
    return [Block(style, line.strip()) for line in text.splitlines() if line.strip()]


def _received(petition: Petition) -> dict:
    return {"received": official_date(petition.received_on), "subject": petition.title}


def official_due(value: dt.date, provisional: bool) -> str:
    """A due date as a notice states it, marked when it rests on a year without calendar data."""
    if not provisional:
        return official_date(value)
    return _("%(date)s (provisional: the holiday arrangement of that year is not yet published; the date may "
             "change)") % {"date": official_date(value)}


def _original_due(petition: Petition) -> str:
    """The handling due date set at assignment (before any extension), as a notice states it."""
    if not petition.extension_days:
        return official_due(petition.handling_due_on, petition.handling_due_provisional)
    assigned = petition.events.filter(kind=EventKind.ASSIGNED).order_by("-at", "-pk").only("data").first()
    return official_due(petition.original_handling_due_on, bool(assigned and assigned.data.get("provisional")))


def _acceptance(petition: Petition) -> tuple[list[Block], str, dt.date]:
    body = [
        Block(Style.BODY, _(
            "Your petition received on %(received)s concerning “%(subject)s” was accepted by this office on "
            "%(accepted)s in accordance with the Regulations on Petition Work."
        ) % {**_received(petition), "accepted": official_date(petition.accepted_on)}),
        Block(Style.BODY, _(
            "It has been assigned to %(unit)s, which will handle it and give you a written handling opinion "
            "by %(due)s."
        ) % {"unit": petition.responsible_unit or bureau_name(), "due": _original_due(petition)}),
    ]
    return body, bureau_name(), petition.accepted_on


_DECLINE_EXPLANATIONS = {
    DeclineReason.LEGAL_PROCEDURE: lambda: _(
        "The matter you raised belongs to litigation, administrative reconsideration, arbitration or another "
        "legal procedure. Under the Regulations on Petition Work, please pursue it through that procedure with "
        "the competent court, administrative reconsideration body or arbitration body; petitions and litigation "
        "are kept apart."
    ),
    DeclineReason.BEING_HANDLED: lambda: _(
        "The matter is already being handled by a competent body. While it is being handled, it is not accepted "
        "again; please wait for the result of that handling."
    ),
    DeclineReason.TERMINATED: lambda: _(
        "The matter has been through review and re-review. Under the Regulations on Petition Work, a petition on "
        "the same facts and reasons is not accepted again."
    ),
    DeclineReason.NOT_PETITION: lambda: _("The matter does not fall within the scope of petition matters."),
}


def _non_acceptance(petition: Petition) -> tuple[list[Block], str, dt.date]:
    reason = DeclineReason(petition.decline_reason) if petition.decline_reason else DeclineReason.OTHER
    body = [
        Block(Style.BODY, _(
            "Your petition received on %(received)s concerning “%(subject)s” has been examined by this office. "
            "It is not accepted, for the following reason: %(reason)s."
        ) % {**_received(petition), "reason": reason.label}),
    ]
    explanation = _DECLINE_EXPLANATIONS.get(reason)
    if explanation:
        body.append(Block(Style.BODY, explanation()))
    if petition.decision_note:
        if reason == DeclineReason.LEGAL_PROCEDURE:
            note = _("The procedure to use: %(note)s") % {"note": petition.decision_note}
        else:
            note = _("Explanation: %(note)s") % {"note": petition.decision_note}
        body.append(Block(Style.BODY, note))
    return body, bureau_name(), petition.decided_on


def _forwarding(petition: Petition) -> tuple[list[Block], str, dt.date]:
    values = {**_received(petition), "unit": petition.forwarded_to, "date": official_date(petition.decided_on)}
    body = [
        Block(Style.BODY, _(
            "Your petition received on %(received)s concerning “%(subject)s” falls within the responsibilities "
            "of %(unit)s. In accordance with the Regulations on Petition Work, this office forwarded it to "
            "%(unit)s on %(date)s."
        ) % values),
        Block(Style.BODY, _("%(unit)s will handle it according to law; please contact %(unit)s about its handling.") % values),
    ]
    return body, bureau_name(), petition.decided_on


def _extension(petition: Petition) -> tuple[list[Block], str, dt.date]:
    body = [
        Block(Style.BODY, _(
            "Your petition received on %(received)s concerning “%(subject)s” was accepted on %(accepted)s and "
            "was to be handled by %(original_due)s. Because of the following reason it cannot be handled within "
            "that time: %(reason)s"
        ) % {
            **_received(petition),
            "accepted": official_date(petition.accepted_on),
            "original_due": _original_due(petition),
            "reason": petition.extension_reason,
        }),
        Block(Style.BODY, _(
            "With the approval of the head of this office and in accordance with the Regulations on Petition "
            "Work, the handling period is extended by %(days)s days. A written handling opinion will be given to "
            "you by %(due)s."
        ) % {"days": petition.extension_days,
             "due": official_due(petition.handling_due_on, petition.handling_due_provisional)}),
    ]
    issuer = petition.responsible_unit.name if petition.responsible_unit_id else bureau_name()
    return body, issuer, _event_date(petition, EventKind.EXTENDED) or timezone.localdate()


_OUTCOME_SENTENCES = {
    ReplyOutcome.SUPPORT: lambda: _("Your request is supported."),
    ReplyOutcome.EXPLAIN: lambda: _("This office explains the matter to you as follows."),
    ReplyOutcome.NOT_SUPPORT: lambda: _("Your request is not supported."),
}


def _review_days() -> tuple[int, int]:
    from workdays.models import DeadlinePolicy

    policy = DeadlinePolicy.current()
    return policy.review_request_days, policy.re_review_request_days


def _handling_opinion(petition: Petition) -> tuple[list[Block], str, dt.date]:
    unit = petition.responsible_unit
    body = [
        Block(Style.BODY, _(
            "Your petition received on %(received)s concerning “%(subject)s” has been handled by this office in "
            "accordance with the Regulations on Petition Work. The handling opinion is as follows."
        ) % _received(petition)),
        Block(Style.HEADING, _("I. Handling opinion")),
    ]
    if petition.reply_outcome in _OUTCOME_SENTENCES:
        body.append(Block(Style.BODY, _OUTCOME_SENTENCES[petition.reply_outcome]()))
    body += paragraphs(Style.BODY, petition.reply_text)
    if unit is not None:  # handled by a responsible unit: a review can be requested one level up
        higher = unit.parent.name if unit.parent_id else _("the administrative body one level above this office")
        body += [
            Block(Style.HEADING, _("II. Right to request a review")),
            Block(Style.BODY, _(
                "If you disagree with this handling opinion, you may request a review in writing from %(body)s "
                "within %(days)s days from the day you receive it."
            ) % {"body": higher, "days": _review_days()[0]}),
        ]
    issuer = unit.name if unit is not None else bureau_name()
    return body, issuer, petition.replied_on


def _review_opinion(petition: Petition) -> tuple[list[Block], str, dt.date]:
    handled_by = petition.responsible_unit.name if petition.responsible_unit_id else bureau_name()
    body = [
        Block(Style.BODY, _(
            "You disagreed with the handling opinion given by %(unit)s on %(replied)s on your petition "
            "concerning “%(subject)s” and requested a review on %(requested)s. This office has reviewed the "
            "matter in accordance with the Regulations on Petition Work. The review opinion is as follows."
        ) % {
            "unit": handled_by,
            "replied": official_date(petition.replied_on),
            "subject": petition.title,
            "requested": official_date(petition.review_requested_on or petition.review_decided_on),
        }),
        Block(Style.HEADING, _("I. Review opinion")),
        *paragraphs(Style.BODY, petition.review_opinion),
        Block(Style.HEADING, _("II. Right to request a re-review")),
        Block(Style.BODY, _(
            "If you disagree with this review opinion, you may request a re-review in writing from the body one "
            "level above the reviewing body within %(days)s days from the day you receive it."
        ) % {"days": _review_days()[1]}),
    ]
    return body, bureau_name(), petition.review_decided_on


def _re_review_opinion(petition: Petition) -> tuple[list[Block], str, dt.date]:
    body = [
        Block(Style.BODY, _(
            "You disagreed with the review opinion given on %(reviewed)s on your petition concerning "
            "“%(subject)s” and requested a re-review on %(requested)s. This office has re-reviewed the matter in "
            "accordance with the Regulations on Petition Work. The re-review opinion is as follows."
        ) % {
            "reviewed": official_date(petition.review_decided_on),
            "subject": petition.title,
            "requested": official_date(petition.re_review_requested_on or petition.re_review_decided_on),
        }),
        Block(Style.HEADING, _("I. Re-review opinion")),
        *paragraphs(Style.BODY, petition.re_review_opinion),
        Block(Style.HEADING, _("II. Notice")),
        Block(Style.BODY, _(
            "This re-review opinion concludes the matter. If you raise a petition again on the same facts and "
            "reasons, it will not be accepted."
        )),
    ]
    return body, bureau_name(), petition.re_review_decided_on


_COMPOSERS = {
    DocumentKind.ACCEPTANCE: _acceptance,
    DocumentKind.NON_ACCEPTANCE: _non_acceptance,
    DocumentKind.FORWARDING: _forwarding,
    DocumentKind.EXTENSION: _extension,
    DocumentKind.HANDLING_OPINION: _handling_opinion,
    DocumentKind.REVIEW_OPINION: _review_opinion,
    DocumentKind.RE_REVIEW_OPINION: _re_review_opinion,
}


class DocumentUnavailable(Exception):
    """The item has not reached the step that produces this document."""


def compose(petition: Petition, kind: DocumentKind, *, user, tracking_url: str = "") -> list[Block]:
    """The document's text as blocks, in the active language, with the identity rule applied for ``user``."""
    kind = DocumentKind(kind)
    if kind not in available_documents(petition):
        raise DocumentUnavailable(kind)
    body, issuer, issued_on = _COMPOSERS[kind](petition)
    code = query_code_for(user, petition)
    reference = _("Registration number: %(number)s  Query code: %(code)s") % {"number": petition.number, "code": code}
    blocks = [
        Block(Style.TITLE, str(kind.label)),
        Block(Style.REFERENCE, reference if code else _("Registration number: %(number)s") % {"number": petition.number}),
        Block(Style.SALUTATION, _("%(names)s:") % {"names": addressee(petition, user)}),
        *body,
        # The query code reaches the petitioner from the bureau (access.query_code_for): a unit's copy goes without.
        Block(Style.BODY, _("With the query code you can follow the progress of the matter on the petition query page.")
              if code else _("With the query code the petition bureau gave you, you can follow the progress of the "
                             "matter on the petition query page.")),
    ]
    if tracking_url:
        blocks.append(Block(Style.BODY, _("Petition query page: %(url)s") % {"url": tracking_url}))
    blocks += [Block(Style.ISSUER, issuer), Block(Style.DATE, official_date(issued_on))]
    return blocks


# ---------------------------------------------------------------------------------------------------------
# How it is laid out.


def set_fonts(rpr_owner, name: str, size) -> None:
    """Set ascii, hAnsi, eastAsia and cs typefaces and the size on a run or a style (python-docx sets only ascii/hAnsi)."""
    rpr_owner.font.name = name
    rpr_owner.font.size = size
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), name)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)


TABLE_SIZE = Pt(12)  # 小四: the cells of a document's table


def table_cell(cell, text: str, *, font: str | None = None) -> None:
    """Write ``text`` into a table cell of a document (a roster, a summary table): centred, no first-line indent,
    in ``font`` (仿宋 by default; the headings' font for a heading row) 小四."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    set_fonts(paragraph.add_run(text), font or BODY_FONT, TABLE_SIZE)


def _text_width(text: str) -> float:
    """Approximate width in points at 三号: full-width characters 16 pt, others 8 pt."""
    return sum(16.0 if ord(ch) >= 0x2E80 else 8.0 for ch in text)


def page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for attr, value in MARGINS.items():
        setattr(section, attr, value)
    section.footer_distance = Mm(23)  # the page number sits about 7 mm below the text block

    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)

    # Page number "— 1 —" centred in the footer, 宋体 四号.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(footer.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number_run = footer.add_run("1")
    set_fonts(number_run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    footer._p.remove(number_run._r)
    field.append(number_run._r)
    footer._p.append(field)
    set_fonts(footer.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def add_block(document, block: Block, *, date_text: str = "", keep_with_next: bool = False):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    font, size = BODY_FONT, BODY_SIZE
    if block.style == Style.TITLE:
        font, size = TITLE_FONT, TITLE_SIZE
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = TITLE_LINE_SPACING
        fmt.space_after = LINE_SPACING
    elif block.style == Style.REFERENCE:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = LINE_SPACING
    elif block.style in (Style.BODY, Style.HEADING, Style.SUBHEADING):
        # Chinese text is justified (两端对齐); justified Latin text with long words leaves wide gaps.
        chinese = (get_language() or "").startswith("zh")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if chinese else WD_ALIGN_PARAGRAPH.LEFT
        fmt.keep_with_next = keep_with_next
        fmt.first_line_indent = FIRST_LINE_INDENT
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
        if block.style == Style.HEADING:
            font = HEADING_FONT
        elif block.style == Style.SUBHEADING:
            font = SUBHEADING_FONT
    elif block.style in (Style.ISSUER, Style.DATE):
        # GB/T 9704: the date four characters from the right, the issuer centred above the date.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        right = 4 * 16.0
        if block.style == Style.ISSUER:
            right = max(0.0, right + (_text_width(date_text) - _text_width(block.text)) / 2)
            fmt.space_before = LINE_SPACING * 2
            fmt.keep_with_next = True
        fmt.right_indent = Pt(right)
    set_fonts(paragraph.add_run(block.text), font, size)
    return paragraph


def render_docx(blocks: list[Block], *, title: str = "") -> bytes:
    document = Document()
    page_setup(document)
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.comments = ""
    date_text = next((b.text for b in blocks if b.style == Style.DATE), "")
    for index, block in enumerate(blocks):
        # The last body paragraph stays on the page of the signature: a page never holds the signature alone.
        following = blocks[index + 1].style if index + 1 < len(blocks) else None
        add_block(document, block, date_text=date_text, keep_with_next=following == Style.ISSUER)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(petition: Petition, kind: DocumentKind, *, user, tracking_url: str = "") -> bytes:
    """The .docx bytes of one notice for ``user`` (whose rights decide whether the accuser is named)."""
    kind = DocumentKind(kind)
    return render_docx(compose(petition, kind, user=user, tracking_url=tracking_url), title=str(kind.label))
