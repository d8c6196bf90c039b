"""What an uploaded file is, decided from its first bytes (``filetype``: magic numbers, no system library), never
from its name: a renamed program is refused whatever it is called."""

from __future__ import annotations

import filetype
from django.utils.translation import gettext_lazy as _

# The kinds of paper a bureau keeps: scans and photos, PDFs, office documents.
ALLOWED = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint (.pptx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (.odt)",
}
HEAD_BYTES = 8192  # enough for filetype to look inside an office document's zip


def allowed_words() -> str:
    return "、".join(dict.fromkeys(ALLOWED.values()))


def detect(upload) -> str | None:
    """The allowed content type of ``upload`` (a file object, read from its start and rewound), or None."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    mime = filetype.guess_mime(head) if head else None
    return mime if mime in ALLOWED else None


REFUSED_TYPE = _("“%(name)s” is not a scan, photo, PDF or office document (its content is not one of: %(allowed)s); "
                 "nothing of it was kept.")
