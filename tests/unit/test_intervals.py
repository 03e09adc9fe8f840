"""Half-open interval helpers: merging, subtracting and clipping [start, end) datetimes."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.scheduling.intervals import Interval, clip, contains, merge, overlaps, subtract

DAY = datetime(2026, 3, 2, tzinfo=UTC)


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return DAY + timedelta(hours=int(hours), minutes=int(minutes))


def iv(start: str, end: str) -> Interval:
    return (at(start), at(end))


RANGE = (at("08:00"), at("17:00"))


def test_merge_sorts_and_joins_overlapping_intervals():
    assert merge([iv("10:00", "12:00"), iv("08:00", "10:30")]) == [iv("08:00", "12:00")]


def test_merge_joins_back_to_back_intervals():
    assert merge([iv("08:00", "12:00"), iv("12:00", "17:00")]) == [iv("08:00", "17:00")]


def test_merge_keeps_separate_intervals_apart_and_in_order():
    merged = merge([iv("13:00", "14:00"), iv("08:00", "09:00")])

    assert merged == [iv("08:00", "09:00"), iv("13:00", "14:00")]


def test_merge_swallows_an_interval_inside_another():
    assert merge([iv("08:00", "17:00"), iv("09:00", "10:00")]) == [iv("08:00", "17:00")]


def test_merge_drops_empty_and_backwards_intervals():
    assert merge([iv("09:00", "09:00"), iv("11:00", "10:00")]) == []


def test_merge_of_nothing_is_nothing():
    assert merge([]) == []


def test_back_to_back_intervals_do_not_overlap():
    assert not overlaps(iv("08:00", "09:00"), iv("09:00", "10:00"))
    assert not overlaps(iv("09:00", "10:00"), iv("08:00", "09:00"))


def test_intervals_sharing_a_minute_overlap():
    assert overlaps(iv("08:00", "09:01"), iv("09:00", "10:00"))
    assert overlaps(iv("08:00", "17:00"), iv("12:00", "12:30"))


def test_contains_includes_both_edges_of_the_outer_interval():
    assert contains(iv("08:00", "12:00"), iv("08:00", "12:00"))
    assert not contains(iv("08:00", "12:00"), iv("11:30", "12:30"))


def test_subtract_splits_a_window_around_busy_time():
    free = subtract([iv("08:00", "12:00")], [iv("09:00", "10:00")])

    assert free == [iv("08:00", "09:00"), iv("10:00", "12:00")]


def test_subtract_busy_touching_the_window_edges_leaves_it_whole():
    free = subtract([iv("08:00", "12:00")], [iv("07:00", "08:00"), iv("12:00", "13:00")])

    assert free == [iv("08:00", "12:00")]


def test_subtract_busy_covering_the_window_removes_it():
    assert subtract([iv("08:00", "12:00")], [iv("07:00", "13:00")]) == []


def test_subtract_back_to_back_busy_leaves_no_empty_gap():
    free = subtract([iv("08:00", "12:00")], [iv("08:00", "10:00"), iv("10:00", "12:00")])

    assert free == []


def test_subtract_one_busy_interval_spanning_several_windows():
    windows = [iv("08:00", "10:00"), iv("11:00", "13:00"), iv("14:00", "16:00")]

    free = subtract(windows, [iv("09:00", "15:00")])

    assert free == [iv("08:00", "09:00"), iv("15:00", "16:00")]


def test_subtract_accepts_overlapping_busy_sorted_by_start():
    busy = [iv("09:00", "11:00"), iv("09:30", "10:00"), iv("10:30", "11:30")]

    free = subtract([iv("08:00", "12:00")], busy)

    assert free == [iv("08:00", "09:00"), iv("11:30", "12:00")]


def test_subtract_nothing_busy_returns_the_windows():
    windows = [iv("08:00", "10:00"), iv("11:00", "13:00")]

    assert subtract(windows, []) == windows


def test_subtract_from_no_windows_is_nothing():
    assert subtract([], [iv("08:00", "10:00")]) == []


def test_clip_keeps_only_the_parts_inside_the_range():
    clipped = clip([iv("07:00", "09:00"), iv("10:00", "11:00"), iv("16:00", "18:00")], *RANGE)

    assert clipped == [iv("08:00", "09:00"), iv("10:00", "11:00"), iv("16:00", "17:00")]


def test_clip_drops_intervals_that_only_touch_the_range():
    assert clip([iv("07:00", "08:00"), iv("17:00", "18:00")], *RANGE) == []


# Property tests: intervals on a five-minute lattice, compared with a minute-by-minute model.

intervals_on_a_lattice = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12)).map(
        lambda pair: (DAY + timedelta(minutes=5 * pair[0]), DAY + timedelta(minutes=5 * sum(pair)))
    ),
    max_size=8,
)


def covered(intervals: list[Interval]) -> set[datetime]:
    """Every five-minute mark inside the intervals: a model slow enough to be obviously right."""
    marks = (DAY + timedelta(minutes=5 * k) for k in range(80))
    return {mark for mark in marks if any(start <= mark < end for start, end in intervals)}


def assert_sorted_and_apart(intervals: list[Interval]) -> None:
    for (_, end), (next_start, _) in pairwise(intervals):
        assert end < next_start


@settings(deadline=None, max_examples=150)
@given(intervals_on_a_lattice)
def test_merge_covers_the_same_time_with_sorted_separate_intervals(intervals):
    merged = merge(intervals)

    assert covered(merged) == covered(intervals)
    assert all(start < end for start, end in merged)
    assert_sorted_and_apart(merged)


@settings(deadline=None, max_examples=150)
@given(intervals_on_a_lattice, intervals_on_a_lattice)
def test_subtract_leaves_exactly_the_free_time_outside_busy(windows, busy):
    free = subtract(merge(windows), sorted(busy))

    assert covered(free) == covered(windows) - covered(busy)
    assert all(start < end for start, end in free)
    assert all(not overlaps(piece, taken) for piece in free for taken in busy)
    assert free == sorted(free)
