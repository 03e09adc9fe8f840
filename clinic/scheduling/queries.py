"""Read-side queries over appointments shared by the staff screens."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic.extensions import db
from clinic.scheduling.models import Appointment, AppointmentStatus


def appointments_between(
    start: datetime, end: datetime, therapist_id: int | None = None
) -> list[Appointment]:
    """Booked (not held, not cancelled) appointments starting in [start, end), in time order."""
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
    return list(db.session.scalars(query))
