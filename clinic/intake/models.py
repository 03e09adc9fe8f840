"""A patient's answers to the intake for one appointment, and every screening result given."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db
from clinic.intake.screening import Urgency
from clinic.scheduling.models import Appointment, ScreeningLevel


class IntakeStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class Intake(db.Model):
    __tablename__ = "intake"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), unique=True
    )
    #: Body-region code the questions were chosen for.
    region: Mapped[str] = mapped_column(String(40))
    #: Name and version of the question set the answers belong to.
    question_set: Mapped[str] = mapped_column(String(60))
    question_set_version: Mapped[int]
    #: Answers keyed by stable question id.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[IntakeStatus] = mapped_column(
        str_enum(IntakeStatus, "intake_status"), default=IntakeStatus.NOT_STARTED
    )
    screening_level: Mapped[ScreeningLevel] = mapped_column(
        str_enum(ScreeningLevel, "intake_screening_level"), default=ScreeningLevel.CLEAR
    )
    #: Red-flag codes raised by the screen, most severe first.
    flags: Mapped[list[str]] = mapped_column(default=list)
    #: Computed scores (NPRS summary, PSFS, irritability band).
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: For a see-a-doctor level, how soon (today, or within a few days).
    urgency: Mapped[Urgency | None] = mapped_column(str_enum(Urgency, "intake_urgency"))
    #: The gravest warning (physician or emergency) ever given for this booking.
    warned_level: Mapped[ScreeningLevel | None] = mapped_column(
        str_enum(ScreeningLevel, "intake_warned_level")
    )
    #: When answers that had given a warning were changed to a milder result.
    changed_after_warning_at: Mapped[datetime | None]
    #: A clinician should review the booking before the visit (a see-a-doctor-today result).
    review_before_visit: Mapped[bool] = mapped_column(default=False)
    #: When the patient acknowledged advice to see a physician first.
    physician_acknowledged_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    appointment: Mapped[Appointment] = relationship()

    @property
    def screened(self) -> bool:
        """False until the safety questions were answered (by the patient or at the desk)."""
        return self.status != IntakeStatus.NOT_STARTED


class ScreeningSource(enum.StrEnum):
    BOOKING = "booking"  # the booking's safety step, before a time is chosen
    INTAKE = "intake"  # the questionnaire after booking
    FRONT_DESK = "front_desk"  # the safety questions read aloud at the desk


class ScreeningRecord(db.Model):
    """One screening result as it was given: answers, level and time. Never edited, except to
    note that the patient said they answered by mistake."""

    __tablename__ = "screening_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), index=True
    )
    #: The booking draft's key (its id hash) for results given before the booking existed.
    draft_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[ScreeningSource] = mapped_column(str_enum(ScreeningSource, "screening_source"))
    level: Mapped[ScreeningLevel] = mapped_column(
        str_enum(ScreeningLevel, "screening_record_level")
    )
    urgency: Mapped[Urgency | None] = mapped_column(str_enum(Urgency, "screening_record_urgency"))
    #: Red-flag codes raised, most severe first.
    flags: Mapped[list[str]] = mapped_column(default=list)
    #: The safety answers screened, keyed by question id.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_at: Mapped[datetime]
    #: When the patient said, from the stop page, that they had answered by mistake.
    mistake_reported_at: Mapped[datetime | None]
