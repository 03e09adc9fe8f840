"""Writing audit events."""

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import insert

from clinic.audit.models import AuditEvent, RateLimitRefusal
from clinic.core import clock
from clinic.core.database import in_a_reading_request, upsert, write_now
from clinic.extensions import db


def client_address() -> str | None:
    """The client's address as the WSGI server saw it (a proxy must set it via ProxyFix)."""
    return request.remote_addr if has_request_context() else None


def record(
    action: str,
    *,
    actor=None,
    actor_label: str | None = None,
    subject=None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it commits (or not) with the change it describes.

    `actor` is the staff user who acted, if any; otherwise `actor_label` says who did
    ("patient", "system"). `subject` is the model instance acted on.

    In a request that only reads (a page that records who viewed a record) there is no
    change to commit with: the event is written at once in a short transaction of its own,
    so a busy SQLite cannot refuse the page (see `clinic.core.database.short_write`).
    """
    event = AuditEvent(
        at=clock.now(),
        actor_user_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else (actor_label or "system"),
        action=action,
        subject_type=subject.__tablename__ if subject is not None else None,
        subject_id=subject.id if subject is not None else None,
        client_address=client_address(),
        details=details or {},
    )
    if in_a_reading_request():
        write_now(insert(AuditEvent).values(**_columns(event)))
        return event
    db.session.add(event)
    return event


def _columns(event: AuditEvent) -> dict[str, Any]:
    return {
        column.key: getattr(event, column.key)
        for column in AuditEvent.__table__.columns
        if column.key != "id"
    }


def count_refusal(scope: str, limit: str, window_start: datetime) -> int:
    """Count one request refused by a rate limit in its window; the count so far.

    One atomic upsert per refusal, so parallel refusals neither lose counts nor collide on
    the first insert; 1 means this is the window's first refusal for this address.
    """
    now = clock.now()
    statement = upsert(
        RateLimitRefusal,
        {
            "address": client_address() or "",
            "scope": scope[:80],
            "limit": limit[:60],
            "window_start": window_start,
            "count": 1,
            "last_at": now,
        },
        keys=["address", "scope", "limit", "window_start"],
        changes={"count": RateLimitRefusal.count + 1, "last_at": now},
    ).returning(RateLimitRefusal.count)
    return write_now(statement, rows=True)[0][0]
