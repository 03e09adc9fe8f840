"""Finding patients by name, email, phone or date of birth, and one patient's record."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from clinic.extensions import db
from clinic.frontdesk.models import EpisodeAction
from clinic.patients.models import Episode, Patient
from clinic.scheduling.models import Appointment, AppointmentStatus

LIMIT = 50
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y")


def as_date(text: str) -> date | None:
    """A date of birth as people type it (2026-03-02, 03/02/2026), or None."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no instant
        except ValueError:
            continue
    return None


def _digits_of(column):
    """The column with the usual phone punctuation removed, in SQL."""
    for mark in (" ", "(", ")", "-", ".", "+"):
        column = func.replace(column, mark, "")
    return column


def search(text: str) -> list[Patient]:
    """Patients matching `text`: a date of birth, an email, a phone number or a name."""
    text = text.strip()
    if len(text) < 2:
        return []
    query = select(Patient).order_by(Patient.last_name, Patient.first_name, Patient.id)
    born = as_date(text)
    digits = re.sub(r"\D", "", text)
    if born is not None:
        query = query.where(Patient.date_of_birth == born)
    elif "@" in text:
        query = query.where(func.lower(Patient.email).contains(text.lower(), autoescape=True))
    elif len(digits) >= 4 and not re.search(r"[A-Za-z]", text):
        query = query.where(_digits_of(Patient.phone).contains(digits))
    else:
        for word in text.lower().split()[:4]:
            query = query.where(
                or_(
                    func.lower(Patient.first_name).contains(word, autoescape=True),
                    func.lower(Patient.last_name).contains(word, autoescape=True),
                )
            )
    return list(db.session.scalars(query.limit(LIMIT)))


@dataclass
class PatientRecord:
    patient: Patient
    appointments: list[Appointment]
    episodes: list[Episode]
    actions: list[EpisodeAction]

    @property
    def no_shows(self) -> int:
        return sum(a.status == AppointmentStatus.NO_SHOW for a in self.appointments)


def record_of(patient: Patient) -> PatientRecord:
    """A patient's appointments (newest first), episodes and recorded direct-access actions."""
    appointments = db.session.scalars(
        select(Appointment)
        .where(Appointment.patient_id == patient.id, Appointment.status != AppointmentStatus.HELD)
        .options(
            joinedload(Appointment.therapist),
            joinedload(Appointment.location),
            joinedload(Appointment.type),
            joinedload(Appointment.intake),
        )
        .order_by(Appointment.starts_at.desc())
    ).all()
    episodes = db.session.scalars(
        select(Episode)
        .where(Episode.patient_id == patient.id)
        .order_by(Episode.started_on.desc(), Episode.id.desc())
    ).all()
    actions = db.session.scalars(
        select(EpisodeAction)
        .join(Episode, Episode.id == EpisodeAction.episode_id)
        .where(Episode.patient_id == patient.id)
        .order_by(EpisodeAction.done_on)
    ).all()
    return PatientRecord(patient, list(appointments), list(episodes), list(actions))
