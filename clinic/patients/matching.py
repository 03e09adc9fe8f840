"""Which patient record an online booking belongs to, without letting a booking edit one.

Anyone can type a patient's email and date of birth. So a booking joins an existing record
only when the email was verified (the person read the code or the link sent there) and the
name and date of birth match too; then nothing on the record changes. Any other resemblance
(the same email, or the same name and birth date) gives the booking a record of its own and
puts the pair in the front desk's "possible same patient" queue.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, update

from clinic.extensions import db
from clinic.patients.models import (
    ContactChange,
    Episode,
    MatchStatus,
    Patient,
    PossibleSamePatient,
)
from clinic.scheduling.models import Appointment


@dataclass(frozen=True)
class Claimed:
    """Who a booking says the patient is."""

    first_name: str
    last_name: str
    email: str
    phone: str
    date_of_birth: date
    guardian_name: str | None = None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _resembling(claimed: Claimed) -> list[Patient]:
    return list(
        db.session.scalars(
            select(Patient)
            .where(
                or_(
                    func.lower(Patient.email) == claimed.email,
                    Patient.date_of_birth == claimed.date_of_birth,
                )
            )
            .order_by(Patient.id)
        )
    )


def _same_person(patient: Patient, claimed: Claimed) -> bool:
    return (
        patient.email.lower() == claimed.email
        and patient.date_of_birth == claimed.date_of_birth
        and _same_name(patient.first_name, claimed.first_name)
        and _same_name(patient.last_name, claimed.last_name)
    )


def _why(patient: Patient, claimed: Claimed) -> str | None:
    same_email = patient.email.lower() == claimed.email
    same_birth = patient.date_of_birth == claimed.date_of_birth
    same_name = _same_name(patient.full_name, f"{claimed.first_name} {claimed.last_name}")
    if same_email and same_birth:
        return "Same email and date of birth, different name"
    if same_email:
        return "Same email"
    if same_name and same_birth:
        return "Same name and date of birth, different email"
    return None


def patient_for(claimed: Claimed, *, verified: bool, now: datetime) -> Patient:
    """The patient this booking belongs to: an exact, verified match, or a new record."""
    resembling = _resembling(claimed)
    if verified:
        for patient in resembling:
            if _same_person(patient, claimed):
                return patient
    patient = Patient(
        first_name=claimed.first_name,
        last_name=claimed.last_name,
        email=claimed.email,
        phone=claimed.phone,
        date_of_birth=claimed.date_of_birth,
        guardian_name=claimed.guardian_name,
        created_at=now,
    )
    db.session.add(patient)
    db.session.flush()
    for existing in resembling:
        reason = _why(existing, claimed)
        if reason:
            db.session.add(
                PossibleSamePatient(
                    patient_id=patient.id, existing_id=existing.id, reason=reason, created_at=now
                )
            )
    db.session.flush()
    return patient


def change_contact(patient: Patient, field: str, value: str | None, *, source: str, now) -> bool:
    """Set one contact field, keeping the old value in the history; False when unchanged."""
    old = getattr(patient, field)
    if (old or None) == (value or None):
        return False
    db.session.add(
        ContactChange(
            patient_id=patient.id,
            field=field,
            old_value=old,
            new_value=value,
            source=source,
            changed_at=now,
        )
    )
    setattr(patient, field, value)
    return True


def open_matches() -> list[PossibleSamePatient]:
    return list(
        db.session.scalars(
            select(PossibleSamePatient)
            .where(PossibleSamePatient.status == MatchStatus.OPEN)
            .order_by(PossibleSamePatient.created_at, PossibleSamePatient.id)
        )
    )


def keep_apart(match: PossibleSamePatient, *, actor_id: int | None, now: datetime) -> None:
    match.status, match.decided_at, match.decided_by_id = MatchStatus.KEPT_APART, now, actor_id


def merge(match: PossibleSamePatient, *, actor_id: int | None, now: datetime) -> int:
    """Move the booking's record into the existing one and delete it; returns its old id.

    Its appointments and episodes move across (what each booking said stays on the booking);
    the existing record's contact details are left as they are. Other entries about the
    removed record go with it.
    """
    duplicate, kept = match.patient, match.existing
    for table in (Appointment, Episode):
        db.session.execute(
            update(table).where(table.patient_id == duplicate.id).values(patient_id=kept.id)
        )
    match.status, match.decided_at, match.decided_by_id = MatchStatus.MERGED, now, actor_id
    gone = duplicate.id
    db.session.flush()
    db.session.expire_all()
    db.session.delete(db.session.get(Patient, gone))
    db.session.flush()
    return gone


def contact_history(patient: Patient) -> list[ContactChange]:
    """Every change to the patient's contact details, newest first."""
    return list(
        db.session.scalars(
            select(ContactChange)
            .where(ContactChange.patient_id == patient.id)
            .order_by(ContactChange.changed_at.desc(), ContactChange.id.desc())
        )
    )
