"""How much one person may book online: the calendar is not a free-for-all.

- `BOOKING_MAX_UPCOMING` (default 2) upcoming evaluations per email address and per patient;
- an appointment type marked "new patients only" is refused to a patient who has been seen.

Checked before the code is sent (so nobody waits for an email to be told no) and again when
the booking is confirmed, inside its transaction.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import func, or_, select

from clinic.booking.models import BookingIdentity
from clinic.core.domain import DomainError
from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.scheduling.models import Appointment, AppointmentStatus

UPCOMING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)
SEEN = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)


class LimitReached(DomainError):
    status_code = 409


def upcoming_for(email: str, patient_id: int | None, now: datetime, *, besides: int) -> int:
    """Upcoming visits booked for this address (on the record or as typed) or this patient."""
    email = email.strip().lower()
    who = [func.lower(Patient.email) == email, BookingIdentity.email == email]
    if patient_id is not None:
        who.append(Appointment.patient_id == patient_id)
    return db.session.scalar(
        select(func.count(func.distinct(Appointment.id)))
        .select_from(Appointment)
        .outerjoin(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(BookingIdentity, BookingIdentity.appointment_id == Appointment.id)
        .where(
            Appointment.status.in_(UPCOMING),
            Appointment.starts_at > now,
            Appointment.id != besides,
            or_(*who),
        )
    )


def check(email: str, patient_id: int | None, appointment: Appointment, now: datetime) -> None:
    """Raise LimitReached when this booking would go over a limit."""
    most = current_app.config["BOOKING_MAX_UPCOMING"]
    if upcoming_for(email, patient_id, now, besides=appointment.id) >= most:
        raise LimitReached(
            f"This email address already has {most} upcoming visits booked, the most we take "
            "online. To book another, please call the clinic; to move one, use the link in "
            "its confirmation email."
        )
    if (
        appointment.type.new_patient_only
        and patient_id is not None
        and _seen(patient_id, appointment)
    ):
        raise LimitReached(
            f"{appointment.type.name} is for new patients. As you've been here before, "
            "please call the clinic and we'll find the right visit for you."
        )


def _seen(patient_id: int, appointment: Appointment) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(
                Appointment.patient_id == patient_id,
                Appointment.id != appointment.id,
                Appointment.status.in_(SEEN),
            )
        )
    )
