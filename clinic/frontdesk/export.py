"""CSV of a day's or week's appointments, safe to open in a spreadsheet.

Pure: rows of plain strings in, text out. A cell that a spreadsheet would read as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with a single quote,
so a patient who types `=HYPERLINK(...)` as their name cannot run anything on staff machines.
"""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = (
    "Date",
    "Start",
    "End",
    "Time zone",
    "Location",
    "Therapist",
    "Patient",
    "Phone",
    "Type",
    "Status",
    "Questionnaire",
    "Screening",
)


def safe_cell(value: object) -> str:
    """The value as text, neutralised if a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER) -> str:
    """The rows as CSV text (RFC 4180 line endings), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
