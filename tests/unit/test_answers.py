"""Reading one answer: the same checks and messages at every entry point."""

import pytest

from clinic.intake.answers import InvalidAnswer, missing_required, parse, unknown_ids
from clinic.intake.questions import Choice, Kind, Question, QuestionSet, Section

PAIN = Question("pain_now", "Pain now", Kind.SCALE, minimum=0, maximum=10)
SIDE = Question("side", "Side", Kind.CHOICE, choices=(Choice("left", "Left"), Choice("right", "R")))
WORSE = Question("worse", "Worse", Kind.MULTI, choices=(Choice("sit", "Sit"), Choice("walk", "W")))
NOTES = Question("notes", "Notes", Kind.TEXT, required=False, max_length=20)
GOALS = Question("psfs", "Goals", Kind.ACTIVITIES)
ASK = Question("fever", "Fever?", Kind.YES_NO)


@pytest.mark.parametrize(
    ("question", "raw", "value"),
    [
        (PAIN, "0", 0),
        (PAIN, "10", 10),
        (PAIN, 7, 7),
        (SIDE, "left", "left"),
        (WORSE, ["walk", "sit"], ["sit", "walk"]),
        (WORSE, "sit", ["sit"]),
        (NOTES, "  hello  ", "hello"),
        (NOTES, "", None),
        (ASK, "no", "no"),
        (
            GOALS,
            [("Run", "3"), ("Lift", "4"), ("Sleep", "5"), ("", "")],
            [
                {"activity": "Run", "score": 3},
                {"activity": "Lift", "score": 4},
                {"activity": "Sleep", "score": 5},
            ],
        ),
    ],
)
def test_valid_answers_are_read_into_their_stored_form(question, raw, value):
    assert parse(question, raw) == value


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (PAIN, "11", "from 0 to 10"),
        (PAIN, "-1", "from 0 to 10"),
        (PAIN, "seven", "from 0 to 10"),
        (PAIN, "", "Please answer"),
        (PAIN, None, "Please answer"),
        (SIDE, "middle", "one of the options"),
        (WORSE, ["sit", "fly"], "only from the options"),
        (ASK, "maybe", "yes or no"),
        (NOTES, "x" * 21, "under 20 characters"),
        (NOTES, "bad\x00byte", "can't store"),
        (GOALS, [("Run", "3"), ("Lift", "4")], "between 3 and 5"),
        (GOALS, [("Run", "3"), ("Lift", ""), ("Sleep", "5")], "both a name and a rating"),
        (GOALS, [("Run", "11"), ("Lift", "4"), ("Sleep", "5")], "from 0 to 10"),
        (GOALS, [], "Please answer"),
    ],
)
def test_invalid_answers_are_refused_with_a_clear_message(question, raw, message):
    with pytest.raises(InvalidAnswer, match=message):
        parse(question, raw)


def test_unknown_ids_and_missing_required_answers_are_listed_in_order():
    questions = QuestionSet("t", 1, "knee", (Section("a", "A", "", (PAIN, SIDE, NOTES)),))
    assert unknown_ids(questions, ["pain_now", "shoe_size"]) == ["shoe_size"]
    assert [q.id for q in missing_required(questions, {"pain_now": 0})] == ["side"]
