"""Half-open time intervals [start, end) of aware datetimes, and the sweeps availability needs.

An interval is a plain `(start, end)` tuple. Intervals that touch (one ends where the next
starts) are back to back, not overlapping; `merge` still joins them, since a visit may run
from one into the other.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeAlias

Interval: TypeAlias = tuple[datetime, datetime]


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two half-open intervals share any instant (touching ones do not)."""
    return a[0] < b[1] and b[0] < a[1]


def contains(outer: Interval, inner: Interval) -> bool:
    """Whether `inner` lies wholly inside `outer`."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort once and join overlapping or touching intervals; empty ones are dropped."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(free: Sequence[Interval], busy: Sequence[Interval]) -> list[Interval]:
    """What is left of `free` once `busy` is taken out, in one linear sweep.

    Both lists must be sorted by start; `free` must not overlap itself (see `merge`).
    """
    left: list[Interval] = []
    first, count = 0, len(busy)
    for free_start, free_end in free:
        # Busy intervals that end before this window also end before every later one.
        while first < count and busy[first][1] <= free_start:
            first += 1
        cursor = free_start
        index = first
        # The hot loop of availability: plain comparisons, no calls.
        while index < count and cursor < free_end:
            busy_start, busy_end = busy[index]
            if busy_start >= free_end:
                break
            if busy_start > cursor:
                left.append((cursor, busy_start))
            if busy_end > cursor:
                cursor = busy_end
            index += 1
        if cursor < free_end:
            left.append((cursor, free_end))
    return left


def clip(intervals: Iterable[Interval], lo: datetime, hi: datetime) -> list[Interval]:
    """The parts of `intervals` that fall inside [lo, hi), in their original order."""
    clipped: list[Interval] = []
    for start, end in intervals:
        start, end = max(start, lo), min(end, hi)
        if start < end:
            clipped.append((start, end))
    return clipped
