"""Fictional intake answers for the demo's initial evaluations, so staff screens have
something to read. Every answer here is invented."""

from datetime import datetime
from typing import Any

from clinic.intake import services
from clinic.intake.models import Intake
from clinic.intake.questions import Kind, Question
from clinic.scheduling.models import Appointment, ScreeningLevel

#: Per demo patient index: region, how far they got, and answers that differ from the
#: harmless defaults.
STORIES = {
    0: (
        "low_back",
        "complete",
        {
            "pain_now": "4",
            "pain_best": "2",
            "pain_worst": "7",
            "onset": "injury",
            "onset_when": "About three weeks ago, moving a sofa",
            "psfs": [
                ("Lifting my toddler", "3"),
                ("Sitting through a work meeting", "5"),
                ("Running 5 km", "1"),
            ],
        },
    ),
    1: (
        "knee",
        "complete",
        {
            "pain_now": "3",
            "pain_best": "1",
            "pain_worst": "6",
            "onset": "gradual",
            "onset_when": "Since I started training for a half marathon",
            "psfs": [
                ("Running downhill", "4"),
                ("Going down stairs", "6"),
                ("Kneeling in the garden", "5"),
            ],
        },
    ),
    2: ("ankle_foot", "in_progress", {"pain_now": "5", "pain_best": "3", "pain_worst": "8"}),
    3: (
        "hip",
        "complete",
        {
            "health_history": ["cancer"],
            "pain_now": "5",
            "pain_best": "3",
            "pain_worst": "7",
            "onset_when": "A couple of months ago, slowly",
            "psfs": [
                ("Walking the dog for 30 minutes", "4"),
                ("Putting on socks", "5"),
                ("Getting out of a car", "6"),
            ],
        },
    ),
}


def _default(question: Question):
    values = [choice.value for choice in question.choices]
    match question.kind:
        case Kind.SCALE | Kind.NUMBER:
            return str(question.minimum or 0)
        case Kind.YES_NO:
            return "no"
        case Kind.CHOICE:
            return "no" if "no" in values else values[0]
        case Kind.MULTI:
            return ["none"] if "none" in values else [values[0]]
        case Kind.ACTIVITIES:
            return [("Walking", "5"), ("Sleeping", "6"), ("Working", "7")]
    return "Nothing more to add" if question.required else ""


def fill(appointment: Appointment, patient_index: int, now: datetime) -> bool:
    """Start (and answer) the demo intake of one appointment; False if it has no story."""
    if patient_index not in STORIES or appointment.intake is not None:
        return False
    region, status, answers = STORIES[patient_index]
    intake = services.start(appointment, region, now)
    answer(intake, answers, now, complete=status == "complete")
    return True


def answer(intake: Intake, answers: dict[str, Any], now: datetime, complete: bool = True) -> None:
    """Answer the intake through the same services as the patient's pages: `answers` where
    given, harmless defaults elsewhere; all of it and submitted, or the first two pages."""
    questions = services.question_set_of(intake)
    sections = questions.sections if complete else questions.sections[:2]
    answers = {"age": "46", **answers}
    for section in sections:
        raw = {q.id: answers.get(q.id, _default(q)) for q in section.questions}
        services.save_answers(intake, section.id, raw, version=questions.version, now=now)
    if complete:
        if intake.screening_level == ScreeningLevel.PHYSICIAN:
            services.acknowledge_physician_advice(intake, now)
        services.submit(intake, now)
