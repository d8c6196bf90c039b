"""The ranking as .xlsx: one sheet for the month, one for the year to date, in Chinese whatever the interface language.

Each row is one ``UnitResult`` of the same ``Ranking`` the page and the bulletin show: the group, the rank, the
unit, every indicator's figure (as the page words it: a percent, or why it cannot be computed) and its points,
the deductions with their counts, the score, and the skip-level visits from the unit's area — for information,
no points. Points are numbers (two decimals). Below the table, the scheme in words (``scoring.scheme_text``).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ledgers import cells

from .models import plain
from .scoring import INDICATORS, Ranking, figure_text, scheme_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POINTS_FORMAT = "0.00"


def headings() -> list[str]:
    columns = [_("Group"), _("Rank"), _("Unit")]
    for indicator in INDICATORS:
        columns += [str(indicator.label), _("%(indicator)s: points") % {"indicator": indicator.label}]
    columns += [_("Overdue items"), _("Deduction for overdue items"), _("Skip-level items after a lapse here"),
                _("Deduction for skip-level items after a lapse here"), _("Score"),
                _("Skip-level visits (for information, no points)")]
    return columns


def _sheet(workbook: Workbook, ranking: Ranking, sheet_title: str) -> None:
    sheet = workbook.create_sheet(sheet_title)
    columns = headings()
    [title] = cells.append(sheet, [_("Assessment of petition work, %(period)s") % {"period": ranking.label}])
    title.font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in cells.append(sheet, columns):
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for group in ranking.groups:
        for result in group.results:
            row = [str(group.label), result.rank, result.unit.name]
            for score in result.scores:
                row += [figure_text(score), score.points]
            overdue, lapsed = result.deduction("overdue"), result.deduction("lapsed_skip_level")
            row += [overdue.count, overdue.points, lapsed.count, lapsed.points, result.score, result.skip_level_text]
            for cell in cells.append(sheet, row):
                if isinstance(cell.value, Decimal):
                    cell.number_format = POINTS_FORMAT
    scheme = ranking.scheme
    cells.append(sheet, [])
    cells.append(sheet, [_("Scheme %(year)s%(default)s: total %(total)s points.") % {
        "year": scheme.year, "default": "" if scheme.is_stored else _(" (defaults)"), "total": plain(scheme.total)}])
    for sentence in scheme_text(scheme):
        cells.append(sheet, [sentence])
    cells.append(sheet, [_("Figures as of %(day)s.") % {"day": ranking.as_of.isoformat()}])
    widths = [16, 6, 18] + [18, 8] * len(INDICATORS) + [10, 10, 12, 12, 8, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D3"


def filename(month: Ranking) -> str:
    with translation.override("zh-hans"):
        return _("Assessment ranking %(period)s.xlsx") % {"period": month.label}


def render(month: Ranking, year_to_date: Ranking) -> bytes:
    with translation.override("zh-hans"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        _sheet(workbook, month, _("This month"))
        _sheet(workbook, year_to_date, _("Year to date"))
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
