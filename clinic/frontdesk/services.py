"""The front desk's changes to bookings and episodes, each through the domain services and
written to the audit log. Services only flush; the request commits.

Booking by phone or at the desk is the online confirmation's sequence with a receptionist in
the patient's place: find or create the patient and episode, `booking.book` under the staff
policy, start the intake, issue a manage link and queue the confirmation with its intake link.
"""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from clinic.audit.record import record
from clinic.booking import flow, tokens
from clinic.core.domain import DomainError
from clinic.extensions import db
from clinic.frontdesk.models import EpisodeAction
from clinic.frontdesk.tracker import Kind
from clinic.intake import services as intake_services
from clinic.notifications import messages
from clinic.patients.models import Access, Episode
from clinic.practice.models import Location
from clinic.scheduling import booking
from clinic.scheduling.booking import SlotRequest
from clinic.scheduling.errors import TherapistUnavailable
from clinic.scheduling.models import Appointment, AppointmentStatus


class InvalidEpisodeAction(DomainError):
    status_code = 400


def book_for_patient(
    details: dict[str, Any],
    request: SlotRequest,
    *,
    region: str,
    nonce: str,
    now: datetime,
    actor,
) -> Appointment:
    """Book a phone or walk-in patient; they get the confirmation with an intake link.

    The same form sent twice (same nonce) returns the booking already made, and sends nothing.
    """
    existing = booking.by_nonce(nonce)
    if existing is not None:
        return existing
    location = db.session.get(Location, request.location_id)
    if location is None:
        raise TherapistUnavailable()
    today = now.astimezone(ZoneInfo(location.timezone)).date()
    patient, episode = flow.find_or_create_patient(details, location.id, today, now)
    appointment = booking.book(request, patient=patient, nonce=nonce, now=now, actor=actor)
    appointment.episode_id = episode.id
    intake_services.start(appointment, region, now)
    _tell_patient("confirmation", appointment, now)
    db.session.flush()
    return appointment


def _tell_patient(kind: str, appointment: Appointment, now: datetime) -> None:
    """Queue an email with a fresh manage link (only its hash is stored, so a new one)."""
    if appointment.patient is None:
        return
    token = tokens.issue(appointment, now)
    messages.queue(kind, appointment, token, now)


def reschedule(
    appointment: Appointment,
    *,
    start: datetime,
    therapist_id: int | None,
    now: datetime,
    actor,
) -> Appointment:
    """Move a booking under the staff policy; the patient is told, with an updated invite."""
    before = (appointment.starts_at, appointment.therapist_id)
    booking.reschedule(
        appointment, start=start, therapist_id=therapist_id, now=now, online=False, actor=actor
    )
    if (appointment.starts_at, appointment.therapist_id) != before:
        _tell_patient("rescheduled", appointment, now)
    return appointment


def cancel(appointment: Appointment, *, reason: str, now: datetime, actor) -> Appointment:
    """Cancel with a reason and free the time; the patient gets the cancellation."""
    if appointment.status == AppointmentStatus.CANCELLED:
        return appointment
    booking.cancel(appointment, now=now, reason=reason, actor=actor)
    _tell_patient("cancelled", appointment, now)
    return appointment


def record_episode_action(
    episode: Episode,
    *,
    kind: str,
    done_on: date,
    today: date,
    detail: str = "",
    note: str = "",
    now: datetime,
    actor,
) -> EpisodeAction:
    """Record that something a direct-access rule needs was done.

    A referral turns the episode into a referred one, which leaves the tracker.
    """
    if kind not in set(Kind):
        raise InvalidEpisodeAction("Choose what was done.")
    if done_on > today:
        raise InvalidEpisodeAction("The date it was done can't be in the future.")
    if episode.first_seen_on is None:
        raise InvalidEpisodeAction("The patient hasn't been seen yet, so nothing is due.")
    if done_on < episode.first_seen_on:
        raise InvalidEpisodeAction("The date it was done can't be before the first visit.")
    action = EpisodeAction(
        episode_id=episode.id,
        kind=kind,
        detail=detail[:200],
        done_on=done_on,
        note=note[:300],
        recorded_by_id=actor.id if actor is not None else None,
        recorded_at=now,
    )
    db.session.add(action)
    if kind == Kind.REFERRAL:
        episode.access = Access.REFERRED
    db.session.flush()
    record(
        "directaccess.record_action",
        actor=actor,
        subject=episode,
        details={"kind": kind, "done_on": done_on.isoformat()},
    )
    return action
