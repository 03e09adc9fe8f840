"""The steps of booking online, and what each needs before the next may start.

The draft records each answer as it is given; `first_missing` says which step is due, so a
step reached out of order sends the patient to the right one with nothing lost.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from clinic.booking.models import BookingDraft
from clinic.extensions import db
from clinic.patients import matching
from clinic.patients.models import Access, Episode, Patient

STEPS = ("reason", "safety", "therapist", "time", "details", "review")
DRAFT_LIFETIME = timedelta(hours=6)


def _digest(draft_id: str) -> str:
    return hashlib.sha256(draft_id.encode()).hexdigest()


def new_draft(now: datetime, **data: Any) -> tuple[str, BookingDraft]:
    """A new draft and the random id the browser keeps for it."""
    draft_id = secrets.token_urlsafe(24)
    draft = BookingDraft(
        id_hash=_digest(draft_id),
        data=data,
        nonce=secrets.token_urlsafe(24),
        created_at=now,
        updated_at=now,
        expires_at=now + DRAFT_LIFETIME,
    )
    db.session.add(draft)
    db.session.flush()
    return draft_id, draft


def find_draft(draft_id: str | None, now: datetime) -> BookingDraft | None:
    if not draft_id or len(draft_id) > 64:
        return None
    draft = db.session.get(BookingDraft, _digest(draft_id))
    if draft is None or draft.expires_at <= now:
        return None
    return draft


def lock(draft: BookingDraft) -> BookingDraft:
    """Re-read the draft under a row lock (PostgreSQL; SQLite's writers are serialised)."""
    db.session.execute(
        select(BookingDraft.id_hash).where(BookingDraft.id_hash == draft.id_hash).with_for_update()
    )
    db.session.refresh(draft)
    return draft


def update(draft: BookingDraft, now: datetime, **data: Any) -> None:
    """Record answers; a new dict so the JSON column sees the change."""
    draft.data = {**draft.data, **data}
    draft.updated_at = now
    draft.expires_at = now + DRAFT_LIFETIME


def forget(draft: BookingDraft, *keys: str) -> None:
    draft.data = {k: v for k, v in draft.data.items() if k not in keys}


def first_missing(draft: BookingDraft) -> str:
    """The earliest step still to do (or "review" once everything is there)."""
    data = draft.data
    if not data.get("region") or not data.get("location_id"):
        return "reason"
    if not data.get("safety_done") or data.get("stopped"):
        return "safety"
    if not data.get("therapist"):
        return "therapist"
    if draft.appointment_id is None:
        return "time"
    if not data.get("details"):
        return "details"
    return "review"


def may_visit(draft: BookingDraft, step: str) -> bool:
    return STEPS.index(step) <= STEPS.index(first_missing(draft))


def purge_expired(now: datetime) -> int:
    result = db.session.execute(delete(BookingDraft).where(BookingDraft.expires_at <= now))
    return result.rowcount


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def find_or_create_patient(
    details: dict[str, Any], location_id: int, today: date, now: datetime
) -> tuple[Patient, Episode]:
    """For the front desk, with the person in front of them: a returning patient (same email
    and date of birth) is linked to their record, and a changed phone or guardian is updated
    with the old value kept in the contact history. Online bookings use `patient_for_booking`.
    """
    born = date.fromisoformat(details["date_of_birth"])
    email = details["email"].strip().lower()
    patient = db.session.scalar(
        select(Patient)
        .where(func.lower(Patient.email) == email, Patient.date_of_birth == born)
        .order_by(Patient.id)
        .limit(1)
    )
    if patient is None:
        patient = Patient(
            email=email,
            date_of_birth=born,
            created_at=now,
            first_name=details["first_name"],
            last_name=details["last_name"],
            phone=details["phone"],
            guardian_name=details.get("guardian_name"),
        )
        db.session.add(patient)
        db.session.flush()
    else:
        source = "front desk booking"
        matching.change_contact(patient, "phone", details["phone"], source=source, now=now)
        if details.get("guardian_name"):
            guardian = details["guardian_name"]
            matching.change_contact(patient, "guardian_name", guardian, source=source, now=now)
    return patient, open_episode(patient, location_id, today)


def patient_for_booking(
    details: dict[str, Any], location_id: int, today: date, now: datetime, *, verified: bool
) -> tuple[Patient, Episode]:
    """An online booking's patient: never an edit to an existing record (see matching)."""
    claimed = matching.Claimed(
        first_name=details["first_name"],
        last_name=details["last_name"],
        email=details["email"].strip().lower(),
        phone=details["phone"],
        date_of_birth=date.fromisoformat(details["date_of_birth"]),
        guardian_name=details.get("guardian_name"),
    )
    patient = matching.patient_for(claimed, verified=verified, now=now)
    return patient, open_episode(patient, location_id, today)


def open_episode(patient: Patient, location_id: int, today: date) -> Episode:
    """The patient's open episode at the location, or a new one opened `today` whose
    direct-access clock waits for the first attended visit (booking starts no clock)."""
    episode = db.session.scalar(
        select(Episode).where(
            Episode.patient_id == patient.id,
            Episode.location_id == location_id,
            Episode.closed_on.is_(None),
        )
    )
    if episode is None:
        episode = Episode(
            patient_id=patient.id, location_id=location_id, started_on=today, access=Access.DIRECT
        )
        db.session.add(episode)
        db.session.flush()
    return episode
