"""Free times from the database: the engine fed by a fixed, small number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from clinic.practice.models import Location
from clinic.scheduling import reads
from clinic.scheduling.availability import Slot, as_slots, free_starts
from clinic.scheduling.models import AppointmentType


def find_free_starts(
    kind: AppointmentType,
    location: Location,
    start_date: date,
    end_date: date,
    now: datetime,
    *,
    therapist_ids: list[int] | None = None,
    online: bool = True,
) -> dict[int, list[datetime]]:
    """Every free start per therapist for a visit of `kind` at `location`, local dates
    start..end, in three queries (settings, rules, busy rows).

    Online (patients) uses the clinic's notice and horizon and only therapists taking new
    patients; staff booking uses the staff policy and every active therapist.
    """
    clinic = reads.settings()
    policy = reads.online_policy(clinic) if online else reads.staff_policy(clinic)
    rules = reads.weekly_rules(location.id, therapist_ids, only_bookable=online)
    ids = sorted({rule.therapist_id for rule in rules})
    if not ids:
        return {}
    zone = ZoneInfo(location.timezone)
    lo, hi = reads.local_range(start_date, end_date, zone)
    busy, closures = reads.busy_time(ids, location.id, lo, hi, now)
    return free_starts(
        rules=rules,
        busy=busy,
        closures=closures,
        policy=policy,
        duration=timedelta(minutes=kind.duration_minutes),
        buffer=timedelta(minutes=kind.buffer_minutes),
        start_date=start_date,
        end_date=end_date,
        tz=zone,
        now=now,
        therapist_ids=ids,
    )


def find_free_slots(
    kind: AppointmentType,
    location: Location,
    start_date: date,
    end_date: date,
    now: datetime,
    *,
    therapist_ids: list[int] | None = None,
    online: bool = True,
) -> list[Slot]:
    """`find_free_starts` as slots, sorted by start, then therapist."""
    starts = find_free_starts(
        kind, location, start_date, end_date, now, therapist_ids=therapist_ids, online=online
    )
    return as_slots(starts, location.id, timedelta(minutes=kind.duration_minutes))


def nearest_free_slots(
    kind: AppointmentType,
    location: Location,
    around: datetime,
    now: datetime,
    *,
    therapist_id: int | None = None,
    online: bool = True,
    limit: int = 3,
) -> list[Slot]:
    """The free starts closest to `around` (within a week either side), nearest first."""
    local_day = around.astimezone(ZoneInfo(location.timezone)).date()
    slots = find_free_slots(
        kind,
        location,
        local_day - timedelta(days=7),
        local_day + timedelta(days=7),
        now,
        therapist_ids=[therapist_id] if therapist_id is not None else None,
        online=online,
    )
    slots.sort(key=lambda slot: (abs(slot.start - around), slot.start, slot.therapist_id))
    return sorted(slots[:limit])
