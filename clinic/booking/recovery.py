"""A lost or leaked private link: a fresh one by email, and the old ones stop working.

Asked for on the site ("Email me my booking link") with nothing but an email address, so the
answer is the same whether or not the address has a booking; the new link goes only to the
address on the patient's record. The front desk can do the same from the patient's page.
"""

import secrets
from datetime import datetime

from sqlalchemy import func, select

from clinic.booking import tokens
from clinic.extensions import db
from clinic.notifications import caps, messages
from clinic.patients.models import Patient
from clinic.scheduling.models import Appointment, AppointmentStatus

UPCOMING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


def upcoming_for_email(email: str, now: datetime) -> list[Appointment]:
    return list(
        db.session.scalars(
            select(Appointment)
            .join(Patient, Patient.id == Appointment.patient_id)
            .where(
                func.lower(Patient.email) == email.strip().lower(),
                Appointment.status.in_(UPCOMING),
                Appointment.ends_at > now,
            )
            .order_by(Appointment.starts_at)
        )
    )


def resend(appointment: Appointment, now: datetime) -> None:
    """Every link to the visit stops working; a new one goes to the patient's address."""
    tokens.revoke_all(appointment, now)
    messages.queue(
        "booking_link",
        appointment,
        None,
        now,
        # Each request is its own email, even two at the same instant (a double click).
        dedupe=f"booking_link:{appointment.id}:{secrets.token_hex(8)}",
    )


def send_links(email: str, now: datetime) -> int:
    """Fresh links for every upcoming visit booked under `email`, within the address's cap
    of public-triggered email. Returns how many were queued (never shown to the asker)."""
    visits = upcoming_for_email(email, now)
    if not visits or not caps.may_send(email, now):
        return 0
    for appointment in visits:
        resend(appointment, now)
    return len(visits)
