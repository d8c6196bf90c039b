"""The one cell writer of every spreadsheet the system produces (.xlsx).

Why one: openpyxl types a value by its first character — a string that starts with "=" becomes a live formula,
"#N/A" an error — and the titles, matters and names in our workbooks are written from what petitioners say. So
every value of every workbook (the petition ledger, the registers' ledgers, the statistical tables, the assessment
ranking) is written through this module, by one rule:

- text is always a text cell (an inline string), never a formula or an error, whatever its first character;
- text that starts with = + - @, a tab or a carriage return (the characters OWASP lists for formula injection),
  or with their full-width forms (a Chinese input method types ＝ ＋ － ＠), is also kept text when a user edits
  the cell and presses Enter. Two marks in the cell's style do it: ``quotePrefix``, the flag Excel sets when a
  user types an apostrophe before a value (ECMA-376 §18.8.45), and the Text number format "@", which LibreOffice
  honours (LibreOffice 7.4 ignores quotePrefix: re-entered, "=1+1" became 2; with "@" it stays text). Neither is
  part of the value: readers (openpyxl, our imports) get the text back unchanged, without an apostrophe;
- characters that XML 1.0 does not allow are dropped (openpyxl would refuse the cell), and text is cut to the
  32,767 characters a cell can hold;
- dates are date cells (yyyy-mm-dd), datetimes in local time (yyyy-mm-dd hh:mm).

Workbooks built cell by cell use ``cell`` / ``append`` (write-only and normal sheets) or ``put`` (a normal sheet's
cell by row and column). The petition ledger's million rows are too many for a Python object per cell: its rows
are serialised by ``RowWriter``, with the same rule, as plain SpreadsheetML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter

# Excel keeps at most this many characters in a cell.
EXCEL_CELL_LIMIT = 32767
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
# A text cell that starts with one of these is kept text when a user edits it (quotePrefix and TEXT_FORMAT).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Characters XML 1.0 does not allow (openpyxl refuses them too).
_NOT_XML = [*range(0, 9), 11, 12, *range(14, 32)]
_DROP_NOT_XML = dict.fromkeys(_NOT_XML)
# For RowWriter: the same characters dropped, and the text escaped for an XML element (\r kept as a reference).
_XML_TEXT = {**_DROP_NOT_XML, ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
# First characters that send RowWriter to its careful path: the triggers, and the characters that are dropped
# (a dropped first character could hide a trigger behind it).
_CAREFUL_FIRST = "".join(FORMULA_TRIGGERS) + "".join(map(chr, _NOT_XML))
_EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()


def clean_text(text: str) -> str:
    """The text as a cell keeps it: without the characters XML does not allow, at most 32,767 characters."""
    return text.translate(_DROP_NOT_XML)[:EXCEL_CELL_LIMIT]


def starts_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def set_value(cell: Cell, value) -> Cell:
    """Write ``value`` into ``cell`` by the rule of this module (text, number, date, datetime or None)."""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl made "=…" a formula and "#N/A" an error
        if starts_like_a_formula(value):
            cell.quotePrefix = True
            cell.number_format = TEXT_FORMAT
        return cell
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell


def cell(sheet, value) -> Cell:
    """A cell holding ``value`` for ``sheet.append`` (write-only or normal sheet), to be styled by the caller."""
    return set_value(WriteOnlyCell(sheet), value)


def append(sheet, values: Iterable) -> list[Cell]:
    """Append one row of values (or cells made by ``cell``) to ``sheet``; returns the row's cells."""
    row = [value if isinstance(value, Cell) else cell(sheet, value) for value in values]
    sheet.append(row)
    return row


def put(sheet, row: int, column: int, value) -> Cell:
    """Write ``value`` into the cell at ``row``, ``column`` of a normal (not write-only) sheet."""
    return set_value(sheet.cell(row=row, column=column), value)


class RowWriter:
    """Serialises rows of a write-only sheet as SpreadsheetML, for sheets too long for a cell object per value.

    Built on the sheet before its workbook is saved: it registers in the workbook the cell styles its rows refer
    to (the date format, and the marks of text kept text) — openpyxl writes them into the style sheet. The rows are then
    streamed into the saved sheet's XML by the caller (``ledgers.exports.stream_workbook``). Values are str, int,
    date (never a datetime) or None; the hot loop of the petition ledger, kept flat.
    """

    def __init__(self, sheet, width: int):
        self.letters = [get_column_letter(i) for i in range(1, width + 1)]
        self.date_style = cell(sheet, dt.date(2000, 1, 1)).style_id
        self.kept_text_style = cell(sheet, FORMULA_TRIGGERS[0]).style_id

    def row(self, number: int, values: list) -> str:
        r = str(number)
        parts = [f'<row r="{r}">']
        append = parts.append
        for letter, value in zip(self.letters, values, strict=True):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                # The comparisons first (no substring made): most text starts with a letter or a Chinese character.
                if (value < "A" or value >= "＋") and value[0] in _CAREFUL_FIRST:
                    append(self._careful_text(f"{letter}{r}", value))
                    continue
                if len(value) > EXCEL_CELL_LIMIT:
                    value = value[:EXCEL_CELL_LIMIT]
                # xml:space="preserve" everywhere: cheaper than testing each value for outer whitespace.
                append(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">'
                       f'{value.translate(_XML_TEXT)}</t></is></c>')
            elif isinstance(value, dt.date):  # a calendar date (a datetime's time of day would be lost)
                serial = value.toordinal() - _EXCEL_EPOCH_ORDINAL
                append(f'<c r="{letter}{r}" s="{self.date_style}"><v>{serial}</v></c>')
            elif isinstance(value, int):
                append(f'<c r="{letter}{r}"><v>{value}</v></c>')
            else:
                raise TypeError(f"cell {letter}{r}: unexpected {type(value).__name__}")
        append("</row>")
        return "".join(parts)

    def _careful_text(self, reference: str, value: str) -> str:
        value = clean_text(value)
        if not value:
            return ""
        style = f' s="{self.kept_text_style}"' if starts_like_a_formula(value) else ""
        return (f'<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">'
                f'{value.translate(_XML_TEXT)}</t></is></c>')
