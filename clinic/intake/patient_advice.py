"""What a screening result means for the patient's messages, read without the intake's
workflows (so the outbox's messages can use it without an import cycle)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.intake import advice, questions_v1, screening
from clinic.intake.models import Intake
from clinic.plans import generator


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def screening_input(intake: Intake) -> dict[str, Any]:
    """The answers plus what screening derives from the booking: region and age at the visit."""
    data = dict(intake.answers)
    if intake.question_set_version == questions_v1.VERSION:
        data = questions_v1.upgrade_answers(data)  # edition 1's answers, read as edition 2
    data["region"] = intake.region
    patient = intake.appointment.patient
    if patient is not None:
        data["age"] = age_on(patient.date_of_birth, intake.appointment.starts_at.date())
    return data


def screening_result(intake: Intake) -> screening.ScreeningResult:
    return screening.screen(screening_input(intake), region=intake.region)


@dataclass(frozen=True)
class PatientAdvice:
    """What a patient's email says about their screening: whether they were screened, the
    see-a-doctor advice the page gave (with its time frame), and whether self-care advice may
    be sent (only after a clear or inform result)."""

    screened: bool
    level: str
    doctor_advice: tuple[str, ...] = ()
    time_frame: str | None = None
    warning_signs: Any = None

    @property
    def may_send_self_care(self) -> bool:
        return self.screened and self.level in ("clear", "inform")


def advice_for_patient(intake: Intake | None) -> PatientAdvice:
    if intake is None or not intake.screened:
        return PatientAdvice(screened=False, level="clear")
    result = screening_result(intake)
    if result.level is not screening.Severity.PHYSICIAN:
        return PatientAdvice(screened=True, level=str(result.level))
    return PatientAdvice(
        screened=True,
        level=str(result.level),
        doctor_advice=tuple(
            f.patient_text for f in result.flags if f.severity is screening.Severity.PHYSICIAN
        ),
        time_frame=advice.time_frame(result.urgency),
        warning_signs=generator.warning_signs(intake.region),
    )
