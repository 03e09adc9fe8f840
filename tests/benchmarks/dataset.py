"""The benchmark clinic: 50 therapists, 8 weeks, about 30% of working hours booked.

Written straight into the tables with bulk inserts (no services), deterministically from a
seed, so SQLite and PostgreSQL hold the same rows and every run measures the same work.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.practice.models import Therapist
from clinic.scheduling.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    AvailabilityRule,
    SlotClaim,
)
from tests import factories

ZONE = ZoneInfo("America/Chicago")
#: A Monday; the 8 weeks from it span the spring-forward change of 8 March 2026.
FIRST_MONDAY = date(2026, 3, 2)
WEEKS = 8
THERAPISTS = 50
OPENS, CLOSES = time(8), time(17)
VISIT, BUFFER, GRID = 60, 15, 15
#: Share of working time taken by visits (the buffers come on top).
BOOKED_SHARE = 0.30
SEED = 20260302
#: "Now" for every read: 07:00 on the first Monday, before the first visit of the period.
NOW = datetime.combine(FIRST_MONDAY, time(7), ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Dataset:
    location_id: int
    type_id: int
    therapist_ids: tuple[int, ...]
    patient_ids: tuple[int, ...]
    first_day: date
    last_day: date
    appointments: int
    claims: int
    booked_share: float

    def describe(self) -> list[str]:
        return [
            f"dataset: 1 location ({ZONE.key}), {len(self.therapist_ids)} therapists working "
            f"Mon-Fri {OPENS:%H:%M}-{CLOSES:%H:%M}, {WEEKS} weeks from Monday {self.first_day} "
            "(spans the 8 March DST change)",
            f"dataset_type: {VISIT}-minute visit + {BUFFER}-minute buffer on a {GRID}-minute grid",
            f"dataset_appointments: {self.appointments} booked "
            f"({self.booked_share:.1%} of working hours in visits, "
            f"{self.booked_share * (VISIT + BUFFER) / VISIT:.1%} busy with buffers)",
            f"dataset_slot_claims: {self.claims}",
        ]


def populate(seed: int = SEED) -> Dataset:
    """Write the clinic into the app's database (schema already created); flushes only."""
    factories.make_settings()
    location = factories.make_location(timezone=ZONE.key)
    kind = factories.make_type(duration_minutes=VISIT, buffer_minutes=BUFFER)
    therapist_ids = _bulk(
        Therapist,
        [
            {"display_name": f"Bench Therapist {n}", "credentials": "PT, DPT", "specialties": []}
            for n in range(THERAPISTS)
        ],
    )
    db.session.execute(
        insert(AvailabilityRule),
        [
            {
                "therapist_id": therapist_id,
                "location_id": location.id,
                "weekday": weekday,
                "start_time": OPENS,
                "end_time": CLOSES,
            }
            for therapist_id in therapist_ids
            for weekday in range(5)
        ],
    )
    patient_ids = _bulk(
        Patient,
        [
            {
                "first_name": "Bench",
                "last_name": f"Patient {n}",
                "email": f"bench{n}@example.com",
                "phone": "(312) 555-0100",
                "date_of_birth": date(1980, 1, 1),
                "created_at": NOW,
            }
            for n in range(THERAPISTS)
        ],
    )
    starts = _booked_starts(therapist_ids, random.Random(seed))
    appointment_ids = _bulk(
        Appointment,
        [
            {
                "therapist_id": therapist_id,
                "location_id": location.id,
                "type_id": kind.id,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=VISIT),
                "busy_until": start + timedelta(minutes=VISIT + BUFFER),
                "status": AppointmentStatus.BOOKED,
                "source": AppointmentSource.FRONT_DESK,
                "ical_uid": f"bench-{n}@clinic.example",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for n, (therapist_id, start) in enumerate(starts)
        ],
    )
    cell = timedelta(minutes=GRID)
    claims = [
        {"therapist_id": therapist_id, "cell_start": start + k * cell, "appointment_id": id_}
        for id_, (therapist_id, start) in zip(appointment_ids, starts, strict=True)
        for k in range((VISIT + BUFFER) // GRID)
    ]
    db.session.execute(insert(SlotClaim), claims)
    db.session.flush()
    days = WEEKS * 5
    return Dataset(
        location_id=location.id,
        type_id=kind.id,
        therapist_ids=tuple(therapist_ids),
        patient_ids=tuple(patient_ids),
        first_day=FIRST_MONDAY,
        last_day=FIRST_MONDAY + timedelta(weeks=WEEKS, days=-1),
        appointments=len(starts),
        claims=len(claims),
        booked_share=len(starts) * VISIT / (len(therapist_ids) * days * _working_minutes()),
    )


def _bulk(model, rows: list[dict]) -> list[int]:
    """Insert many rows in few statements and return their ids, in the rows' order."""
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _working_minutes() -> int:
    return (CLOSES.hour - OPENS.hour) * 60


def _booked_starts(therapist_ids, rng: random.Random) -> list[tuple[int, datetime]]:
    """Visits on the grid, never overlapping (buffers included), filling BOOKED_SHARE of the
    working minutes: each day random grid starts are tried until that day's budget is spent,
    and what a day cannot place carries over to the next."""
    span = VISIT + BUFFER
    grid = list(range(0, _working_minutes() - span + 1, GRID))
    placed: list[tuple[int, datetime]] = []
    for therapist_id in therapist_ids:
        budget = 0.0
        for week in range(WEEKS):
            for weekday in range(5):
                day = FIRST_MONDAY + timedelta(weeks=week, days=weekday)
                opens = datetime.combine(day, OPENS, ZONE).astimezone(UTC)
                budget += BOOKED_SHARE * _working_minutes()
                taken: list[int] = []
                for offset in rng.sample(grid, len(grid)):
                    if budget < VISIT:
                        break
                    if all(offset + span <= other or other + span <= offset for other in taken):
                        taken.append(offset)
                        budget -= VISIT
                placed += [
                    (therapist_id, opens + timedelta(minutes=offset)) for offset in sorted(taken)
                ]
    return placed
