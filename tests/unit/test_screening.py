"""Red-flag screening: each rule fires on its answers, only in its regions, and the most
severe flag sets the level."""

import re
from pathlib import Path

import pytest

from clinic.core.regions import REGIONS
from clinic.intake.screening import (
    RULES,
    RULES_BY_CODE,
    Severity,
    Urgency,
    rule_count_by_severity,
    screen,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screening.md"

#: A patient for whom nothing is wrong: every answer a rule reads, given its calm value.
BENIGN = {
    "age": 35, "self_harm": "no", "fever": "no", "weight_loss": "no", "cancer_history": "no",
    "major_trauma": "no", "unrelenting_night_pain": "no", "blood_thinners": "no",
    "swelling_bruising": "no", "saddle_numbness": "no", "bladder_bowel_change": "no",
    "limb_weakness": "no", "myelopathy_signs": ["none"], "arterial_signs": ["none"],
    "cardiac_signs": ["none"], "aortic_signs": ["none"], "visceral_signs": ["none"],
    "osteoporosis_steroids": "no", "minor_trauma_onset": "no", "hot_red_swollen_joint": "no",
    "joint_deformity": "no", "recent_injury": "no", "four_steps": "yes",
    "knee_bony_tender": ["none"], "knee_bend_90": "yes", "knee_locked": "no",
    "knee_rapid_swelling": "no", "ankle_bony_tender": ["none"], "calf_signs": "no",
    "breathless_chest_pain": "no", "compartment_signs": ["none"], "bone_spot_pain": "no",
    "duration": "over_12_weeks", "previous_episodes": "yes", "pregnancy": "no",
    "worry_mood": "a_little", "infection_risk": ["none"],
}  # fmt: skip

#: For every rule: a region it applies to, and answers that fire it.
FIRING = {
    "self_harm": ("knee", {"self_harm": "yes"}),
    "cauda_equina": ("low_back", {"saddle_numbness": "yes"}),
    "rapid_weakness": ("neck", {"limb_weakness": "sudden"}),
    "cervical_arterial": ("neck", {"arterial_signs": ["dizziness"]}),
    "cardiac": ("shoulder", {"cardiac_signs": ["exertion"]}),
    "aortic": ("low_back", {"aortic_signs": ["pulsing_lump"]}),
    "major_trauma_spine": ("mid_upper_back", {"major_trauma": "recent"}),
    "infection_very_unwell": ("hip", {"fever": "very_unwell"}),
    "septic_joint": ("knee", {"hot_red_swollen_joint": "yes", "fever": "yes"}),
    "joint_deformity": ("elbow", {"joint_deformity": "yes"}),
    "pe_signs": ("lower_leg", {"breathless_chest_pain": "yes"}),
    "compartment": ("lower_leg", {"compartment_signs": ["out_of_proportion", "tight_swelling"]}),
    "infection": ("low_back", {"fever": "yes"}),
    "hot_swollen_joint": ("ankle_foot", {"hot_red_swollen_joint": "yes"}),
    "progressive_weakness": ("low_back", {"limb_weakness": "gradual"}),
    "myelopathy": ("neck", {"myelopathy_signs": ["clumsy_hands"]}),
    "cancer_history": ("wrist_hand", {"cancer_history": "yes"}),
    "weight_loss": ("hip", {"weight_loss": "yes"}),
    "non_mechanical_pain": ("knee", {"unrelenting_night_pain": "yes"}),
    "major_trauma": ("shoulder", {"major_trauma": "recent"}),
    "fragility_fracture": ("hip", {"osteoporosis_steroids": "yes", "minor_trauma_onset": "yes"}),
    "ottawa_knee": ("knee", {"recent_injury": "yes", "four_steps": "no"}),
    "ottawa_ankle": ("ankle_foot", {"recent_injury": "yes",
                                    "ankle_bony_tender": ["inner_midfoot"]}),
    "dvt": ("knee", {"calf_signs": "yes"}),
    "stress_fracture": ("lower_leg", {"bone_spot_pain": "yes"}),
    "knee_locked": ("knee", {"knee_locked": "yes"}),
    "knee_haemarthrosis": ("knee", {"knee_rapid_swelling": "yes"}),
    "visceral_referral": ("shoulder", {"visceral_signs": ["eating"]}),
    "anticoagulant_bleeding": ("elbow", {"blood_thinners": "yes", "swelling_bruising": "yes"}),
    "age_new_back_pain": ("low_back", {"age": 62, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}),
    "pregnancy": ("low_back", {"pregnancy": "pregnant"}),
    "distress": ("knee", {"worry_mood": "a_lot"}),
    "infection_risk": ("neck", {"infection_risk": ["weak_immunity"]}),
    "anticoagulant": ("knee", {"blood_thinners": "yes"}),
    "bone_health": ("knee", {"osteoporosis_steroids": "yes"}),
}  # fmt: skip

REGIONAL = [code for code in FIRING if RULES_BY_CODE[code].regions is not None]


def patient(**answers):
    return {**BENIGN, **answers}


def test_every_rule_has_a_firing_case():
    assert set(FIRING) == set(RULES_BY_CODE)


def test_benign_answers_cover_everything_any_rule_reads():
    assert {i for rule in RULES for i in rule.reads} <= set(BENIGN)


@pytest.mark.parametrize("code", FIRING)
def test_rule_fires_on_its_answers_with_its_severity(code):
    region, answers = FIRING[code]
    rule = RULES_BY_CODE[code]

    result = screen(patient(**answers), region=region)

    assert code in result.codes
    assert result.level == rule.severity
    assert result.flags[result.codes.index(code)].severity == rule.severity


@pytest.mark.parametrize("code", FIRING)
def test_rule_does_not_fire_on_benign_answers(code):
    region, _ = FIRING[code]
    assert code not in screen(BENIGN, region=region).codes


@pytest.mark.parametrize("code", REGIONAL)
def test_rule_does_not_fire_outside_its_regions(code):
    _, answers = FIRING[code]
    rule = RULES_BY_CODE[code]
    for region in set(REGIONS) - rule.regions:
        assert code not in screen(patient(**answers), region=region).codes, region


@pytest.mark.parametrize("region", REGIONS)
def test_a_patient_with_no_warning_signs_is_clear_in_every_region(region):
    result = screen(BENIGN, region=region)

    assert result.level == "clear"
    assert result.flags == ()
    assert not result.stops_booking and not result.needs_acknowledgement


def test_no_answers_at_all_is_clear():
    assert screen({}).level == "clear"
    assert screen({}).flags == ()
    assert screen({}, region="knee").level == Severity.CLEAR


@pytest.mark.parametrize(
    ("code", "region", "answers", "fires"),
    [
        ("ottawa_knee", "knee", {"recent_injury": "yes", "age": 54}, False),
        ("ottawa_knee", "knee", {"recent_injury": "yes", "age": 55}, True),
        ("ottawa_knee", "knee", {"recent_injury": "yes", "knee_bony_tender": ["kneecap"]}, True),
        ("ottawa_knee", "knee", {"recent_injury": "yes", "knee_bend_90": "no"}, True),
        ("ottawa_knee", "knee", {"recent_injury": "no", "knee_bend_90": "no", "age": 70}, False),
        ("ottawa_ankle", "ankle_foot", {"recent_injury": "yes", "four_steps": "no"}, True),
        ("ottawa_ankle", "ankle_foot", {"ankle_bony_tender": ["outer_ankle_bone"]}, False),
        ("compartment", "elbow", {"compartment_signs": ["numb_pale"]}, False),
        ("compartment", "elbow", {"compartment_signs": ["out_of_proportion"]}, False),
        ("compartment", "elbow", {"compartment_signs": ["out_of_proportion", "numb_pale"]}, True),
        ("age_new_back_pain", "neck", {"age": 19, "duration": "under_6_weeks"}, False),
        ("age_new_back_pain", "neck", {"age": 19, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}, True),
        ("age_new_back_pain", "neck", {"age": 20, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}, False),
        ("age_new_back_pain", "neck", {"age": 50, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}, False),
        ("age_new_back_pain", "neck", {"age": 51, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}, True),
        ("age_new_back_pain", "neck", {"age": 70, "duration": "6_to_12_weeks",
                                       "previous_episodes": "no"}, False),
        ("anticoagulant_bleeding", "knee", {"swelling_bruising": "yes"}, False),
        ("anticoagulant_bleeding", "knee", {"blood_thinners": "yes",
                                            "major_trauma": "earlier"}, True),
        ("fragility_fracture", "low_back", {"minor_trauma_onset": "yes"}, False),
        ("septic_joint", "shoulder", {"hot_red_swollen_joint": "yes"}, False),
        ("cauda_equina", "mid_upper_back", {"bladder_bowel_change": "yes"}, True),
        ("cardiac", "neck", {"cardiac_signs": ["none"]}, False),
    ],
)  # fmt: skip
def test_rule_boundaries(code, region, answers, fires):
    assert (code in screen(patient(**answers), region=region).codes) is fires


@pytest.mark.parametrize(
    ("age", "previous_episodes"), [("62", "no"), (True, "no"), (None, "no"), (62.5, "no")]
)
def test_an_age_that_is_not_a_whole_number_is_ignored(age, previous_episodes):
    answers = {"age": age, "duration": "under_6_weeks", "previous_episodes": previous_episodes}
    assert screen(answers, region="low_back").level == "clear"


def test_an_unanswered_previous_episode_question_still_counts_as_new_pain():
    answers = {"age": 62, "duration": "under_6_weeks"}
    assert screen(answers, region="low_back").codes == ["age_new_back_pain"]


def test_inform_and_physician_resolve_to_physician():
    result = screen(patient(worry_mood="a_lot", weight_loss="yes"), region="hip")

    assert result.level == "physician"
    assert result.codes == ["weight_loss", "distress"]
    assert result.needs_acknowledgement and not result.stops_booking


def test_emergency_outranks_everything_and_flags_come_most_severe_first():
    answers = patient(worry_mood="a_lot", cancer_history="yes", self_harm="yes")

    result = screen(answers, region="neck")

    assert result.level == "emergency"
    assert result.codes == ["self_harm", "cancer_history", "distress"]
    assert result.stops_booking and not result.needs_acknowledgement


def test_flags_of_one_severity_keep_rule_order_whatever_the_answer_order():
    answers = {"weight_loss": "yes", "cancer_history": "yes", "blood_thinners": "yes"}
    reordered = dict(reversed(answers.items()))

    assert screen(answers, region="hip").codes == ["cancer_history", "weight_loss", "anticoagulant"]
    assert screen(reordered, region="hip").codes == screen(answers, region="hip").codes


def test_every_warning_sign_at_once_still_lists_each_flag_once():
    answers = {code: answers for code, (_, answers) in FIRING.items()}
    merged = {k: v for a in answers.values() for k, v in a.items()}
    result = screen(merged)

    assert result.level == "emergency"
    assert len(result.codes) == len(set(result.codes))
    ranks = [flag.severity.rank for flag in result.flags]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize(
    ("region", "answers", "kept", "replaced"),
    [
        ("neck", {"major_trauma": "recent"}, "major_trauma_spine", "major_trauma"),
        ("neck", {"major_trauma": "earlier"}, "major_trauma", "major_trauma_spine"),
        ("knee", {"major_trauma": "recent"}, "major_trauma", "major_trauma_spine"),
        ("knee", {"calf_signs": "yes", "breathless_chest_pain": "yes"}, "pe_signs", "dvt"),
        ("hip", {"fever": "very_unwell"}, "infection_very_unwell", "infection"),
        ("knee", {"hot_red_swollen_joint": "yes", "fever": "yes"}, "septic_joint",
         "hot_swollen_joint"),
        ("hip", {"blood_thinners": "yes", "swelling_bruising": "yes"}, "anticoagulant_bleeding",
         "anticoagulant"),
        ("low_back", {"osteoporosis_steroids": "yes", "minor_trauma_onset": "yes"},
         "fragility_fracture", "bone_health"),
    ],
)  # fmt: skip
def test_the_graver_reading_of_one_sign_replaces_the_milder(region, answers, kept, replaced):
    codes = screen(answers, region=region).codes

    assert kept in codes
    assert replaced not in codes


def test_the_region_can_come_with_the_answers():
    assert screen({"region": "knee", "saddle_numbness": "yes"}).level == "clear"
    assert screen({"region": "low_back", "saddle_numbness": "yes"}).level == "emergency"


def test_the_region_argument_wins_over_the_answers():
    answers = {"region": "low_back", "saddle_numbness": "yes"}
    assert screen(answers, region="knee").level == "clear"


def test_without_a_region_every_rule_is_considered():
    assert screen({"saddle_numbness": "yes"}).codes == ["cauda_equina"]


@pytest.mark.parametrize("region", ["foot", "Knee", "lumbar"])
def test_an_unknown_region_is_refused(region):
    with pytest.raises(ValueError, match="Unknown body region"):
        screen({}, region=region)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_patient_text_says_what_to_do(rule):
    text = rule.patient_text
    if rule.severity is Severity.EMERGENCY:
        assert "911" in text
    if rule.severity is Severity.PHYSICIAN:
        assert "doctor" in text and "confirm" in text
    assert rule.clinician_text and len(rule.clinician_text) <= 200


def test_emergency_texts_send_people_to_911_or_the_emergency_department():
    for rule in RULES:
        if rule.severity is Severity.EMERGENCY and rule.code != "self_harm":
            assert "call 911" in rule.patient_text
            assert "emergency department" in rule.patient_text


def test_self_harm_text_gives_988_and_911_for_immediate_danger():
    text = RULES_BY_CODE["self_harm"].patient_text
    assert "988" in text and "Suicide & Crisis Lifeline" in text
    assert "immediate danger, call 911" in text


def test_same_day_and_urgent_advice_mentions_urgent_care():
    assert "today" in RULES_BY_CODE["dvt"].patient_text
    for code in ("myelopathy", "knee_locked", "ottawa_knee", "ottawa_ankle"):
        assert "urgent care" in RULES_BY_CODE[code].patient_text


def test_the_rule_table_is_well_formed():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.severity is not Severity.CLEAR
        assert rule.regions is None or rule.regions <= set(REGIONS)
        assert rule.all_of or rule.any_of
        for replaced in rule.supersedes:
            assert RULES_BY_CODE[replaced].severity.rank <= rule.severity.rank


def test_every_row_of_the_red_flag_reference_has_a_rule():
    rows = {int(m) for rule in RULES for m in re.findall(r"#(\d+)", rule.source)}
    assert rows == set(range(1, 26))
    assert all(rule.source.startswith("red-flags.md #") for rule in RULES)


def test_rule_counts_by_severity_add_up():
    counts = rule_count_by_severity()
    assert list(counts) == ["emergency", "physician", "inform"]
    assert sum(counts.values()) == len(RULES)
    assert all(counts.values())


def test_docs_list_every_rule():
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.code}`" in text, rule.code


def test_see_a_doctor_result_carries_an_urgency():
    today = screen({"region": "lower_leg", "calf_signs": "yes"})
    assert today.level is Severity.PHYSICIAN and today.urgency is Urgency.TODAY
    assert screen({"region": "knee"}).urgency is None
