"""Free times at one location: hours, buffer, notice, horizon, grid, time off and clock changes."""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.scheduling.availability import (
    Busy,
    Policy,
    Reason,
    Slot,
    WeeklyRule,
    check_slot,
    first_slot_per_therapist,
    free_slots,
    to_utc,
)

CHICAGO = ZoneInfo("America/Chicago")
DENVER = ZoneInfo("America/Denver")
MONDAY, TUESDAY, WEDNESDAY, SATURDAY, SUNDAY = 0, 1, 2, 5, 6
A_MONDAY = date(2026, 2, 9)  # far from any clock change
NOW = datetime(2026, 2, 2, 12, tzinfo=UTC)  # a week before
SPRING_FORWARD = date(2026, 3, 8)  # 02:00 -> 03:00 in both US zones
FALL_BACK = date(2026, 11, 1)  # 02:00 -> 01:00 in both US zones
POLICY = Policy(grid_minutes=30, min_notice=timedelta(0), horizon=timedelta(days=365))
HOUR = timedelta(hours=1)


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def rule(weekday=MONDAY, start="09:00", end="12:00", therapist_id=1, **extra) -> WeeklyRule:
    return WeeklyRule(
        therapist_id=therapist_id,
        location_id=extra.pop("location_id", 1),
        weekday=weekday,
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        **extra,
    )


def local(day: date, clock: str, tz: ZoneInfo = CHICAGO, fold: int = 0) -> datetime:
    """The instant (UTC) the clocks in `tz` read `clock` on `day`."""
    wall = datetime.combine(day, time.fromisoformat(clock), tzinfo=tz).replace(fold=fold)
    return wall.astimezone(UTC)


def offer(rules, **options) -> list[Slot]:
    """free_slots with the defaults of these tests: one Chicago Monday, hour-long visits."""
    start_date = options.pop("start_date", A_MONDAY)
    defaults = {
        "busy": (),
        "closures": (),
        "policy": POLICY,
        "duration": HOUR,
        "buffer": timedelta(0),
        "end_date": start_date,
        "tz": CHICAGO,
        "now": NOW,
    }
    return free_slots(rules=rules, start_date=start_date, **(defaults | options))


def check(start: datetime, rules, **options) -> Reason | None:
    """check_slot for therapist 1 with the same defaults as `offer`."""
    defaults = {
        "therapist_id": 1,
        "busy": (),
        "closures": (),
        "policy": POLICY,
        "duration": HOUR,
        "buffer": timedelta(0),
        "tz": CHICAGO,
        "now": NOW,
    }
    return check_slot(start=start, rules=rules, **(defaults | options))


def labels(slots: list[Slot], tz: ZoneInfo = CHICAGO) -> list[str]:
    return [slot.start.astimezone(tz).strftime("%H:%M") for slot in slots]


def by_local_day(slots: list[Slot], tz: ZoneInfo) -> dict[date, list[Slot]]:
    days: dict[date, list[Slot]] = defaultdict(list)
    for slot in slots:
        days[slot.start.astimezone(tz).date()].append(slot)
    return days


# Working hours, visits and the grid


def test_basic_week_offers_each_working_day_on_the_grid():
    rules = [rule(MONDAY), rule(WEDNESDAY)]

    slots = offer(rules, end_date=A_MONDAY + timedelta(days=6))

    days = by_local_day(slots, CHICAGO)
    assert sorted(days) == [A_MONDAY, A_MONDAY + timedelta(days=2)]
    for day_slots in days.values():
        assert labels(day_slots) == ["09:00", "09:30", "10:00", "10:30", "11:00"]


def test_slots_are_in_utc_and_last_as_long_as_the_visit():
    slot = offer([rule()])[0]

    assert slot.start == datetime(2026, 2, 9, 15, tzinfo=UTC)
    assert slot.start.tzinfo is UTC
    assert slot.end - slot.start == HOUR
    assert (slot.therapist_id, slot.location_id) == (1, 1)


def test_slots_are_sorted_by_start_then_therapist():
    rules = [rule(therapist_id=2), rule(therapist_id=1, start="10:00")]

    slots = offer(rules)

    assert slots == sorted(slots)
    assert [(s.start, s.therapist_id) for s in slots] == sorted(
        (s.start, s.therapist_id) for s in slots
    )
    assert [s.therapist_id for s in slots[2:4]] == [1, 2]


def test_end_date_is_inclusive():
    slots = offer([rule(MONDAY), rule(TUESDAY)], end_date=A_MONDAY + timedelta(days=1))

    assert sorted(by_local_day(slots, CHICAGO)) == [A_MONDAY, A_MONDAY + timedelta(days=1)]


def test_back_to_back_rules_let_a_visit_run_from_one_into_the_next():
    slots = offer([rule(start="09:00", end="10:30"), rule(start="10:30", end="12:00")])

    assert "10:00" in labels(slots)


def test_grid_is_counted_from_local_midnight_not_from_the_rule_start():
    slots = offer([rule(start="08:10", end="10:00")])

    assert labels(slots) == ["08:30", "09:00"]


def test_grid_that_does_not_divide_the_hour_still_counts_from_midnight():
    policy = Policy(grid_minutes=45, min_notice=timedelta(0), horizon=timedelta(days=365))

    slots = offer([rule(start="08:00", end="12:00")], policy=policy, duration=minutes(45))

    assert labels(slots) == ["08:15", "09:00", "09:45", "10:30", "11:15"]


def test_buffer_must_fit_before_closing_time():
    slots = offer([rule()], buffer=minutes(15))

    assert labels(slots)[-1] == "10:30"


def test_buffer_keeps_a_visit_clear_of_the_next_appointment():
    policy = Policy(grid_minutes=15, min_notice=timedelta(0), horizon=timedelta(days=365))
    booked = Busy(1, local(A_MONDAY, "11:00"), local(A_MONDAY, "12:00"))

    slots = offer([rule()], busy=[booked], policy=policy, buffer=minutes(15))

    assert labels(slots)[-1] == "09:45"


def test_appointment_blocks_overlapping_starts_but_allows_back_to_back_visits():
    booked = Busy(1, local(A_MONDAY, "10:00"), local(A_MONDAY, "11:00"))

    slots = offer([rule()], busy=[booked])

    assert labels(slots) == ["09:00", "11:00"]


def test_rule_applies_only_between_valid_from_and_valid_to_inclusive():
    limited = rule(valid_from=date(2026, 2, 16), valid_to=date(2026, 2, 23))

    slots = offer([limited], end_date=date(2026, 3, 9))

    assert sorted(by_local_day(slots, CHICAGO)) == [date(2026, 2, 16), date(2026, 2, 23)]


# Notice and horizon


def test_min_notice_hides_starts_that_come_too_soon():
    policy = Policy(grid_minutes=30, min_notice=2 * HOUR, horizon=timedelta(days=30))

    slots = offer([rule(end="14:00")], policy=policy, now=local(A_MONDAY, "08:10"))

    assert labels(slots)[0] == "10:30"


def test_start_exactly_at_the_notice_is_offered():
    policy = Policy(grid_minutes=30, min_notice=2 * HOUR, horizon=timedelta(days=30))

    slots = offer([rule(end="14:00")], policy=policy, now=local(A_MONDAY, "08:00"))

    assert labels(slots)[0] == "10:00"


def test_past_starts_are_never_offered():
    slots = offer([rule()], now=local(A_MONDAY, "10:15"))

    assert labels(slots) == ["10:30", "11:00"]


def test_horizon_ends_before_its_last_instant():
    policy = Policy(grid_minutes=30, min_notice=timedelta(0), horizon=timedelta(days=7))
    now = local(A_MONDAY - timedelta(days=7), "10:00")

    slots = offer([rule()], policy=policy, now=now)

    assert labels(slots) == ["09:00", "09:30"]


# Time off, closures and several therapists


def test_time_off_removes_the_starts_it_overlaps():
    away = Busy(1, local(A_MONDAY, "09:30"), local(A_MONDAY, "11:00"), kind="time_off")

    assert labels(offer([rule()], busy=[away])) == ["11:00"]


def test_closure_blocks_every_therapist_at_the_location():
    rules = [rule(therapist_id=1), rule(therapist_id=2)]
    closed = (local(A_MONDAY, "09:00"), local(A_MONDAY, "11:00"))

    slots = offer(rules, closures=[closed])

    assert [(s.therapist_id, label) for s, label in zip(slots, labels(slots), strict=True)] == [
        (1, "11:00"),
        (2, "11:00"),
    ]


def test_one_therapists_appointment_leaves_the_others_free():
    rules = [rule(therapist_id=1), rule(therapist_id=2)]
    booked = Busy(1, local(A_MONDAY, "09:00"), local(A_MONDAY, "12:00"))

    slots = offer(rules, busy=[booked])

    assert {slot.therapist_id for slot in slots} == {2}
    assert len(slots) == 5


def test_therapist_filter_keeps_only_the_chosen_therapists():
    rules = [rule(therapist_id=therapist) for therapist in (1, 2, 3)]

    slots = offer(rules, therapist_ids={1, 3})

    assert {slot.therapist_id for slot in slots} == {1, 3}


def test_therapist_without_hours_gets_no_slots():
    assert offer([rule(therapist_id=1)], therapist_ids={9}) == []


def test_first_slot_per_therapist_is_their_next_free_time():
    rules = [rule(therapist_id=1, start="10:00"), rule(therapist_id=2)]
    slots = offer(rules, end_date=A_MONDAY + timedelta(days=7))

    first = first_slot_per_therapist(slots)

    assert {therapist: labels([slot]) for therapist, slot in first.items()} == {
        1: ["10:00"],
        2: ["09:00"],
    }


def test_rules_of_two_locations_are_refused():
    rules = [rule(location_id=1), rule(location_id=2)]

    with pytest.raises(ValueError, match="one location"):
        offer(rules)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        offer([rule()], now=NOW.replace(tzinfo=None))


def test_rule_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="start before it ends"):
        rule(start="12:00", end="09:00")


# Daylight saving time

CHANGES = [
    pytest.param(CHICAGO, SPRING_FORWARD, id="chicago-spring"),
    pytest.param(CHICAGO, FALL_BACK, id="chicago-autumn"),
    pytest.param(DENVER, SPRING_FORWARD, id="denver-spring"),
    pytest.param(DENVER, FALL_BACK, id="denver-autumn"),
]
US_ZONES = [
    pytest.param(CHICAGO, id="chicago"),
    pytest.param(DENVER, id="denver"),
]
EIGHT_TO_FOUR = [f"{8 + k // 2:02}:{30 * (k % 2):02}" for k in range(17)]  # 08:00, 08:30 .. 16:00


@pytest.mark.parametrize(("tz", "change"), CHANGES)
def test_working_day_runs_eight_to_five_local_on_both_sides_of_the_change(tz, change):
    rules = [rule(weekday, start="08:00", end="17:00") for weekday in range(7)]
    before, after = change - timedelta(days=1), change + timedelta(days=1)

    slots = offer(rules, start_date=before, end_date=after, tz=tz)

    days = by_local_day(slots, tz)
    for day in (before, change, after):
        assert labels(days[day], tz) == EIGHT_TO_FOUR
    assert days[before][0].start.hour != days[after][0].start.hour


@pytest.mark.parametrize("tz", US_ZONES)
def test_lost_hour_is_never_offered(tz):
    night = rule(SUNDAY, start="01:00", end="04:00")

    slots = offer([night], start_date=SPRING_FORWARD, tz=tz, duration=minutes(30))

    assert labels(slots, tz) == ["01:00", "01:30", "03:00", "03:30"]
    assert all(to_utc(SPRING_FORWARD, s.start.astimezone(tz).time(), tz) == s.start for s in slots)


@pytest.mark.parametrize("tz", US_ZONES)
def test_visit_may_run_across_the_spring_forward_jump(tz):
    night = rule(SUNDAY, start="01:00", end="04:00")

    slots = offer([night], start_date=SPRING_FORWARD, tz=tz)

    assert labels(slots, tz) == ["01:00", "01:30", "03:00"]


@pytest.mark.parametrize("tz", US_ZONES)
def test_hours_starting_in_the_lost_hour_begin_when_the_clocks_jump(tz):
    night = rule(SUNDAY, start="02:30", end="05:00")

    slots = offer([night], start_date=SPRING_FORWARD, tz=tz, duration=minutes(30))

    assert labels(slots, tz) == ["03:00", "03:30", "04:00", "04:30"]


@pytest.mark.parametrize("tz", US_ZONES)
def test_hours_ending_in_the_lost_hour_end_when_the_clocks_jump(tz):
    night = rule(SUNDAY, start="00:00", end="02:30")

    slots = offer([night], start_date=SPRING_FORWARD, tz=tz)

    assert labels(slots, tz) == ["00:00", "00:30", "01:00"]


@pytest.mark.parametrize("tz", US_ZONES)
def test_repeated_hour_is_offered_once(tz):
    night = rule(SUNDAY, start="01:00", end="04:00")

    slots = offer([night], start_date=FALL_BACK, tz=tz, duration=minutes(30))

    assert labels(slots, tz) == ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
    assert all(slot.start.astimezone(tz).fold == 0 for slot in slots)


@pytest.mark.parametrize("tz", US_ZONES)
def test_repeated_hour_never_gives_overlapping_back_to_back_slots(tz):
    night = rule(SUNDAY, start="01:00", end="04:00")
    policy = Policy(grid_minutes=60, min_notice=timedelta(0), horizon=timedelta(days=365))

    slots = offer([night], start_date=FALL_BACK, tz=tz, policy=policy)

    assert labels(slots, tz) == ["01:00", "02:00", "03:00"]
    assert all(one.end <= other.start for one, other in pairwise(slots))


@pytest.mark.parametrize("tz", US_ZONES)
def test_visit_may_run_through_the_repeated_hour(tz):
    night = rule(SUNDAY, start="01:00", end="03:00")

    slots = offer([night], start_date=FALL_BACK, tz=tz, duration=minutes(150))

    assert labels(slots, tz) == ["01:00", "01:30"]


# check_slot: one case per reason


def test_check_slot_accepts_an_offered_start():
    assert check(local(A_MONDAY, "09:00"), [rule()]) is None


def test_check_slot_refuses_a_start_in_the_past():
    now = local(A_MONDAY, "10:15")

    assert check(local(A_MONDAY, "09:00"), [rule()], now=now) == Reason.PAST


def test_check_slot_refuses_a_start_inside_the_notice():
    policy = Policy(grid_minutes=30, min_notice=2 * HOUR, horizon=timedelta(days=30))
    now = local(A_MONDAY, "08:00")

    assert check(local(A_MONDAY, "09:30"), [rule()], policy=policy, now=now) == "inside_notice"


def test_check_slot_refuses_a_start_beyond_the_horizon():
    policy = Policy(grid_minutes=30, min_notice=timedelta(0), horizon=timedelta(days=7))

    assert check(local(A_MONDAY, "09:00"), [rule()], policy=policy) == Reason.BEYOND_HORIZON


def test_check_slot_refuses_a_start_off_the_grid():
    assert check(local(A_MONDAY, "09:10"), [rule()]) == Reason.OFF_GRID


def test_check_slot_refuses_the_second_occurrence_of_a_repeated_time():
    night = rule(SUNDAY, start="01:00", end="04:00")
    second = local(FALL_BACK, "01:30", fold=1)

    assert check(second, [night], duration=minutes(30)) == Reason.OFF_GRID
    assert check(local(FALL_BACK, "01:30"), [night], duration=minutes(30)) is None


def test_check_slot_refuses_a_start_outside_working_hours():
    assert check(local(A_MONDAY, "13:00"), [rule()]) == Reason.OUTSIDE_HOURS


def test_check_slot_refuses_a_visit_whose_buffer_runs_past_closing():
    start = local(A_MONDAY, "11:00")

    assert check(start, [rule()], buffer=minutes(15)) == Reason.OUTSIDE_HOURS


def test_check_slot_refuses_a_start_during_time_off():
    away = Busy(1, local(A_MONDAY, "09:30"), local(A_MONDAY, "10:00"), kind="time_off")

    assert check(local(A_MONDAY, "09:00"), [rule()], busy=[away]) == Reason.TIME_OFF


def test_check_slot_calls_a_closure_time_off():
    closed = (local(A_MONDAY, "00:00"), local(A_MONDAY + timedelta(days=1), "00:00"))

    assert check(local(A_MONDAY, "09:00"), [rule()], closures=[closed]) == Reason.TIME_OFF


def test_check_slot_refuses_a_taken_start():
    booked = Busy(1, local(A_MONDAY, "09:30"), local(A_MONDAY, "10:30"))

    assert check(local(A_MONDAY, "09:00"), [rule()], busy=[booked]) == Reason.TAKEN


def test_check_slot_ignores_other_therapists_appointments():
    booked = Busy(2, local(A_MONDAY, "09:00"), local(A_MONDAY, "10:00"))

    assert check(local(A_MONDAY, "09:00"), [rule()], busy=[booked]) is None


def test_check_slot_reports_time_off_before_an_appointment():
    busy = [
        Busy(1, local(A_MONDAY, "09:00"), local(A_MONDAY, "10:00")),
        Busy(1, local(A_MONDAY, "09:00"), local(A_MONDAY, "12:00"), kind="time_off"),
    ]

    assert check(local(A_MONDAY, "09:00"), [rule()], busy=busy) == Reason.TIME_OFF


def test_check_slot_reports_the_past_before_anything_else():
    afternoon = rule(start="13:00", end="15:00")

    assert check(local(A_MONDAY, "09:10"), [afternoon], now=local(A_MONDAY, "23:00")) == "past"


# Properties over generated schedules, in zones with one-hour and half-hour clock changes

FIVE = minutes(5)
CHANGE_DATES = {
    "America/Chicago": [SPRING_FORWARD, FALL_BACK],
    "America/Denver": [SPRING_FORWARD, FALL_BACK],
    "Europe/London": [date(2026, 3, 29), date(2026, 10, 25)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],  # 30-minute changes
}
ORDINARY_DAY = date(2026, 6, 16)


@st.composite
def rules_for(draw, therapists: list[int], days: list[date], night: bool) -> WeeklyRule:
    # Five-minute steps from midnight; night hours (00:00-08:30) straddle the clock changes.
    if night or draw(st.booleans()):
        start = draw(st.integers(0, 42))
        end = draw(st.integers(start + 1, start + 60))
    else:
        start = draw(st.integers(0, 285))
        end = draw(st.integers(start + 1, 287))
    valid_from, valid_to = sorted(draw(st.lists(st.sampled_from(days), min_size=2, max_size=2)))
    return WeeklyRule(
        therapist_id=draw(st.sampled_from(therapists)),
        location_id=1,
        weekday=draw(st.sampled_from([day.weekday() for day in days])),
        start=time(start * 5 // 60, start * 5 % 60),
        end=time(end * 5 // 60, end * 5 % 60),
        valid_from=draw(st.none() | st.just(valid_from)),
        valid_to=draw(st.none() | st.just(valid_to)),
    )


policies = st.builds(
    Policy,
    grid_minutes=st.sampled_from([10, 15, 20, 30, 45, 60]),
    min_notice=st.integers(0, 72).map(lambda k: k * FIVE),
    horizon=(st.integers(1, 1500) | st.just(1500)).map(lambda k: k * FIVE),
)


@st.composite
def scenarios(draw, change_night: bool = False) -> dict:
    """Keyword arguments for free_slots: a few therapists over one to three local days.

    With `change_night`, one day of night hours on the day the clocks change.
    """
    zone = draw(st.sampled_from(sorted(CHANGE_DATES)))
    tz = ZoneInfo(zone)
    if change_night:
        days = [draw(st.sampled_from(CHANGE_DATES[zone]))]
    else:
        first = draw(st.sampled_from([*CHANGE_DATES[zone], ORDINARY_DAY]))
        first -= timedelta(days=draw(st.integers(0, 1)))
        days = [first + timedelta(days=k) for k in range(draw(st.integers(1, 3)))]
    first = days[0]
    therapists = list(range(1, draw(st.integers(1, 3)) + 1))
    origin = datetime.combine(first, time(), tzinfo=tz).astimezone(UTC)

    def moments(low: int, high: int) -> st.SearchStrategy[datetime]:
        return st.integers(low, high).map(lambda k: origin + k * FIVE)

    def busy_for(start: datetime, length: int, therapist: int, kind: str) -> Busy:
        return Busy(therapist, start, start + length * FIVE, kind)

    busy = st.builds(
        busy_for,
        moments(-50, 900),
        st.integers(1, 40),
        st.sampled_from(therapists),
        st.sampled_from(["appointment", "time_off"]),
    )
    closure = st.tuples(moments(-50, 900), st.integers(1, 40)).map(
        lambda pair: (pair[0], pair[0] + pair[1] * FIVE)
    )
    return {
        "rules": draw(st.lists(rules_for(therapists, days, change_night), min_size=1, max_size=6)),
        "busy": draw(st.lists(busy, max_size=8)),
        "closures": draw(st.lists(closure, max_size=2)),
        "policy": draw(policies),
        "duration": draw(st.integers(1, 24)) * FIVE,
        "buffer": draw(st.integers(0, 6)) * FIVE,
        "start_date": days[0],
        "end_date": days[-1],
        "tz": tz,
        "now": draw(moments(-300, 150)),
        "therapist_ids": draw(st.none() | st.sets(st.sampled_from(therapists), min_size=1)),
    }


@cache
def first_reading_at_or_after(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """Walk five-minute marks until the clocks in `tz` first read `clock` on `day` or later."""
    target = datetime.combine(day, clock)
    mark = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=15)
    while mark.astimezone(tz).replace(tzinfo=None) < target:
        mark += FIVE
    return mark


def working_windows(s: dict, therapist: int) -> list[tuple[datetime, datetime]]:
    days = [s["start_date"] + timedelta(days=k) for k in range(3)]
    return [
        (
            first_reading_at_or_after(day, r.start, s["tz"]),
            first_reading_at_or_after(day, r.end, s["tz"]),
        )
        for r in s["rules"]
        for day in days
        if day <= s["end_date"]
        and r.therapist_id == therapist
        and r.weekday == day.weekday()
        and (r.valid_from is None or r.valid_from <= day)
        and (r.valid_to is None or day <= r.valid_to)
    ]


def working_throughout(s: dict, therapist: int, start: datetime, end: datetime) -> bool:
    """Brute force: every five minutes of [start, end) lies in some working window."""
    windows = working_windows(s, therapist)
    marks = [start + k * FIVE for k in range((end - start) // FIVE)]
    return all(any(ws <= mark < we for ws, we in windows) for mark in marks)


def clear_of_busy(s: dict, therapist: int, start: datetime, end: datetime) -> bool:
    blocking = [(b.start, b.end) for b in s["busy"] if b.therapist_id == therapist]
    return not any(bs < end and start < be for bs, be in [*blocking, *s["closures"]])


def bookable(s: dict, therapist: int, start: datetime) -> bool:
    end = start + s["duration"] + s["buffer"]
    return working_throughout(s, therapist, start, end) and clear_of_busy(s, therapist, start, end)


def grid_starts(s: dict) -> list[datetime]:
    """Every grid label from local midnight that the clocks show, at its first showing."""
    tz, starts = s["tz"], []
    day = s["start_date"]
    while day <= s["end_date"]:
        for minute in range(0, 24 * 60, s["policy"].grid_minutes):
            label = datetime.combine(day, time()) + timedelta(minutes=minute)
            start = label.replace(tzinfo=tz).astimezone(UTC)
            if start.astimezone(tz).replace(tzinfo=None) == label:
                starts.append(start)
        day += timedelta(days=1)
    return starts


def reference_slots(s: dict) -> list[Slot]:
    therapists = sorted({r.therapist_id for r in s["rules"]})
    if s["therapist_ids"] is not None:
        therapists = [t for t in therapists if t in s["therapist_ids"]]
    lower, upper = s["now"] + s["policy"].min_notice, s["now"] + s["policy"].horizon
    slots = [
        Slot(therapist, 1, start, start + s["duration"])
        for start in grid_starts(s)
        if lower <= start < upper
        for therapist in therapists
        if bookable(s, therapist, start)
    ]
    return sorted(slots, key=lambda slot: (slot.start, slot.therapist_id))


def check_kwargs(s: dict) -> dict:
    return {
        key: s[key]
        for key in ("rules", "busy", "closures", "policy", "duration", "buffer", "tz", "now")
    }


@settings(deadline=None, max_examples=100)
@given(scenarios())
def test_free_slots_match_a_brute_force_reference(s):
    assert free_slots(**s) == reference_slots(s)


@settings(deadline=None, max_examples=100)
@given(scenarios(change_night=True))
def test_change_nights_match_a_brute_force_reference(s):
    assert free_slots(**s) == reference_slots(s)


@settings(deadline=None, max_examples=80)
@given(scenarios())
def test_offered_slots_keep_every_rule(s):
    slots = free_slots(**s)
    tz, policy, span = s["tz"], s["policy"], s["duration"] + s["buffer"]

    assert [(x.start, x.therapist_id) for x in slots] == sorted(
        {(x.start, x.therapist_id) for x in slots}
    )
    for slot in slots:
        label = slot.start.astimezone(tz)
        assert label.fold == 0 and (label.hour * 60 + label.minute) % policy.grid_minutes == 0
        assert s["start_date"] <= label.date() <= s["end_date"]
        assert s["now"] + policy.min_notice <= slot.start < s["now"] + policy.horizon
        assert slot.end == slot.start + s["duration"]
        assert working_throughout(s, slot.therapist_id, slot.start, slot.start + span)
        assert clear_of_busy(s, slot.therapist_id, slot.start, slot.start + span)


@settings(deadline=None, max_examples=80)
@given(scenarios(), st.data())
def test_any_offered_slot_can_be_booked_and_booking_it_removes_the_overlapping_ones(s, data):
    slots = free_slots(**s)
    for slot in slots:
        assert (
            check_slot(therapist_id=slot.therapist_id, start=slot.start, **check_kwargs(s)) is None
        )
    if not slots:
        return
    chosen = data.draw(st.sampled_from(slots))
    span = s["duration"] + s["buffer"]
    booked = Busy(chosen.therapist_id, chosen.start, chosen.start + span)

    after = free_slots(**(s | {"busy": [*s["busy"], booked]}))

    clashes = [
        slot
        for slot in slots
        if slot.therapist_id == chosen.therapist_id
        and slot.start < booked.end
        and booked.start < slot.start + span
    ]
    assert chosen in clashes
    assert after == [slot for slot in slots if slot not in clashes]
    reason = check_slot(
        therapist_id=chosen.therapist_id,
        start=chosen.start,
        **(check_kwargs(s) | {"busy": [booked]}),
    )
    assert reason == Reason.TAKEN


def instants_near_hours(s: dict, therapist: int) -> list[datetime]:
    """Grid starts, and every five minutes from an hour before to an hour after working hours."""
    instants = set(grid_starts(s))
    for ws, we in working_windows(s, therapist):
        instants.update(ws - HOUR + k * FIVE for k in range((we - ws + 2 * HOUR) // FIVE))
    dates = (s["start_date"], s["end_date"])
    return sorted(i for i in instants if dates[0] <= i.astimezone(s["tz"]).date() <= dates[1])


@settings(deadline=None, max_examples=60)
@given(scenarios())
def test_check_slot_agrees_with_free_slots_at_every_five_minutes_near_working_hours(s):
    offered = {
        (slot.therapist_id, slot.start) for slot in free_slots(**(s | {"therapist_ids": None}))
    }
    for therapist in sorted({r.therapist_id for r in s["rules"]}):
        for start in instants_near_hours(s, therapist):
            reason = check_slot(therapist_id=therapist, start=start, **check_kwargs(s))
            assert (reason is None) == ((therapist, start) in offered), (therapist, start, reason)
