"""The day and week views' data: a handful of queries, then the pure grid per location.

However many therapists and appointments, a day view costs the same five statements: the
locations, the clinic's settings, their weekly hours with therapists, time off and closures,
and the appointments with patient, type and intake joined in.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling import grid, queries, reads
from clinic.scheduling.models import Appointment

DAY = timedelta(days=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class LocationGrid:
    """One location's part of a view: its grid and the appointments shown in it."""

    location: Location
    grid: grid.Grid
    appointments: list[Appointment]


def active_locations(location_id: int | None = None) -> list[Location]:
    query = select(Location).where(Location.active).order_by(Location.name)
    if location_id is not None:
        query = query.where(Location.id == location_id)
    return list(db.session.scalars(query))


def bounds(locations: list[Location], first: date, last: date) -> tuple[datetime, datetime]:
    spans = [reads.local_range(first, last, ZoneInfo(loc.timezone)) for loc in locations]
    return min(lo for lo, _ in spans), max(hi for _, hi in spans)


def _blocks(time_off, location_id: int) -> list[grid.Block]:
    return [
        grid.Block(t.therapist_id, t.starts_at, t.ends_at, t.reason)
        for t in time_off
        if t.therapist_id is not None or t.location_id == location_id
    ]


def day_view(day: date, locations: list[Location], now: datetime) -> list[LocationGrid]:
    """Each location's therapists as columns on `day`, in four statements (settings, hours,
    time off, appointments) however many therapists and appointments there are."""
    grid_minutes = reads.settings().slot_grid_minutes
    if not locations:
        return []
    ids = [loc.id for loc in locations]
    lo, hi = bounds(locations, day, day)
    hours = queries.hours_at(ids)
    time_off = queries.time_off_between(lo, hi)
    appointments = queries.appointments_between(lo, hi, location_ids=ids)
    views = []
    for location in locations:
        zone = ZoneInfo(location.timezone)
        rules = [rule for rule, _ in hours if rule.location_id == location.id]
        names = {rule.therapist_id: name for rule, name in hours}
        here = [a for a in appointments if a.location_id == location.id]
        here = [a for a in here if a.starts_at.astimezone(zone).date() == day]
        working = {r.therapist_id for r in rules if grid.works_on(rules, r.therapist_id, day, zone)}
        shown = working | {a.therapist_id for a in here}
        names |= {a.therapist_id: a.therapist.display_name for a in here}
        columns = [
            grid.Column(tid, day, names[tid]) for tid in sorted(shown, key=lambda t: (names[t], t))
        ]
        views.append(_location_grid(location, columns, rules, time_off, here, grid_minutes, now))
    return views


def _location_grid(location, columns, rules, time_off, appointments, grid_minutes, now):
    built = grid.build(
        columns=columns,
        rules=rules,
        blocks=_blocks(time_off, location.id),
        visits=[grid.Visit(a.therapist_id, a.starts_at, a.ends_at, a) for a in appointments],
        zone=ZoneInfo(location.timezone),
        grid_minutes=grid_minutes,
        now=now,
    )
    return LocationGrid(location, built, appointments)


def week_view(therapist: Therapist, monday: date, now: datetime) -> list[LocationGrid]:
    """One therapist's week, Monday to Sunday, at each location they work or have visits."""
    return therapist_days(therapist, [monday + k * DAY for k in range(7)], now)


def therapist_days(therapist: Therapist, days: list[date], now: datetime) -> list[LocationGrid]:
    """One therapist's `days` (consecutive, as columns), at each location they work at or have
    visits; the front desk's week view and the therapist's own day and week."""
    grid_minutes = reads.settings().slot_grid_minutes
    locations = active_locations()
    if not locations:
        return []
    lo, hi = bounds(locations, days[0], days[-1])
    hours = [
        rule
        for rule, _ in queries.hours_at([loc.id for loc in locations])
        if rule.therapist_id == therapist.id
    ]
    time_off = queries.time_off_between(lo, hi, therapist_id=therapist.id)
    appointments = queries.appointments_between(lo, hi, therapist.id)
    by_location: dict[int, list[Appointment]] = defaultdict(list)
    for a in appointments:
        zone = ZoneInfo(a.location.timezone)
        if a.starts_at.astimezone(zone).date() in days:
            by_location[a.location_id].append(a)
    views = []
    for location in locations:
        rules = [rule for rule in hours if rule.location_id == location.id]
        if not rules and not by_location[location.id]:
            continue
        columns = [grid.Column(therapist.id, d, d.strftime("%a %b %-d")) for d in days]
        views.append(
            _location_grid(
                location, columns, rules, time_off, by_location[location.id], grid_minutes, now
            )
        )
    return views


def active_therapists() -> list[Therapist]:
    query = select(Therapist).where(Therapist.active).order_by(Therapist.display_name)
    return list(db.session.scalars(query))
