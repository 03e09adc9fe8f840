"""Free times: the visit starts each therapist can offer at one location, and why a start is not.

Pure: standard library only, `now` passed in, every datetime aware, every result in UTC.

- Hours are wall-clock times in the location's zone: 08:00-17:00 is 08:00-17:00 local on both
  sides of a daylight-saving change. A window runs from the first instant whose local reading is
  at or after its start to the first at or after its end (see `to_utc`).
- Starts sit on a grid counted in wall-clock steps from each local midnight. A step the clocks
  skip (02:30 on a spring-forward night) is never offered; a repeated one (fall back) is offered
  once, at its first occurrence, so no two slots ever share a local label.
- A slot needs the visit plus its type's buffer, [start, start + duration + buffer), inside
  working hours and clear of every busy interval, which is what booking it then makes busy.
- Closures belong to the location, so they are passed once (not copied per therapist) and
  block every therapist like time off does.
"""

import bisect
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from operator import itemgetter
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from clinic.scheduling.intervals import Interval, contains, merge, overlaps, subtract

BusyKind = Literal["appointment", "time_off"]
DAY = timedelta(days=1)
WEEK = timedelta(weeks=1)


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Working hours on one weekday (0 is Monday), as local wall-clock times at a location."""

    therapist_id: int
    location_id: int
    weekday: int
    start: time
    end: time
    #: First and last dates (inclusive) the rule applies; open-ended when None.
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6, not {self.weekday}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("rule times are wall-clock times and carry no zone")
        if self.start >= self.end:
            raise ValueError("a rule must start before it ends")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from must not be after valid_to")


class Busy(NamedTuple):
    """Time a therapist can't take a visit.

    An appointment or live hold runs to its busy_until (end plus its type's buffer); time off
    has `kind="time_off"`, which is how `check_slot` tells "time_off" from "taken".

    A plain tuple, read by position: rows fetched from the database in this shape
    (`reads.busy_query`) are used as they are, with no object built per row.
    """

    therapist_id: int
    start: datetime
    end: datetime
    kind: BusyKind = "appointment"


@dataclass(frozen=True, slots=True)
class Policy:
    """The clinic's booking policy: grid step, minimum notice and how far ahead one may book."""

    grid_minutes: int
    min_notice: timedelta
    horizon: timedelta

    def __post_init__(self) -> None:
        if not 0 < self.grid_minutes <= 24 * 60:
            raise ValueError("grid_minutes must be between 1 and 1440")
        if self.min_notice < timedelta(0) or self.horizon <= timedelta(0):
            raise ValueError("min_notice must not be negative and horizon must be positive")


class Slot(NamedTuple):
    """A start a patient may book (UTC); `end` is start plus the visit, without the buffer.

    Ordered by start, then therapist (not by field order).
    """

    therapist_id: int
    location_id: int
    start: datetime
    end: datetime

    def __lt__(self, other: tuple) -> bool:  # type: ignore[override]
        if not isinstance(other, Slot):
            return NotImplemented
        return (self.start, self.therapist_id, self.location_id, self.end) < (
            other.start,
            other.therapist_id,
            other.location_id,
            other.end,
        )


class Reason(StrEnum):
    """Why a requested start is not bookable; `check_slot` reports the first in this order."""

    PAST = "past"
    INSIDE_NOTICE = "inside_notice"
    BEYOND_HORIZON = "beyond_horizon"
    OFF_GRID = "off_grid"
    OUTSIDE_HOURS = "outside_hours"
    TIME_OFF = "time_off"
    TAKEN = "taken"


def free_starts(
    *,
    rules: Sequence[WeeklyRule],
    busy: Iterable[Busy],
    closures: Iterable[Interval] = (),
    policy: Policy,
    duration: timedelta,
    buffer: timedelta,
    start_date: date,
    end_date: date,
    tz: ZoneInfo,
    now: datetime,
    therapist_ids: Collection[int] | None = None,
) -> dict[int, list[datetime]]:
    """Every bookable start (UTC, ascending) per therapist at one location, on local dates
    start_date..end_date (inclusive): the computation behind `free_slots`.

    `rules` must all be for that location (ValueError otherwise); `busy` may hold any
    therapist's time, and `closures` are the location's. The starts are slices of one shared
    grid, so no object is built per free time.
    """
    span = _span(duration, buffer)
    lower, upper = _bookable_range(now, policy)
    by_therapist = _rules_by_therapist(rules, therapist_ids)
    # A day of slack each side: around some clock changes local dates and instants disagree.
    first = max(start_date, lower.astimezone(tz).date() - DAY)
    last = min(end_date, upper.astimezone(tz).date() + DAY)
    if not by_therapist or first > last:
        return {}
    grid = _grid(first, last, rules, tz, policy.grid_minutes)
    grid = grid[bisect.bisect_left(grid, lower) : bisect.bisect_left(grid, upper)]
    blocked = _blocked(busy, closures, by_therapist)
    convert = cache(lambda day, at: to_utc(day, at, tz))
    result: dict[int, list[datetime]] = {}
    left, right = bisect.bisect_left, bisect.bisect_right
    for therapist_id in sorted(by_therapist):
        windows = _windows(by_therapist[therapist_id], first, last, convert)
        starts: list[datetime] = []
        for free_start, free_end in subtract(windows, blocked[therapist_id]):
            latest = free_end - span
            if latest < free_start:
                continue  # a gap too short for the visit and its buffer
            begin = left(grid, free_start)
            starts += grid[begin : right(grid, latest, lo=begin)]
        result[therapist_id] = starts
    return result


def as_slots(
    starts: dict[int, list[datetime]], location_id: int, duration: timedelta
) -> list[Slot]:
    """`free_starts`' result as slots, sorted by start, then therapist."""
    slots = [
        Slot(therapist_id, location_id, start, start + duration)
        for therapist_id in sorted(starts)
        for start in starts[therapist_id]
    ]
    # Stable sort: therapists were visited in id order, so equal starts stay ordered by id.
    slots.sort(key=itemgetter(2))
    return slots


def free_slots(
    *,
    rules: Sequence[WeeklyRule],
    busy: Iterable[Busy],
    closures: Iterable[Interval] = (),
    policy: Policy,
    duration: timedelta,
    buffer: timedelta,
    start_date: date,
    end_date: date,
    tz: ZoneInfo,
    now: datetime,
    therapist_ids: Collection[int] | None = None,
) -> list[Slot]:
    """Every bookable start at one location on local dates start_date..end_date (inclusive).

    Takes the arguments of `free_starts`; sorted by start, then therapist.
    """
    starts = free_starts(
        rules=rules,
        busy=busy,
        closures=closures,
        policy=policy,
        duration=duration,
        buffer=buffer,
        start_date=start_date,
        end_date=end_date,
        tz=tz,
        now=now,
        therapist_ids=therapist_ids,
    )
    return as_slots(starts, rules[0].location_id, duration) if starts else []


def check_slot(
    *,
    therapist_id: int,
    start: datetime,
    rules: Sequence[WeeklyRule],
    busy: Iterable[Busy],
    closures: Iterable[Interval] = (),
    policy: Policy,
    duration: timedelta,
    buffer: timedelta,
    tz: ZoneInfo,
    now: datetime,
) -> Reason | None:
    """Why a visit at `start` can't be booked (the first `Reason` broken), or None if it can.

    Applies exactly the rules of `free_slots`, with the same arguments; to move a booking,
    leave its own busy time out of `busy`.
    """
    span = _span(duration, buffer)
    lower, upper = _bookable_range(now, policy)
    start = _utc(start)
    visit = (start, start + span)
    if start < _utc(now):
        return Reason.PAST
    if start < lower:
        return Reason.INSIDE_NOTICE
    if start >= upper:
        return Reason.BEYOND_HORIZON
    if not on_grid(start, tz, policy.grid_minutes):
        return Reason.OFF_GRID
    day = start.astimezone(tz).date()
    own_rules = _rules_by_therapist(rules, {therapist_id}).get(therapist_id, [])
    windows = _windows(own_rules, day, day, lambda on, at: to_utc(on, at, tz))
    if not any(contains(window, visit) for window in windows):
        return Reason.OUTSIDE_HOURS
    own_busy = (item for item in busy if item[0] == therapist_id)
    return _clash(own_busy, closures, visit)


def first_slot_per_therapist(slots: Iterable[Slot]) -> dict[int, Slot]:
    """Each therapist's earliest slot: their "next free time"."""
    first: dict[int, Slot] = {}
    for slot in slots:
        known = first.get(slot.therapist_id)
        if known is None or slot.start < known.start:
            first[slot.therapist_id] = slot
    return first


def _clash(busy: Iterable[Busy], closures: Iterable[Interval], visit: Interval) -> Reason | None:
    """TIME_OFF if time off or a closure overlaps `visit`, else TAKEN if an appointment does."""
    kinds = {kind for _, s, e, kind in busy if overlaps((_utc(s), _utc(e)), visit)}
    if "time_off" in kinds or any(overlaps((_utc(s), _utc(e)), visit) for s, e in closures):
        return Reason.TIME_OFF
    return Reason.TAKEN if kinds else None


def to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The first instant (UTC) whose wall-clock reading in `tz` is at or after `day` `at`.

    A repeated reading gives its first occurrence; one the clocks skip gives the jump itself.
    """
    local = datetime.combine(day, at)
    return _exact_utc(local, tz) or _gap_end(local, tz)


def on_grid(start: datetime, tz: ZoneInfo, grid_minutes: int) -> bool:
    """Whether `start` is a grid step from local midnight, and the first instant of its label."""
    label = start.astimezone(tz).replace(tzinfo=None, fold=0)
    since_midnight = label - datetime.combine(label.date(), time())
    if since_midnight % timedelta(minutes=grid_minutes):
        return False
    return _exact_utc(label, tz) == start


def _exact_utc(local: datetime, tz: ZoneInfo) -> datetime | None:
    """Naive wall-clock `local` as its first instant in UTC, or None if the clocks skip it."""
    utc = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    # A skipped reading comes back shifted by the jump: the round trip tells.
    return utc if utc.astimezone(tz).replace(tzinfo=None) == local else None


def _gap_end(local: datetime, tz: ZoneInfo) -> datetime:
    """The instant the clocks jump over the skipped wall-clock reading `local`."""
    # In a gap fold=1 reads `local` with the offset after the change (an earlier instant) and
    # fold=0 with the one before (a later instant); the jump lies between, to the second.
    before = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    after = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    new_offset = after.astimezone(tz).utcoffset()
    seconds = int((after - before).total_seconds())
    jump = bisect.bisect_left(
        range(seconds + 1),
        True,
        key=lambda s: (before + timedelta(seconds=s)).astimezone(tz).utcoffset() == new_offset,
    )
    return before + timedelta(seconds=jump)


def _grid(
    first: date, last: date, rules: Sequence[WeeklyRule], tz: ZoneInfo, grid_minutes: int
) -> list[datetime]:
    """Grid instants (UTC, sorted) on local dates first..last within the rules' hours."""
    step = timedelta(minutes=grid_minutes)
    earliest = _since_midnight(min(rule.start for rule in rules))
    latest = _since_midnight(max(rule.end for rule in rules))
    offsets = [k * step for k in range(-(-earliest // step), -(-latest // step))]
    grid: list[datetime] = []
    day, midnight = first, to_utc(first, time(), tz)
    while day <= last:
        next_midnight = to_utc(day + DAY, time(), tz)
        if next_midnight - midnight == DAY:
            # No change of offset that day: plain arithmetic on the UTC midnight.
            grid.extend(midnight + offset for offset in offsets)
        else:
            local_midnight = datetime.combine(day, time())
            for offset in offsets:
                # Labels in a gap have no instant; a repeated one maps to its first occurrence.
                instant = _exact_utc(local_midnight + offset, tz)
                if instant is not None:
                    grid.append(instant)
        day, midnight = day + DAY, next_midnight
    return grid


def _windows(
    rules: Iterable[WeeklyRule],
    first: date,
    last: date,
    convert: Callable[[date, time], datetime],
) -> list[Interval]:
    """A therapist's working hours on local dates first..last, in UTC, merged."""
    windows: list[Interval] = []
    for rule in rules:
        day = max(first, rule.valid_from or first)
        day += timedelta(days=(rule.weekday - day.weekday()) % 7)
        stop = min(last, rule.valid_to or last)
        while day <= stop:
            windows.append((convert(day, rule.start), convert(day, rule.end)))
            day += WEEK
    return merge(windows)


def _blocked(
    busy: Iterable[Busy], closures: Iterable[Interval], therapist_ids: Collection[int]
) -> dict[int, list[Interval]]:
    """Per therapist, their busy time and the location's closures, merged once.

    Aware datetimes compare by instant whatever their zone, so rows are grouped as they
    come, with no conversion per row (naive ones fail loudly at the first comparison).
    """
    closed = [(_utc(start), _utc(end)) for start, end in closures]
    grouped: dict[int, list[Interval]] = {therapist_id: closed[:] for therapist_id in therapist_ids}
    for therapist_id, start, end, _kind in busy:
        intervals = grouped.get(therapist_id)
        if intervals is not None:
            intervals.append((start, end))
    return {therapist_id: merge(intervals) for therapist_id, intervals in grouped.items()}


def _rules_by_therapist(
    rules: Iterable[WeeklyRule], therapist_ids: Collection[int] | None
) -> dict[int, list[WeeklyRule]]:
    """The rules grouped per therapist, keeping only `therapist_ids` when given."""
    grouped: dict[int, list[WeeklyRule]] = {}
    locations: set[int] = set()
    for rule in rules:
        locations.add(rule.location_id)
        if therapist_ids is None or rule.therapist_id in therapist_ids:
            grouped.setdefault(rule.therapist_id, []).append(rule)
    if len(locations) > 1:
        raise ValueError("availability is computed for one location at a time")
    return grouped


def _bookable_range(now: datetime, policy: Policy) -> tuple[datetime, datetime]:
    """Earliest and (exclusive) latest bookable starts under the policy."""
    now = _utc(now)
    return now + policy.min_notice, now + policy.horizon


def _span(duration: timedelta, buffer: timedelta) -> timedelta:
    """The time a visit keeps its therapist: the visit itself plus the buffer after it."""
    if duration <= timedelta(0) or buffer < timedelta(0):
        raise ValueError("duration must be positive and buffer must not be negative")
    return duration + buffer


def _since_midnight(at: time) -> timedelta:
    return timedelta(
        hours=at.hour, minutes=at.minute, seconds=at.second, microseconds=at.microsecond
    )


def _utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused rather than guessed."""
    if moment.tzinfo is UTC:
        return moment
    if moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC)
