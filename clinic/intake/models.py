"""A patient's answers to the intake for one appointment."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db
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
    #: When the patient acknowledged advice to see a physician first.
    physician_acknowledged_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    appointment: Mapped[Appointment] = relationship()
