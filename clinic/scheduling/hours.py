"""Managing working hours, time off and closures, without silently stranding bookings.

A change that would leave booked appointments outside working time is refused with the
list of those appointments (`WouldStrandAppointments`) unless the caller confirms; then it
is saved and the list comes back for follow-up.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from clinic.audit.record import record
from clinic.core.errors import DomainError
from clinic.extensions import db
from clinic.practice.models import Location
from clinic.scheduling import reads
from clinic.scheduling.availability import Policy, Reason, WeeklyRule, check_slot
from clinic.scheduling.errors import WouldStrandAppointments
from clinic.scheduling.models import Appointment, AppointmentStatus, AvailabilityRule, TimeOff

UPCOMING = (AppointmentStatus.BOOKED, AppointmentStatus.HELD)
#: Only "inside working hours" matters here, so the grid, notice and horizon are relaxed.
_HOURS_ONLY = Policy(grid_minutes=1, min_notice=timedelta(0), horizon=timedelta(days=3650))


class InvalidHours(DomainError):
    status_code = 400


@dataclass
class HoursChange:
    """What a saved change left for follow-up: appointments now outside working time."""

    stranded: list[Appointment] = field(default_factory=list)


def _upcoming(now: datetime, therapist_id: int | None = None, location_id: int | None = None):
    query = (
        select(Appointment)
        .options(joinedload(Appointment.patient), joinedload(Appointment.location))
        .where(Appointment.status.in_(UPCOMING), Appointment.starts_at >= now)
        .order_by(Appointment.starts_at)
    )
    if therapist_id is not None:
        query = query.where(Appointment.therapist_id == therapist_id)
    if location_id is not None:
        query = query.where(Appointment.location_id == location_id)
    return [a for a in db.session.scalars(query) if a.is_live(now)]


def _outside(appointments, rules: list[WeeklyRule], now: datetime) -> list[Appointment]:
    """Those appointments that the given weekly rules no longer cover."""
    stranded = []
    for appointment in appointments:
        own = [
            r
            for r in rules
            if r.therapist_id == appointment.therapist_id
            and r.location_id == appointment.location_id
        ]
        reason = check_slot(
            therapist_id=appointment.therapist_id,
            start=appointment.starts_at,
            rules=own,
            busy=(),
            policy=_HOURS_ONLY,
            duration=appointment.ends_at - appointment.starts_at,
            buffer=appointment.busy_until - appointment.ends_at,
            tz=ZoneInfo(appointment.location.timezone),
            now=min(now, appointment.starts_at),
        )
        if reason == Reason.OUTSIDE_HOURS:
            stranded.append(appointment)
    return stranded


def _as_rule(rule: AvailabilityRule) -> WeeklyRule:
    return WeeklyRule(
        rule.therapist_id,
        rule.location_id,
        rule.weekday,
        rule.start_time,
        rule.end_time,
        rule.valid_from,
        rule.valid_to,
    )


def _validate(
    weekday: int, start: time, end: time, valid_from: date | None, valid_to: date | None
) -> None:
    if not 0 <= weekday <= 6:
        raise InvalidHours("Choose a day of the week.")
    if start >= end:
        raise InvalidHours("The start time must be before the end time.")
    if valid_from and valid_to and valid_from > valid_to:
        raise InvalidHours("The first day must not be after the last day.")


def _guard(stranded: list[Appointment], confirm: bool) -> HoursChange:
    if stranded and not confirm:
        raise WouldStrandAppointments(stranded)
    return HoursChange(stranded=stranded)


def _rules_after(
    therapist_id: int, location_id: int, *, drop: int | None = None, add: WeeklyRule | None = None
) -> list[WeeklyRule]:
    current = db.session.scalars(
        select(AvailabilityRule).where(
            AvailabilityRule.therapist_id == therapist_id,
            AvailabilityRule.location_id == location_id,
        )
    )
    rules = [_as_rule(r) for r in current if r.id != drop]
    return [*rules, add] if add else rules


def save_rule(
    *,
    therapist_id: int,
    location_id: int,
    weekday: int,
    start: time,
    end: time,
    valid_from: date | None = None,
    valid_to: date | None = None,
    rule: AvailabilityRule | None = None,
    confirm: bool = False,
    now: datetime,
    actor=None,
) -> tuple[AvailabilityRule, HoursChange]:
    """Add weekly hours, or change `rule`; refuses to strand bookings unless confirmed."""
    _validate(weekday, start, end, valid_from, valid_to)
    new = WeeklyRule(therapist_id, location_id, weekday, start, end, valid_from, valid_to)
    stranded = []
    if rule is not None:
        after = _rules_after(rule.therapist_id, rule.location_id, drop=rule.id)
        if (rule.therapist_id, rule.location_id) == (therapist_id, location_id):
            after.append(new)
        stranded = _outside(_upcoming(now, rule.therapist_id, rule.location_id), after, now)
    change = _guard(stranded, confirm)
    if rule is None:
        rule = AvailabilityRule(therapist_id=therapist_id, location_id=location_id)
        db.session.add(rule)
    rule.therapist_id, rule.location_id, rule.weekday = therapist_id, location_id, weekday
    rule.start_time, rule.end_time = start, end
    rule.valid_from, rule.valid_to = valid_from, valid_to
    db.session.flush()
    record(
        "hours.save_rule", actor=actor, subject=rule, details={"stranded": [a.id for a in stranded]}
    )
    return rule, change


def remove_rule(
    rule: AvailabilityRule, *, confirm: bool = False, now: datetime, actor=None
) -> HoursChange:
    after = _rules_after(rule.therapist_id, rule.location_id, drop=rule.id)
    stranded = _outside(_upcoming(now, rule.therapist_id, rule.location_id), after, now)
    change = _guard(stranded, confirm)
    record(
        "hours.remove_rule",
        actor=actor,
        subject=rule,
        details={"stranded": [a.id for a in stranded]},
    )
    db.session.delete(rule)
    db.session.flush()
    return change


def add_time_off(
    *,
    starts_at: datetime,
    ends_at: datetime,
    therapist_id: int | None = None,
    location_id: int | None = None,
    reason: str = "",
    confirm: bool = False,
    now: datetime,
    actor=None,
) -> tuple[TimeOff, HoursChange]:
    """Time off for a therapist, or (location only) a closure of the whole location."""
    if (therapist_id is None) == (location_id is None):
        raise InvalidHours("Choose either a therapist or a location.")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidHours("Times must carry their time zone.")
    if starts_at >= ends_at:
        raise InvalidHours("The time off must start before it ends.")
    stranded = [
        a
        for a in _upcoming(now, therapist_id, location_id)
        if a.starts_at < ends_at and a.busy_until > starts_at
    ]
    change = _guard(stranded, confirm)
    time_off = TimeOff(
        therapist_id=therapist_id,
        location_id=location_id,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason[:200],
    )
    db.session.add(time_off)
    db.session.flush()
    record(
        "hours.add_time_off",
        actor=actor,
        subject=time_off,
        details={"stranded": [a.id for a in stranded]},
    )
    return time_off, change


def remove_time_off(time_off: TimeOff, *, actor=None) -> None:
    """Removing time off frees time and can strand nothing."""
    record("hours.remove_time_off", actor=actor, subject=time_off)
    db.session.delete(time_off)
    db.session.flush()


def location_zone(location_id: int) -> ZoneInfo:
    location = db.session.get(Location, location_id)
    if location is None:
        raise InvalidHours("Unknown location.")
    return ZoneInfo(location.timezone)


__all__ = ["HoursChange", "add_time_off", "reads", "remove_rule", "remove_time_off", "save_rule"]
