"""Composing the patient's emails about an appointment and writing them to the outbox.

Each message is added to the session of the change that caused it, so it commits (or not)
with that change. Subjects and previews never name a body part or symptom.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template

from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.intake.patient_advice import advice_for_patient
from clinic.invites import calendar_for
from clinic.notifications import links
from clinic.notifications.models import OutboxMessage
from clinic.plans.reading import for_patient
from clinic.scheduling import reads
from clinic.scheduling.models import Appointment

SUBJECTS = {
    "confirmation": "Your appointment at {clinic} is booked",
    "rescheduled": "Your appointment at {clinic} has moved",
    "cancelled": "Your appointment at {clinic} is cancelled",
    "reminder": "Reminder: your appointment at {clinic}",
    "intake_nudge": "Before your visit to {clinic}: a few questions",
    "plan_published": "Your plan from {clinic} is ready",
    "booking_link": "Your booking link for {clinic}",
}
#: Messages that carry the appointment's calendar (REQUEST, or CANCEL once cancelled).
WITH_INVITE = frozenset({"confirmation", "rescheduled", "cancelled"})
#: Messages that show the patient's plan outline (or the published plan).
WITH_PLAN = frozenset({"confirmation", "plan_published"})

WHAT_TO_BRING = (
    "Photo ID and your insurance card, if you have one",
    "A list of your medicines",
    "Clothes you can move in, such as shorts or loose trousers",
    "Any scans, reports or letters about this problem",
)


def dedupe_key(kind: str, appointment: Appointment) -> str:
    """One message of a kind per appointment and revision: a moved visit is told again."""
    return f"{kind}:{appointment.id}:{appointment.ical_sequence}"


def queue(
    kind: str,
    appointment: Appointment,
    token: str | None = None,
    now: datetime | None = None,
    *,
    dedupe: str | None = None,
) -> OutboxMessage:
    """Write one message about `appointment` to the outbox; the same change queues it once.

    The patient's private link is not written here: the body holds `links.MARKER`, and the
    sender makes a fresh link when it sends (`token` is accepted from older callers and
    ignored). `dedupe` replaces the default key for messages that may go more than once per
    revision of the appointment (a plan published again).
    """
    if now is None:
        raise TypeError("queue() needs now")
    token = links.MARKER
    clinic = reads.settings()
    zone = ZoneInfo(appointment.location.timezone)
    context = {
        "clinic": clinic,
        "appointment": appointment,
        "when": appointment.starts_at.astimezone(zone).strftime("%A %B %-d, %Y at %-I:%M %p %Z"),
        "manage_url": external_url("manage.show", token=token),
        "intake_url": external_url("intake.overview", token=token),
        "book_url": external_url("booking.reason"),
        "bring": WHAT_TO_BRING,
        "intake_complete": appointment.intake is not None
        and appointment.intake.status.value == "complete",
        "plan": for_patient(appointment) if kind in WITH_PLAN else None,
        "screening": advice_for_patient(appointment.intake),
    }
    message = OutboxMessage(
        kind=kind,
        dedupe_key=dedupe or dedupe_key(kind, appointment),
        recipient=appointment.patient.email,
        subject=SUBJECTS[kind].format(clinic=clinic.name),
        body_text=render_template(f"emails/{kind}.txt", **context),
        body_html=render_template(f"emails/{kind}.html", **context),
        next_attempt_at=now,
        created_at=now,
        link_appointment_id=appointment.id,
    )
    if kind in WITH_INVITE:
        method, calendar = calendar_for.invitation(appointment, None, now)
        message.calendar_method, message.calendar_ics = method, calendar.decode()
    db.session.add(message)
    return message
