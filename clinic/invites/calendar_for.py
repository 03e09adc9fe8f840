"""An appointment as a calendar event: the bridge from the database to the pure builder."""

from datetime import datetime

from clinic.invites import ics
from clinic.scheduling import reads
from clinic.scheduling.models import Appointment, AppointmentStatus


def event(appointment: Appointment, token: str | None = None) -> ics.VisitEvent:
    """Generic text only: the kind of visit, the clinic and the address, never symptoms.

    Never the private link either (`token` is accepted for old callers and ignored): the
    event goes to calendar providers. The organizer is the clinic's own address, which the
    front desk reads, so a reply from a calendar reaches a person.
    """
    clinic = reads.settings()
    patient = appointment.patient
    return ics.VisitEvent(
        uid=appointment.ical_uid,
        sequence=appointment.ical_sequence,
        start=appointment.starts_at,
        end=appointment.ends_at,
        summary=ics.summary_for(clinic.name, appointment.type.name),
        location=f"{clinic.name}, {appointment.location.address}",
        description=ics.description_for(None, clinic.phone),
        status="CANCELLED" if appointment.status == AppointmentStatus.CANCELLED else "CONFIRMED",
        organizer_email=clinic.email,
        organizer_name=clinic.name,
        attendee_email=patient.email if patient else None,
        attendee_name=patient.full_name if patient else None,
    )


def download(appointment: Appointment, token: str, now: datetime) -> bytes:
    return ics.download(event(appointment, token), now)


def invitation(appointment: Appointment, token: str, now: datetime) -> tuple[str, bytes]:
    """(METHOD, calendar) for the email that goes with a change: REQUEST, or CANCEL."""
    visit = event(appointment, token)
    if appointment.status == AppointmentStatus.CANCELLED:
        return "CANCEL", ics.cancel(visit, now)
    return "REQUEST", ics.request(visit, now)
