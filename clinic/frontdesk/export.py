"""CSV of a day's or week's appointments, safe to open in a spreadsheet.

Pure: rows of plain strings in, text out. A cell that a spreadsheet would read as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with a single quote,
so a patient who types `=HYPERLINK(...)` as their name cannot run anything on staff machines.

Spreadsheets in many locales split a CSV on `;` (some on `|` or tabs) rather than commas, so
a cell starting with one of those is prefixed too, and a cell holding one anywhere is quoted
whole: no spreadsheet splits inside quotes, so `Ana;=HYPERLINK(...)` stays one cell.
"""

from collections.abc import Iterable, Sequence

#: Characters a spreadsheet splits a line on, depending on its locale and settings.
DELIMITERS = (",", ";", "|", "\t")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", *DELIMITERS)
#: A cell holding any of these is written in double quotes (RFC 4180).
_QUOTE_IF = (*DELIMITERS, '"', "\r", "\n")

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


def _quoted(text: str) -> str:
    if any(character in text for character in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER) -> str:
    """The rows as CSV text (RFC 4180 quoting and line endings), every cell made safe."""
    lines = [",".join(_quoted(str(name)) for name in header)]
    lines += [",".join(_quoted(safe_cell(value)) for value in row) for row in rows]
    return "".join(line + "\r\n" for line in lines)
