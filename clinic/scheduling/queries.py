"""Read-side queries over appointments shared by the staff screens."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic.extensions import db
from clinic.practice.models import Therapist
from clinic.scheduling.availability import WeeklyRule
from clinic.scheduling.models import Appointment, AppointmentStatus, AvailabilityRule, TimeOff


def appointments_between(
    start: datetime,
    end: datetime,
    therapist_id: int | None = None,
    *,
    location_ids: Collection[int] | None = None,
) -> list[Appointment]:
    """Booked (not held, not cancelled) appointments starting in [start, end), in time order,
    with patient, therapist, location, type and intake loaded in the same statement;
    optionally only at some locations."""
    query = (
        select(Appointment)
        .where(
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.status.not_in([AppointmentStatus.HELD, AppointmentStatus.CANCELLED]),
        )
        .options(
            joinedload(Appointment.patient),
            joinedload(Appointment.therapist),
            joinedload(Appointment.location),
            joinedload(Appointment.type),
            joinedload(Appointment.intake),
        )
        .order_by(Appointment.starts_at, Appointment.therapist_id)
    )
    if therapist_id is not None:
        query = query.where(Appointment.therapist_id == therapist_id)
    if location_ids is not None:
        query = query.where(Appointment.location_id.in_(list(location_ids)))
    return list(db.session.scalars(query))


def hours_at(location_ids: Collection[int]) -> list[tuple[WeeklyRule, str]]:
    """Every weekly rule of active therapists at these locations, with the therapist's name,
    in one statement."""
    query = (
        select(
            AvailabilityRule.therapist_id,
            AvailabilityRule.location_id,
            AvailabilityRule.weekday,
            AvailabilityRule.start_time,
            AvailabilityRule.end_time,
            AvailabilityRule.valid_from,
            AvailabilityRule.valid_to,
            Therapist.display_name,
        )
        .join(Therapist, Therapist.id == AvailabilityRule.therapist_id)
        .where(AvailabilityRule.location_id.in_(list(location_ids)), Therapist.active)
        .order_by(Therapist.display_name, Therapist.id)
    )
    return [(WeeklyRule(*row[:7]), row[7]) for row in db.session.execute(query)]


def time_off_between(
    start: datetime, end: datetime, *, therapist_id: int | None = None
) -> list[TimeOff]:
    """Time off and closures overlapping [start, end) (one therapist's and all closures when
    a therapist is given), in time order."""
    query = (
        select(TimeOff)
        .where(TimeOff.starts_at < end, TimeOff.ends_at > start)
        .order_by(TimeOff.starts_at)
    )
    if therapist_id is not None:
        query = query.where((TimeOff.therapist_id == therapist_id) | TimeOff.therapist_id.is_(None))
    return list(db.session.scalars(query))
