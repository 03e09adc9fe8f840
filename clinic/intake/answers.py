"""Reading one answer from what a form sent: the same checks and messages at every entry.

Pure: takes a `Question` and the raw submitted value, returns the value to store or raises
`InvalidAnswer` with a message for the patient.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from clinic.core.domain import DomainError
from clinic.intake.questions import Kind, Question, QuestionSet, visible

MIN_ACTIVITIES, MAX_ACTIVITIES = 3, 5
ACTIVITY_MAX_LENGTH = 200


class InvalidAnswer(DomainError):
    status_code = 400


class InvalidAnswers(DomainError):
    """Several answers of one page were invalid: a message per question id."""

    status_code = 400

    def __init__(self, errors: dict[str, str]):
        super().__init__("Some answers need another look.")
        self.errors = errors


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, int | float):
        return False
    if isinstance(raw, str):
        return not raw.strip()
    return not raw


def _whole_number(question: Question, raw: str) -> int:
    low, high = question.minimum, question.maximum
    message = f"Choose a whole number from {low} to {high}."
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InvalidAnswer(message) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidAnswer(message)
    return value


def _text(raw: str, limit: int) -> str:
    value = str(raw).strip()
    if "\x00" in value:
        raise InvalidAnswer("This answer contains a character we can't store. Please retype it.")
    if len(value) > limit:
        raise InvalidAnswer(f"Please keep this under {limit:,} characters.")
    return value


def _activities(question: Question, raw: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    activities = []
    for name, rating in raw:
        if _blank(name) and _blank(rating):
            continue
        if _blank(name) or _blank(rating):
            raise InvalidAnswer("Give each activity both a name and a rating from 0 to 10.")
        score = _whole_number(Question(question.id, "", Kind.SCALE, minimum=0, maximum=10), rating)
        activities.append({"activity": _text(name, ACTIVITY_MAX_LENGTH), "score": score})
    if activities and not MIN_ACTIVITIES <= len(activities) <= MAX_ACTIVITIES:
        raise InvalidAnswer(
            f"Please list between {MIN_ACTIVITIES} and {MAX_ACTIVITIES} activities."
        )
    return activities


def parse(question: Question, raw: Any) -> Any:
    """The stored value for `raw` (a string, a list for MULTI, pairs for ACTIVITIES), or None."""
    if _blank(raw):
        if question.required:
            raise InvalidAnswer("Please answer this question.")
        return None
    allowed = {choice.value for choice in question.choices}
    match question.kind:
        case Kind.SCALE | Kind.NUMBER:
            return _whole_number(question, raw)
        case Kind.YES_NO:
            if raw not in ("yes", "no"):
                raise InvalidAnswer("Please answer yes or no.")
            return raw
        case Kind.CHOICE:
            if raw not in allowed:
                raise InvalidAnswer("Please choose one of the options.")
            return raw
        case Kind.MULTI:
            values = [raw] if isinstance(raw, str) else list(raw)
            if not set(values) <= allowed:
                raise InvalidAnswer("Please choose only from the options shown.")
            return [c.value for c in question.choices if c.value in values]
        case Kind.TEXT:
            return _text(raw, question.max_length) or None
        case Kind.ACTIVITIES:
            activities = _activities(question, raw)
            if not activities and question.required:
                raise InvalidAnswer("Please list at least three activities.")
            return activities or None
    raise InvalidAnswer("We don't know how to read this answer.")


def unknown_ids(question_set: QuestionSet, answer_ids: Sequence[str]) -> list[str]:
    """Posted answer ids that are not questions of this set."""
    known = {q.id for q in question_set.questions()}
    return [answer_id for answer_id in answer_ids if answer_id not in known]


def missing_required(question_set: QuestionSet, answers: dict[str, Any]) -> list[Question]:
    """Required questions without an answer, in the order they are asked; a follow-up whose
    parent answer does not ask for it is never required."""
    shown = visible(question_set.questions(), answers)
    return [q for q in shown if q.required and _blank(answers.get(q.id))]


@dataclass
class PageAnswers:
    """What one page sent, read against every question of its section."""

    #: The section's answers after this page: earlier ones, this page's, and none for a
    #: follow-up its parent no longer asks for.
    answers: dict[str, Any] = field(default_factory=dict)
    #: A message per question id of this page.
    errors: dict[str, str] = field(default_factory=dict)
    #: Follow-ups that apply now and were not asked yet: the next page.
    pending: list[Question] = field(default_factory=list)


def read_page(
    section_questions: Sequence[Question],
    page: Sequence[Question],
    saved: Mapping[str, Any],
    raw: Mapping[str, Any],
) -> PageAnswers:
    """Read `raw` (what the `page` sent) on top of the `saved` answers of its section.

    A base question on the page must be answered, and so must a follow-up that already
    applied when the page was shown. A follow-up that only applies because of what this page
    sent is not an error: it comes back in `pending`, to be asked next (in place, with
    JavaScript, it is simply answered along with the rest).
    """
    shown_before = {q.id for q in visible(section_questions, saved)}
    answers = {k: v for k, v in saved.items() if k not in {q.id for q in page}}
    errors: dict[str, str] = {}
    for question in page:
        try:
            value = parse(replace(question, required=False), raw.get(question.id))
        except InvalidAnswer as invalid:
            errors[question.id] = invalid.message
            continue
        if value is not None:
            answers[question.id] = value
    shown = visible(section_questions, answers)
    shown_ids = {q.id for q in shown}
    answers = {
        k: v for k, v in answers.items() if k in shown_ids or k not in _ids(section_questions)
    }
    page_ids = {q.id for q in page}
    pending = []
    for question in shown:
        if not question.required or not _blank(answers.get(question.id)):
            continue
        if question.id in errors:
            continue
        asked = question.id in page_ids and (not question.follow_up or question.id in shown_before)
        if asked:
            errors[question.id] = "Please answer this question."
        else:
            pending.append(question)
    return PageAnswers(answers, errors, pending)


def _ids(questions: Sequence[Question]) -> set[str]:
    return {q.id for q in questions}
