"""Ledgers (台账) of the other registers — reception days, campaigns, meetings, ownership, supervision, duty rosters.

Each register declares its ledger once, as a :class:`Register`: its sheet title and its columns (fixed Chinese
headings, how the export reads a cell from a record, how the import parses it back), and the function that saves
checked rows through the register's own actions. This module does the rest, the same way for every register and
the same way as the petition ledger (``ledgers.imports``):

- the export writes one row per record, with the headings, column widths, date cells and a frozen heading row;
- the import reads every row first and checks every cell, then each row as a whole (``Register.check``), and
  collects each problem as (row number as Excel shows it, column heading, reason in Chinese);
- only a file without a single problem is saved, in one transaction; a problem the actions still find while
  saving (``RowProblem``) is reported against its row, and nothing of the file is kept.

Registers are kept in hundreds or thousands of rows a year, so the export uses openpyxl's write-only mode with
a cell object per value (the petition ledger streams its own SpreadsheetML because it has a million rows); every
value is written by ``ledgers.cells``, which keeps text text — a title "=1+1" is never a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import cells
from .columns import CellError, Lookups, parse_date
from .imports import RowError, open_sheet
from .progress import NO_PROGRESS, Progress

HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    heading: str  # fixed Chinese heading of the ledger format (not translated)
    get: Callable[[Any], Any]  # export: the cell value of a record (str, int, date or None)
    key: str | None = None  # import: where the parsed value goes; None: computed, export only
    parse: Callable[[Any, Lookups], Any] | None = None  # import: raw cell → value, CellError when it cannot
    required: bool = False
    width: int = 14

    @property
    def imported(self) -> bool:
        return self.key is not None


@dataclass
class Row:
    """One data row of an import: its number as Excel shows it and its parsed, non-empty cells."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.values.get(key, default)


class RowProblem(Exception):
    """Raised by a register's ``save`` (or ``check``) for a row the actions refuse."""

    def __init__(self, row: Row, message: str, heading: str = ""):
        super().__init__(message)
        self.row, self.message, self.heading = row, message, heading


@dataclass(frozen=True)
class Register:
    title: str  # sheet title and file name stem, e.g. 领导接待日台账
    columns: tuple[Column, ...]
    # Saves the checked rows (called inside the import's transaction); returns what it created.
    save: Callable[[list[Row], Any], list] | None = None
    # Problems of a row as a whole (cells already parsed): [(heading or "", message)].
    check: Callable[[Row], list[tuple[str, str]]] = lambda row: []

    @property
    def by_heading(self) -> dict[str, Column]:
        return {column.heading: column for column in self.columns}

    def filename(self, today: dt.date, suffix: str = "") -> str:
        return f"{self.title}{suffix}_{today:%Y%m%d}.xlsx"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    saved: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Export -----------------------------------------------------------------------------------------------------------


def write_register(register: Register, records: Iterable, file_obj) -> int:
    """Write ``records`` as the register's ledger into ``file_obj`` (.xlsx); returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(register.title)
    for index, column in enumerate(register.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    headings = []
    for column in register.columns:
        cell = cells.cell(sheet, column.heading)
        cell.font, cell.fill, cell.alignment = bold, HEADING_FILL, centred
        headings.append(cell)
    cells.append(sheet, headings)
    count = 0
    with translation.override("zh-hans"):  # labels inside cells are the ledger's Chinese words
        for record in records:
            cells.append(sheet, [column.get(record) for column in register.columns])
            count += 1
    workbook.save(file_obj)
    return count


# --- Import -----------------------------------------------------------------------------------------------------------


def read_register(
    register: Register, file, *, today: dt.date, progress: Progress = NO_PROGRESS
) -> tuple[list[Row], list[RowError]]:
    """Every non-empty data row, parsed cell by cell and checked as a whole, and the problems found."""
    try:
        workbook, sheet = open_sheet(file, register.title)
    except CellError as exc:
        return [], [RowError(0, "", str(exc))]
    try:
        cells = sheet.iter_rows(values_only=True)
        first = next(cells, None)
        if first is None:
            return [], [RowError(0, "", _("The workbook is empty."))]
        positions, errors = _headings(register, first)
        if errors:
            return [], errors
        lookups = Lookups.load(today)
        rows = []
        for number, values in enumerate(cells, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row, problems = _parse(register, number, values, positions, lookups)
            if not problems:
                problems = register.check(row)
            errors.extend(RowError(number, heading, message) for heading, message in problems)
            rows.append(row)
            progress.read(len(rows))
        if not rows:
            errors.append(RowError(0, "", _("The ledger has no rows to import.")))
        progress.checked(len(rows), len(rows))  # each row was checked as it was read
        return rows, errors
    finally:
        workbook.close()


def _headings(register: Register, cells) -> tuple[dict[int, Column], list[RowError]]:
    by_heading, positions, errors, seen = register.by_heading, {}, [], set()
    for index, value in enumerate(cells):
        heading = str(value).strip() if value is not None else ""
        if not heading:
            continue
        if heading not in by_heading:
            errors.append(RowError(1, heading, _("Unknown column; the headings must be those of the ledger export.")))
        elif heading in seen:
            errors.append(RowError(1, heading, _("This column appears twice.")))
        else:
            seen.add(heading)
            positions[index] = by_heading[heading]
    for column in register.columns:
        if column.required and column.heading not in seen:
            errors.append(RowError(1, column.heading, _("This column is missing.")))
    return positions, errors


def _parse(register, number, values, positions, lookups) -> tuple[Row, list[tuple[str, str]]]:
    row, problems = Row(number), []
    for index, column in positions.items():
        if not column.imported:
            continue
        raw = values[index] if index < len(values) else None
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if column.required:
                problems.append((column.heading, _("This cell must not be empty.")))
            continue
        try:
            row.values[column.key] = column.parse(raw, lookups) if column.parse else raw
        except CellError as exc:
            problems.append((column.heading, str(exc)))
    return row, problems


def import_register(
    register: Register, file, *, user, today: dt.date, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """Check the whole file, then save every row in one transaction — or nothing at all (the checks hold no
    write lock: they are done before the transaction begins)."""
    rows, errors = read_register(register, file, today=today, progress=progress)
    if errors:
        return ImportResult(errors=sorted(errors))
    progress.saving(len(rows))
    try:
        with transaction.atomic():
            saved = register.save(rows, user)
    except RowProblem as problem:
        return ImportResult(errors=[RowError(problem.row.number, problem.heading, problem.message)])
    progress.saved(len(rows), len(rows))
    return ImportResult(saved=saved)


# --- Cell parsers the registers share (the petition ledger's own are in ``ledgers.columns``) --------------------------


def words(mapping: dict[str, str]) -> Callable[[Any, Lookups], str]:
    """A choice written with its ledger word (e.g. {"answered": "现场答复"}); the stored value is accepted too."""
    reverse = {word: value for value, word in mapping.items()}

    def parse(raw, lookups):
        text = str(raw).strip()
        if text in reverse:
            return reverse[text]
        if text in mapping:
            return text
        raise CellError(
            _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": "、".join(mapping.values())}
        )

    return parse


def date_time(raw, lookups) -> dt.datetime:
    """A date with a time of day (2026-03-02 09:30); a plain date means the start of that day."""
    if isinstance(raw, dt.datetime):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"):
        try:
            return dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - local time of the ledger, made aware by the caller
        except ValueError:
            continue
    return dt.datetime.combine(parse_date(raw, lookups), dt.time.min)


def unit_names(raw, lookups) -> list:
    """Several units separated by 、 (e.g. the units that attend a joint reception)."""
    found = []
    for name in [part.strip() for part in str(raw).replace("，", "、").replace(",", "、").split("、") if part.strip()]:
        unit = lookups.units.get(name)
        if unit is None:
            raise CellError(_("Unknown unit “%(name)s”; use the name of a unit in the organisation list.") % {"name": name})
        found.append(unit)
    return found
