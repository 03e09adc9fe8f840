"""Loading what the availability engine needs, in a fixed handful of queries.

Busy time comes back as plain `(therapist_id, start, end, kind)` rows from one UNION query
over an index on (therapist_id, starts_at, busy_until): no ORM object per appointment.
"""

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import and_, literal, null, or_, select, union_all

from clinic.extensions import db
from clinic.practice.models import ClinicSettings, Location, Therapist
from clinic.scheduling.availability import Busy, Policy, WeeklyRule
from clinic.scheduling.models import Appointment, AppointmentStatus, AvailabilityRule, TimeOff

#: Statuses that occupy time whatever the clock says (a hold occupies it only until it lapses).
OCCUPYING = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
)


def settings() -> ClinicSettings:
    found = db.session.get(ClinicSettings, 1)
    if found is None:
        raise LookupError("The clinic has no settings yet; run `flask --app clinic seed-demo`.")
    return found


def online_policy(clinic: ClinicSettings) -> Policy:
    """What patients booking online may choose: the clinic's notice and horizon."""
    return Policy(
        grid_minutes=clinic.slot_grid_minutes,
        min_notice=timedelta(minutes=clinic.min_notice_minutes),
        horizon=timedelta(days=clinic.horizon_days),
    )


def staff_policy(clinic: ClinicSettings) -> Policy:
    """The front desk books walk-ins now and follow-ups far ahead: no notice, a year's horizon."""
    return Policy(
        grid_minutes=clinic.slot_grid_minutes, min_notice=timedelta(0), horizon=timedelta(days=366)
    )


def weekly_rules(
    location_id: int, therapist_ids: Collection[int] | None = None, *, only_bookable: bool = True
) -> list[WeeklyRule]:
    """Working hours at one location (of active therapists taking new patients, by default)."""
    query = (
        select(
            AvailabilityRule.therapist_id,
            AvailabilityRule.location_id,
            AvailabilityRule.weekday,
            AvailabilityRule.start_time,
            AvailabilityRule.end_time,
            AvailabilityRule.valid_from,
            AvailabilityRule.valid_to,
        )
        .join(Therapist, Therapist.id == AvailabilityRule.therapist_id)
        .where(AvailabilityRule.location_id == location_id, Therapist.active)
    )
    if only_bookable:
        query = query.where(Therapist.accepts_new_patients)
    if therapist_ids is not None:
        query = query.where(AvailabilityRule.therapist_id.in_(list(therapist_ids)))
    return [WeeklyRule(*row) for row in db.session.execute(query)]


def busy_query(
    therapist_ids: Collection[int],
    location_id: int,
    lo: datetime,
    hi: datetime,
    now: datetime,
    ignore_appointment: int | None = None,
):
    """One statement for all busy time of these therapists overlapping [lo, hi).

    Closures of the location come back with therapist_id NULL and kind "closure". An
    appointment being moved can leave its own time out (`ignore_appointment`).
    """
    ids = list(therapist_ids)
    appointments = select(
        Appointment.therapist_id,
        Appointment.starts_at,
        Appointment.busy_until,
        literal("appointment"),
    ).where(
        Appointment.therapist_id.in_(ids),
        Appointment.starts_at < hi,
        Appointment.busy_until > lo,
        or_(
            Appointment.status.in_(OCCUPYING),
            and_(Appointment.status == AppointmentStatus.HELD, Appointment.hold_expires_at > now),
        ),
    )
    if ignore_appointment is not None:
        appointments = appointments.where(Appointment.id != ignore_appointment)
    time_off = select(
        TimeOff.therapist_id, TimeOff.starts_at, TimeOff.ends_at, literal("time_off")
    ).where(TimeOff.therapist_id.in_(ids), TimeOff.starts_at < hi, TimeOff.ends_at > lo)
    closures = select(null(), TimeOff.starts_at, TimeOff.ends_at, literal("closure")).where(
        TimeOff.location_id == location_id, TimeOff.starts_at < hi, TimeOff.ends_at > lo
    )
    return union_all(appointments, time_off, closures)


def busy_time(
    therapist_ids: Collection[int],
    location_id: int,
    lo: datetime,
    hi: datetime,
    now: datetime,
    *,
    ignore_appointment: int | None = None,
) -> tuple[list[Busy], list[tuple[datetime, datetime]]]:
    """Busy rows per therapist (shaped like `Busy`, used as fetched) and the location's
    closures, from one query."""
    rows = db.session.execute(
        busy_query(therapist_ids, location_id, lo, hi, now, ignore_appointment)
    ).all()
    busy = [row for row in rows if row[0] is not None]
    if len(busy) == len(rows):
        return busy, []
    return busy, [(row[1], row[2]) for row in rows if row[0] is None]


def local_range(start_date: date, end_date: date, zone) -> tuple[datetime, datetime]:
    """UTC bounds generously covering local dates start_date..end_date in `zone`."""
    lo = datetime.combine(start_date, datetime.min.time(), zone) - timedelta(days=1)
    hi = datetime.combine(end_date, datetime.min.time(), zone) + timedelta(days=2)
    return lo, hi


def therapists_at(location_id: int) -> list[int]:
    """Ids of active therapists with hours at a location."""
    query = (
        select(AvailabilityRule.therapist_id)
        .join(Therapist, Therapist.id == AvailabilityRule.therapist_id)
        .where(AvailabilityRule.location_id == location_id, Therapist.active)
        .distinct()
    )
    return sorted(db.session.scalars(query))


def locations_of(therapist_id: int) -> list[Location]:
    query = (
        select(Location)
        .join(AvailabilityRule, AvailabilityRule.location_id == Location.id)
        .where(AvailabilityRule.therapist_id == therapist_id, Location.active)
        .distinct()
        .order_by(Location.id)
    )
    return list(db.session.scalars(query))
