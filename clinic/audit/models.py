"""Append-only audit events."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: Who acted when it was not a signed-in user: "patient", "system", or the typed email
    #: of a failed sign-in.
    actor_label: Mapped[str] = mapped_column(String(254))
    #: Dotted verb, e.g. "auth.sign_in", "intake.view", "appointment.cancel".
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    client_address: Mapped[str | None] = mapped_column(String(64))
    #: Non-clinical context only: never intake answers or other health details.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
