"""Confirming a booking: the hold becomes a booking, the patient is found or created, the
intake is started with what they already told us, and the confirmation goes to the outbox,
all in the request's one transaction."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for

from clinic.audit.record import record
from clinic.booking import caps, flow, verification
from clinic.booking.doctor_window import check as check_advice
from clinic.booking.models import BookingDraft, BookingIdentity
from clinic.booking.steps import zone_label
from clinic.core.domain import DomainError
from clinic.directaccess import explain
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.invites import ics
from clinic.invites.links import google_calendar_url
from clinic.notifications import messages
from clinic.scheduling import booking, reads
from clinic.scheduling.models import Appointment

WHAT_TO_BRING = messages.WHAT_TO_BRING


class Unverified(DomainError):
    status_code = 409


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


def confirm(draft: BookingDraft, now: datetime) -> None:
    """Book the held time for this draft, once its email is proved.

    What the booking said about the patient is kept on it (BookingIdentity); it joins an
    existing patient only on a verified email with the same name and date of birth, and
    never changes that record. The private link is made when the confirmation is sent and
    reaches only the proved address: this browser never sees it.
    """
    if not verification.is_verified(draft):
        raise Unverified("Confirm your email address first.")
    appointment: Appointment = draft.appointment
    details = draft.data["details"]
    zone = ZoneInfo(appointment.location.timezone)
    check_advice(draft, appointment.starts_at, now)
    caps.check(details["email"], None, appointment, now)
    patient, episode = flow.patient_for_booking(
        details, appointment.location_id, now.astimezone(zone).date(), now, verified=True
    )
    caps.check(details["email"], patient.id, appointment, now)
    booking.confirm(appointment, patient=patient, now=now)
    appointment.episode_id = episode.id
    _keep_identity(appointment, details, draft, now)
    known = {
        **draft.data.get("safety", {}),
        "duration": draft.data.get("duration"),
        "onset": draft.data.get("onset"),
        "onset_details": draft.data.get("words"),
    }
    intake = intake_services.start(appointment, draft.data["region"], now, safety_answers=known)
    if draft.data.get("acknowledged"):
        intake_services.acknowledge_physician_advice(intake, now)
    intake_services.adopt_booking_history(intake, draft.id_hash, now)
    messages.queue("confirmation", appointment, None, now)  # the link is made when sent
    record(
        "booking.confirm",
        actor_label="patient",
        subject=appointment,
        details={"topic": appointment.topic} if appointment.topic else {},
    )
    db.session.flush()


def _keep_identity(appointment: Appointment, details: dict, draft: BookingDraft, now) -> None:
    db.session.add(
        BookingIdentity(
            appointment_id=appointment.id,
            first_name=details["first_name"],
            last_name=details["last_name"],
            email=details["email"],
            phone=details["phone"],
            date_of_birth=date.fromisoformat(details["date_of_birth"]),
            guardian_name=details.get("guardian_name"),
            email_verified_at=datetime.fromisoformat(draft.data["verified_at"]),
            created_at=now,
        )
    )


def calendar_links(appointment: Appointment, token: str | None = None) -> dict[str, str]:
    """The .ics download and a Google Calendar link, both generic and with no private link
    (the download sits behind the manage link, or the confirming browser's own draft)."""
    clinic = reads.settings()
    return {
        "ics": url_for("manage.invite", token=token) if token else url_for("booking.done_invite"),
        "google": google_calendar_url(
            title=f"Physical therapy evaluation, {clinic.name}",
            start=appointment.starts_at,
            end=appointment.ends_at,
            details=ics.description_for(None, clinic.phone),
            location=appointment.location.address,
        ),
    }
