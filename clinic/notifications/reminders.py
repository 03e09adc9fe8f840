"""Reminders, meant for cron: each goes once per appointment however often this runs.

- a reminder 24 hours before (with the questionnaire link when it is not complete);
- a nudge 48 hours before when the questionnaire is not complete.

Only booked, upcoming appointments get them. Each message has a unique dedupe key, so two
runs at once (or a run repeated) cannot send one twice: the second insert loses quietly.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from clinic.extensions import db
from clinic.intake.models import IntakeStatus
from clinic.notifications import messages
from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import Appointment, AppointmentStatus

REMINDER_BEFORE = timedelta(hours=24)
NUDGE_BEFORE = timedelta(hours=48)


@dataclass
class ReminderReport:
    reminders: int = 0
    nudges: int = 0


def _upcoming(now: datetime, within: timedelta) -> list[Appointment]:
    return list(
        db.session.scalars(
            select(Appointment)
            .options(
                joinedload(Appointment.patient),
                joinedload(Appointment.intake),
                joinedload(Appointment.location),
            )
            .where(
                Appointment.status == AppointmentStatus.BOOKED,
                Appointment.starts_at > now,
                Appointment.starts_at <= now + within,
                Appointment.patient_id.is_not(None),
            )
            .order_by(Appointment.starts_at)
        ).unique()
    )


def _already(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(
        db.session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))
        )
    )


def _send_once(kind: str, appointment: Appointment, now: datetime) -> bool:
    try:
        with db.session.begin_nested():
            messages.queue(kind, appointment, None, now)  # its link is made when sent
            db.session.flush()
    except IntegrityError:
        return False  # another run queued it first
    return True


def send_due(now: datetime) -> ReminderReport:
    """Queue every reminder and nudge now due; safe to run as often as you like."""
    report = ReminderReport()
    reminders = _upcoming(now, REMINDER_BEFORE)
    sent = _already([messages.dedupe_key("reminder", a) for a in reminders])
    for appointment in reminders:
        if messages.dedupe_key("reminder", appointment) not in sent:
            report.reminders += _send_once("reminder", appointment, now)
    nudges = [
        a
        for a in _upcoming(now, NUDGE_BEFORE)
        if a.intake is None or a.intake.status != IntakeStatus.COMPLETE
    ]
    sent = _already([messages.dedupe_key("intake_nudge", a) for a in nudges])
    for appointment in nudges:
        if messages.dedupe_key("intake_nudge", appointment) not in sent:
            report.nudges += _send_once("intake_nudge", appointment, now)
    return report
