"""Properties of the screen over many generated patients (hypothesis): telling us one more
warning sign never makes the advice milder or less urgent."""

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.core.regions import REGIONS
from clinic.intake.question_sets import safety_check
from clinic.intake.questions import Kind, only_visible
from clinic.intake.screening import screen

#: Choice questions whose choices grow worse in this order; other choice answers are not a
#: symptom added but a different story (injury "no" becomes any injury, though: see below).
WORSE = {
    "fever": ("no", "yes", "very_unwell"),
    "night_pain": ("no", "sometimes", "most_nights"),
    "weakness_onset": ("gradual", "sudden"),
}


def answer(question, draw):
    values = [c.value for c in question.choices]
    match question.kind:
        case Kind.NUMBER:
            return draw(st.integers(min_value=0, max_value=100))
        case Kind.YES_NO:
            return draw(st.sampled_from(["yes", "no"]))
        case Kind.MULTI:
            chosen = draw(st.lists(st.sampled_from(values), unique=True, max_size=3))
            return chosen or ["none"]
    return draw(st.sampled_from(values))


@st.composite
def patients(draw):
    region = draw(st.sampled_from(list(REGIONS)))
    questions = safety_check(region)
    return region, questions, {q.id: answer(q, draw) for q in questions}


def worse_answers(question, value) -> list:
    """Every answer that adds a sign to `value`."""
    match question.kind:
        case Kind.YES_NO:
            return ["yes"] if value == "no" else []
        case Kind.MULTI:
            extra = [c.value for c in question.choices if c.value not in [*value, "none"]]
            return [[*value, sign] for sign in extra]
        case Kind.CHOICE if question.id == "injury":
            return [c.value for c in question.choices if c.value != "no"] if value == "no" else []
        case Kind.CHOICE if question.id in WORSE:
            order = WORSE[question.id]
            return list(order[order.index(value) + 1 :]) if value in order else []
    return []


def outcome(region, questions, answers):
    result = screen(only_visible(questions, answers), region=region)
    urgency = result.urgency.rank if result.urgency else 0
    return result.level.rank, urgency


@settings(max_examples=400, deadline=None)
@given(patients(), st.data())
def test_adding_a_warning_sign_never_lowers_the_level_or_its_urgency(patient, data):
    region, questions, answers = patient
    question = data.draw(st.sampled_from(questions))
    options = worse_answers(question, answers[question.id])
    if not options:
        return
    worse = {**answers, question.id: data.draw(st.sampled_from(options))}

    before, after = outcome(region, questions, answers), outcome(region, questions, worse)

    assert after[0] >= before[0]
    if after[0] == before[0]:
        assert after[1] >= before[1]
