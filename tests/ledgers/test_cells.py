"""One cell writer for every spreadsheet (issue 12, hole 5): text that starts like a formula is written as text, kept
text on editing (quotePrefix and the Text format), and read back unchanged by the imports.

``WRITERS`` lists every module that builds a workbook, each with a function that makes it write the dangerous texts;
``test_every_workbook_writer_is_listed_here`` finds the writers in the code, so that a new one cannot be left out,
and ``test_writers_write_values_only_through_ledgers_cells`` checks that they write no value past ``ledgers.cells``.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from assessment import exports as assessment_exports
from assessment.scoring import rank_units, year_to_date
from duty import actions as duty_actions
from duty.ledger import REGISTER as DUTY_REGISTER
from duty.ledger import ledger_rows as duty_rows
from duty.models import DutyRoster
from ledgers import cells
from ledgers.exports import write_petition_ledger
from ledgers.imports import import_ledger, open_sheet
from ledgers.registers import Column, Register, import_register, read_register, write_register
from organisation.models import UnitKind
from petitions.models import Petition
from stats.periods import Period
from stats.tables import write_tables

from ..factories import UnitFactory, register
from .conftest import TODAY, forget_all_items

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
# What the imports keep of a cell: its text without surrounding whitespace, as every form field does.
AS_IMPORTED = {text: text.strip() for text in DANGEROUS}


# --- The rule ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("write_only", [True, False])
def test_text_is_a_text_cell_and_text_that_starts_like_a_formula_has_the_quote_prefix(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s")
    if write_only:
        cells.append(sheet, [*DANGEROUS, "#N/A", "普通文字", 7, dt.date(2026, 3, 2), None])
    else:
        for column, value in enumerate([*DANGEROUS, "#N/A", "普通文字", 7, dt.date(2026, 3, 2), None], start=1):
            cells.put(sheet, 1, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).worksheets[-1].iter_rows())
    assert [(c.value, c.data_type, bool(c.quotePrefix), c.number_format) for c in row[:9]] == [
        *[(text, "s", True, "@") for text in DANGEROUS],
        ("#N/A", "s", False, "General"), ("普通文字", "s", False, "General"), (7, "n", False, "General")]
    assert row[9].value == dt.datetime(2026, 3, 2) and row[9].number_format == cells.DATE_FORMAT  # noqa: DTZ001


def test_full_width_triggers_control_characters_and_overlong_text():
    workbook = Workbook()
    for column, value in enumerate(["＝1+1", "\x01=1", "a\x02b", "长" * 40000], start=1):
        cells.put(workbook.active, 1, column, value)
    values = [(c.value, bool(c.quotePrefix)) for c in next(workbook.active.iter_rows())]
    assert values[:3] == [("＝1+1", True), ("=1", True), ("ab", False)]
    assert len(values[3][0]) == cells.EXCEL_CELL_LIMIT


def test_the_streamed_rows_follow_the_same_rule():
    workbook = Workbook(write_only=True)
    writer = cells.RowWriter(workbook.create_sheet("s"), 9)
    xml = writer.row(2, [*DANGEROUS, "\x01=1", "a<b&c", 3])
    quoted = f' s="{writer.kept_text_style}" t="inlineStr"'
    assert xml.count(quoted) == 7 and "<f>" not in xml
    assert '<c r="G2"' + quoted + '><is><t xml:space="preserve">=1</t>' in xml
    assert '<c r="H2" t="inlineStr"><is><t xml:space="preserve">a&lt;b&amp;c</t>' in xml


# --- Every writer -----------------------------------------------------------------------------------------------------


# Each function below makes one writer write the dangerous texts; it returns the workbook and the texts it was
# given as the system keeps them (registration strips surrounding whitespace, as every form field does).


def _petition_ledger(registrar, township, **_fixtures) -> tuple[bytes, set[str]]:
    for text in DANGEROUS:
        register(registrar, township, title=text, content=text)
    buffer = io.BytesIO()
    write_petition_ledger(Petition.objects.all(), registrar, buffer, today=TODAY)
    return buffer.getvalue(), set(Petition.objects.values_list("title", flat=True))


DANGEROUS_REGISTER = Register(
    title="测试台账", columns=tuple(Column(f"列{i}", lambda text: text, f"c{i}") for i in range(2)),
)


def _registers(supervisor, **_fixtures) -> tuple[bytes, set[str]]:
    """The registers' ledgers (one function for all of them): a real one, duty rosters named after the texts."""
    for number, text in enumerate(DANGEROUS):
        duty_actions.duty_roster_create(actor=supervisor, name=text, requirements=text,
                                        starts_on=dt.date(2026, 10, 1 + number), ends_on=dt.date(2026, 10, 1 + number))
    buffer = io.BytesIO()
    write_register(DUTY_REGISTER, duty_rows(DutyRoster.objects.all()), buffer)
    return buffer.getvalue(), set(DutyRoster.objects.values_list("name", flat=True))


def _dangerous_register(**_fixtures) -> tuple[bytes, set[str]]:
    """A register whose every cell is one of the texts, as they are."""
    buffer = io.BytesIO()
    write_register(DANGEROUS_REGISTER, DANGEROUS, buffer)
    return buffer.getvalue(), set(DANGEROUS)


def _units_named_dangerously() -> set[str]:
    for text in DANGEROUS:
        UnitFactory(name=text, kind=UnitKind.TOWNSHIP)
    return set(DANGEROUS)


def _statistical_tables(**_fixtures) -> tuple[bytes, set[str]]:
    names = _units_named_dangerously()
    buffer = io.BytesIO()
    write_tables(Period.year(2026), None, buffer, as_of=dt.date(2027, 1, 15))
    return buffer.getvalue(), names


def _assessment_ranking(**_fixtures) -> tuple[bytes, set[str]]:
    names = _units_named_dangerously()
    month = rank_units(Period.month(2026, 6), as_of=dt.date(2026, 7, 15))
    cumulative = rank_units(year_to_date(month.period), as_of=dt.date(2026, 7, 15))
    return assessment_exports.render(month, cumulative), names


# module that builds workbooks → functions that make it write the dangerous texts
WRITERS = {
    "ledgers/exports.py": [_petition_ledger],
    "ledgers/registers.py": [_registers, _dangerous_register],
    "stats/tables.py": [_statistical_tables],
    "assessment/exports.py": [_assessment_ranking],
}


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "tests", "bench") or "migrations" in relative.parts:
            continue
        yield relative.as_posix(), path.read_text(encoding="utf-8")


def _workbook_builders() -> set[str]:
    """Modules that create a workbook (openpyxl's Workbook), whatever else they do."""
    found = set()
    for name, source in _project_modules():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                if any(alias.name == "Workbook" for alias in node.names):
                    found.add(name)
    return found


def test_every_workbook_writer_is_listed_here():
    assert _workbook_builders() == set(WRITERS)


def _direct_writes(source: str) -> list[str]:
    """Ways of putting a value into a cell other than ledgers.cells."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id == "WriteOnlyCell":
            found.append(f"line {node.lineno}: WriteOnlyCell")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl.cell"):
            found.append(f"line {node.lineno}: imports {node.module}")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"line {node.lineno}: .value =" for t in targets
                      if isinstance(t, ast.Attribute) and t.attr == "value"]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and any(k.arg == "value" for k in node.keywords):
                found.append(f"line {node.lineno}: .cell(value=…)")
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "append" and re.search(r"sheet|\bws\b|\.active$", receiver):
                found.append(f"line {node.lineno}: {receiver}.append(…)")
    return found


def test_writers_write_values_only_through_ledgers_cells():
    sources = dict(_project_modules())
    assert {name: _direct_writes(sources[name]) for name in WRITERS} == {name: [] for name in WRITERS}
    assert _direct_writes("sheet.append(row)\nws.cell(row=1, column=1, value=v)\nc.value = 1")  # the check can fail


def _cells_of(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _formulas_in(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(archive.read(name).count(b"<f>") + archive.read(name).count(b"<f ")
                   for name in archive.namelist() if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("write", [w for writers in WRITERS.values() for w in writers], ids=lambda w: w.__name__)
def test_each_writer_writes_the_dangerous_texts_as_text(write, registrar, supervisor, township, bureau):
    content, texts = write(registrar=registrar, supervisor=supervisor, township=township)
    assert _formulas_in(content) == 0
    found = [cell for cell in _cells_of(content) if cell.value in texts]
    assert {cell.value for cell in found} == texts
    assert all(cell.data_type == "s" and cell.quotePrefix and cell.number_format == "@" for cell in found)
    assert not any(cell.data_type == "f" for cell in _cells_of(content))


# --- Read back --------------------------------------------------------------------------------------------------------


def test_the_reader_of_the_imports_gets_the_texts_back_without_an_apostrophe(db):
    buffer = io.BytesIO(_dangerous_register()[0])
    workbook, sheet = open_sheet(buffer, DANGEROUS_REGISTER.title)
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    workbook.close()
    assert values == DANGEROUS
    rows, errors = read_register(DANGEROUS_REGISTER, io.BytesIO(buffer.getvalue()), today=TODAY)
    assert not errors and [row.get("c0") for row in rows] == [AS_IMPORTED[text] for text in DANGEROUS]


def test_petition_ledger_round_trip_keeps_the_texts(registrar, township, construction):
    for text in DANGEROUS:
        register(registrar, township, category=construction, title=text, content=f"{text} 内容")
    buffer = io.BytesIO()
    write_petition_ledger(Petition.objects.all(), registrar, buffer, unmasked=True, today=TODAY)
    before = sorted(Petition.objects.values_list("title", "content"))
    forget_all_items()
    result = import_ledger(io.BytesIO(buffer.getvalue()), user=registrar, today=TODAY)
    assert result.ok, result.errors
    assert sorted(Petition.objects.values_list("title", "content")) == before
    assert {title for title, _content in before} == set(AS_IMPORTED.values())


def test_register_round_trip_keeps_the_texts(supervisor):
    _registers(supervisor=supervisor)
    before = sorted(DutyRoster.objects.values_list("name", "requirements"))
    buffer = io.BytesIO()
    write_register(DUTY_REGISTER, duty_rows(DutyRoster.objects.all()), buffer)
    DutyRoster.objects.all().delete()
    buffer.seek(0)
    result = import_register(DUTY_REGISTER, buffer, user=supervisor, today=dt.date(2026, 11, 1))
    assert result.ok, result.errors
    assert sorted(DutyRoster.objects.values_list("name", "requirements")) == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_texts_as_text(tmp_path):
    (tmp_path / "ledger.xlsx").write_bytes(_dangerous_register()[0])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(tmp_path / "ledger.xlsx")],
                   check=True, capture_output=True, timeout=120)
    with open(tmp_path / "ledger.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [row[0] for row in rows[1:]] == DANGEROUS
