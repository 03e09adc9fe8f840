"""The shape of a question set: sections of typed questions with stable ids.

Question sets are data (see `question_sets.py`); forms, validation, screening and the staff
summary are all built from them. Answers are stored by question id together with the set's
name and version, so a later edition of the questions never changes what an answer meant.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from clinic.intake.conditions import Condition


class Kind(StrEnum):
    SCALE = "scale"  # a whole number from `minimum` to `maximum` (e.g. NPRS 0-10)
    YES_NO = "yes_no"  # "yes" or "no"
    CHOICE = "choice"  # one of `choices`
    MULTI = "multi"  # any of `choices` (a list, possibly empty)
    TEXT = "text"  # free text up to `max_length` characters
    NUMBER = "number"  # a whole number from `minimum` to `maximum` (e.g. age, weeks)
    ACTIVITIES = "activities"  # PSFS: 3-5 activities, each with a 0-10 rating


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str  # stable across versions, e.g. "pain_now", "lb_saddle_numbness"
    text: str
    kind: Kind
    required: bool = True
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    #: Words shown at the ends of a scale, e.g. ("No pain", "Worst pain imaginable").
    anchors: tuple[str, str] | None = None
    max_length: int = 5000
    #: Part of the short safety check asked before a time is chosen.
    safety: bool = False
    #: A follow-up: shown only when one of these holds on an answer already shown. Empty for
    #: a base question, always asked.
    shown_if: tuple[Condition, ...] = ()

    @property
    def follow_up(self) -> bool:
        return bool(self.shown_if)


def visible(questions: Iterable[Question], answers: Mapping[str, Any]) -> list[Question]:
    """The questions that apply, given `answers`: every base question, and each follow-up one
    of whose conditions holds on a question shown before it (or on a derived answer such as
    `age` when no question of that id is in the list). Parents come before their follow-ups."""
    questions = list(questions)
    ids = {q.id for q in questions}
    shown: list[Question] = []
    shown_ids: set[str] = set()
    for question in questions:
        if not question.shown_if or any(
            (c.question_id in shown_ids or c.question_id not in ids) and c.holds(answers)
            for c in question.shown_if
        ):
            shown.append(question)
            shown_ids.add(question.id)
    return shown


def only_visible(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """`answers` without those to follow-ups that no longer apply (their parent changed)."""
    questions = list(questions)
    hidden = {q.id for q in questions} - {q.id for q in visible(questions, answers)}
    return {key: value for key, value in answers.items() if key not in hidden}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionSet:
    name: str  # e.g. "intake-knee"
    version: int
    region: str
    sections: tuple[Section, ...] = field(default=())

    def question(self, question_id: str) -> Question | None:
        for section in self.sections:
            for question in section.questions:
                if question.id == question_id:
                    return question
        return None

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def safety_questions(self) -> list[Question]:
        return [q for q in self.questions() if q.safety]

    def base_safety_questions(self) -> list[Question]:
        """What everyone answers on the safety check: its questions that are not follow-ups."""
        return [q for q in self.safety_questions() if not q.follow_up]
