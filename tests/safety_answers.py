"""Safety answers for tests that need a result of some level and urgency, found from the
question sets and the rule table as they are (so the tests follow the rules, not pin them).

`calm(region)`: every safety question answered with nothing to report.
`giving(level, urgency=None)`: (region, answers) where one answer changed from calm gives
that result.
"""

from clinic.core.regions import REGIONS
from clinic.intake import question_sets, screening
from clinic.intake.questions import Kind, Question

CALM_WORDS = ("none", "no")


def calm_value(question: Question):
    values = [choice.value for choice in question.choices]
    match question.kind:
        case Kind.YES_NO:
            return "no"
        case Kind.MULTI:
            return ["none"] if "none" in values else []
        case Kind.CHOICE:
            return next((w for w in CALM_WORDS if w in values), values[0] if values else "")
        case Kind.SCALE | Kind.NUMBER:
            return str(question.minimum or 0)
    return ""


def safety_questions(region: str) -> list[Question]:
    return list(question_sets.for_region(region).section("safety").questions)


def calm(region: str) -> dict:
    return {q.id: calm_value(q) for q in safety_questions(region)}


def _alarming_values(question: Question):
    if question.kind is Kind.YES_NO:
        return ["yes"]
    values = [c.value for c in question.choices if c.value not in CALM_WORDS]
    return [[v] for v in values] if question.kind is Kind.MULTI else values


def _stored(answers: dict) -> dict:
    return {k: v for k, v in answers.items()}


def screened(region: str, answers: dict) -> screening.ScreeningResult:
    return screening.screen({**_stored(answers), "region": region}, region)


def giving(level: str, urgency: str | None = None, regions=REGIONS) -> tuple[str, dict]:
    """The first region and one-answer change from calm that screens to `level` (and
    `urgency`)."""
    for region in regions:
        base = calm(region)
        assert screened(region, base).level == "clear", region
        for question in safety_questions(region):
            for value in _alarming_values(question):
                answers = {**base, question.id: value}
                result = screened(region, answers)
                if result.level == level and (urgency is None or result.urgency == urgency):
                    return region, answers
    raise LookupError(f"no single safety answer gives {level} {urgency or ''}")
