"""A booking in progress: where the patient is in the steps and what they have said so far.

Kept in the database (the browser holds only the draft's random id in its session), so the
back button, a refresh or a second tab find the same draft and never a second hold, and no
health answer ever travels in a cookie.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.extensions import db
from clinic.scheduling.models import Appointment


class BookingDraft(db.Model):
    __tablename__ = "booking_draft"

    #: SHA-256 of the random id kept in the browser's session.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: What the patient has told us so far, step by step.
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The held (later booked) appointment, once a time is chosen.
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL")
    )
    #: Idempotency nonce shared by every hold and the confirmation of this draft.
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: After this the draft is forgotten and the patient starts again.
    expires_at: Mapped[datetime] = mapped_column(index=True)
    #: SHA-256 of the confirm-by-email link's token while a code is out (see verification).
    verify_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    appointment: Mapped[Appointment | None] = relationship()


class ManageToken(db.Model):
    """One secret link to an appointment's manage page, stored only as its hash.

    An appointment may have several (the confirmation, a reminder, a link the front desk
    re-sent); each works until 30 days after the visit or until revoked.
    """

    __tablename__ = "manage_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    appointment: Mapped[Appointment] = relationship()


class BookingIdentity(db.Model):
    """Who the person booking online said they were, kept on the booking as they typed it.

    The patient's record is never edited from here: a booking joins an existing record only
    when the email was verified and the name and date of birth match (clinic.patients.matching),
    and the front desk sees the rest.
    """

    __tablename__ = "booking_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), unique=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str] = mapped_column(String(40))
    date_of_birth: Mapped[date]
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    #: When the person proved they read this address (a code or the link in the email).
    email_verified_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
