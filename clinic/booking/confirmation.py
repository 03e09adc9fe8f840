"""Confirming a booking: the hold becomes a booking, the patient is found or created, the
intake is started with what they already told us, and the confirmation goes to the outbox,
all in the request's one transaction."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for

from clinic.audit.record import record
from clinic.booking import flow, tokens
from clinic.booking.models import BookingDraft
from clinic.booking.steps import zone_label
from clinic.directaccess import explain
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.invites import ics
from clinic.invites.links import google_calendar_url
from clinic.notifications import messages
from clinic.scheduling import booking, reads
from clinic.scheduling.models import Appointment

WHAT_TO_BRING = messages.WHAT_TO_BRING


def review(draft: BookingDraft, now: datetime) -> dict[str, Any]:
    """Everything the patient checks before confirming, and sees again afterwards."""
    appointment: Appointment = draft.appointment
    zone = ZoneInfo(appointment.location.timezone)
    local = appointment.starts_at.astimezone(zone)
    return {
        "appointment": appointment,
        "when": local.strftime("%A %B %-d, %Y at %-I:%M %p"),
        "zone": zone_label(appointment.location.timezone, appointment.starts_at),
        "details": draft.data.get("details") or {},
        "notice": explain.for_patient(appointment.location.state),
        "bring": WHAT_TO_BRING,
        "region": draft.data.get("region"),
        "minutes_left": (
            max(0, int((appointment.hold_expires_at - now).total_seconds() // 60))
            if appointment.hold_expires_at
            else None
        ),
    }


def confirm(draft: BookingDraft, now: datetime) -> str:
    """Book the held time for this draft and return the patient's manage-link token."""
    appointment: Appointment = draft.appointment
    zone = ZoneInfo(appointment.location.timezone)
    patient, episode = flow.find_or_create_patient(
        draft.data["details"], appointment.location_id, now.astimezone(zone).date(), now
    )
    booking.confirm(appointment, patient=patient, now=now)
    appointment.episode_id = episode.id
    known = {
        **draft.data.get("safety", {}),
        "duration": draft.data.get("duration"),
        "onset": draft.data.get("onset"),
        "onset_details": draft.data.get("words"),
    }
    intake = intake_services.start(appointment, draft.data["region"], now, safety_answers=known)
    if draft.data.get("acknowledged"):
        intake_services.acknowledge_physician_advice(intake, now)
    token = tokens.issue(appointment, now)
    messages.queue("confirmation", appointment, token, now)
    record(
        "booking.confirm",
        actor_label="patient",
        subject=appointment,
        details={"topic": appointment.topic} if appointment.topic else {},
    )
    db.session.flush()
    return token


def calendar_links(appointment: Appointment, token: str) -> dict[str, str]:
    """The .ics download (behind the manage link) and a Google Calendar link, both generic."""
    clinic = reads.settings()
    return {
        "ics": url_for("manage.invite", token=token),
        "google": google_calendar_url(
            title=f"Physical therapy evaluation, {clinic.name}",
            start=appointment.starts_at,
            end=appointment.ends_at,
            details=ics.description_for(None, clinic.phone),
            location=appointment.location.address,
        ),
    }
