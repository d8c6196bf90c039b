"""The ledger export: items the user may see, one row each, as a streamed .xlsx with constant memory.

openpyxl in write-only mode builds the workbook — styles, column widths, the frozen heading row, the
headings themselves — and the data rows are streamed into its worksheet part. Why not ``ws.append`` for the
rows: openpyxl creates, styles and serialises a Python object per cell (about 20 µs each); a ledger row has
~30 filled cells, so 100,000 rows took 51 s on the reference machine. The rows are plain SpreadsheetML
written by ``ledgers.cells.RowWriter`` — the same cell rule as every other workbook (text always text, kept
text on editing when it starts like a formula) — chunk by chunk into the zip member while the items are read
from the database 2,000 at a time.

Who sees what: ``Petition.objects.visible_to(user)`` is applied here again, whatever the caller passed; an
accusation's petitioners are shown as （保密） to users who may not see the accuser's identity; ID and phone
numbers are masked (DESIGN.md §7).

``unmasked`` (decided for the ledger): full ID and phone numbers, so that a ledger can be re-imported
(masked numbers are refused by the import). Only users for whom ``access.can_reveal_sensitive`` is true may
ask for it — PermissionDenied otherwise. The view logs each unmasked export once, on the ``ledgers.audit``
logger (user, filters); no per-person SensitiveReveal rows are written for it, and nothing else is logged.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from organisation.models import Unit
from petitions.access import can_reveal_sensitive, can_see_identity, can_see_query_code
from petitions.identity import mask_id_number, mask_phone
from petitions.models import Category, Petition, PetitionParty

from . import cells
from .columns import COLUMNS, FILE_STEM, SHEET_TITLE, ExportRow, Person, category_path

CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEDGER_ORDER = ("received_on", "pk")
_SHEET_PART = "xl/worksheets/sheet1.xml"


def ledger_filename(today: dt.date, suffix: str = "") -> str:
    return f"{FILE_STEM}{suffix}_{today:%Y%m%d}.xlsx"


def _skeleton() -> tuple[bytes, cells.RowWriter]:
    """The workbook with its heading row, built by openpyxl; returns the .xlsx bytes and the writer of its rows
    (whose cell styles are in the workbook's style sheet)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    headings = []
    for column in COLUMNS:
        cell = cells.cell(sheet, column.heading)
        cell.font, cell.fill, cell.alignment = bold, fill, centred
        headings.append(cell)
    cells.append(sheet, headings)
    writer = cells.RowWriter(sheet, len(COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), writer


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _people_of(chunk: list[Petition]) -> dict[int, list[Person]]:
    """The petitioners of one chunk of items in one query (no query per item)."""
    people: dict[int, list[Person]] = {}
    rows = (
        PetitionParty.objects.filter(petition_id__in=[p.pk for p in chunk])
        .order_by("petition_id", "position", "pk")
        .values_list("petition_id", "name", "petitioner__id_number", "phone", "address")  # as the item recorded them
    )
    for petition_id, name, id_number, phone, address in rows:
        people.setdefault(petition_id, []).append(Person(name, id_number, phone, address))
    return people


def _attachments_of(chunk: list[Petition]) -> dict[int, int]:
    """How many current attachments each item of one chunk has, in one query."""
    from attachments.models import Attachment

    return dict(Attachment.objects.current().filter(petition_id__in=[p.pk for p in chunk])
                .values_list("petition_id").annotate(n=Count("pk")).order_by())


def ledger_queryset(queryset, user):
    """The caller's selection, limited by the single access rule, in ledger order unless ordered otherwise."""
    if queryset.query.is_sliced:
        ordering = queryset.query.order_by or LEDGER_ORDER
        return Petition.objects.visible_to(user).filter(pk__in=queryset.values("pk")).order_by(*ordering)
    if not queryset.query.order_by:
        queryset = queryset.order_by(*LEDGER_ORDER)
    return queryset.visible_to(user)


def stream_workbook(file_obj, rows: Callable[[cells.RowWriter], Iterable[str]]) -> None:
    """Write the .xlsx: openpyxl's skeleton, with the SpreadsheetML that ``rows(writer)`` yields (chunk by chunk)
    streamed into the worksheet's zip member in place of its (heading-only) row data."""
    skeleton, writer = _skeleton()
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, zipfile.ZipFile(
        file_obj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != _SHEET_PART:
                target.writestr(info.filename, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>", 1)
            with target.open(_SHEET_PART, "w", force_zip64=True) as part:
                part.write(head.encode("utf-8"))
                for chunk in rows(writer):
                    part.write(chunk.encode("utf-8"))
                part.write(f"</sheetData>{tail}".encode())


def write_petition_ledger(queryset, user, file_obj, *, unmasked: bool = False, today: dt.date | None = None) -> int:
    """Write the ledger of the items of ``queryset`` that ``user`` may see into ``file_obj`` (.xlsx).

    Returns the number of rows written.
    ``unmasked``: full ID and phone numbers, only for users who may reveal them (PermissionDenied otherwise).
    """
    if unmasked and not can_reveal_sensitive(user):
        raise PermissionDenied("unmasked ledger export")
    today = today or timezone.localdate()
    unit_names = dict(Unit.objects.values_list("pk", "name"))
    categories = {c.pk: category_path(c) for c in Category.objects.select_related("parent")}
    mask_id, mask_ph = (str, str) if unmasked else (mask_id_number, mask_phone)
    getters = [column.get for column in COLUMNS]
    code_visible = can_see_query_code(user)
    items = ledger_queryset(queryset, user).iterator(chunk_size=CHUNK_SIZE)
    count = 0

    def rows(writer: cells.RowWriter) -> Iterator[str]:
        nonlocal count
        for chunk in _chunks(items, CHUNK_SIZE):
            people, attachments = _people_of(chunk), _attachments_of(chunk)
            lines = []
            for petition in chunk:
                count += 1
                record = ExportRow(
                    petition=petition,
                    people=people.get(petition.pk, []),
                    identity_visible=can_see_identity(user, petition),
                    query_code_visible=code_visible,
                    unit_name=unit_names.get,
                    category_path=categories.get,
                    mask_id=mask_id,
                    mask_phone=mask_ph,
                    today=today,
                    attachments=attachments.get(petition.pk, 0),
                )
                lines.append(writer.row(count + 1, [get(record) for get in getters]))
            yield "".join(lines)

    stream_workbook(file_obj, rows)
    return count
