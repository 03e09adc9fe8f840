"""Factories that read like the clinic: make_therapist(), make_appointment(), ...

Each takes keyword overrides and flushes, so the returned object has its id.
"""

import itertools
import re
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic.auth import services as auth_services
from clinic.auth.models import Role, User
from clinic.core import clock
from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.practice.models import ClinicSettings, Location, Therapist
from clinic.scheduling import claims
from clinic.scheduling.booking import SlotRequest
from clinic.scheduling.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    AvailabilityRule,
)

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_settings(**overrides) -> ClinicSettings:
    settings = db.session.get(ClinicSettings, 1)
    if settings is None:
        settings = ClinicSettings(
            id=1, name="Test Clinic PT", phone="(312) 555-0100", email="desk@clinic.example"
        )
        db.session.add(settings)
    for key, value in overrides.items():
        setattr(settings, key, value)
    db.session.flush()
    return settings


def make_location(**overrides) -> Location:
    n = next(_numbers)
    fields = {
        "slug": f"location-{n}",
        "name": f"Location {n}",
        "street": f"{n} Test St",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60601",
        "phone": "(312) 555-0101",
        "timezone": "America/Chicago",
    } | overrides
    location = Location(**fields)
    db.session.add(location)
    db.session.flush()
    return location


def make_user(
    role: Role = Role.FRONT_DESK, email: str | None = None, password: str = PASSWORD, **overrides
) -> User:
    user = auth_services.create_user(
        email or f"staff{next(_numbers)}@clinic.example", password, role
    )
    for key, value in overrides.items():
        setattr(user, key, value)
    db.session.flush()
    return user


def make_therapist(user: User | None = None, **overrides) -> Therapist:
    n = next(_numbers)
    fields = {
        "display_name": f"Therapist {n}",
        "credentials": "PT, DPT",
        "bio": "Treats backs.",
        "specialties": ["low_back"],
    } | overrides
    therapist = Therapist(user=user, **fields)
    db.session.add(therapist)
    db.session.flush()
    return therapist


def make_type(**overrides) -> AppointmentType:
    n = next(_numbers)
    fields = {
        "slug": f"type-{n}",
        "name": "Initial evaluation",
        "duration_minutes": 60,
        "buffer_minutes": 15,
        "online_bookable": True,
    } | overrides
    kind = AppointmentType(**fields)
    db.session.add(kind)
    db.session.flush()
    return kind


def make_rule(
    therapist: Therapist,
    location: Location,
    weekday: int,
    start: time = time(8),
    end: time = time(17),
    **overrides,
) -> AvailabilityRule:
    rule = AvailabilityRule(
        therapist_id=therapist.id,
        location_id=location.id,
        weekday=weekday,
        start_time=start,
        end_time=end,
        **overrides,
    )
    db.session.add(rule)
    db.session.flush()
    return rule


def make_patient(**overrides) -> Patient:
    n = next(_numbers)
    fields = {
        "first_name": "Pat",
        "last_name": f"Example{n}",
        "email": f"patient{n}@example.com",
        "phone": "(312) 555-0199",
        "date_of_birth": date(1985, 5, 17),
        "created_at": clock.now(),
    } | overrides
    patient = Patient(**fields)
    db.session.add(patient)
    db.session.flush()
    return patient


def make_appointment(
    therapist: Therapist,
    location: Location,
    kind: AppointmentType,
    starts_at: datetime,
    patient: Patient | None = None,
    **overrides,
) -> Appointment:
    now = clock.now()
    ends_at = starts_at + timedelta(minutes=kind.duration_minutes)
    fields = {
        "status": AppointmentStatus.BOOKED,
        "source": AppointmentSource.FRONT_DESK,
        "ical_uid": f"{uuid.uuid4()}@test.example",
        "created_at": now,
        "updated_at": now,
        "busy_until": ends_at + timedelta(minutes=kind.buffer_minutes),
    } | overrides
    appointment = Appointment(
        therapist_id=therapist.id,
        location_id=location.id,
        type_id=kind.id,
        patient_id=patient.id if patient else None,
        starts_at=starts_at,
        ends_at=ends_at,
        **fields,
    )
    db.session.add(appointment)
    db.session.flush()
    claims.claim(appointment, make_settings().slot_grid_minutes)
    return appointment


class BookableClinic:
    """A location in Chicago with one therapist working Mon-Fri 08:00-17:00, the 60-minute
    online type (15-minute buffer), a staff-only follow-up type and a patient."""

    def __init__(self, **settings):
        self.settings = make_settings(**settings)
        self.location = make_location(timezone="America/Chicago")
        self.therapist = make_therapist()
        self.kind = make_type(duration_minutes=60, buffer_minutes=15, online_bookable=True)
        self.follow_up = make_type(
            name="Follow-up", duration_minutes=45, buffer_minutes=15, online_bookable=False
        )
        self.rules = [make_rule(self.therapist, self.location, day) for day in range(5)]
        self.patient = make_patient()

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """An instant given as local wall-clock time at the location."""
        return datetime.combine(day, time(hour, minute), ZoneInfo(self.location.timezone))

    def request(self, start: datetime, therapist=None, kind=None, **extra):
        return SlotRequest(
            therapist_id=(therapist or self.therapist).id,
            location_id=self.location.id,
            type_id=(kind or self.kind).id,
            start=start,
            **extra,
        )


def make_bookable_clinic(**settings) -> BookableClinic:
    return BookableClinic(**settings)


def make_episode(patient: Patient, location: Location, started_on: date, **overrides):
    """An open direct-access episode of care for the patient at the location."""
    from clinic.patients.models import Access, Episode

    fields = {"access": Access.DIRECT, "visits_used": 0, "first_seen_on": started_on} | overrides
    episode = Episode(
        patient_id=patient.id, location_id=location.id, started_on=started_on, **fields
    )
    db.session.add(episode)
    db.session.flush()
    return episode


def make_time_off(starts_at: datetime, ends_at: datetime, therapist=None, location=None, **kw):
    """Time off for a therapist, or with a location and no therapist, a closure."""
    from clinic.scheduling.models import TimeOff

    time_off = TimeOff(
        therapist_id=therapist.id if therapist else None,
        location_id=location.id if location else None,
        starts_at=starts_at,
        ends_at=ends_at,
        **kw,
    )
    db.session.add(time_off)
    db.session.flush()
    return time_off


def make_booking(world: BookableClinic, starts_at: datetime, nonce: str, patient=None):
    """A visit booked through the real booking service (claims, audit), as the desk would."""
    from clinic.scheduling import booking

    return booking.book(
        world.request(starts_at),
        patient=patient or world.patient,
        nonce=nonce,
        now=clock.now(),
        actor=None,
    )


def emailed_code(recipient: str) -> tuple[str, str]:
    """The newest booking code and confirm link sent to `recipient`, read from the outbox
    row (the message the sender would deliver), as the patient reads them in the email."""
    from sqlalchemy import select

    from clinic.notifications.models import OutboxMessage

    db.session.commit()  # end any transaction begun before the email was queued
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "verify_email", OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no code was emailed to {recipient}"
    code = re.search(r"^\s+(\d{6})\s*$", message.body_text, re.MULTILINE).group(1)
    link = re.search(r"(https?://\S+/book/confirm/\S+)", message.body_text).group(1)
    return code, link


def confirm_booking_by_email(client, recipient: str | None = None):
    """From the review step: ask for the code, read it from the email, type it in.

    Returns the code page's answer (a redirect to /book/done when booked).
    """
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    sent = client.post("/book/review", data={"csrf_token": token})
    if sent.status_code != 302 or not sent.headers["Location"].endswith("/book/verify"):
        return sent
    with client.application.app_context():
        if recipient is None:
            recipient = _draft_email(client)
        code, _ = emailed_code(recipient)
    return client.post("/book/verify", data={"csrf_token": token, "code": code})


def _draft_email(client) -> str:
    from clinic.booking import flow

    with client.session_transaction() as session:
        draft = flow.find_draft(session.get("booking_draft"), clock.now())
    return draft.data["details"]["email"]


def deliver_mail(app) -> list:
    """Send the outbox as `flask outbox send` would, through the app's file backend, and
    return every message delivered so far, parsed (email.message.EmailMessage)."""
    from contextlib import nullcontext
    from email import message_from_bytes, policy
    from pathlib import Path

    from flask import has_app_context

    from clinic.notifications import outbox
    from clinic.notifications.backends import FileBackend

    directory = Path(app.config["MAIL_FILE_DIR"])
    # A test's own app context is shared with its client's requests: send in it, so none of
    # them reads from a transaction begun before the links were made.
    with nullcontext() if has_app_context() else app.app_context():
        db.session.commit()
        outbox.send_due(FileBackend(directory), clock.now, "tests", sender=app.config["MAIL_FROM"])
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(directory.glob("*.eml"))
    ]


def text_of(message) -> str:
    """The plain-text body of a delivered message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def manage_link(app, recipient: str) -> str:
    """The path of the newest private link delivered to `recipient` ("/visit/<token>/")."""
    found = [
        re.search(r"https?://[^/\s]+(/visit/[A-Za-z0-9_-]+/)", text_of(m))
        for m in deliver_mail(app)
        if recipient in m["To"]
    ]
    found = [match.group(1) for match in found if match]
    assert found, f"no private link was delivered to {recipient}"
    return found[-1]
