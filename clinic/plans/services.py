"""Plan workflows: the generator's draft at booking, kept in step with the intake until a
therapist edits it; the therapist's saves and publishing. Every change is a new version.

Operations take the acting user and `now` as arguments and only flush; the request commits.
"""

from datetime import date, datetime

from clinic.audit.record import record
from clinic.booking import tokens
from clinic.core.domain import DomainError
from clinic.directaccess import explain
from clinic.extensions import db
from clinic.intake.models import Intake
from clinic.notifications import messages
from clinic.plans import content as plan_content
from clinic.plans.generator import (
    FULL_SECTIONS,
    Outline,
    generate,
    inputs_from_intake,
    load_wording,
)
from clinic.plans.models import PlanOutline, PlanOutlineVersion, PlanStatus, VersionSource
from clinic.plans.reading import latest, plan_of
from clinic.scheduling.models import Appointment, AppointmentStatus

#: A plan can be edited and published for a booked visit, on the day and after it.
EDITABLE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)


class NothingToPublish(DomainError):
    status_code = 409

    def __init__(self):
        super().__init__(
            "There is no plan to publish yet: add the sections and goals first, then publish."
        )


class PlanClosed(DomainError):
    status_code = 409

    def __init__(self):
        super().__init__(
            "This visit was cancelled or missed, so its plan can no longer be changed."
        )


def outline_from(intake: Intake) -> Outline | None:
    """The generator's outline for the intake as it stands; None after an emergency screening."""
    notice = explain.for_patient(intake.appointment.location.state)
    inputs = inputs_from_intake(
        intake.answers, intake.region, intake.screening_level.value, intake.scores, notice
    )
    return generate(inputs)


def _add_version(
    plan: PlanOutline, now: datetime, *, source: VersionSource, status=PlanStatus.DRAFT, author=None
) -> PlanOutlineVersion:
    number = (plan.versions[-1].number + 1) if plan.versions else 1
    version = PlanOutlineVersion(
        number=number,
        content=plan.content,
        status=status,
        source=source,
        author_user_id=author.id if author is not None else None,
        created_at=now,
    )
    plan.versions.append(version)
    plan.updated_at = now
    return version


def therapist_has_edited(plan: PlanOutline) -> bool:
    return any(v.source == VersionSource.THERAPIST for v in plan.versions)


def follow_intake(intake: Intake, now: datetime) -> PlanOutline | None:
    """Create or regenerate the outline from the intake, while no therapist has touched it.

    Called when the intake starts, when its screening level changes and when it is
    submitted. A regeneration that changes nothing adds no version.
    """
    appointment = intake.appointment
    plan = plan_of(appointment)
    if plan is not None and therapist_has_edited(plan):
        return plan
    outline = outline_from(intake)
    generated = outline.as_dict() if outline is not None else {}
    if plan is None:
        if outline is None:
            return None
        plan = PlanOutline(appointment_id=appointment.id, updated_at=now)
        db.session.add(plan)
    elif plan.generated == generated:
        return plan
    plan.generated = generated
    plan.content = plan_content.from_outline(outline) if outline is not None else {}
    _add_version(plan, now, source=VersionSource.GENERATOR)
    db.session.flush()
    return plan


def _check_editable(plan: PlanOutline) -> None:
    if plan.appointment.status not in EDITABLE:
        raise PlanClosed()


def save(
    plan: PlanOutline, submitted: plan_content.Submitted, *, author, now: datetime, today: date
) -> PlanOutlineVersion | None:
    """Store the therapist's edit as a new version; None when nothing changed.

    Raises `content.InvalidPlan` naming each field that is not acceptable.
    """
    _check_editable(plan)
    new = plan_content.apply_edit(plan.content, submitted, today)
    if new == plan.content:
        return None
    plan.content = new
    version = _add_version(plan, now, source=VersionSource.THERAPIST, author=author)
    db.session.flush()
    record("plan.save", actor=author, subject=plan, details={"version": version.number})
    return version


def start_blank(appointment: Appointment, *, author, now: datetime) -> PlanOutline:
    """An empty plan with the usual sections, for a visit whose intake gave no outline
    (no questionnaire, or an emergency screening the therapist has since seen to)."""
    if appointment.status not in EDITABLE:
        raise PlanClosed()
    existing = plan_of(appointment)
    if existing is not None:
        return existing
    words = load_wording()
    plan = PlanOutline(appointment_id=appointment.id, generated={}, updated_at=now)
    plan.content = {
        "sections": [
            {"key": key, "title": words["titles"][key], "paragraphs": [], "items": []}
            for key in FULL_SECTIONS
        ],
        "goals": [],
        "visits_per_week": None,
        "weeks": None,
        "home_programme": "",
        "notice": words["notice"],
    }
    db.session.add(plan)
    _add_version(plan, now, source=VersionSource.THERAPIST, author=author)
    db.session.flush()
    record("plan.start", actor=author, subject=plan)
    return plan


def publish(plan: PlanOutline, *, author, now: datetime) -> PlanOutlineVersion:
    """Publish the current content: a new version the patient sees, and an email telling them."""
    _check_editable(plan)
    if not plan_content.has_text(plan.content):
        raise NothingToPublish()
    version = _add_version(
        plan, now, source=VersionSource.THERAPIST, status=PlanStatus.PUBLISHED, author=author
    )
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = now
    db.session.flush()
    appointment = plan.appointment
    if appointment.patient is not None:
        token = tokens.issue(appointment, now)
        messages.queue(
            "plan_published",
            appointment,
            token,
            now,
            dedupe=f"plan_published:{plan.id}:{version.number}",
        )
    record("plan.publish", actor=author, subject=plan, details={"version": version.number})
    return version


def version(plan: PlanOutline, number: int) -> PlanOutlineVersion | None:
    return next((v for v in plan.versions if v.number == number), None)


def published_version(plan: PlanOutline) -> PlanOutlineVersion | None:
    return latest(plan, status=PlanStatus.PUBLISHED)
