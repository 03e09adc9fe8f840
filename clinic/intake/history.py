"""Every screening result kept as it was given, and what a change after a warning means.

A result from the booking's safety step is kept against the booking draft and joined to the
appointment when the booking is confirmed; results from the questionnaire after booking and
from the desk are kept against the appointment. Services only flush.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select

from clinic.audit.record import record as audit
from clinic.extensions import db
from clinic.intake import advice, screening
from clinic.intake.models import Intake, ScreeningRecord, ScreeningSource
from clinic.scheduling.models import Appointment, ScreeningLevel


def keep(
    result: screening.ScreeningResult,
    answers: dict[str, Any],
    *,
    source: ScreeningSource,
    now: datetime,
    appointment: Appointment | None = None,
    draft_ref: str | None = None,
) -> ScreeningRecord:
    """Write one result with the answers it came from."""
    kept = ScreeningRecord(
        appointment_id=appointment.id if appointment is not None else None,
        draft_ref=draft_ref,
        source=source,
        level=ScreeningLevel(result.level),
        urgency=result.urgency,
        flags=list(result.codes),
        answers=dict(answers),
        recorded_at=now,
    )
    db.session.add(kept)
    db.session.flush()
    return kept


def for_appointment(appointment_id: int) -> list[ScreeningRecord]:
    """The appointment's results, oldest first."""
    return list(
        db.session.scalars(
            select(ScreeningRecord)
            .where(ScreeningRecord.appointment_id == appointment_id)
            .order_by(ScreeningRecord.recorded_at, ScreeningRecord.id)
        )
    )


def latest_for_draft(draft_ref: str) -> ScreeningRecord | None:
    return db.session.scalar(
        select(ScreeningRecord)
        .where(ScreeningRecord.draft_ref == draft_ref)
        .order_by(ScreeningRecord.id.desc())
        .limit(1)
    )


def attach_draft(draft_ref: str, appointment: Appointment) -> None:
    """The booking's safety-step results now belong to the confirmed appointment."""
    for kept in db.session.scalars(
        select(ScreeningRecord).where(
            ScreeningRecord.draft_ref == draft_ref, ScreeningRecord.appointment_id.is_(None)
        )
    ):
        kept.appointment_id = appointment.id
    db.session.flush()


def report_mistake(kept: ScreeningRecord, now: datetime, actor_label: str = "patient") -> None:
    """The patient says they answered by mistake: noted on the result, which stays."""
    if kept.mistake_reported_at is None:
        kept.mistake_reported_at = now
    audit("screening.mistake_reported", actor_label=actor_label, subject=kept)


def follow(intake: Intake, result: screening.ScreeningResult, now: datetime) -> None:
    """Bring the intake's warning state up to date with its history and the latest result.

    The gravest warning ever given stays; a milder result afterwards marks the booking
    "changed after a warning" (once, with its time). A see-a-doctor-today result asks for a
    clinician's review before the visit, and that request is never withdrawn by a later answer.
    """
    earlier = for_appointment(intake.appointment_id)
    warned = advice.gravest_warning([kept.level for kept in earlier] + [result.level])
    intake.warned_level = ScreeningLevel(warned) if warned else None
    intake.urgency = result.urgency
    urgencies = {kept.urgency for kept in earlier} | {result.urgency}
    if screening.Urgency.TODAY in urgencies:
        intake.review_before_visit = True
    if advice.softened(warned, result.level) and intake.changed_after_warning_at is None:
        intake.changed_after_warning_at = now
