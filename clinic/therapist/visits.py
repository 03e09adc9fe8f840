"""What the therapist's appointment page shows: the patient, their earlier visits, the article
they came from, and what can be done with the visit now."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic.content import library
from clinic.content.models import Article
from clinic.extensions import db
from clinic.intake.services import age_on
from clinic.scheduling import transitions
from clinic.scheduling.models import Appointment, AppointmentStatus

#: Statuses from which the therapist may mark the evaluation done (a visit the front desk
#: did not check in is checked in on the way, through the same rules).
DONE_FROM = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


@dataclass(frozen=True)
class Visit:
    appointment: Appointment
    day: date  #: the visit's local date
    age: int | None
    previous: list[Appointment]
    article: Article | None
    can_mark_done: bool


def earlier_visits(appointment: Appointment) -> list[Appointment]:
    """The same patient's other appointments that began before this one, newest first."""
    if appointment.patient_id is None:
        return []
    query = (
        select(Appointment)
        .where(
            Appointment.patient_id == appointment.patient_id,
            Appointment.id != appointment.id,
            Appointment.starts_at < appointment.starts_at,
            Appointment.status != AppointmentStatus.HELD,
        )
        .options(joinedload(Appointment.therapist), joinedload(Appointment.type))
        .order_by(Appointment.starts_at.desc())
    )
    return list(db.session.scalars(query))


def source_article(appointment: Appointment) -> Article | None:
    """The published article whose call to action led to this booking, if any (old slugs too)."""
    if not appointment.topic:
        return None
    return library.published_by_slug(appointment.topic) or library.moved_to(appointment.topic)


def may_mark_done(appointment: Appointment, now: datetime) -> bool:
    if appointment.status == AppointmentStatus.CHECKED_IN:
        return True
    return appointment.status == AppointmentStatus.BOOKED and transitions.Action.CHECK_IN in (
        transitions.allowed(appointment.status, starts_at=appointment.starts_at, now=now)
    )


def visit(appointment: Appointment, now: datetime) -> Visit:
    patient = appointment.patient
    day = appointment.starts_at.astimezone(ZoneInfo(appointment.location.timezone)).date()
    return Visit(
        appointment=appointment,
        day=day,
        age=age_on(patient.date_of_birth, day) if patient is not None else None,
        previous=earlier_visits(appointment),
        article=source_article(appointment),
        can_mark_done=may_mark_done(appointment, now),
    )
