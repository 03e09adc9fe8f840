"""The schedule grid: columns (a therapist on a day), rows (wall-clock times on the slot grid).

Pure: plain values in, plain values out, `now` and the zone passed in; no Flask, no database.
The front desk's day view (therapists as columns) and week view (days as columns) are both
`build()` with different columns, and a therapist's own views can reuse it with one therapist.

- Rows are wall-clock readings in the location's zone, a grid step apart from local midnight,
  from the earliest working hour (or visit) to the latest, whole hours at either end.
- A cell is `open` inside working hours, `off` outside them, `away` in the therapist's time off
  and `closed` when the location is closed; a reading the clocks skip is `gap`.
- A visit sits in the row holding its start and spans as many rows as it lasts; the rows it
  covers below are `covered` (not drawn). A visit that starts in a cell another visit already
  holds is listed with it, so nothing on the schedule is ever hidden.
- Working windows come from the scheduling engine's own rule arithmetic (`availability`), so
  "when does a therapist work" is answered in one place.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from clinic.scheduling import availability
from clinic.scheduling.availability import WeeklyRule, to_utc
from clinic.scheduling.intervals import Interval, overlaps

DEFAULT_HOURS = (time(8), time(18))
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Column:
    """One column: a therapist on a local date, with its heading."""

    therapist_id: int
    day: date
    label: str


@dataclass(frozen=True)
class Block:
    """Time off (a therapist's) or a closure (`therapist_id` None: the whole location)."""

    therapist_id: int | None
    start: datetime
    end: datetime
    reason: str = ""


@dataclass(frozen=True)
class Visit:
    """An appointment to place; `item` is whatever the template shows (opaque here)."""

    therapist_id: int
    start: datetime
    end: datetime
    item: Any = None
    #: Words for the desk when the visit sits in its therapist's time off or a closure.
    clash: str = ""


@dataclass
class Cell:
    state: str  #: open, off, away, closed, gap or covered
    start: datetime | None
    visits: list[Visit] = field(default_factory=list)
    rowspan: int = 1
    reason: str = ""

    @property
    def label(self) -> str:
        """Words for a screen reader where shading alone carries the meaning."""
        return {
            "off": "Not working",
            "away": "Away",
            "closed": "Closed",
            "gap": "No such time (clock change)",
        }.get(self.state, "")


@dataclass
class Row:
    at: time
    label: str
    cells: list[Cell]
    is_now: bool = False
    on_the_hour: bool = False


@dataclass
class Grid:
    columns: list[Column]
    rows: list[Row]
    zone: str
    grid_minutes: int
    now_label: str | None = None

    @property
    def visit_count(self) -> int:
        return sum(len(c.visits) for row in self.rows for c in row.cells)


def build(
    *,
    columns: Sequence[Column],
    rules: Iterable[WeeklyRule],
    blocks: Iterable[Block],
    visits: Iterable[Visit],
    zone: ZoneInfo,
    grid_minutes: int,
    now: datetime,
) -> Grid:
    """The grid for `columns` at one location: `rules` are that location's weekly hours."""
    rules = list(rules)
    blocks, visits = list(blocks), list(visits)
    step = timedelta(minutes=grid_minutes)
    windows = {c: _working(rules, c, zone) for c in columns}
    first, last = _row_range(columns, windows, visits, zone)
    times = [_clock(first + k * step) for k in range((last - first) // step)]
    rows = []
    for at in times:
        cells = [_cell(column, at, step, windows[column], blocks, zone) for column in columns]
        rows.append(Row(at=at, label=_label(at), cells=cells, on_the_hour=at.minute == 0))
    _place(rows, columns, [_with_clash(v, blocks) for v in visits], zone, first, step)
    now_label = _mark_now(rows, columns, zone, now, first, step)
    return Grid(list(columns), rows, zone.key, grid_minutes, now_label)


def _working(rules: list[WeeklyRule], column: Column, zone: ZoneInfo) -> list[Interval]:
    own = [rule for rule in rules if rule.therapist_id == column.therapist_id]
    # The engine's own windows: when a rule applies, and its wall-clock hours in UTC.
    return availability._windows(own, column.day, column.day, lambda d, t: to_utc(d, t, zone))


def works_on(rules: Iterable[WeeklyRule], therapist_id: int, day: date, zone: ZoneInfo) -> bool:
    """Whether the therapist has working hours on local date `day` under these rules."""
    return bool(_working(list(rules), Column(therapist_id, day, ""), zone))


def _since_midnight(moment: datetime | time) -> timedelta:
    return timedelta(hours=moment.hour, minutes=moment.minute)


def _clock(offset: timedelta) -> time:
    minutes = int(offset.total_seconds() // 60)
    return time(minutes // 60, minutes % 60)


def _label(at: time) -> str:
    return datetime.combine(date(2000, 1, 1), at).strftime("%-I:%M %p")


def _row_range(columns, windows, visits, zone) -> tuple[timedelta, timedelta]:
    """First and last (exclusive) row as offsets from local midnight, whole hours."""
    starts, ends = [], []
    for column in columns:
        for lo, hi in windows[column]:
            starts.append(_since_midnight(lo.astimezone(zone)))
            ends.append(_since_midnight(hi.astimezone(zone)) or timedelta(days=1))
    days = {column.day for column in columns}
    for visit in visits:
        local_start, local_end = visit.start.astimezone(zone), visit.end.astimezone(zone)
        if local_start.date() in days:
            starts.append(_since_midnight(local_start))
            same_day = local_end.date() == local_start.date()
            ends.append(_since_midnight(local_end) if same_day else timedelta(days=1))
    first = min(starts, default=_since_midnight(DEFAULT_HOURS[0]))
    last = max(ends, default=_since_midnight(DEFAULT_HOURS[1]))
    first = first // HOUR * HOUR
    last = min(-(-last // HOUR) * HOUR, timedelta(days=1))
    return first, max(last, first + HOUR)


def _cell(column, at, step, windows, blocks, zone) -> Cell:
    start = to_utc(column.day, at, zone)
    if start.astimezone(zone).time().replace(second=0, microsecond=0) != at:
        return Cell("gap", None)
    span = (start, start + step)
    for block in blocks:
        if block.therapist_id is None and overlaps((block.start, block.end), span):
            return Cell("closed", start, reason=block.reason)
    for block in blocks:
        if block.therapist_id == column.therapist_id and overlaps((block.start, block.end), span):
            return Cell("away", start, reason=block.reason)
    inside = any(lo <= span[0] and span[1] <= hi for lo, hi in windows)
    return Cell("open" if inside else "off", start)


def _with_clash(visit: Visit, blocks: list[Block]) -> Visit:
    """The visit, marked when any of it falls in a closure or its therapist's time off."""
    for block in blocks:
        if block.therapist_id not in (None, visit.therapist_id):
            continue
        if overlaps((block.start, block.end), (visit.start, visit.end)):
            where = "time off" if block.therapist_id else "a closure of the location"
            because = f" ({block.reason})" if block.reason else ""
            return replace(visit, clash=f"Inside {where}{because}: move or confirm")
    return visit


def _place(rows, columns, visits, zone, first, step) -> None:
    """Put each visit in the cell of its start; it spans the rows it lasts."""
    index = {(c.therapist_id, c.day): i for i, c in enumerate(columns)}
    for visit in sorted(visits, key=lambda v: (v.start, v.therapist_id)):
        local = visit.start.astimezone(zone)
        col = index.get((visit.therapist_id, local.date()))
        if col is None:
            continue
        row = min(max(0, (_since_midnight(local) - first) // step), len(rows) - 1)
        owner = _owner(rows, row, col)
        if owner.visits:
            owner.visits.append(visit)
            continue
        span = max(1, -(-(visit.end - visit.start) // step))
        span = min(span, len(rows) - row)
        owner.visits.append(visit)
        owner.rowspan = span
        for below in rows[row + 1 : row + span]:
            below.cells[col] = Cell("covered", below.cells[col].start)


def _owner(rows: list[Row], row: int, col: int) -> Cell:
    """The drawn cell holding row `row` of column `col` (itself, or one spanning it)."""
    while row > 0 and rows[row].cells[col].state == "covered":
        row -= 1
    return rows[row].cells[col]


def _mark_now(rows, columns, zone, now, first, step) -> str | None:
    """Mark the row that holds `now`, when the grid shows today; the label says the time."""
    local = now.astimezone(zone)
    if not rows or local.date() not in {column.day for column in columns}:
        return None
    row = (_since_midnight(local) - first) // step
    if not 0 <= row < len(rows):
        return None
    rows[row].is_now = True
    return local.strftime("%-I:%M %p")
