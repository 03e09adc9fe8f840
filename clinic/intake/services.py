"""Intake workflows: start one for an appointment, save answers as the patient goes, submit.

Every save re-screens and re-scores, so the therapist and the front desk always see the
current screening level, even for an intake still in progress.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from clinic.alerts import services as alerts
from clinic.audit.record import record
from clinic.core.domain import DomainError
from clinic.extensions import db
from clinic.intake import advice, history, question_sets, scoring, screening
from clinic.intake import answers as answer_rules
from clinic.intake.models import Intake, IntakeStatus, ScreeningSource
from clinic.intake.patient_advice import age_on, screening_input  # noqa: F401 (their old home)
from clinic.intake.questions import QuestionSet
from clinic.plans import services as plan_services
from clinic.scheduling.models import Appointment, AppointmentStatus, ScreeningLevel

EDITABLE = (AppointmentStatus.HELD, AppointmentStatus.BOOKED)


class IntakeClosed(DomainError):
    status_code = 409

    def __init__(self):
        super().__init__(
            "This questionnaire can no longer be changed: the visit has started or been "
            "cancelled. Please tell your therapist anything new when you see them."
        )


class UnknownQuestions(DomainError):
    status_code = 400

    def __init__(self, ids: list[str]):
        shown = ", ".join(sorted(ids)[:5])
        super().__init__(f"Some answers don't match any question on this page ({shown}).")
        self.ids = ids


class StaleQuestionSet(DomainError):
    status_code = 409

    def __init__(self):
        super().__init__(
            "These questions were updated since you opened the page. Your answers are kept "
            "below: please check them and save again."
        )


class IntakeIncomplete(DomainError):
    status_code = 400

    def __init__(self, missing: list[str]):
        super().__init__("A few questions still need an answer before you can finish.")
        self.missing = missing


def question_set_of(intake: Intake) -> QuestionSet:
    found = question_sets.by_name(intake.question_set, intake.question_set_version)
    if found is None:
        raise LookupError(f"question set {intake.question_set} v{intake.question_set_version}")
    return found


def start(
    appointment: Appointment,
    region: str,
    now: datetime,
    safety_answers: dict[str, Any] | None = None,
) -> Intake:
    """The appointment's intake, created on first use with the region's current questions."""
    existing = db.session.scalar(db.select(Intake).where(Intake.appointment_id == appointment.id))
    if existing is not None:
        return existing
    questions = question_sets.for_region(region)
    intake = Intake(
        appointment=appointment,
        region=region,
        question_set=questions.name,
        question_set_version=questions.version,
        answers=dict(safety_answers or {}),
        updated_at=now,
    )
    db.session.add(intake)
    _rescreen(intake, questions)
    if safety_answers:
        intake.status = IntakeStatus.IN_PROGRESS
    db.session.flush()
    plan_services.follow_intake(intake, now)
    return intake


def editable(intake: Intake, now: datetime) -> bool:
    appointment = intake.appointment
    return appointment.status in EDITABLE and now < appointment.starts_at


def _rescreen(intake: Intake, questions: QuestionSet) -> screening.ScreeningResult:
    result = screening.screen(screening_input(intake), region=intake.region)
    intake.screening_level = ScreeningLevel(result.level)
    intake.flags = [flag.code for flag in result.flags]
    intake.scores = scoring.score(intake.answers)
    intake.appointment.screening_level = ScreeningLevel(result.level)
    return result


def save_answers(
    intake: Intake,
    section_id: str,
    raw: dict[str, Any],
    *,
    version: int,
    now: datetime,
    source: ScreeningSource = ScreeningSource.INTAKE,
) -> screening.ScreeningResult:
    """Check and store one section's answers; nothing is kept from a section with errors.

    `raw` maps question ids to submitted values. Raises `answers.InvalidAnswers` with a
    message per question id when any answer is invalid.
    """
    if not editable(intake, now):
        raise IntakeClosed()
    questions = question_set_of(intake)
    if version != intake.question_set_version:
        raise StaleQuestionSet()
    section = questions.section(section_id)
    if section is None:
        raise UnknownQuestions([section_id])
    section_ids = {q.id for q in section.questions}
    unknown = [answer_id for answer_id in raw if answer_id not in section_ids]
    if unknown:
        raise UnknownQuestions(unknown)
    read = answer_rules.read_page(section.questions, section.questions, intake.answers, raw)
    if read.errors:
        raise answer_rules.InvalidAnswers(read.errors)
    # Follow-ups in `read.pending` stay unanswered: the page is shown again to ask them.
    intake.answers = read.answers
    if intake.status == IntakeStatus.NOT_STARTED:
        intake.status = IntakeStatus.IN_PROGRESS
    intake.updated_at = now
    level_before = intake.screening_level
    result = _rescreen(intake, questions)
    keep_result(intake, result, source=source, now=now)
    raised = _rank(intake.screening_level) > _rank(level_before) and result.level in WARNINGS
    if raised and source is ScreeningSource.INTAKE:
        # Our pages tell the patient the front desk knows: make it so.
        alerts.call_patient(intake.appointment, intake.screening_level, now)
    if intake.screening_level != level_before:
        # The outline must never outlast a change in what is safe to say.
        plan_services.follow_intake(intake, now)
    return result


WARNINGS = (screening.Severity.PHYSICIAN, screening.Severity.EMERGENCY)


def _rank(level: ScreeningLevel) -> int:
    return screening.Severity(level.value).rank


def keep_result(
    intake: Intake, result: screening.ScreeningResult, *, source: ScreeningSource, now: datetime
) -> None:
    """Update the warning state and keep the result in the history when it is new (a level
    or flags unlike the last one kept), with the answers it came from."""
    history.follow(intake, result, now)
    earlier = history.for_appointment(intake.appointment_id)
    last = earlier[-1] if earlier else None
    if last is None or (last.level.value, last.flags) != (str(result.level), result.codes):
        history.keep(result, intake.answers, source=source, now=now, appointment=intake.appointment)


def adopt_booking_history(intake: Intake, draft_ref: str, now: datetime) -> None:
    """At confirmation: the safety step's results join the booking's history, a warning
    changed to a milder answer marks it, and a see-a-doctor result opens a call for the
    front desk (the safety page told the patient it would)."""
    history.attach_draft(draft_ref, intake.appointment)
    result = screening.screen(screening_input(intake), region=intake.region)
    keep_result(intake, result, source=ScreeningSource.BOOKING, now=now)
    if result.level in WARNINGS:
        alerts.call_patient(intake.appointment, ScreeningLevel(result.level), now)


def report_mistake(intake: Intake, now: datetime) -> None:
    """The patient says the answers that stopped them were a mistake: noted on the latest
    result kept (never removed)."""
    kept = history.for_appointment(intake.appointment_id)
    if kept:
        history.report_mistake(kept[-1], now)


def earliest_visit(appointment: Appointment) -> datetime | None:
    """The earliest start this booking's screening allows: after a see-a-doctor-today result,
    noon on the day after it was given (in the location's zone)."""
    zone = ZoneInfo(appointment.location.timezone)
    limits = [
        advice.earliest_start(kept.urgency, kept.recorded_at, zone)
        for kept in history.for_appointment(appointment.id)
        if kept.urgency == screening.Urgency.TODAY
    ]
    return max(limits, default=None)


def acknowledge_physician_advice(intake: Intake, now: datetime) -> None:
    intake.physician_acknowledged_at = now


def submit(intake: Intake, now: datetime) -> Intake:
    """Mark the intake complete once every required question is answered."""
    if not editable(intake, now):
        raise IntakeClosed()
    missing = answer_rules.missing_required(question_set_of(intake), intake.answers)
    if missing:
        raise IntakeIncomplete([q.id for q in missing])
    intake.status = IntakeStatus.COMPLETE
    intake.submitted_at = intake.updated_at = now
    record("intake.submit", actor_label="patient", subject=intake)
    plan_services.follow_intake(intake, now)
    return intake
