"""Appointment types, weekly hours, time off, appointments and their slot claims."""

import enum
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db
from clinic.patients.models import Episode, Patient
from clinic.practice.models import Location, Therapist


class AppointmentType(db.Model):
    __tablename__ = "appointment_type"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration"),
        CheckConstraint("buffer_minutes >= 0", name="buffer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    duration_minutes: Mapped[int]
    #: Time kept free after the visit (notes, cleaning); the therapist is busy until it ends.
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    online_bookable: Mapped[bool] = mapped_column(default=False)
    new_patient_only: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class AvailabilityRule(db.Model):
    """Weekly working hours: on this weekday, from start to end local time, at this location."""

    __tablename__ = "availability_rule"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("start_time < end_time", name="start_before_end"),
        CheckConstraint(
            "valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to", name="validity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    #: 0 is Monday, as in `date.weekday()`.
    weekday: Mapped[int]
    #: Wall-clock times in the location's time zone.
    start_time: Mapped[time]
    end_time: Mapped[time]
    #: First and last dates (inclusive) the rule applies; open-ended when empty.
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    therapist: Mapped[Therapist] = relationship()
    location: Mapped[Location] = relationship()


class TimeOff(db.Model):
    """A therapist's time away, or (with a location and no therapist) a location closure."""

    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        CheckConstraint(
            "(therapist_id IS NULL) <> (location_id IS NULL)", name="therapist_or_location"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(200), default="")

    therapist: Mapped[Therapist | None] = relationship()
    location: Mapped[Location | None] = relationship()


class AppointmentStatus(enum.StrEnum):
    HELD = "held"
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class AppointmentSource(enum.StrEnum):
    ONLINE = "online"
    FRONT_DESK = "front_desk"


class ScreeningLevel(enum.StrEnum):
    CLEAR = "clear"
    INFORM = "inform"
    PHYSICIAN = "physician"
    EMERGENCY = "emergency"


class Appointment(db.Model):
    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        CheckConstraint("ends_at <= busy_until", name="busy_covers_visit"),
        CheckConstraint("ical_sequence >= 0", name="sequence"),
        Index("ix_appointment_therapist_busy", "therapist_id", "starts_at", "busy_until"),
        # PostgreSQL's second guard behind the slot claims: booked time never overlaps.
        # Holds are left out: a lapsed hold must block nobody, and "lapsed" depends on now.
        ExcludeConstraint(
            ("therapist_id", "="),
            (text("tstzrange(starts_at, busy_until, '[)')"), "&&"),
            name="ex_appointment_no_overlapping_bookings",
            using="gist",
            where=text("status IN ('booked', 'checked_in', 'completed', 'no_show')"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("patient.id", ondelete="RESTRICT"), index=True
    )
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="RESTRICT"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="RESTRICT"))
    type_id: Mapped[int] = mapped_column(ForeignKey("appointment_type.id", ondelete="RESTRICT"))
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episode.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: End of the visit plus the type's buffer: the therapist is unavailable until then.
    busy_until: Mapped[datetime]
    status: Mapped[AppointmentStatus] = mapped_column(
        str_enum(AppointmentStatus, "appointment_status"), index=True
    )
    source: Mapped[AppointmentSource] = mapped_column(
        str_enum(AppointmentSource, "appointment_source")
    )
    #: Slug of the Q&A article the patient came from, kept for reporting.
    topic: Mapped[str | None] = mapped_column(String(200))
    screening_level: Mapped[ScreeningLevel | None] = mapped_column(
        str_enum(ScreeningLevel, "screening_level")
    )
    #: iCalendar UID, stable for the life of the appointment.
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True)
    #: iCalendar SEQUENCE: raised on every reschedule and cancellation.
    ical_sequence: Mapped[int] = mapped_column(default=0)
    #: When a hold lapses; a lapsed hold blocks nobody.
    hold_expires_at: Mapped[datetime | None]
    #: One per booking form shown: a repeated submission finds the booking already made.
    idempotency_nonce: Mapped[str | None] = mapped_column(String(64), unique=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    patient: Mapped[Patient | None] = relationship()
    therapist: Mapped[Therapist] = relationship()
    location: Mapped[Location] = relationship()
    type: Mapped[AppointmentType] = relationship()
    episode: Mapped[Episode | None] = relationship()
    #: The patient's intake for this visit, if one was started.
    intake: Mapped["Intake | None"] = relationship(  # noqa: F821 - resolved by the registry
        "Intake", uselist=False, viewonly=True
    )

    def is_live(self, now: datetime) -> bool:
        """Whether this appointment occupies its time at `now` (a lapsed hold does not)."""
        if self.status == AppointmentStatus.CANCELLED:
            return False
        if self.status == AppointmentStatus.HELD:
            return self.hold_expires_at is not None and self.hold_expires_at > now
        return True


class SlotClaim(db.Model):
    """One grid cell of one therapist's time, owned by one appointment.

    The primary key makes a second claim on the same cell fail inside the database, which is
    what guarantees that two appointments of a therapist never overlap.
    """

    __tablename__ = "slot_claim"

    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), primary_key=True
    )
    cell_start: Mapped[datetime] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), index=True
    )


@event.listens_for(Appointment.__table__, "before_create")
def _enable_btree_gist(target, connection, **kw) -> None:
    """The exclusion constraint compares therapist ids with `=` inside a GiST index."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS btree_gist")
