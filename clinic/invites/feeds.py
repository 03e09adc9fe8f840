"""Therapists' private calendar feeds: a secret URL per therapist, revocable and rotatable.

The token is 192 random bits; only its SHA-256 is stored. Events show the patient's
initials and the visit type only, because feed URLs end up in third-party calendars.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from clinic.extensions import db
from clinic.invites import ics
from clinic.invites.models import FeedToken
from clinic.practice.models import Therapist
from clinic.scheduling import reads
from clinic.scheduling.models import Appointment, AppointmentStatus

FEED_DAYS = 60
SHOWN = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def revoke(therapist: Therapist, now: datetime) -> int:
    """Stop every feed URL of this therapist."""
    return db.session.execute(
        update(FeedToken)
        .where(FeedToken.therapist_id == therapist.id, FeedToken.revoked_at.is_(None))
        .values(revoked_at=now)
    ).rowcount


def rotate(therapist: Therapist, now: datetime) -> str:
    """A new feed URL; the old one stops working. Returns the token, shown once."""
    revoke(therapist, now)
    token = secrets.token_urlsafe(24)
    db.session.add(FeedToken(therapist_id=therapist.id, token_hash=_digest(token), created_at=now))
    db.session.flush()
    return token


def has_live_feed(therapist: Therapist) -> bool:
    return (
        db.session.scalar(
            select(FeedToken.id)
            .where(FeedToken.therapist_id == therapist.id, FeedToken.revoked_at.is_(None))
            .limit(1)
        )
        is not None
    )


def therapist_for(token: str) -> Therapist | None:
    """The therapist behind a live feed token; None for unknown or revoked ones."""
    if not 20 <= len(token) <= 64:
        return None
    row = db.session.scalar(select(FeedToken).where(FeedToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    return db.session.get(Therapist, row.therapist_id)


def calendar(therapist: Therapist, now: datetime) -> bytes:
    """The therapist's visits from a week ago to two months ahead, as a PUBLISH feed."""
    clinic = reads.settings()
    visits = db.session.scalars(
        select(Appointment)
        .options(
            joinedload(Appointment.patient),
            joinedload(Appointment.type),
            joinedload(Appointment.location),
        )
        .where(
            Appointment.therapist_id == therapist.id,
            Appointment.status.in_(SHOWN),
            Appointment.starts_at >= now - timedelta(days=7),
            Appointment.starts_at < now + timedelta(days=FEED_DAYS),
        )
        .order_by(Appointment.starts_at)
    )
    events = [
        ics.VisitEvent(
            uid=a.ical_uid,
            sequence=a.ical_sequence,
            start=a.starts_at,
            end=a.ends_at,
            summary=f"{a.patient.initials if a.patient else 'Held'}: {a.type.name}",
            location=a.location.name,
            description="",
            status="CONFIRMED",
            organizer_email=clinic.email,
            organizer_name=clinic.name,
        )
        for a in visits
    ]
    return ics.feed(events, now, f"{therapist.display_name}, {clinic.name}")
