"""Booking services: hold, confirm, book, reschedule and cancel, under every rule.

Each service re-checks the rules on the server with the same engine that offered the time
(`availability.check_slot`), then claims the time's grid cells inside a savepoint. The
claims' primary key, and on PostgreSQL an exclusion constraint, make the database refuse
an overlap; the loser of a race gets `SlotTaken`, never a half-made booking. Services only
flush: the caller's request (or command) commits.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clinic.audit.record import record
from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.practice.models import ClinicSettings, Location, Therapist
from clinic.scheduling import claims, episode_clock, reads
from clinic.scheduling.availability import Reason, check_slot
from clinic.scheduling.errors import (
    AppointmentClosed,
    SlotNotBookable,
    SlotTaken,
    TherapistUnavailable,
    TypeNotBookable,
    WrongDuration,
)
from clinic.scheduling.free_times import nearest_free_slots
from clinic.scheduling.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
)

MOVABLE = (AppointmentStatus.HELD, AppointmentStatus.BOOKED)


@dataclass(frozen=True)
class SlotRequest:
    """A time someone asked for: therapist, location, kind of visit and start (aware)."""

    therapist_id: int
    location_id: int
    type_id: int
    start: datetime
    #: Optional; when given it must equal start plus the type's duration.
    end: datetime | None = None


@dataclass(frozen=True)
class Checked:
    therapist: Therapist
    location: Location
    kind: AppointmentType
    clinic: ClinicSettings


def _load(request: SlotRequest) -> tuple[Therapist, Location, AppointmentType]:
    therapist = db.session.get(Therapist, request.therapist_id)
    location = db.session.get(Location, request.location_id)
    kind = db.session.get(AppointmentType, request.type_id)
    if therapist is None or location is None:
        raise TherapistUnavailable()
    if kind is None or not kind.active:
        raise TypeNotBookable()
    return therapist, location, kind


def check_request(
    request: SlotRequest, *, online: bool, now: datetime, ignore_appointment: int | None = None
) -> Checked:
    """Every booking rule for one requested time; raises the first one broken."""
    if request.start.tzinfo is None:
        raise ValueError("a requested start must be timezone-aware")
    therapist, location, kind = _load(request)
    if not therapist.active or not location.active:
        raise TherapistUnavailable()
    if online and not kind.online_bookable:
        raise TypeNotBookable()
    if online and not therapist.accepts_new_patients:
        raise TherapistUnavailable("That therapist isn't taking new patients at the moment.")
    duration = timedelta(minutes=kind.duration_minutes)
    if request.end is not None and request.end - request.start != duration:
        raise WrongDuration(kind.duration_minutes)
    clinic = reads.settings()
    rules = reads.weekly_rules(location.id, [therapist.id], only_bookable=False)
    if not rules:
        raise TherapistUnavailable()
    busy, closures = reads.busy_time(
        [therapist.id],
        location.id,
        request.start - timedelta(days=1),
        request.start + timedelta(days=1),
        now,
        ignore_appointment=ignore_appointment,
    )
    reason = check_slot(
        therapist_id=therapist.id,
        start=request.start,
        rules=rules,
        busy=busy,
        closures=closures,
        policy=reads.online_policy(clinic) if online else reads.staff_policy(clinic),
        duration=duration,
        buffer=timedelta(minutes=kind.buffer_minutes),
        tz=ZoneInfo(location.timezone),
        now=now,
    )
    if reason == Reason.TAKEN:
        raise _taken(request.therapist_id, request.start, kind, location, now, online)
    if reason is not None:
        raise SlotNotBookable(reason)
    return Checked(therapist, location, kind, clinic)


def _taken(therapist_id, start, kind, location, now, online) -> SlotTaken:
    alternatives = nearest_free_slots(
        kind, location, start, now, therapist_id=therapist_id, online=online
    )
    return SlotTaken(therapist_id, start, alternatives)


def _set_times(appointment: Appointment, checked: Checked, start: datetime) -> None:
    appointment.therapist_id = checked.therapist.id
    appointment.location_id = checked.location.id
    appointment.starts_at = start
    appointment.ends_at = start + timedelta(minutes=checked.kind.duration_minutes)
    appointment.busy_until = appointment.ends_at + timedelta(minutes=checked.kind.buffer_minutes)


def _claim_time(appointment: Appointment, checked: Checked, now: datetime, online: bool) -> None:
    """Write the appointment and its claims in a savepoint; a clash raises SlotTaken."""
    grid = checked.clinic.slot_grid_minutes
    # One booking at a time per therapist on PostgreSQL (SQLite's IMMEDIATE transactions
    # already serialise writers): without it, two inserts queued behind a third that rolls
    # back can deadlock on the exclusion constraint instead of one losing cleanly.
    db.session.execute(
        select(Therapist.id)
        .where(Therapist.id == checked.therapist.id)
        .with_for_update(key_share=True)
    )
    try:
        with db.session.begin_nested():
            if appointment.id is None:
                db.session.add(appointment)
                db.session.flush()
            claims.release(appointment)
            wanted = claims.cells(appointment.starts_at, appointment.busy_until, grid)
            claims.release_lapsed(appointment.therapist_id, wanted, now)
            claims.claim(appointment, grid)
            db.session.flush()
    except IntegrityError:
        raise _taken(
            checked.therapist.id,
            appointment.starts_at,
            checked.kind,
            checked.location,
            now,
            online,
        ) from None


def by_nonce(nonce: str) -> Appointment | None:
    return db.session.scalar(select(Appointment).where(Appointment.idempotency_nonce == nonce))


def _new(request: SlotRequest, checked: Checked, now: datetime, **fields) -> Appointment:
    appointment = Appointment(
        type_id=checked.kind.id,
        ical_uid=f"{uuid.uuid4()}@clinic.example",
        created_at=now,
        updated_at=now,
        **fields,
    )
    _set_times(appointment, checked, request.start)
    return appointment


def _create(
    request: SlotRequest, nonce: str, now: datetime, online: bool, **fields
) -> tuple[Appointment, bool]:
    """Check and insert a new appointment for one form; `(appointment, created)`.

    When the same form was submitted twice at once, the twin that lost finds the winner's
    appointment here, whether it lost in the pre-check or at the claim.
    """
    try:
        checked = check_request(request, online=online, now=now)
        appointment = _new(request, checked, now, idempotency_nonce=nonce, **fields)
        _claim_time(appointment, checked, now, online)
    except SlotTaken:
        twin = by_nonce(nonce)
        if twin is not None:
            return twin, False
        raise
    return appointment, True


def hold(
    request: SlotRequest, *, nonce: str, now: datetime, topic: str | None = None
) -> Appointment:
    """Hold a time for a patient booking online, for the clinic's hold minutes.

    The same form (nonce) holding again moves its hold; once booked, it returns the booking.
    """
    existing = by_nonce(nonce)
    if existing is not None and existing.status != AppointmentStatus.HELD:
        return existing
    hold_for = timedelta(minutes=reads.settings().hold_minutes)
    if existing is not None:
        checked = check_request(request, online=True, now=now, ignore_appointment=existing.id)
        _set_times(existing, checked, request.start)
        existing.hold_expires_at, existing.updated_at = now + hold_for, now
        _claim_time(existing, checked, now, online=True)
        return existing
    appointment, _ = _create(
        request,
        nonce,
        now,
        True,
        status=AppointmentStatus.HELD,
        source=AppointmentSource.ONLINE,
        hold_expires_at=now + hold_for,
        topic=topic,
    )
    return appointment


def _request_for(appointment: Appointment, start: datetime | None = None, **changes) -> SlotRequest:
    return SlotRequest(
        therapist_id=changes.get("therapist_id") or appointment.therapist_id,
        location_id=changes.get("location_id") or appointment.location_id,
        type_id=appointment.type_id,
        start=start or appointment.starts_at,
    )


def confirm(appointment: Appointment, *, patient: Patient, now: datetime) -> Appointment:
    """Turn a hold into a booking in one step; a lapsed hold is renewed if still free."""
    if appointment.status == AppointmentStatus.BOOKED:
        return appointment
    if appointment.status != AppointmentStatus.HELD:
        raise AppointmentClosed("This booking can no longer be confirmed. Please start again.")
    checked = check_request(
        _request_for(appointment), online=True, now=now, ignore_appointment=appointment.id
    )
    appointment.patient_id = patient.id
    appointment.status = AppointmentStatus.BOOKED
    appointment.hold_expires_at = None
    appointment.updated_at = now
    _claim_time(appointment, checked, now, online=True)
    record(
        "appointment.book",
        actor_label="patient",
        subject=appointment,
        details={"source": appointment.source.value},
    )
    return appointment


def book(
    request: SlotRequest,
    *,
    patient: Patient,
    nonce: str,
    now: datetime,
    actor,
    topic: str | None = None,
) -> Appointment:
    """The front desk books a phone or walk-in patient directly (staff policy)."""
    existing = by_nonce(nonce)
    if existing is not None:
        return existing
    appointment, created = _create(
        request,
        nonce,
        now,
        False,
        status=AppointmentStatus.BOOKED,
        source=AppointmentSource.FRONT_DESK,
        patient_id=patient.id,
        topic=topic,
    )
    if not created:
        return appointment
    record(
        "appointment.book",
        actor=actor,
        subject=appointment,
        details={"source": AppointmentSource.FRONT_DESK.value},
    )
    return appointment


def reschedule(
    appointment: Appointment,
    *,
    start: datetime,
    now: datetime,
    online: bool,
    therapist_id: int | None = None,
    location_id: int | None = None,
    actor=None,
) -> Appointment:
    """Move an appointment: the new time is claimed and the old freed in one savepoint."""
    if appointment.status not in MOVABLE:
        raise AppointmentClosed("Only upcoming bookings can be moved.")
    request = _request_for(appointment, start, therapist_id=therapist_id, location_id=location_id)
    unchanged = (request.therapist_id, request.location_id, request.start) == (
        appointment.therapist_id,
        appointment.location_id,
        appointment.starts_at,
    )
    if unchanged:
        return appointment
    checked = check_request(request, online=online, now=now, ignore_appointment=appointment.id)
    before = appointment.starts_at.isoformat()
    _set_times(appointment, checked, request.start)
    appointment.updated_at = now
    _claim_time(appointment, checked, now, online)
    if appointment.status == AppointmentStatus.BOOKED:
        appointment.ical_sequence += 1
        record(
            "appointment.reschedule",
            actor=actor,
            actor_label="patient",
            subject=appointment,
            details={"from": before, "to": appointment.starts_at.isoformat()},
        )
    return appointment


def cancel(appointment: Appointment, *, now: datetime, reason: str = "", actor=None) -> Appointment:
    """Cancel and free the time. Cancelling a cancelled appointment changes nothing."""
    if appointment.status == AppointmentStatus.CANCELLED:
        return appointment
    if appointment.status not in MOVABLE:
        raise AppointmentClosed("This visit has already taken place and can't be cancelled.")
    was_booked = appointment.status == AppointmentStatus.BOOKED
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancel_reason = reason or None
    appointment.hold_expires_at = None
    appointment.updated_at = now
    claims.release(appointment)
    episode_clock.close_if_never_seen(
        appointment, now.astimezone(ZoneInfo(appointment.location.timezone)).date()
    )
    if was_booked:
        appointment.ical_sequence += 1
        record(
            "appointment.cancel",
            actor=actor,
            actor_label="patient",
            subject=appointment,
            details={"reason": reason[:200]} if reason else {},
        )
    db.session.flush()
    return appointment
