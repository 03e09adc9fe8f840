"""Check-in, completion and no-show: the appointment status machine applied, counted on the
episode and written to the audit log. Shared by the front desk and the therapist's screens.
Services only flush; the request commits."""

from datetime import datetime

from clinic.audit.record import record
from clinic.extensions import db
from clinic.scheduling import episode_clock, transitions
from clinic.scheduling.models import Appointment, AppointmentStatus


def change_status(
    appointment: Appointment, action: transitions.Action, *, now: datetime, actor
) -> Appointment:
    """Check in, complete or mark a no-show; a completed visit counts on its episode, and the
    first visit the patient attends starts its direct-access clock."""
    before = appointment.status
    target = transitions.next_status(
        appointment.status, action, starts_at=appointment.starts_at, now=now
    )
    appointment.status = AppointmentStatus(target)
    appointment.updated_at = now
    if appointment.status == AppointmentStatus.COMPLETED and appointment.episode is not None:
        appointment.episode.visits_used += 1
    episode_clock.start_if_first_visit(appointment)
    record(
        f"appointment.{action.value}",
        actor=actor,
        subject=appointment,
        details={"from": before.value, "to": target},
    )
    db.session.flush()
    return appointment
