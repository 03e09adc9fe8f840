"""No double booking under real concurrency: forked processes racing on a real database.

Each worker is its own process with its own connection, released together by a barrier, and
runs one transaction as a request does (`begin_write()`, the service, commit). The result is
then checked with plain SQL that shares nothing with the booking code.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.scheduling import booking
from clinic.scheduling.booking import SlotRequest
from clinic.scheduling.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
)
from tests import factories
from tests.benchmarks.race import Attempt, Outcome, claimed_cells, overlaps, race, tally

CHICAGO = ZoneInfo("America/Chicago")  # the location factories make
TUESDAY = date(2026, 3, 3)  # the day after the fixed clock's Monday
CELL = timedelta(minutes=15)
BUSY = timedelta(minutes=75)  # the 60-minute visit and its 15-minute buffer


@dataclass(frozen=True)
class Clinic:
    """Plain ids of the data the workers book against (no ORM objects cross a fork)."""

    location_id: int
    type_id: int
    therapist_ids: tuple[int, ...]
    patient_ids: tuple[int, ...]

    def local(self, hour: int, minute: int = 0, day: date = TUESDAY) -> datetime:
        return datetime.combine(day, time(hour, minute), CHICAGO)

    def request(self, start: datetime, therapist: int = 0) -> SlotRequest:
        return SlotRequest(self.therapist_ids[therapist], self.location_id, self.type_id, start)


def open_clinic(app, *, therapists: int = 1, patients: int) -> Clinic:
    """Settings, a Chicago location, therapists working Mon-Fri 08:00-17:00, the 60-minute
    type with a 15-minute buffer, and patients; committed before any worker is forked."""
    with app.app_context():
        world = factories.make_bookable_clinic()
        team = [world.therapist]
        for _ in range(therapists - 1):
            colleague = factories.make_therapist()
            for weekday in range(5):
                factories.make_rule(colleague, world.location, weekday)
            team.append(colleague)
        people = [world.patient] + [factories.make_patient() for _ in range(patients - 1)]
        clinic = Clinic(
            location_id=world.location.id,
            type_id=world.kind.id,
            therapist_ids=tuple(therapist.id for therapist in team),
            patient_ids=tuple(patient.id for patient in people),
        )
        db.session.commit()
    return clinic


def errors(outcomes: list[Outcome]) -> list[str]:
    return [outcome.error for outcome in outcomes if outcome.result == "error"]


def grid_cells(therapist_id: int, start: datetime, appointment_id: int) -> list[tuple]:
    """The claims a 75-minute busy time starting on the grid owns: five 15-minute cells."""
    start = start.astimezone(UTC)
    return [(therapist_id, start + k * CELL, appointment_id) for k in range(BUSY // CELL)]


def test_same_slot_raced_by_many_processes_is_booked_once(app, clock):
    workers = 12
    clinic = open_clinic(app, patients=workers)
    start = clinic.local(10)
    plans = [
        [Attempt(clinic.request(start), f"form-{n}", clinic.patient_ids[n])] for n in range(workers)
    ]

    outcomes = race(app, plans, clock.now())

    assert tally(outcomes) == {"made": 1, "taken": workers - 1, "error": 0}, errors(outcomes)
    (winner,) = [outcome for outcome in outcomes if outcome.result == "made"]
    with app.app_context():
        assert overlaps(clock.now()) == 0
        assert db.session.scalars(select(Appointment.id)).all() == [winner.appointment_id]
        assert claimed_cells() == grid_cells(clinic.therapist_ids[0], start, winner.appointment_id)


def test_random_overlapping_requests_never_overlap(app, clock):
    workers, rounds = 12, 4
    clinic = open_clinic(app, therapists=2, patients=workers)
    rng = random.Random(20260303)
    # Starts 09:00-12:00 on the grid: 13 starts, each overlapping the 4 either side of it.
    starts = [clinic.local(9) + k * CELL for k in range(13)]
    plans = [
        [
            Attempt(
                clinic.request(rng.choice(starts), therapist=rng.randrange(2)),
                f"worker-{n}-attempt-{k}",
                clinic.patient_ids[n],
            )
            for k in range(rounds)
        ]
        for n in range(workers)
    ]

    outcomes = race(app, plans, clock.now())

    counts = tally(outcomes)
    assert counts["error"] == 0, errors(outcomes)
    assert counts["made"] >= 2 and counts["taken"] >= 1, counts
    with app.app_context():
        assert overlaps(clock.now()) == 0
        booked = {
            row.id: (row.therapist_id, row.starts_at)
            for row in db.session.execute(
                select(Appointment.id, Appointment.therapist_id, Appointment.starts_at).where(
                    Appointment.status == AppointmentStatus.BOOKED
                )
            )
        }
        expected_claims = []
        for outcome in outcomes:
            request = plans[outcome.worker][outcome.attempt].request
            asked = (request.therapist_id, request.start.astimezone(UTC))
            if outcome.result == "made":
                assert booked[outcome.appointment_id] == asked
                expected_claims += grid_cells(*asked, outcome.appointment_id)
            else:
                # Nothing is ever cancelled here, so what took the time is still booked.
                assert any(
                    therapist == asked[0] and start < asked[1] + BUSY and asked[1] < start + BUSY
                    for therapist, start in booked.values()
                ), f"{outcome} lost to nobody"
        assert len(booked) == counts["made"]
        assert claimed_cells() == sorted(expected_claims)


def test_same_form_submitted_concurrently_makes_one_booking(app, clock):
    workers = 6
    clinic = open_clinic(app, patients=1)
    request = clinic.request(clinic.local(10))
    plans = [[Attempt(request, "one-form", clinic.patient_ids[0])] for _ in range(workers)]

    outcomes = race(app, plans, clock.now())

    assert tally(outcomes) == {"made": workers, "taken": 0, "error": 0}, errors(outcomes)
    with app.app_context():
        (only,) = db.session.scalars(
            select(Appointment.id).where(Appointment.idempotency_nonce == "one-form")
        ).all()
        assert db.session.scalar(select(func.count()).select_from(Appointment)) == 1
        # One booking, one audit event: the repeats changed nothing.
        assert db.session.scalars(
            select(AuditEvent.subject_id).where(AuditEvent.action == "appointment.book")
        ).all() == [only]
    assert {outcome.appointment_id for outcome in outcomes} == {only}


def test_lapsed_hold_blocks_nobody_even_under_race(app, clock):
    workers = 8
    clinic = open_clinic(app, patients=workers)
    start = clinic.local(10)
    with app.app_context():
        stale = booking.hold(clinic.request(start), nonce="slow", now=clock.now()).id
        db.session.commit()
    later = clock.advance(minutes=11)  # the 10-minute hold has lapsed
    plans = [
        [
            Attempt(
                clinic.request(start),
                f"form-{n}",
                clinic.patient_ids[n],
                service="hold" if n % 2 else "book",
            )
        ]
        for n in range(workers)
    ]

    outcomes = race(app, plans, later)

    assert tally(outcomes) == {"made": 1, "taken": workers - 1, "error": 0}, errors(outcomes)
    (winner,) = [outcome for outcome in outcomes if outcome.result == "made"]
    with app.app_context():
        assert overlaps(later) == 0
        assert db.session.get(Appointment, stale).status == AppointmentStatus.HELD
        assert claimed_cells() == grid_cells(clinic.therapist_ids[0], start, winner.appointment_id)


def _booked(clinic: Clinic, start: datetime, status=AppointmentStatus.BOOKED) -> Appointment:
    """An appointment written straight to the table: no check, no slot claims."""
    return Appointment(
        therapist_id=clinic.therapist_ids[0],
        location_id=clinic.location_id,
        type_id=clinic.type_id,
        starts_at=start,
        ends_at=start + timedelta(minutes=60),
        busy_until=start + BUSY,
        status=status,
        source=AppointmentSource.FRONT_DESK,
        ical_uid=f"{start.isoformat()}-{status}@test.example",
        created_at=start,
        updated_at=start,
    )


@pytest.mark.postgres_only
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_exclusion_constraint_refuses_overlap_without_claims(app):
    clinic = open_clinic(app, patients=1)
    with app.app_context():
        db.session.add(_booked(clinic, clinic.local(10)))
        # Back to back (the buffer ends as the next starts) and cancelled time are both fine.
        db.session.add(_booked(clinic, clinic.local(11, 15)))
        db.session.add(_booked(clinic, clinic.local(10, 30), AppointmentStatus.CANCELLED))
        db.session.flush()

        db.session.add(_booked(clinic, clinic.local(11)))  # inside the first one's buffer
        with pytest.raises(IntegrityError) as refused:
            db.session.flush()
        assert refused.value.orig.sqlstate == "23P01"  # exclusion_violation
        assert "ex_appointment_no_overlapping_bookings" in str(refused.value)
        db.session.rollback()
