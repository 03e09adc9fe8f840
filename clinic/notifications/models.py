"""The outbox: every message, written in the transaction of the change that caused it."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic.core.model import str_enum
from clinic.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What kind of message, e.g. "confirmation", "reminder"; for reports and templates.
    kind: Mapped[str] = mapped_column(String(40))
    #: Unique per message that must go only once (e.g. "reminder-24h:<appointment id>").
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: METHOD of the attached calendar (REQUEST, CANCEL) when the message carries an invite.
    calendar_method: Mapped[str | None] = mapped_column(String(16))
    calendar_ics: Mapped[str | None] = mapped_column(Text)
    #: Other attachments: [{"filename", "content_type", "content_b64"}].
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    #: When a sender claimed it; a claim older than the lease is taken as abandoned.
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    #: The appointment whose private link the message carries: the link is made only when
    #: the message is sent (clinic.notifications.links), so the queued body holds a marker.
    link_appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL"), index=True
    )
    #: When the body and attachments were dropped after delivery; what is left is metadata.
    redacted_at: Mapped[datetime | None]
