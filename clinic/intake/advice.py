"""What a screening result means for the booking: the time frame in plain words, the earliest
visit a see-a-doctor-today result allows, and whether answers were softened after a warning.

Pure: the standard library, the screening module and scheduling's (pure) errors.
docs/screening.md states the rules.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic.intake.screening import Severity, Urgency
from clinic.scheduling.errors import SchedulingError

#: A see-a-doctor-today result allows no visit before this local time on the next day: the
#: doctor's window is the rest of today and tomorrow morning.
TODAY_EARLIEST_NEXT_DAY = time(12, 0)

TIME_FRAMES = {
    Urgency.TODAY: (
        "See a doctor today. If your own doctor can't see you today, go to an urgent care "
        "clinic today."
    ),
    Urgency.FEW_DAYS: (
        "See a doctor within the next few days, before your first physical therapy visit."
    ),
}
SHORT_TIME_FRAMES = {Urgency.TODAY: "today", Urgency.FEW_DAYS: "within a few days"}


class TooSoonAfterAdvice(SchedulingError):
    """A time before a see-a-doctor-today result's doctor's window has passed (422), a
    scheduling error so every booking path that shows those shows this one too."""

    def __init__(self, earliest: datetime, zone: ZoneInfo):
        local = earliest.astimezone(zone)
        super().__init__(
            "Because we've asked you to see a doctor today, your first visit can't be before "
            f"{local.strftime('%-I:%M %p on %A %B %-d')}. Please choose a later time."
        )
        self.earliest = earliest


def time_frame(urgency: Urgency | str | None) -> str | None:
    """The patient's words for how soon to see a doctor; None without an urgency."""
    return TIME_FRAMES.get(Urgency(urgency)) if urgency else None


def earliest_start(urgency: Urgency | str | None, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The first instant a visit may start after a result of `urgency` given at `now`.

    See a doctor today: noon on the next day in the location's zone. Otherwise no limit
    (None): a few days' advice leaves the patient to choose a time after seeing the doctor.
    """
    if not urgency or Urgency(urgency) is not Urgency.TODAY:
        return None
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, TODAY_EARLIEST_NEXT_DAY, zone)


def check_start(start: datetime, earliest: datetime | None, zone: ZoneInfo) -> None:
    """Raise TooSoonAfterAdvice when `start` falls before `earliest` (the doctor's window)."""
    if earliest is not None and start < earliest:
        raise TooSoonAfterAdvice(earliest, zone)


WARNINGS = (Severity.PHYSICIAN, Severity.EMERGENCY)


def gravest_warning(levels) -> Severity | None:
    """The most severe warning (see a doctor, emergency) among `levels`, if any was given."""
    warnings = [Severity(level) for level in levels if Severity(level) in WARNINGS]
    return max(warnings, key=lambda s: s.rank, default=None)


def softened(warned: Severity | str | None, now_level: Severity | str) -> bool:
    """True when a result is milder than a warning given earlier for the same booking."""
    return warned is not None and Severity(now_level).rank < Severity(warned).rank
