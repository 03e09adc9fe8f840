"""Whole numbers typed by people or carried in URLs: ASCII digits only.

`str.isdigit()` and `int()` accept other scripts' digits (U+0661, Arabic-Indic one),
superscripts (U+00B2, which `int()` then refuses), signs, spaces and underscores; an id or a
count must be spelled one way.
"""

import re

_DIGITS = re.compile(r"[0-9]+")
#: The largest id the id columns hold: they are INTEGER, 32 bits on PostgreSQL, so a larger
#: number names nothing (and PostgreSQL would refuse to compare it: a 500, found by the fuzz).
MAX_ID = 2**31 - 1


def whole_number(raw: object, *, maximum: int = MAX_ID) -> int | None:
    """`raw` as a non-negative int if it is ASCII digits and at most `maximum`, else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw <= maximum else None
    if not isinstance(raw, str) or len(raw) > 19 or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= maximum else None
