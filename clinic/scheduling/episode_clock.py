"""When an episode's direct-access clock starts, and when an episode that never began ends.

A state's limit counts from the first evaluation, so the clock starts the day the patient is
first seen (checked in), never the day the visit was booked: a patient booked three weeks
ahead starts at day 0, not past Illinois's 15-business-day checkpoint. An episode whose patient
was never seen has nothing to track; when its last live booking is cancelled it closes, and
leaves the front desk's tracker.
"""

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from clinic.extensions import db
from clinic.scheduling.models import Appointment, AppointmentStatus

#: Statuses that mean the patient was seen.
ATTENDED = (AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)
#: Statuses of a booking that may still be attended.
LIVE = (AppointmentStatus.HELD, AppointmentStatus.BOOKED)


def local_day(appointment: Appointment) -> date:
    return appointment.starts_at.astimezone(ZoneInfo(appointment.location.timezone)).date()


def start_if_first_visit(appointment: Appointment) -> None:
    """Start the episode's clock on the visit's day if it is the patient's first attended."""
    episode = appointment.episode
    if episode is None or appointment.status not in ATTENDED or episode.first_seen_on is not None:
        return
    episode.first_seen_on = local_day(appointment)


def close_if_never_seen(appointment: Appointment, today: date) -> None:
    """Close the episode of a cancelled booking when nothing was attended and nothing is left."""
    episode = appointment.episode
    if episode is None or episode.first_seen_on is not None or episode.closed_on is not None:
        return
    db.session.flush()
    others = db.session.scalar(
        select(func.count())
        .select_from(Appointment)
        .where(Appointment.episode_id == episode.id, Appointment.status.in_(LIVE + ATTENDED))
    )
    if not others:
        episode.closed_on = today
