"""Scheduling's domain errors, each with a message a patient or receptionist can act on."""

from datetime import datetime
from typing import ClassVar

from clinic.core.errors import DomainError
from clinic.scheduling.availability import Reason, Slot


class SchedulingError(DomainError):
    status_code = 422


class SlotNotBookable(SchedulingError):
    """A requested start breaks one of the booking rules (`reason` says which)."""

    MESSAGES: ClassVar[dict[Reason, str]] = {
        Reason.PAST: "That time has already passed. Please choose a later time.",
        Reason.INSIDE_NOTICE: "That time is too soon to book online. Please choose a later "
        "time, or call us and we'll see what we can do.",
        Reason.BEYOND_HORIZON: "We can't book that far ahead yet. Please choose an earlier date.",
        Reason.OFF_GRID: "Visits start on the clinic's schedule grid. Please choose one of the "
        "times offered.",
        Reason.OUTSIDE_HOURS: "The therapist isn't working at that location at that time.",
        Reason.TIME_OFF: "The therapist is away, or the clinic is closed, at that time.",
    }

    def __init__(self, reason: Reason):
        super().__init__(self.MESSAGES[reason])
        self.reason = reason


class SlotTaken(SchedulingError):
    """Someone else has that time: the loser of a race, or a stale page."""

    status_code = 409

    def __init__(self, therapist_id: int, start: datetime, alternatives: list[Slot] | None = None):
        super().__init__("Sorry, that time was just taken. Please choose another time.")
        self.therapist_id = therapist_id
        self.start = start
        self.alternatives = alternatives or []


class WrongDuration(SchedulingError):
    def __init__(self, minutes: int):
        super().__init__(f"This kind of visit lasts {minutes} minutes; please keep that length.")


class TherapistUnavailable(SchedulingError):
    def __init__(self, message: str = "That therapist isn't taking bookings at that location."):
        super().__init__(message)


class TypeNotBookable(SchedulingError):
    def __init__(self):
        super().__init__("That kind of visit can't be booked online. Please call the clinic.")


class AppointmentClosed(SchedulingError):
    """The appointment's state does not allow the change (e.g. moving a completed visit)."""

    status_code = 409


class HoldLapsed(SchedulingError):
    status_code = 409

    def __init__(self):
        super().__init__(
            "We held that time for you for a few minutes, and it has lapsed. Please choose a "
            "time again."
        )


class WouldStrandAppointments(SchedulingError):
    """An hours change would leave booked appointments outside working time."""

    status_code = 409

    def __init__(self, appointments: list):
        count = len(appointments)
        super().__init__(
            f"This change would leave {count} booked appointment{'s' if count != 1 else ''} "
            "outside working hours. Confirm to save it anyway and follow up with those patients."
        )
        self.appointments = appointments
