"""How many rows an uploaded workbook's sheet has, counted in the upload's request without reading the workbook.

The import form refuses a file over the row limit at once, before a job is started for it. openpyxl would take
seconds to read 100,000 rows; here the sheet's XML is only unpacked and its row elements counted (about a second
for a 10 MB ledger), and the count stops as soon as it passes the limit. The sheet is the one the import reads:
the sheet called ``title``, else the first worksheet. A file whose sheet cannot be found this way gets None, and
the job reports what openpyxl makes of it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_CHUNK = 1 << 20
# The sheet's root element, with the namespace prefix some writers put on every element (<x:worksheet>).
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")


class SheetTooLarge(Exception):
    """The sheet's XML is larger unpacked than any ledger within the row limit (a compressed bomb, or not a ledger)."""


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    sheets = ElementTree.fromstring(archive.read(_WORKBOOK)).iter(f"{_MAIN}sheet")
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(archive.read(_WORKBOOK_RELS)).iter(f"{_RELATIONSHIPS}Relationship")
        if rel.get("Type", "").endswith("/worksheet")
    }
    parts = [(sheet.get("name"), targets.get(sheet.get(_RELATIONSHIP_ID))) for sheet in sheets]
    parts = [(name, target) for name, target in parts if target]
    if not parts:
        return None
    target = dict(parts).get(title, parts[0][1])
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _count(stream, stop_after: int) -> int:
    head = stream.read(_CHUNK)
    root = _ROOT.search(head)
    prefix = (root.group(1) or b"") if root else b""
    patterns = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")
    keep = max(len(p) for p in patterns) - 1  # a row element cut by a chunk's end is found in the next one
    count, chunk, tail = 0, head, b""
    while chunk:
        window = tail + chunk
        count += sum(window.count(pattern) for pattern in patterns)
        if count > stop_after:
            break
        tail, chunk = window[-keep:], stream.read(_CHUNK)
    return count


def sheet_rows(file, title: str, *, stop_after: int, max_unpacked: int) -> int | None:
    """The number of rows (the heading row included) of the sheet an import of ``file`` reads; counting stops
    once it is over ``stop_after``. None when the sheet cannot be found; SheetTooLarge when its XML unpacks to
    more than ``max_unpacked`` bytes. ``file`` is left at its start."""
    try:
        with zipfile.ZipFile(file) as archive:
            part = _sheet_part(archive, title)
            if part is None:
                return None
            if archive.getinfo(part).file_size > max_unpacked:
                raise SheetTooLarge(part)
            with archive.open(part) as stream:
                return _count(stream, stop_after)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, OSError):
        return None
    finally:
        file.seek(0)
