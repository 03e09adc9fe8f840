"""The plan outline generator: sections by screening level, wording per region and band, and
never a diagnosis or an exercise dose."""

import itertools
import json
import re
from pathlib import Path

import pytest

from clinic.core.regions import REGIONS
from clinic.directaccess.explain import for_patient
from clinic.intake.scoring import score
from clinic.plans.generator import (
    BANDS,
    FULL_SECTIONS,
    LEVELS,
    PHYSICIAN_SECTIONS,
    REGION_SECTIONS,
    Outline,
    OutlineInputs,
    generate,
    inputs_from_intake,
    load_wording,
)

WORDING_FILE = Path(__file__).parents[2] / "clinic" / "plans" / "wording.json"
ALL_BANDS = (*BANDS, None)
GOALS = (("Running 5k", 3), ("Lifting my grandchild", 6))

#: Words that would name or suggest a diagnosis; none may appear in generated text.
FORBIDDEN = (
    "disc bulge",
    "bulging",
    "herniat",
    "slipped disc",
    "sciatica",
    "arthritis",
    "tendinitis",
    "tendonitis",
    "tendinopathy",
    "bursitis",
    "stress fracture",
    "fracture",
    "sprain",
    "strain",
    "tear",
    "impingement",
    "plantar fasciitis",
    "rotator cuff",
    "frozen shoulder",
    "degenerat",
    "you have",
    "diagnos",
)
#: Exact phrases that contain a forbidden word but say something else.
ALLOWED_PHRASES = (
    "it is not a diagnosis",  # the informational-only notice
    "your insurance card, if you have one",  # what to bring, as in the reminder emails
)
DOSE = re.compile(r"\d+\s*(sets|reps|times a day|x\b)", re.IGNORECASE)


def inputs(region="low_back", band="moderate", level="clear", **changes):
    values = {
        "region": region,
        "onset": "gradual",
        "duration": "6_to_12_weeks",
        "irritability": band,
        "night_pain": True,
        "goals": GOALS,
        "screening_level": level,
        "direct_access": None,
    }
    return OutlineInputs(**{**values, **changes})


def every_combination():
    return itertools.product(REGIONS, ALL_BANDS, LEVELS)


def text_of(outline: Outline) -> str:
    text = "\n".join(outline.texts()).lower()
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, "")
    return text


# --- Sections by screening level -------------------------------------------------------------


@pytest.mark.parametrize(("region", "band", "level"), list(every_combination()))
def test_each_region_band_and_level_gets_the_sections_its_screening_allows(region, band, level):
    outline = generate(inputs(region, band, level))

    if level == "emergency":
        assert outline is None
        return
    expected = PHYSICIAN_SECTIONS if level == "physician" else FULL_SECTIONS
    assert outline.keys == expected
    assert all(s.title and (s.paragraphs or s.items) for s in outline.sections)
    assert "informational" in outline.notice.lower() or "information only" in outline.notice


def test_physician_screening_keeps_only_what_to_expect_and_see_a_doctor_first():
    outline = generate(inputs(level="physician"))

    assert outline.keys == ("what_to_expect", "see_physician_first")
    advice = " ".join(outline.section("see_physician_first").paragraphs)
    assert "doctor" in advice
    assert "symptoms in your lower back" in advice


def test_emergency_screening_produces_no_outline():
    assert generate(inputs(level="emergency")) is None


def test_inform_screening_gets_the_same_outline_as_clear():
    assert generate(inputs(level="inform")).sections == generate(inputs()).sections


def test_missing_band_uses_the_moderate_wording():
    outline = generate(inputs(band=None))

    assert outline.band == "moderate"
    assert outline.section("self_care") == generate(inputs()).section("self_care")


@pytest.mark.parametrize(
    "changes",
    [{"region": "spleen"}, {"irritability": "extreme"}, {"screening_level": "urgent"}],
    ids=["region", "band", "level"],
)
def test_unknown_input_is_refused(changes):
    with pytest.raises(ValueError):
        generate(inputs(**changes))


# --- Never a diagnosis, never a dose ---------------------------------------------------------


def all_outlines():
    direct_access = (None, (for_patient("CA").headline, for_patient("CA").details))
    for (region, band, level), access, onset, night in itertools.product(
        every_combination(),
        direct_access,
        ("injury", "gradual", "after_surgery", "not_sure", None),
        (True, False),
    ):
        outline = generate(
            inputs(region, band, level, direct_access=access, onset=onset, night_pain=night)
        )
        if outline is not None:
            yield outline


def test_no_generated_text_names_a_diagnosis():
    found = {
        (outline.region, word)
        for outline in all_outlines()
        for word in FORBIDDEN
        if word in text_of(outline)
    }

    assert found == set()


def test_the_notice_says_it_is_not_a_diagnosis():
    assert "not a diagnosis" in generate(inputs()).notice


def test_no_generated_text_gives_an_exercise_dose():
    doses = {
        (outline.region, match.group())
        for outline in all_outlines()
        for match in DOSE.finditer(text_of(outline))
    }

    assert doses == set()


def test_symptoms_are_described_by_where_they_are():
    outline = generate(inputs())

    assert "symptoms in your lower back" in outline.section("what_to_expect").paragraphs[0]
    assert "symptoms in your lower back" in outline.section("typical_course").paragraphs[0]


# --- The wording data ------------------------------------------------------------------------


def test_wording_has_every_section_for_every_region_and_band():
    wording = json.loads(WORDING_FILE.read_text(encoding="utf-8"))

    assert set(wording["titles"]) == {*FULL_SECTIONS, *PHYSICIAN_SECTIONS}
    for key in {*FULL_SECTIONS, *PHYSICIAN_SECTIONS}:
        assert wording[key], key
    assert set(wording["self_care"]) == set(BANDS)
    assert all(wording["self_care"][band]["items"] for band in BANDS)
    assert set(wording["regions"]) == set(REGIONS)
    for code, region in wording["regions"].items():
        assert region["area"], code
        for key in REGION_SECTIONS:
            assert region[key], (code, key)
        assert {band: bool(region["self_care"].get(band)) for band in BANDS} == dict.fromkeys(
            BANDS, True
        ), code
        assert set(region["typical_course"]) == {"visits", "weeks"}, code


def test_the_package_loads_the_same_wording_as_the_file():
    assert set(load_wording()["regions"]) == set(REGIONS)


def test_what_to_bring_matches_the_reminder_emails():
    from clinic.notifications.messages import WHAT_TO_BRING

    assert generate(inputs()).section("what_to_bring").items == WHAT_TO_BRING


def test_typical_course_lists_the_four_phases_and_says_every_plan_is_individual():
    section = generate(inputs()).section("typical_course")

    assert [item.split(":")[0] for item in section.items] == [
        "Settle symptoms",
        "Restore movement",
        "Build strength and load tolerance",
        "Return to your activities",
    ]
    assert any("Every plan is individual" in p for p in section.paragraphs)
    assert "1 to 2 visits a week for 4 to 8 weeks" in section.paragraphs[0]


def test_warning_signs_are_the_region_own_then_the_general_ones():
    knee = generate(inputs("knee")).section("warning_signs").items
    neck = generate(inputs("neck")).section("warning_signs").items

    assert any("calf" in item for item in knee)
    assert not any("calf" in item for item in neck)
    assert any("dizziness" in item for item in neck)
    assert any("988" in item for item in knee) and any("988" in item for item in neck)


# --- Goals, night pain, onset and direct access ----------------------------------------------


def test_goals_are_restated_with_todays_scores():
    items = generate(inputs()).section("goals").items

    assert items == (
        "Get back to: Running 5k (you rated it 3 out of 10 today)",
        "Get back to: Lifting my grandchild (you rated it 6 out of 10 today)",
    )


def test_no_goals_asks_about_them_at_the_first_visit():
    section = generate(inputs(goals=())).section("goals")

    assert section.items == ()
    assert "first visit" in section.paragraphs[0]


def test_night_pain_adds_advice_for_the_night():
    with_night = generate(inputs(night_pain=True)).section("self_care").items
    without = generate(inputs(night_pain=False)).section("self_care").items

    assert len(with_night) == len(without) + 1
    assert "at night" in with_night[-1]


def test_high_band_advises_calming_things_down():
    high = generate(inputs(band="high")).section("self_care")
    low = generate(inputs(band="low")).section("self_care")

    assert "calm things down" in high.paragraphs[0]
    assert high.items != low.items


def test_after_surgery_defers_to_the_surgical_team():
    outline = generate(inputs(onset="after_surgery"))

    assert any("surgical team" in p for p in outline.section("typical_course").paragraphs)


def test_direct_access_rule_is_shown_in_what_to_expect():
    notice = for_patient("CA")
    paragraphs = (
        generate(inputs(direct_access=(notice.headline, notice.details)))
        .section("what_to_expect")
        .paragraphs
    )

    assert notice.headline in paragraphs
    assert notice.details in paragraphs


# --- Storing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["clear", "physician"])
def test_outline_round_trips_through_json(level):
    outline = generate(inputs(level=level))

    stored = json.loads(json.dumps(outline.as_dict()))

    assert Outline.from_dict(stored) == outline


# --- From a stored intake --------------------------------------------------------------------

SAMPLE_ANSWERS = {
    "pain_now": 5,
    "pain_best": 3,
    "pain_worst": 6,
    "night_pain": "sometimes",
    "onset": "gradual",
    "duration": "over_12_weeks",
    "flare_ease": "moderate_activity",
    "settle_time": "hours",
    "psfs": [
        {"activity": "Running 5k", "score": 3},
        {"activity": "Gardening", "score": 5},
        {"activity": "", "score": 2},
    ],
}


def test_inputs_from_intake_maps_the_stored_answers():
    notice = for_patient("CA")

    result = inputs_from_intake(SAMPLE_ANSWERS, "knee", "inform", score(SAMPLE_ANSWERS), notice)

    assert result == OutlineInputs(
        region="knee",
        onset="gradual",
        duration="over_12_weeks",
        irritability="moderate",
        night_pain=True,
        goals=(("Running 5k", 3), ("Gardening", 5)),
        screening_level="inform",
        direct_access=(notice.headline, f"{notice.details} {notice.insurance_note}"),
    )
    assert generate(result).keys == FULL_SECTIONS


def test_inputs_from_an_incomplete_intake_leave_the_unknowns_empty():
    answers = {"night_pain": "no", "onset": "something else"}

    result = inputs_from_intake(answers, "hip", "clear", score(answers))

    assert result.irritability is None
    assert result.night_pain is False
    assert result.onset is None
    assert result.duration is None
    assert result.goals == ()
    assert generate(result).band == "moderate"


def test_inputs_from_intake_scores_the_answers_when_no_scores_are_given():
    result = inputs_from_intake(SAMPLE_ANSWERS, "knee", "clear", {})

    assert result.irritability == "moderate"
    assert result.goals == (("Running 5k", 3), ("Gardening", 5))
