"""The monthly assessment bulletin (通报) as .docx in official-document style.

"关于2026年10月份全县信访工作考核情况的通报": the opening, the county's figures, the ranking tables with the scheme
in words, the best units praised with their figures, the units with shortcomings in their handling named with
theirs, the closing.
Every number comes from the ``Ranking`` the ranking page and the .xlsx show; the praise and criticism are
worded by ``commendation`` (reusable by other bulletins). The layout is that of the petitioner's notices
(``petitions.documents``: GB/T 9704 page, fonts, title, body, signature); the tables use 仿宋 五号.

Who is praised: in each group, the units ranked 1 to 3 with at least 90% of the total points that had something
to be measured on (a rate that could be computed) and nothing to criticise. Who is criticised: every unit with an
item left overdue, a reply after the due date, or a skip-level item on a matter it had let lapse
(``commendation.has_shortcomings``), in ranking order. No unit is criticised for skip-level visits as such: they are
shown in the tables for information only (DESIGN.md §6).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from petitions.documents import BODY_FONT, Block, Style, add_block, bureau_name, official_date, page_setup, set_fonts
from stats import wording

from . import commendation
from .models import AssessmentScheme
from .scoring import INDICATORS, Group, RankedGroup, Ranking, UnitResult, scheme_text

PRAISED_RANKS = 3  # the first three of each group may be praised …
PRAISED_SHARE = Decimal("0.9")  # … with at least 90% of the total points
TABLE_SIZE = Pt(10.5)  # 五号
TABLE = "table"  # a block style of this module: the ranking table of one group (its text is the group key)

_NUMERALS = "一二三四五六七八九十"


def _has_shortcomings(result: UnitResult) -> bool:
    return commendation.has_shortcomings(result.figures, result.extras.lapsed_skip_level)


def praised(group: RankedGroup, scheme: AssessmentScheme) -> list[UnitResult]:
    minimum = scheme.total * PRAISED_SHARE
    return [r for r in group.results
            if r.rank <= PRAISED_RANKS and r.score >= minimum and r.had_work and not _has_shortcomings(r)]


def criticised(ranking: Ranking) -> list[UnitResult]:
    return [r for r in ranking.results if _has_shortcomings(r)]


def title(ranking: Ranking) -> str:
    return _("On the assessment of the county's petition work in %(month)s") % {"month": ranking.label}


def filename(ranking: Ranking) -> str:
    with translation.override("zh-hans"):
        return f"{title(ranking)}.docx"


def _named(results: list[UnitResult]) -> list[commendation.Named]:
    return [commendation.Named(r.unit.name, r.figures, r.score, r.extras.lapsed_skip_level) for r in results]


def compose(ranking: Ranking) -> list[Block]:
    """What the bulletin says, in the active language."""
    counts = {g.group: len(g.results) for g in ranking.groups}
    heading = iter(_NUMERALS)

    def section(text: str) -> Block:
        return Block(Style.HEADING, _("%(number)s. %(title)s") % {"number": next(heading), "title": text})

    blocks = [
        Block(Style.TITLE, title(ranking)),
        Block(Style.SALUTATION, _("To the townships, sub-districts and management offices, and the county departments:")),
        Block(Style.BODY, _(
            "In accordance with the %(year)s target responsibility assessment scheme for petition work, the county "
            "petition bureau has assessed the petition work of %(townships)s townships (sub-districts, management "
            "offices) and %(departments)s county departments in %(month)s. The results are announced as follows."
        ) % {"year": ranking.period.start.year, "townships": counts.get(Group.TOWNSHIPS, 0),
             "departments": counts.get(Group.DEPARTMENTS, 0), "month": ranking.label}),
        section(_("Overview")),
        Block(Style.BODY, wording.overview(ranking.county)),
    ]
    county_rates = commendation.achievements(ranking.county)
    if county_rates:
        blocks.append(Block(Style.BODY, _("Across the county: %(rates)s.") % {"rates": county_rates}))
    blocks.append(section(_("Ranking")))
    for index, group in enumerate(ranking.groups):
        blocks.append(Block(Style.BODY, _("(%(number)s) %(group)s") % {"number": _NUMERALS[index], "group": group.label}))
        blocks.append(Block(TABLE, group.group))
    blocks.append(Block(Style.BODY, _(
        "Each cell shows the rate and, below it, the points. “—”: nothing of the kind to do in the month (no "
        "decision, nothing due, assigned or evaluated, no repeat petition due), counted as full points. The last "
        "column shows the skip-level visits from the unit's area for information; they are not part of the score."
    )))
    blocks.append(Block(Style.BODY, wording.join_sentences(scheme_text(ranking.scheme))))

    blocks.append(section(_("Units commended")))
    best = [r for g in ranking.groups for r in praised(g, ranking.scheme)]
    blocks.append(Block(Style.BODY, commendation.praise(_named(best))
                        or _("No unit met the conditions for commendation this month.")))
    blocks.append(section(_("Units criticised")))
    worst = criticised(ranking)
    blocks.append(Block(Style.BODY, commendation.criticism(_named(worst)) or _(
        "No unit left an item overdue or replied after the due date this month, and no skip-level item followed a "
        "lapse of the unit that had the matter first.")))
    blocks.append(section(_("Requirements")))
    blocks.append(Block(Style.BODY, _(
        "Every unit is to study the results against the assessment scheme, sign for and handle assigned items on "
        "time, reply to petitioners within the time limits, resolve repeat matters at their root, and solve the "
        "reasonable demands of the people locally and early. The bureau will keep assessing and announcing the "
        "results monthly."
    )))
    blocks += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, official_date(ranking.as_of))]
    return blocks


def _table_headings() -> list[str]:
    return [_("Rank"), _("Unit"), *[str(i.label) for i in INDICATORS], _("Deductions"), _("Score"),
            _("Skip-level visits (for information, no points)")]


def _indicator_cell(score) -> str:
    figure = "—" if score.full_by_rule else wording.table_percent(score.ratio)
    return f"{figure}\n{score.points}"


def _add_table(document, group: RankedGroup) -> None:
    headings = _table_headings()
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [[str(r.rank), r.unit.name, *[_indicator_cell(s) for s in r.scores], str(r.deducted), str(r.score),
             r.skip_level_text] for r in group.results]
    for row_cells, values in zip([table.rows[0].cells] + [table.add_row().cells for _row in rows],
                                 [headings, *rows], strict=True):
        for cell, value in zip(row_cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for number, line in enumerate(value.split("\n")):
                run = paragraph.add_run()
                if number:
                    run.add_break()  # the points under the figure
                run.add_text(line)
                set_fonts(run, BODY_FONT, TABLE_SIZE)
                run.bold = values is headings
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)


def render(ranking: Ranking) -> bytes:
    """The bulletin's .docx bytes, in Chinese whatever the interface language."""
    with translation.override("zh-hans"):
        blocks = compose(ranking)
        groups = {g.group: g for g in ranking.groups}
        document = Document()
        page_setup(document)
        document.core_properties.title = title(ranking)
        document.core_properties.author = ""
        date_text = next((b.text for b in blocks if b.style == Style.DATE), "")
        for index, block in enumerate(blocks):
            if block.style == TABLE:
                _add_table(document, groups[block.text])
                continue
            following = blocks[index + 1].style if index + 1 < len(blocks) else None
            add_block(document, block, date_text=date_text, keep_with_next=following in (Style.ISSUER, TABLE))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
