"""Scheduling figures: free times over 8 weeks for 50 therapists, and booking races.

Prints one `name: value` line per figure. Timings are figures, not verdicts: nothing here
fails on speed. What is asserted is correctness (the engine and the database agree, and no
race ever leaves two live appointments overlapping).

Targets (reported, not asserted): availability_e2e_over_floor <= 2.0 (the app adds at most
as much as fetching the busy rows costs), compute <= half the floor, overlaps 0 always.
"""

import cProfile
import gc
import io
import pstats
import random
import statistics
from datetime import datetime, time, timedelta
from time import perf_counter

import pytest
from sqlalchemy import delete, func, select

from clinic.extensions import db
from clinic.practice.models import Location
from clinic.scheduling import reads
from clinic.scheduling.availability import as_slots, free_starts
from clinic.scheduling.booking import SlotRequest
from clinic.scheduling.free_times import find_free_slots, find_free_starts
from clinic.scheduling.models import Appointment, AppointmentStatus, AppointmentType, SlotClaim
from tests.benchmarks import dataset
from tests.benchmarks.race import Attempt, claimed_cells, overlaps, race, tally

WARM_UP, RUNS = 2, 9
RACERS = 50
RANDOM_ROUNDS = 3


@pytest.fixture(autouse=True)
def _own_line():
    """Start each benchmark's figures on a line of their own, after pytest's progress dot."""
    print()


def figure(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.2f}"
    print(f"{name}: {value}")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def test_dataset(sqlite_bench):
    for line in sqlite_bench.data.describe():
        print(line)


def test_availability(bench):
    """End to end, engine alone, and the floor (the busy query's rows as tuples)."""
    data, suffix = bench.data, "" if bench.label == "sqlite" else "_pg"
    with bench.app.app_context():
        kind = db.session.get(AppointmentType, data.type_id)
        location = db.session.get(Location, data.location_id)
        zone = dataset.ZONE
        span = (data.first_day, data.last_day)
        rules = reads.weekly_rules(location.id)
        ids = sorted({rule.therapist_id for rule in rules})
        lo, hi = reads.local_range(*span, zone)
        busy, closures = reads.busy_time(ids, location.id, lo, hi, dataset.NOW)
        policy = reads.online_policy(reads.settings())
        floor_query = reads.busy_query(ids, location.id, lo, hi, dataset.NOW)

        def e2e():
            return find_free_starts(kind, location, *span, dataset.NOW)

        def e2e_slots():
            return find_free_slots(kind, location, *span, dataset.NOW)

        def compute_slots():
            return as_slots(compute(), location.id, timedelta(minutes=kind.duration_minutes))

        def compute():
            return free_starts(
                rules=rules,
                busy=busy,
                closures=closures,
                policy=policy,
                duration=timedelta(minutes=kind.duration_minutes),
                buffer=timedelta(minutes=kind.buffer_minutes),
                start_date=span[0],
                end_date=span[1],
                tz=zone,
                now=dataset.NOW,
                therapist_ids=ids,
            )

        def floor():
            return db.session.execute(floor_query).all()

        def busy_objects():
            return reads.busy_time(ids, location.id, lo, hi, dataset.NOW)

        def fresh_transaction():
            # Each run starts as a request does; the objects it is handed are loaded already.
            db.session.rollback()
            _ = location.timezone, kind.duration_minutes
            gc.collect()

        samples = {
            name: []
            for name in ("floor", "busy_time", "compute", "e2e", "compute_slots", "e2e_slots")
        }
        for run in range(WARM_UP + RUNS):
            # Interleaved, so a noisy moment hurts every figure alike.
            for name, work in (
                ("floor", floor),
                ("busy_time", busy_objects),
                ("compute", compute),
                ("e2e", e2e),
                ("compute_slots", compute_slots),
                ("e2e_slots", e2e_slots),
            ):
                fresh_transaction()
                started = perf_counter()
                result = work()
                if run >= WARM_UP:
                    samples[name].append(perf_counter() - started)
                if name == "floor":
                    rows = result
                elif name == "e2e_slots":
                    slots = result
        assert slots == compute_slots() and slots, "the engine and the database disagree"
        assert sum(map(len, e2e().values())) == len(slots)
        ms = {name: median_ms(values) for name, values in samples.items()}
        e2e_over_floor = ms["e2e"] / ms["floor"]
        compute_share = ms["compute"] / ms["floor"]
        figure(f"availability_busy_rows{suffix}", len(rows))
        figure(f"availability_slots{suffix}", len(slots))
        figure(f"availability_e2e{suffix}_ms", ms["e2e"])
        figure(f"availability_compute{suffix}_ms", ms["compute"])
        figure(f"availability_floor{suffix}_ms", ms["floor"])
        figure(f"availability_busy_time{suffix}_ms", ms["busy_time"])
        figure(f"availability_e2e_slot_objects{suffix}_ms", ms["e2e_slots"])
        figure(f"availability_compute_slot_objects{suffix}_ms", ms["compute_slots"])
        rest = ms["e2e"] - ms["busy_time"] - ms["compute"]
        figure(
            f"availability_breakdown{suffix}_ms",
            f"floor={ms['floor']:.1f} busy_objects={ms['busy_time'] - ms['floor']:.1f} "
            f"compute={ms['compute']:.1f} settings_rules_etc={rest:.1f}",
        )
        figure(f"availability_e2e_over_floor{suffix}", e2e_over_floor)
        figure(f"availability_compute_over_floor{suffix}", compute_share)
        figure(f"target_e2e_over_floor{suffix}", _verdict(e2e_over_floor <= 2.0, "<= 2.0"))
        figure(f"target_compute_half_floor{suffix}", _verdict(compute_share <= 0.5, "<= 0.5"))
        if e2e_over_floor > 2.0 or compute_share > 0.5:
            fresh_transaction()
            _profile(e2e, f"profile_e2e{suffix}")


def _verdict(met: bool, target: str) -> str:
    return f"{'met' if met else 'MISSED'} ({target})"


def _profile(work, label: str, top: int = 10) -> None:
    """Where one run's time goes, by own time per function."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    listing = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(listing) if "ncalls" in line)
    for line in listing[start : start + top + 1]:
        print(f"{label}: {line.strip()}")


@pytest.fixture
def raced(bench):
    """The bench database as the race found it, once the race is over."""
    with bench.app.app_context():
        last = db.session.scalar(select(func.max(Appointment.id)))
        db.session.rollback()
    yield bench
    with bench.app.app_context():
        db.session.execute(delete(SlotClaim).where(SlotClaim.appointment_id > last))
        db.session.execute(delete(Appointment).where(Appointment.id > last))
        db.session.commit()
        db.session.remove()


def _report(name: str, bench, outcomes, started: float, **extra) -> dict[str, int]:
    """Print the race's figures; return the tally with the overlaps found."""
    counts = tally(outcomes)
    with bench.app.app_context():
        counts["overlaps"] = overlaps(dataset.NOW)
        db.session.rollback()
    parts = [f"{key}={value}" for key, value in extra.items()]
    parts += [f"made={counts['made']}", f"taken={counts['taken']}"]
    parts += [f"errors={counts['error']}", f"overlaps: {counts['overlaps']}"]
    label = f"{name}_{bench.label}"
    figure(label, " ".join(parts))
    figure(f"{label}_wall_s", perf_counter() - started)
    latencies = sorted(outcome.seconds for outcome in outcomes)
    figure(f"{label}_attempt_p50_ms", median_ms(latencies))
    figure(f"{label}_attempt_max_ms", latencies[-1] * 1000)
    for error in sorted({outcome.error for outcome in outcomes if outcome.error}):
        figure(f"{label}_error", error)
    return counts


def test_race_same_slot(raced):
    """50 processes book one free slot at the same moment."""
    data = raced.data
    therapist_id, day = data.therapist_ids[7], data.first_day + timedelta(days=9)
    with raced.app.app_context():
        kind = db.session.get(AppointmentType, data.type_id)
        location = db.session.get(Location, data.location_id)
        free = find_free_slots(kind, location, day, day, dataset.NOW, therapist_ids=[therapist_id])
        slot = free[0]
        db.session.rollback()
    request = SlotRequest(therapist_id, data.location_id, data.type_id, slot.start)
    plans = [
        [Attempt(request, f"same-slot-{raced.label}-{n}", data.patient_ids[n])]
        for n in range(RACERS)
    ]
    started = perf_counter()
    outcomes = race(raced.app, plans, dataset.NOW)
    counts = _report("race_same_slot", raced, outcomes, started)
    assert counts["overlaps"] == 0 and counts["made"] <= 1
    with raced.app.app_context():
        winners = [o.appointment_id for o in outcomes if o.result == "made"]
        key = (therapist_id, slot.start)
        owners = {owner for who, cell, owner in claimed_cells() if (who, cell) == key}
        assert owners == set(winners)


def test_race_random(raced):
    """50 processes, 3 rounds each, book random times of 3 therapists on one booked-up day."""
    data = raced.data
    therapists = data.therapist_ids[3:6]
    day = data.first_day + timedelta(days=15)
    opens = datetime.combine(day, time(8), dataset.ZONE)
    starts = [opens + timedelta(minutes=15 * k) for k in range(32)]  # 08:00-15:45
    rng = random.Random(dataset.SEED)
    plans = [
        [
            Attempt(
                SlotRequest(
                    rng.choice(therapists), data.location_id, data.type_id, rng.choice(starts)
                ),
                f"random-{raced.label}-{n}-{k}",
                data.patient_ids[n],
            )
            for k in range(RANDOM_ROUNDS)
        ]
        for n in range(RACERS)
    ]
    started = perf_counter()
    outcomes = race(raced.app, plans, dataset.NOW)
    counts = _report("race_random", raced, outcomes, started, attempts=len(outcomes))
    assert counts["overlaps"] == 0
    with raced.app.app_context():
        made = {o.appointment_id for o in outcomes if o.result == "made"}
        stored = db.session.scalars(
            select(Appointment.id).where(
                Appointment.id.in_(made), Appointment.status == AppointmentStatus.BOOKED
            )
        ).all()
        assert set(stored) == made, "every booking reported made is in the database"
