"""Resident ID numbers (GB 11643-1999) and the masking of sensitive personal data (DESIGN.md §7)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised ID number, or raise ValidationError saying what is wrong."""
    number = value.strip().upper()
    if not _PATTERN.match(number):
        raise ValidationError(_("The ID number must be 18 characters: 17 digits and a final digit or X."))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in the ID number (%(date)s) does not exist.") % {"date": number[6:14]}) from None
    if birth.year < 1900 or (today and birth > today):
        raise ValidationError(_("The birth date in the ID number (%(date)s) is not plausible.") % {"date": number[6:14]})
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of the ID number is wrong; please check the number."))
    return number


def mask_id_number(value: str) -> str:
    """430621199001011234 → 430621********1234."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:2] + "*" * (len(value) - 2)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


_PHONE_MAIN = re.compile(r"^\+?\d[\d\s-]*\d$")
_EXTENSION = re.compile(r"^(?P<main>.*?)\s*(?:转|分机|ext\.?|x|#)\s*(?P<ext>\d{1,6})$", re.IGNORECASE)
PHONE_DIGITS = (5, 15)  # a short service number (12345) up to an international number
PHONE_STORED_LENGTH = 20  # the phone columns' max_length


def normalise_phone(value: str) -> str:
    """The stored form of a phone number, or ValidationError saying what is wrong.

    Accepted: digits, spaces and dashes (``177-0058-2290``, ``0731 8441 2345``), a leading ``+``, and an extension
    after 转, 分机, ext, x or # (``0731-84412345 转 8001``). Stored: the digits (with the ``+``), and ``转`` and the
    extension's digits — so that a number is found however it was written.
    """
    text = value.strip()
    if not text:
        return ""
    extension = ""
    match = _EXTENSION.match(text)
    if match:
        text, extension = match["main"], match["ext"]
    if not _PHONE_MAIN.match(text):
        raise ValidationError(_(
            "“%(value)s” is not a phone number: use digits, spaces and dashes, and an extension after 转."
        ) % {"value": value.strip()[:30]})
    digits = re.sub(r"[\s-]", "", text)
    count = len(digits.lstrip("+"))
    if not PHONE_DIGITS[0] <= count <= PHONE_DIGITS[1]:
        raise ValidationError(_("A phone number has %(min)s to %(max)s digits; “%(value)s” has %(n)s.") % {
            "min": PHONE_DIGITS[0], "max": PHONE_DIGITS[1], "value": value.strip()[:30], "n": count})
    stored = f"{digits}转{extension}" if extension else digits
    if len(stored) > PHONE_STORED_LENGTH:
        raise ValidationError(_("“%(value)s” is too long for a phone number.") % {"value": value.strip()[:30]})
    return stored
