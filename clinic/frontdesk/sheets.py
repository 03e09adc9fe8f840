"""The front desk's own lists of a day: the printable sheet, the CSV export and the visits of
therapists who take no bookings. The day and week grids themselves are shared with the
therapist's screens and live in `clinic.scheduling.schedule`."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling import queries
from clinic.scheduling.models import Appointment, AppointmentStatus
from clinic.scheduling.schedule import active_locations, bounds


def sheet(day: date, location_id: int | None) -> list[tuple[Location, list[Appointment]]]:
    """The printable day sheet: each location's appointments that day, by therapist and time."""
    locations = active_locations(location_id)
    if not locations:
        return []
    lo, hi = bounds(locations, day, day)
    appointments = queries.appointments_between(lo, hi, location_ids=[loc.id for loc in locations])
    result = []
    for location in locations:
        zone = ZoneInfo(location.timezone)
        here = [
            a
            for a in appointments
            if a.location_id == location.id and a.starts_at.astimezone(zone).date() == day
        ]
        here.sort(key=lambda a: (a.therapist.display_name, a.starts_at))
        result.append((location, here))
    return result


def visits_to_move(now: datetime) -> list[Appointment]:
    """Upcoming booked visits with a therapist who takes no bookings (a disabled account)."""
    query = (
        select(Appointment)
        .join(Therapist, Appointment.therapist_id == Therapist.id)
        .where(
            ~Therapist.active,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.starts_at >= now,
        )
        .order_by(Appointment.starts_at)
    )
    return list(db.session.scalars(query))


STATUS_WORDS = {
    "booked": "Booked",
    "checked_in": "Checked in",
    "completed": "Completed",
    "no_show": "No-show",
    "cancelled": "Cancelled",
    "held": "Held",
}
INTAKE_WORDS = {"not_started": "Not started", "in_progress": "In progress", "complete": "Complete"}
NOT_SCREENED = "Not screened yet"


def _screening_words(appointment) -> tuple[str, str]:
    """The questionnaire's status and the screening level; never "clear" before screening."""
    intake = appointment.intake
    if intake is None or not intake.screened:
        return NOT_SCREENED, NOT_SCREENED
    return INTAKE_WORDS[intake.status.value], intake.screening_level.value


def export_rows(days: list[date], location_id: int | None) -> list[tuple]:
    """The appointments on local dates `days` as CSV rows (no clinical answers, ever)."""
    locations = active_locations(location_id)
    if not locations:
        return []
    lo, hi = bounds(locations, days[0], days[-1])
    appointments = queries.appointments_between(lo, hi, location_ids=[loc.id for loc in locations])
    rows = []
    for a in appointments:
        zone = ZoneInfo(a.location.timezone)
        start, end = a.starts_at.astimezone(zone), a.ends_at.astimezone(zone)
        if start.date() not in days:
            continue
        rows.append(
            (
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                start.tzname(),
                a.location.name,
                a.therapist.display_name,
                a.patient.full_name if a.patient else "",
                a.patient.phone if a.patient else "",
                a.type.name,
                STATUS_WORDS[a.status.value],
                *_screening_words(a),
            )
        )
    return rows
