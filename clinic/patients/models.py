"""Patients (no accounts) and their episodes of care."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db


class Patient(db.Model):
    __tablename__ = "patient"
    __table_args__ = (Index("ix_patient_email_birth", "email", "date_of_birth"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    #: Lower-cased; with the date of birth it recognises a returning patient.
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40))
    date_of_birth: Mapped[date]
    #: Parent or guardian who consented for a patient under 18.
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]

    episodes: Mapped[list["Episode"]] = relationship(back_populates="patient")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()


class Access(enum.StrEnum):
    DIRECT = "direct"
    REFERRED = "referred"


class Episode(db.Model):
    """One course of care for one problem; a state's direct-access limit counts per episode."""

    __tablename__ = "episode"
    __table_args__ = (CheckConstraint("visits_used >= 0", name="visits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    #: Where the episode is treated; its state's rule applies.
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="RESTRICT"))
    started_on: Mapped[date]
    access: Mapped[Access] = mapped_column(str_enum(Access, "episode_access"))
    visits_used: Mapped[int] = mapped_column(default=0)
    closed_on: Mapped[date | None]

    patient: Mapped[Patient] = relationship(back_populates="episodes")
