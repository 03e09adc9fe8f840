"""The shape of a question set: sections of typed questions with stable ids.

Question sets are data (see `question_sets.py`); forms, validation, screening and the staff
summary are all built from them. Answers are stored by question id together with the set's
name and version, so a later edition of the questions never changes what an answer meant.
"""

from dataclasses import dataclass, field
from enum import StrEnum


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
