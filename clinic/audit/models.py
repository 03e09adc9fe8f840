"""Append-only audit events.

The app can add events but never change or remove one: the ORM refuses an UPDATE or DELETE of
an `AuditEvent`, whether through a loaded object or a bulk statement. On PostgreSQL a trigger
(migration f7e5b3c8a1d6) refuses the same for anyone connecting with the app's credentials.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from clinic.extensions import db


class AuditLogIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete an audit event through the app."""


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


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditLogIsAppendOnly(f"Audit event {target.id} cannot be changed.")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditLogIsAppendOnly(f"Audit event {target.id} cannot be deleted.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    """Bulk `update(AuditEvent)` / `delete(AuditEvent)` skip the mapper events: refuse them here."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == AuditEvent.__tablename__:
        raise AuditLogIsAppendOnly("Audit events cannot be changed or deleted.")


class RateLimitRefusal(db.Model):
    """How many requests one address had refused by one rate limit in one of its windows.

    The audit log gets one `ratelimit.refused` event per row, at the first refusal; the
    count grows here, so a client hammering a limit cannot flood the append-only log.
    """

    __tablename__ = "rate_limit_refusal"
    __table_args__ = (UniqueConstraint("address", "scope", "limit", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The client address as the app saw it ("" when there was none).
    address: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(80))
    #: The limit refused, as configured ("10 per 1 minute").
    limit: Mapped[str] = mapped_column(String(60))
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(default=1)
    last_at: Mapped[datetime]
