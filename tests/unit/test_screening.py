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
    "age": 35, "self_harm": "no", "fever": "no", "health_history": ["none"], "injury": "no",
    "night_pain": "no", "rest_pain": "no", "body_signs": ["none"], "area_signs": ["none"],
    "weakness_onset": "gradual", "bleeding_signs": ["none"], "after_surgery_signs": ["none"],
    "pregnancy_signs": ["none"], "child_signs": ["none"], "over_50_signs": ["none"],
    "joint_deformity": "no", "cant_move": "no", "cannot_walk": "no", "leg_turned": "no",
    "knee_bony_tender": ["none"], "knee_cant_bend": "no", "knee_rapid_swelling": "no",
    "ankle_bony_tender": ["none"], "achilles_signs": ["none"], "biceps_signs": ["none"],
    "scaphoid_signs": ["none"], "after_blow_signs": ["none"], "neck_injury_signs": ["none"],
    "compartment_signs": ["none"], "bone_spot_pain": "no", "breathless_chest_pain": "no",
    "duration": "over_12_weeks", "previous_episodes": "yes", "worry_mood": "a_little",
}  # fmt: skip

RECENT = {"injury": "minor_recent"}
#: For every rule: a region it applies to, and answers that fire it.
FIRING = {
    "self_harm": ("knee", {"self_harm": "yes"}),
    "infection_very_unwell": ("hip", {"fever": "very_unwell"}),
    "post_op_pe": ("shoulder", {"health_history": ["recent_surgery"],
                                "after_surgery_signs": ["breathless"]}),
    "bleed_with_nerve_signs": ("hip", {"health_history": ["blood_thinner"],
                                       "bleeding_signs": ["fast_swelling", "numb_weak"]}),
    "pregnancy_warning": ("low_back", {"health_history": ["pregnant"],
                                       "pregnancy_signs": ["tightening"]}),
    "stroke_signs": ("wrist_hand", {"body_signs": ["stroke"]}),
    "limb_ischaemia": ("lower_leg", {"body_signs": ["cold_pale"]}),
    "giant_cell_arteritis_vision": ("neck", {"age": 70, "over_50_signs": ["vision_loss"]}),
    "cauda_equina": ("low_back", {"area_signs": ["saddle_numbness"]}),
    "rapid_weakness": ("neck", {"area_signs": ["arm_weakness"], "weakness_onset": "sudden"}),
    "cervical_arterial": ("neck", {"body_signs": ["dizziness"]}),
    "carotid_dissection": ("neck", {"body_signs": ["eyelid_pupil"]}),
    "cardiac": ("shoulder", {"body_signs": ["exertion"]}),
    "aortic": ("low_back", {"body_signs": ["pulsing_lump"]}),
    "major_trauma_spine": ("mid_upper_back", {"injury": "major_recent"}),
    "neck_injury_nerve_signs": ("neck", {**RECENT, "neck_injury_signs": ["numb_limbs"]}),
    "visceral_after_trauma": ("shoulder", {**RECENT, "after_blow_signs": ["shoulder_tip"]}),
    "septic_joint": ("knee", {"area_signs": ["hot_swollen"], "fever": "yes"}),
    "joint_deformity": ("elbow", {**RECENT, "joint_deformity": "yes"}),
    "pe_signs": ("lower_leg", {"body_signs": ["calf_swollen"], "breathless_chest_pain": "yes"}),
    "compartment": ("lower_leg", {"compartment_signs": ["out_of_proportion", "tight_swelling"]}),
    "joint_cant_move": ("shoulder", {**RECENT, "cant_move": "yes"}),
    "hip_fracture": ("hip", {**RECENT, "cannot_walk": "yes"}),
    "spinal_infection": ("low_back", {"fever": "yes", "health_history": ["injecting_drugs"]}),
    "infection": ("low_back", {"fever": "yes"}),
    "cancer_history": ("wrist_hand", {"health_history": ["cancer"]}),
    "weight_loss": ("hip", {"health_history": ["weight_loss"]}),
    "non_mechanical_pain": ("knee", {"night_pain": "most_nights", "rest_pain": "yes"}),
    "night_bone_pain_young": ("knee", {"age": 15, "night_pain": "most_nights"}),
    "major_trauma_recent": ("shoulder", {"injury": "major_recent"}),
    "major_trauma": ("shoulder", {"injury": "major_earlier"}),
    "fall_older_adult": ("wrist_hand", {"age": 80, **RECENT}),
    "fragility_fracture": ("hip", {"health_history": ["thin_bones"], "injury": "minor_earlier"}),
    "anticoagulant_bleeding": ("elbow", {"health_history": ["blood_thinner"],
                                         "bleeding_signs": ["big_bruise"]}),
    "post_op_wound": ("knee", {"health_history": ["recent_surgery"],
                               "after_surgery_signs": ["wound"]}),
    "post_op_dvt": ("knee", {"health_history": ["recent_surgery"],
                             "after_surgery_signs": ["calf"]}),
    "giant_cell_arteritis": ("shoulder", {"age": 66, "over_50_signs": ["jaw_chewing"]}),
    "polymyalgia": ("hip", {"age": 66, "over_50_signs": ["girdle_stiffness"]}),
    "progressive_weakness": ("low_back", {"area_signs": ["leg_weakness"]}),
    "myelopathy": ("neck", {"area_signs": ["clumsy_hands"]}),
    "bilateral_sciatica": ("low_back", {"area_signs": ["both_legs"]}),
    "inflammatory_back_pain": ("low_back", {"age": 25, "area_signs": ["morning_stiff"]}),
    "visceral_referral": ("shoulder", {"body_signs": ["eating"]}),
    "urinary_referral": ("low_back", {"body_signs": ["urine"]}),
    "neck_injury_imaging": ("neck", {**RECENT, "neck_injury_signs": ["cant_turn"]}),
    "hot_swollen_joint": ("ankle_foot", {"area_signs": ["hot_swollen"]}),
    "septic_hip": ("hip", {"fever": "yes", "area_signs": ["cant_bear_weight"]}),
    "child_fever_limp": ("ankle_foot", {"age": 6, "fever": "yes", "child_signs": ["limp"]}),
    "child_limp": ("hip", {"age": 12, "child_signs": ["limp"]}),
    "avascular_necrosis": ("hip", {"health_history": ["steroids"]}),
    "femoral_stress_fracture": ("hip", {"area_signs": ["training_load"],
                                        "bone_spot_pain": "yes"}),
    "stress_fracture": ("lower_leg", {"bone_spot_pain": "yes"}),
    "ottawa_knee": ("knee", {**RECENT, "cannot_walk": "yes"}),
    "ottawa_ankle": ("ankle_foot", {**RECENT, "ankle_bony_tender": ["inner_midfoot"]}),
    "leg_fracture": ("lower_leg", {**RECENT, "cannot_walk": "yes"}),
    "knee_haemarthrosis": ("knee", {**RECENT, "knee_rapid_swelling": "yes"}),
    "knee_locked": ("knee", {"area_signs": ["stuck"]}),
    "achilles_rupture": ("ankle_foot", {**RECENT, "achilles_signs": ["kick_snap"]}),
    "biceps_rupture": ("elbow", {**RECENT, "biceps_signs": ["pop_front"]}),
    "scaphoid_fracture": ("wrist_hand", {**RECENT, "scaphoid_signs": ["snuffbox"]}),
    "dvt": ("knee", {"body_signs": ["calf_swollen"]}),
    "dvt_risk": ("knee", {"body_signs": ["calf_tender"], "health_history": ["cancer"]}),
    "peripheral_arterial": ("lower_leg", {"body_signs": ["walking_cramp"]}),
    "sudden_limb_weakness": ("ankle_foot", {"area_signs": ["foot_drop"],
                                            "weakness_onset": "sudden"}),
    "limb_weakness": ("shoulder", {"area_signs": ["arm_weakness"]}),
    "inflammatory_arthritis": ("wrist_hand", {"area_signs": ["several_joints"]}),
    "bone_lump": ("knee", {"area_signs": ["lump"]}),
    "age_new_back_pain": ("low_back", {"age": 62, "duration": "under_6_weeks",
                                       "previous_episodes": "no"}),
    "pregnancy": ("low_back", {"health_history": ["pregnant"]}),
    "distress": ("knee", {"worry_mood": "a_lot"}),
    "infection_risk": ("neck", {"health_history": ["recent_infection"]}),
    "spinal_infection_risk": ("neck", {"health_history": ["weak_immunity"]}),
    "hip_weight_bearing": ("hip", {"area_signs": ["cant_bear_weight"]}),
    "anticoagulant": ("knee", {"health_history": ["blood_thinner"]}),
    "bone_health": ("knee", {"health_history": ["thin_bones"]}),
    "morning_stiffness": ("wrist_hand", {"area_signs": ["morning_stiff"]}),
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
        ("ottawa_knee", "knee", {**RECENT, "age": 54}, False),
        ("ottawa_knee", "knee", {**RECENT, "age": 55}, True),
        ("ottawa_knee", "knee", {**RECENT, "knee_bony_tender": ["kneecap"]}, True),
        ("ottawa_knee", "knee", {**RECENT, "knee_cant_bend": "yes"}, True),
        ("ottawa_knee", "knee", {"injury": "minor_earlier", "knee_cant_bend": "yes",
                                 "age": 70}, False),
        ("ottawa_knee", "knee", {"injury": "no", "cannot_walk": "yes"}, False),
        ("ottawa_ankle", "ankle_foot", {**RECENT, "cannot_walk": "yes"}, True),
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
        ("anticoagulant_bleeding", "knee", {"bleeding_signs": ["big_bruise"]}, False),
        ("anticoagulant_bleeding", "knee", {"health_history": ["blood_thinner"],
                                            "injury": "major_earlier"}, True),
        ("anticoagulant_bleeding", "knee", {"health_history": ["blood_thinner"],
                                            "injury": "minor_earlier"}, False),
        ("fragility_fracture", "low_back", {"injury": "minor_recent"}, False),
        ("fall_older_adult", "hip", {"age": 64, **RECENT}, False),
        ("fall_older_adult", "hip", {"age": 65, **RECENT}, True),
        ("septic_joint", "shoulder", {"area_signs": ["hot_swollen"]}, False),
        ("cauda_equina", "mid_upper_back", {"area_signs": ["bladder_bowel"]}, True),
        ("cardiac", "neck", {"body_signs": ["none"]}, False),
        ("dvt_risk", "lower_leg", {"body_signs": ["calf_tender"]}, False),
        ("giant_cell_arteritis", "neck", {"age": 49, "over_50_signs": ["jaw_chewing"]}, False),
        ("child_limp", "hip", {"age": 18, "child_signs": ["limp"]}, False),
        ("inflammatory_back_pain", "low_back", {"age": 45, "area_signs": ["morning_stiff"]},
         False),
        ("non_mechanical_pain", "shoulder", {"night_pain": "most_nights"}, False),
        ("non_mechanical_pain", "shoulder", {"night_pain": "sometimes", "rest_pain": "yes"},
         False),
        ("visceral_after_trauma", "shoulder", {"after_blow_signs": ["shoulder_tip"]}, False),
        ("neck_injury_imaging", "neck", {"age": 65, **RECENT}, True),
        ("neck_injury_imaging", "neck", {"age": 65, "injury": "minor_earlier"}, False),
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
    result = screen(patient(worry_mood="a_lot", health_history=["weight_loss"]), region="hip")

    assert result.level == "physician"
    assert result.codes == ["weight_loss", "distress"]
    assert result.needs_acknowledgement and not result.stops_booking


def test_emergency_outranks_everything_and_flags_come_most_severe_first():
    answers = patient(worry_mood="a_lot", health_history=["cancer"], self_harm="yes")

    result = screen(answers, region="neck")

    assert result.level == "emergency"
    assert result.codes == ["self_harm", "cancer_history", "distress"]
    assert result.stops_booking and not result.needs_acknowledgement


def test_flags_of_one_severity_keep_rule_order_whatever_the_answer_order():
    answers = {"health_history": ["weight_loss", "cancer", "blood_thinner"], "age": 40}
    reordered = {"age": 40, "health_history": ["blood_thinner", "cancer", "weight_loss"]}

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
        ("neck", {"injury": "major_recent"}, "major_trauma_spine", "major_trauma_recent"),
        ("neck", {"injury": "major_earlier"}, "major_trauma", "major_trauma_spine"),
        ("knee", {"injury": "major_recent"}, "major_trauma_recent", "major_trauma"),
        ("knee", {"body_signs": ["calf_swollen"], "breathless_chest_pain": "yes"}, "pe_signs",
         "dvt"),
        ("hip", {"fever": "very_unwell"}, "infection_very_unwell", "infection"),
        ("knee", {"area_signs": ["hot_swollen"], "fever": "yes"}, "septic_joint",
         "hot_swollen_joint"),
        ("hip", {"health_history": ["blood_thinner"], "bleeding_signs": ["big_bruise"]},
         "anticoagulant_bleeding", "anticoagulant"),
        ("low_back", {"health_history": ["thin_bones"], "injury": "minor_recent"},
         "fragility_fracture", "bone_health"),
        ("low_back", {"area_signs": ["both_legs", "saddle_numbness"]}, "cauda_equina",
         "bilateral_sciatica"),
        ("low_back", {"area_signs": ["leg_weakness"], "weakness_onset": "sudden"},
         "rapid_weakness", "progressive_weakness"),
        ("hip", {"age": 80, "injury": "minor_recent", "leg_turned": "yes"}, "hip_fracture",
         "fall_older_adult"),
    ],
)  # fmt: skip
def test_the_graver_reading_of_one_sign_replaces_the_milder(region, answers, kept, replaced):
    codes = screen(answers, region=region).codes

    assert kept in codes
    assert replaced not in codes


def test_the_region_can_come_with_the_answers():
    numb = {"area_signs": ["saddle_numbness"]}
    assert screen({"region": "knee", **numb}).level == "clear"
    assert screen({"region": "low_back", **numb}).level == "emergency"


def test_the_region_argument_wins_over_the_answers():
    answers = {"region": "low_back", "area_signs": ["saddle_numbness"]}
    assert screen(answers, region="knee").level == "clear"


def test_without_a_region_every_rule_is_considered():
    assert screen({"area_signs": ["saddle_numbness"]}).codes == ["cauda_equina"]


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


def test_every_row_of_the_red_flag_reference_has_a_rule_and_every_rule_a_source():
    rows = {int(m) for rule in RULES for m in re.findall(r"#(\d+)", rule.source)}
    assert rows == set(range(1, 26))
    for rule in RULES:
        named = rule.source.startswith("red-flags.md #") or not rule.source.startswith("#")
        assert named and len(rule.source) > 10, rule.code


def test_rule_counts_by_severity_add_up():
    counts = rule_count_by_severity()
    assert list(counts) == ["emergency", "physician", "inform"]
    assert sum(counts.values()) == len(RULES)
    assert all(counts.values())


def test_docs_list_every_rule_with_its_level_and_urgency():
    text = DOCS.read_text(encoding="utf-8")
    words = {"today": "today", "few_days": "few days"}
    for rule in RULES:
        flag = rule.flag()
        urgency = words[flag.urgency] if flag.urgency else ""
        row = f"| `{rule.code}` | {rule.severity.value} | {urgency} |"
        assert row in text, row


def test_see_a_doctor_result_carries_an_urgency():
    today = screen({"region": "lower_leg", "body_signs": ["calf_swollen"]})
    assert today.level is Severity.PHYSICIAN and today.urgency is Urgency.TODAY
    assert screen({"region": "knee"}).urgency is None
