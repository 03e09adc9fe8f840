"""Views of an intake for people: progress for the patient, the clinical summary for staff."""

from dataclasses import dataclass
from typing import Any

from clinic.intake import answers as answer_rules
from clinic.intake import history, screening
from clinic.intake.models import Intake
from clinic.intake.questions import Kind, Question, Section, visible
from clinic.intake.services import question_set_of, screening_input


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    done: bool


def progress(intake: Intake) -> list[SectionProgress]:
    """Each section with whether all its required questions are answered."""
    questions = question_set_of(intake)
    missing = {q.id for q in answer_rules.missing_required(questions, intake.answers)}
    started = set(intake.answers)
    return [
        SectionProgress(
            section,
            not any(q.id in missing for q in section.questions)
            and any(q.id in started for q in section.questions),
        )
        for section in questions.sections
    ]


def next_section(intake: Intake, after_id: str) -> Section | None:
    """The next section not yet done after `after_id`, else the first one not done."""
    steps = progress(intake)
    ids = [step.section.id for step in steps]
    position = ids.index(after_id) if after_id in ids else -1
    for step in steps[position + 1 :] + steps[: position + 1]:
        if not step.done:
            return step.section
    return None


def follow_ups_to_ask(intake: Intake, section_id: str) -> list[Question]:
    """Follow-ups of a section that its answers call for and that are not answered yet."""
    section = question_set_of(intake).section(section_id)
    if section is None:
        return []
    shown = visible(section.questions, intake.answers)
    return [q for q in shown if q.follow_up and q.required and q.id not in intake.answers]


def screening_result(intake: Intake) -> screening.ScreeningResult:
    return screening.screen(screening_input(intake), region=intake.region)


def display(question: Question, value: Any) -> str:
    """An answer as words, for the staff summary."""
    if value is None or value == [] or value == "":
        return "Not answered"
    labels = {choice.value: choice.label for choice in question.choices}
    match question.kind:
        case Kind.YES_NO:
            return "Yes" if value == "yes" else "No"
        case Kind.CHOICE:
            return labels.get(value, str(value))
        case Kind.MULTI:
            return ", ".join(labels.get(v, str(v)) for v in value)
        case Kind.SCALE:
            return f"{value} / {question.maximum}"
        case Kind.ACTIVITIES:
            return "; ".join(f"{a['activity']} ({a['score']}/10)" for a in value)
    return str(value)


def for_staff(intake: Intake) -> dict[str, Any]:
    """Red flags first (clinician wording), then scores, then answers by section."""
    questions = question_set_of(intake)
    return {
        "result": screening_result(intake),
        "history": history.for_appointment(intake.appointment_id),
        "scores": intake.scores,
        "sections": [
            {
                "title": section.title,
                "answers": [
                    (q.text, display(q, intake.answers.get(q.id)))
                    for q in visible(section.questions, intake.answers)
                ],
            }
            for section in questions.sections
        ],
    }
