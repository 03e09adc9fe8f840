"""Racing real processes at the booking services, and checking the result independently.

`race()` forks one worker per plan. Each worker builds its own database connection (the parent
disposes its engine before forking, so no connection is shared), waits at a barrier before each
of its attempts so that every worker starts that attempt together, then runs one transaction
the way a request does: `begin_write()`, the service, commit; on `SlotTaken` it rolls back.
Outcomes come back through a queue. `overlaps()` and `claimed_cells()` then look at the tables
with plain SQL, not through the booking code.

Used by tests/integration/test_booking_race.py and by the benchmarks.
"""

import multiprocessing
import time
from dataclasses import dataclass
from datetime import datetime
from queue import Empty
from threading import BrokenBarrierError

from flask import Flask
from sqlalchemy import bindparam, text

from clinic.core.database import begin_write
from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.scheduling import booking
from clinic.scheduling.errors import SlotTaken
from clinic.scheduling.models import Appointment

#: Seconds a worker waits at the barrier, and the parent for all outcomes, before giving up.
TIMEOUT = 60


@dataclass(frozen=True)
class Attempt:
    """One service call a worker makes: `book` (front desk) or `hold` (online)."""

    request: booking.SlotRequest
    nonce: str
    patient_id: int
    service: str = "book"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: "made", "taken" (SlotTaken) or "error" (anything else)."""

    worker: int
    attempt: int
    result: str
    appointment_id: int | None = None
    status: str = ""
    error: str = ""
    seconds: float = 0.0


def race(app: Flask, plans: list[list[Attempt]], now: datetime) -> list[Outcome]:
    """Run each plan in its own process, attempt k of every plan released together.

    Call it with the test data committed and no app context holding a session open.
    """
    rounds = {len(plan) for plan in plans}
    assert len(rounds) == 1, "every worker makes the same number of attempts"
    context = multiprocessing.get_context("fork")
    with app.app_context():
        db.session.remove()
        # Children must not inherit pooled connections: each opens its own.
        db.engine.dispose()
    barrier = context.Barrier(len(plans))
    outcomes = context.Queue()
    workers = [
        context.Process(
            target=_worker, args=(app, number, plan, now, barrier, outcomes), daemon=True
        )
        for number, plan in enumerate(plans)
    ]
    for worker in workers:
        worker.start()
    collected = []
    try:
        for _ in range(len(plans) * rounds.pop()):
            collected.append(outcomes.get(timeout=TIMEOUT))
    except Empty:
        raise AssertionError(f"workers stopped reporting after {len(collected)} outcomes") from None
    finally:
        for worker in workers:
            worker.join(timeout=TIMEOUT)
            if worker.is_alive():
                worker.kill()
                worker.join()
        outcomes.close()
    return sorted(collected, key=lambda outcome: (outcome.attempt, outcome.worker))


def _worker(app, number, plan, now, barrier, outcomes) -> None:
    with app.app_context():
        # Belt and braces: whatever the pool holds belongs to the parent.
        db.engine.dispose(close=False)
        db.session.execute(text("SELECT 1"))  # connect (and set pragmas) before the start
        db.session.rollback()
        for index, attempt in enumerate(plan):
            try:
                barrier.wait(TIMEOUT)
            except BrokenBarrierError:
                outcomes.put(Outcome(number, index, "error", error="barrier broken"))
                continue
            outcomes.put(_attempt(number, index, attempt, now))
        db.session.remove()
        db.engine.dispose()


def _attempt(number: int, index: int, attempt: Attempt, now: datetime) -> Outcome:
    """One transaction, as a request runs it."""
    started = time.perf_counter()
    try:
        begin_write()
        if attempt.service == "hold":
            made = booking.hold(attempt.request, nonce=attempt.nonce, now=now)
        else:
            patient = db.session.get(Patient, attempt.patient_id)
            made = booking.book(
                attempt.request, patient=patient, nonce=attempt.nonce, now=now, actor=None
            )
        appointment_id, status = made.id, made.status.value
        db.session.commit()
    except SlotTaken:
        db.session.rollback()
        return Outcome(number, index, "taken", seconds=time.perf_counter() - started)
    except Exception as error:
        # Anything but SlotTaken is a finding ("database is locked", a 500 in waiting).
        db.session.rollback()
        return Outcome(
            number,
            index,
            "error",
            error=f"{type(error).__name__}: {error}".splitlines()[0],
            seconds=time.perf_counter() - started,
        )
    return Outcome(
        number, index, "made", appointment_id, status, seconds=time.perf_counter() - started
    )


#: Two live appointments of one therapist whose busy times [starts_at, busy_until) meet.
#: Written out in SQL on purpose: it shares nothing with the booking code it checks.
_OVERLAPS = text(
    """
    SELECT count(*)
    FROM appointment AS a
    JOIN appointment AS b
      ON b.therapist_id = a.therapist_id
     AND a.id < b.id
     AND a.starts_at < b.busy_until
     AND b.starts_at < a.busy_until
    WHERE (a.status IN ('booked', 'checked_in', 'completed', 'no_show')
           OR (a.status = 'held' AND a.hold_expires_at > :now))
      AND (b.status IN ('booked', 'checked_in', 'completed', 'no_show')
           OR (b.status = 'held' AND b.hold_expires_at > :now))
    """
).bindparams(bindparam("now", type_=Appointment.__table__.c.hold_expires_at.type))


def overlaps(now: datetime) -> int:
    """Pairs of live appointments (unexpired holds count) that overlap, seen at `now`."""
    return db.session.execute(_OVERLAPS, {"now": now}).scalar_one()


def claimed_cells() -> list[tuple[int, datetime, int]]:
    """Every slot claim as (therapist_id, cell_start, appointment_id), in order."""
    rows = db.session.execute(
        text(
            "SELECT therapist_id, cell_start, appointment_id FROM slot_claim "
            "ORDER BY therapist_id, cell_start"
        ).columns(cell_start=Appointment.__table__.c.starts_at.type)
    )
    return [tuple(row) for row in rows]


def tally(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {"made": 0, "taken": 0, "error": 0}
    for outcome in outcomes:
        counts[outcome.result] += 1
    return counts
