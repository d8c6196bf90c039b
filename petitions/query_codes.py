"""Query codes: unguessable, and easy to read aloud over the phone.

12 symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U): 30^12 ≈ 5·10^17 codes (59 bits),
shown in groups of four: ``K7QM-3WXP-9DHA``. Input is forgiving about case, spaces and dashes.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
# 0/O, 1/I/L are not in the alphabet at all; a spoken "U" is easily written for "V".
_LOOKALIKES = str.maketrans({"U": "V"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(raw: str) -> str | None:
    """The stored form of what a petitioner typed, or None if it cannot be a code."""
    code = "".join(ch for ch in raw.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
