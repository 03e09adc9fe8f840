"""The patient's secret manage links: random tokens, stored only as their hashes.

A token is 192 random bits in the URL's path; the database keeps its SHA-256, so a leaked
database does not leak working links. An appointment may have several live links (the
confirmation, each reminder); each works until 30 days after the visit, and the front desk
can revoke them all at once.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from clinic.booking.models import ManageToken
from clinic.extensions import db
from clinic.scheduling.models import Appointment

VALID_AFTER_VISIT = timedelta(days=30)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(appointment: Appointment, now: datetime) -> str:
    """A new manage link for the appointment; only the caller ever sees the token."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        ManageToken(appointment_id=appointment.id, token_hash=_digest(token), created_at=now)
    )
    db.session.flush()
    return token


def revoke_all(appointment: Appointment, now: datetime) -> int:
    """Every link to this appointment stops working (e.g. a link sent to a wrong address)."""
    result = db.session.execute(
        update(ManageToken)
        .where(ManageToken.appointment_id == appointment.id, ManageToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount


def find(token: str, now: datetime) -> Appointment | None:
    """The appointment behind a live token, or None for forged, expired or revoked ones.

    Callers answer every None the same way (404), so a guess learns nothing. The lookup is
    by the token's hash, an indexed equality, so its time says nothing about near misses.
    """
    if not 20 <= len(token) <= 64 or not set(token) <= _TOKEN_CHARS:
        return None
    row = db.session.scalar(select(ManageToken).where(ManageToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    appointment = row.appointment
    if now > appointment.ends_at + VALID_AFTER_VISIT:
        return None
    return appointment
