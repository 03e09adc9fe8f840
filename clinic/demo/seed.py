"""Loading the demo clinic. Every row is looked up by a natural key first, so a second run
finds everything in place and adds nothing."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from clinic.auth import services as auth_services
from clinic.auth.models import Role, User
from clinic.content.seeding import load_articles
from clinic.core import clock
from clinic.demo import data, intakes
from clinic.extensions import db
from clinic.patients.models import Access, Episode, Patient
from clinic.practice.models import ClinicSettings, Location, Therapist
from clinic.scheduling import claims
from clinic.scheduling.models import (
    Appointment,
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    AvailabilityRule,
    TimeOff,
)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    def summary(self) -> str:
        made = ", ".join(f"{n} {what}" for what, n in self.created.items()) or "nothing new"
        lines = [f"Demo clinic loaded ({made}).", "", "Demo sign-ins (demo only, never real):"]
        lines += [f"  {role:<11} {email:<34} {password}" for role, email, password in self.sign_ins]
        return "\n".join(lines)


def _one(model, **by):
    return db.session.scalar(select(model).filter_by(**by))


def _user(report: SeedReport, email: str, role: Role) -> User:
    password = data.DEMO_PASSWORDS[role.value]
    user = auth_services.find_user(email)
    if user is None:
        user = auth_services.create_user(email, password, role)
        report.add("users")
    return user


def _settings(report: SeedReport) -> ClinicSettings:
    settings = db.session.get(ClinicSettings, 1)
    if settings is None:
        settings = ClinicSettings(id=1, **data.CLINIC)
        db.session.add(settings)
        report.add("clinic settings")
    return settings


def _locations(report: SeedReport) -> dict[str, Location]:
    result = {}
    for spec in data.LOCATIONS:
        location = _one(Location, slug=spec["slug"])
        if location is None:
            location = Location(**spec)
            db.session.add(location)
            report.add("locations")
        result[spec["slug"]] = location
    db.session.flush()
    return result


def _therapists(report: SeedReport, locations: dict[str, Location]) -> dict[str, Therapist]:
    result = {}
    for spec in data.THERAPISTS:
        user = _user(report, spec["email"], Role.THERAPIST)
        therapist = _one(Therapist, user_id=user.id)
        if therapist is None:
            fields = {k: v for k, v in spec.items() if k not in ("email", "hours")}
            therapist = Therapist(user=user, **fields)
            db.session.add(therapist)
            db.session.flush()
            for slug, weekday, start, end in spec["hours"]:
                db.session.add(
                    AvailabilityRule(
                        therapist_id=therapist.id,
                        location_id=locations[slug].id,
                        weekday=weekday,
                        start_time=start,
                        end_time=end,
                    )
                )
            report.add("therapists")
        result[spec["email"]] = therapist
    db.session.flush()
    return result


def _types(report: SeedReport) -> dict[str, AppointmentType]:
    result = {}
    for spec in data.APPOINTMENT_TYPES:
        kind = _one(AppointmentType, slug=spec["slug"])
        if kind is None:
            kind = AppointmentType(**spec)
            db.session.add(kind)
            report.add("appointment types")
        result[spec["slug"]] = kind
    db.session.flush()
    return result


def _local_day(day: date, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tz)


def _time_off(report, therapists, locations, today: date) -> None:
    for email, offset, reason, days in data.TIME_OFF:
        therapist = therapists[email]
        if _one(TimeOff, therapist_id=therapist.id, reason=reason) is None:
            home_slug = next(t["hours"][0][0] for t in data.THERAPISTS if t["email"] == email)
            zone = locations[home_slug].timezone
            start, _ = _local_day(today + timedelta(days=offset), zone)
            _, end = _local_day(today + timedelta(days=offset + days - 1), zone)
            db.session.add(
                TimeOff(therapist_id=therapist.id, starts_at=start, ends_at=end, reason=reason)
            )
            report.add("periods of time off")
    for slug, offset, reason in data.CLOSURES:
        location = locations[slug]
        if _one(TimeOff, location_id=location.id, reason=reason) is None:
            start, end = _local_day(today + timedelta(days=offset), location.timezone)
            db.session.add(
                TimeOff(location_id=location.id, starts_at=start, ends_at=end, reason=reason)
            )
            report.add("closures")


def _patients(report: SeedReport) -> list[Patient]:
    result = []
    for first, last, email, phone, born in data.PATIENTS:
        patient = _one(Patient, email=email)
        if patient is None:
            patient = Patient(
                first_name=first,
                last_name=last,
                email=email,
                phone=phone,
                date_of_birth=date.fromisoformat(born),
                created_at=clock.now(),
            )
            db.session.add(patient)
            report.add("patients")
        result.append(patient)
    db.session.flush()
    return result


def _episode(patient: Patient, location: Location, today: date) -> Episode:
    episode = _one(Episode, patient_id=patient.id, location_id=location.id)
    if episode is None:
        episode = Episode(
            patient_id=patient.id, location_id=location.id, started_on=today, access=Access.DIRECT
        )
        db.session.add(episode)
        db.session.flush()
    return episode


def _away(therapist: Therapist, location: Location, day: date) -> bool:
    """The therapist has time off, or the location is closed, for some of `day`."""
    start, end = _local_day(day, location.timezone)
    clash = select(TimeOff.id).where(
        or_(TimeOff.therapist_id == therapist.id, TimeOff.location_id == location.id),
        TimeOff.starts_at < end,
        TimeOff.ends_at > start,
    )
    return db.session.scalar(clash.limit(1)) is not None


def _visit_start(therapist: Therapist, location: Location, first_day: date, hour: int) -> datetime:
    """The first working day of the therapist at the location on or after `first_day`, not
    in their time off or a closure (a visit pushed past a weekend once landed in a conference)."""
    rules = {
        rule.weekday: rule
        for rule in db.session.scalars(
            select(AvailabilityRule).filter_by(therapist_id=therapist.id, location_id=location.id)
        )
    }
    day = first_day
    while day.weekday() not in rules or _away(therapist, location, day):
        day += timedelta(days=1)
    start = datetime.combine(day, rules[day.weekday()].start_time, ZoneInfo(location.timezone))
    return start + timedelta(hours=hour)


def _appointments(report, patients, therapists, locations, types, settings, today) -> None:
    now = clock.now()
    for number, (who, email, slug, type_slug, ahead, hour, topic) in enumerate(
        data.APPOINTMENTS, start=1
    ):
        nonce = f"demo-appointment-{number}"
        if _one(Appointment, idempotency_nonce=nonce) is not None:
            continue
        kind, location = types[type_slug], locations[slug]
        start = _visit_start(therapists[email], location, today + timedelta(days=ahead), hour)
        end = start + timedelta(minutes=kind.duration_minutes)
        appointment = Appointment(
            patient_id=patients[who].id,
            therapist_id=therapists[email].id,
            location_id=location.id,
            type_id=kind.id,
            episode_id=_episode(patients[who], location, today).id,
            starts_at=start,
            ends_at=end,
            busy_until=end + timedelta(minutes=kind.buffer_minutes),
            status=AppointmentStatus.BOOKED,
            source=AppointmentSource.FRONT_DESK,
            topic=topic,
            ical_uid=f"{uuid.uuid4()}@clinic.example",
            idempotency_nonce=nonce,
            created_at=now,
            updated_at=now,
        )
        db.session.add(appointment)
        db.session.flush()
        claims.claim(appointment, settings.slot_grid_minutes)
        report.add("appointments")
        if type_slug == "initial-evaluation" and intakes.fill(appointment, who, now):
            report.add("intakes")


def load() -> SeedReport:
    """Add whatever part of the demo clinic is missing; returns what was added."""
    report = SeedReport()
    settings = _settings(report)
    locations = _locations(report)
    for spec in data.STAFF:
        _user(report, spec["email"], Role(spec["role"]))
    therapists = _therapists(report, locations)
    types = _types(report)
    today = clock.now().astimezone(ZoneInfo(locations["chicago-lakeview"].timezone)).date()
    _time_off(report, therapists, locations, today)
    patients = _patients(report)
    _appointments(report, patients, therapists, locations, types, settings, today)
    load_articles(clock.now(), report)
    db.session.flush()
    for role in ("admin", "front_desk", "therapist"):
        email = next(
            (s["email"] for s in data.STAFF if s["role"] == role), data.THERAPISTS[0]["email"]
        )
        report.sign_ins.append((role, email, data.DEMO_PASSWORDS[role]))
    return report
