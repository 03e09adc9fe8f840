"""Patients (no accounts) and their episodes of care."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
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
    #: The day the episode was opened (its first booking).
    started_on: Mapped[date]
    access: Mapped[Access] = mapped_column(str_enum(Access, "episode_access"))
    visits_used: Mapped[int] = mapped_column(default=0)
    closed_on: Mapped[date | None]
    #: The first attended visit, where the direct-access clock starts; None until then.
    first_seen_on: Mapped[date | None]

    patient: Mapped[Patient] = relationship(back_populates="episodes")


class MatchStatus(enum.StrEnum):
    OPEN = "open"
    MERGED = "merged"
    KEPT_APART = "kept_apart"


class PossibleSamePatient(db.Model):
    """A new record that looks like an existing one, for the front desk to merge or keep apart.

    Made when an online booking shares an email, or a name and date of birth, with a patient
    but not all three: the booking got a record of its own and changed nobody else's.
    """

    __tablename__ = "possible_same_patient"
    __table_args__ = (UniqueConstraint("patient_id", "existing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The record the booking made.
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    #: The record it resembles.
    existing_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    #: What matched, in words for the front desk ("same email and date of birth").
    reason: Mapped[str] = mapped_column(String(120))
    status: Mapped[MatchStatus] = mapped_column(
        str_enum(MatchStatus, "match_status"), default=MatchStatus.OPEN, index=True
    )
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    patient: Mapped[Patient] = relationship(foreign_keys=[patient_id])
    existing: Mapped[Patient] = relationship(foreign_keys=[existing_id])


class ContactChange(db.Model):
    """One change to a patient's contact details, kept so an overwrite can be seen and undone."""

    __tablename__ = "patient_contact_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(String(254))
    new_value: Mapped[str | None] = mapped_column(String(254))
    #: Who changed it: "front desk booking", "merge", a staff member's email.
    source: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime]
