"""The patient's secret manage link: a random token, stored only as its hash.

The token is 192 random bits in the URL's path; the database keeps its SHA-256, so a leaked
database does not leak working links. A link works until 30 days after the visit; a new
token (say, re-sent by the front desk) replaces the old one, which then stops working.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from clinic.extensions import db
from clinic.scheduling.models import Appointment

VALID_AFTER_VISIT = timedelta(days=30)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(appointment: Appointment) -> str:
    """A new manage token for the appointment; only the caller ever sees it."""
    token = secrets.token_urlsafe(24)
    appointment.manage_token_hash = _digest(token)
    return token


def revoke(appointment: Appointment) -> None:
    appointment.manage_token_hash = None


def find(token: str, now: datetime) -> Appointment | None:
    """The appointment behind a live token, or None for forged, expired or revoked ones.

    Callers answer every None the same way (404), so a guess learns nothing.
    """
    if not 20 <= len(token) <= 64 or not set(token) <= _TOKEN_CHARS:
        return None
    digest = _digest(token)
    appointment = db.session.scalar(
        select(Appointment).where(Appointment.manage_token_hash == digest)
    )
    if appointment is None or not hmac.compare_digest(appointment.manage_token_hash, digest):
        return None
    if now > appointment.ends_at + VALID_AFTER_VISIT:
        return None
    return appointment
