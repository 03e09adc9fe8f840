"""Which status an appointment moves to when the front desk checks it in, completes it or
marks a no-show, and when it may not.

Pure: takes the current status (its string value: `AppointmentStatus` is a `StrEnum`, so either
works), the visit's start and `now`; raises `IllegalTransition` with a message for the
receptionist. Booking, moving and cancelling belong to the scheduling services.
"""

from datetime import datetime, timedelta
from enum import StrEnum

from clinic.core.domain import DomainError

#: A patient may be checked in this long before their visit (an early arrival).
EARLY_CHECK_IN = timedelta(hours=2)


class Action(StrEnum):
    CHECK_IN = "check_in"
    COMPLETE = "complete"
    NO_SHOW = "no_show"


#: For each action, the statuses it starts from and the status it leads to.
TRANSITIONS: dict[Action, tuple[frozenset[str], str]] = {
    Action.CHECK_IN: (frozenset({"booked"}), "checked_in"),
    Action.COMPLETE: (frozenset({"checked_in"}), "completed"),
    Action.NO_SHOW: (frozenset({"booked"}), "no_show"),
}

VERB = {
    Action.CHECK_IN: "checked in",
    Action.COMPLETE: "marked completed",
    Action.NO_SHOW: "marked as a no-show",
}

_WHY = {
    "held": "is still being booked online",
    "booked": "hasn't been checked in yet",
    "checked_in": "is already checked in",
    "completed": "is already completed",
    "cancelled": "was cancelled",
    "no_show": "is marked as a no-show",
}


class IllegalTransition(DomainError):
    """The appointment's status (or the time) doesn't allow that change."""

    status_code = 409


def next_status(current: str, action: Action, *, starts_at: datetime, now: datetime) -> str:
    """The status after `action`, or `IllegalTransition` saying why not."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise IllegalTransition(f"This appointment {_WHY[current]}, so it can't be {VERB[action]}.")
    if action == Action.CHECK_IN and now < starts_at - EARLY_CHECK_IN:
        raise IllegalTransition(
            "It's too early to check this patient in: check-in opens two hours before the visit."
        )
    if action == Action.NO_SHOW and now < starts_at:
        raise IllegalTransition("A patient can be marked as a no-show only after the start time.")
    return target


def allowed(current: str, *, starts_at: datetime, now: datetime) -> list[Action]:
    """The actions the appointment's page offers right now."""
    possible = []
    for action in Action:
        try:
            next_status(current, action, starts_at=starts_at, now=now)
        except IllegalTransition:
            continue
        possible.append(action)
    return possible
