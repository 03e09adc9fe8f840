"""A therapist's day as a list: their visits in time order, with the next one picked out."""

from dataclasses import dataclass
from datetime import datetime

from clinic.scheduling.models import Appointment, AppointmentStatus

#: Visits still to be seen: the next one is the first of these not yet over.
STILL_TO_SEE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


@dataclass(frozen=True)
class Agenda:
    appointments: list[Appointment]
    next_id: int | None  #: the visit to get ready for, if any is left today


def next_visit(appointments: list[Appointment], now: datetime) -> Appointment | None:
    """The first visit still to be seen that has not ended: under way, or the next to start."""
    waiting = [a for a in appointments if a.status in STILL_TO_SEE and a.ends_at > now]
    return min(waiting, key=lambda a: a.starts_at, default=None)


def for_day(views, now: datetime) -> Agenda:
    """From the day's grids (one per location): every visit shown on them, in time order."""
    appointments = sorted(
        (a for view in views for a in view.appointments), key=lambda a: a.starts_at
    )
    upcoming = next_visit(appointments, now)
    return Agenda(appointments, upcoming.id if upcoming else None)
