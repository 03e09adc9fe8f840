"""Clinical stories for the safety screen, written from textbook presentations (not from our
rule table), each with the guideline it follows and the routing it should get.

A story gives its region, the expected level and urgency, and the answers a patient in that
story would give to the safety check; `complete()` adds the calm answer to every other
question the page shows them (base questions and the follow-ups their answers call for), so the
same story runs through `screen()` and through the booking's pages.
"""

from dataclasses import dataclass, field
from typing import Any

from clinic.intake.question_sets import safety_check
from clinic.intake.questions import Kind, visible

E, P, I, C = "emergency", "physician", "inform", "clear"  # noqa: E741
TODAY, FEW = "today", "few_days"

#: The calm answer to each question, where it is not "no" or "None of these".
CALM = {"age": 40, "weakness_onset": "gradual"}


@dataclass(frozen=True)
class Story:
    id: str
    region: str
    level: str
    urgency: str | None
    source: str
    answers: dict[str, Any] = field(default_factory=dict)


def calm(question) -> Any:
    if question.id in CALM:
        return CALM[question.id]
    if question.kind is Kind.MULTI:
        return ["none"]
    return "no"


def complete(story: Story) -> dict[str, Any]:
    """The story's answers plus the calm answer to every other question shown to them."""
    answers = dict(story.answers)
    questions = safety_check(story.region)
    while True:
        missing = [q for q in visible(questions, answers) if q.id not in answers]
        if not missing:
            break
        answers[missing[0].id] = calm(missing[0])
    shown = {q.id for q in visible(questions, answers)}
    unshown = set(story.answers) - shown
    assert not unshown, f"{story.id}: answers to questions never shown: {unshown}"
    return answers


def s(sid, region, level, urgency, source, **answers) -> Story:
    multi = {
        "health_history", "body_signs", "area_signs", "bleeding_signs", "after_surgery_signs",
        "child_signs", "over_50_signs", "pregnancy_signs", "knee_bony_tender",
        "ankle_bony_tender", "achilles_signs", "biceps_signs", "scaphoid_signs",
        "after_blow_signs", "neck_injury_signs", "compartment_signs",
    }  # fmt: skip
    shaped = {
        k: (v.split() if k in multi and isinstance(v, str) else v) for k, v in answers.items()
    }
    return Story(sid, region, level, urgency, source, shaped)


RECENT, EARLIER = "minor_recent", "minor_earlier"
FINUCANE = "Finucane 2020 international framework for spinal red flags"
IFOMPT = "IFOMPT cervical framework 2023"

RED_FLAG_STORIES = [
    # --- low back ---
    s("lb_saddle_numbness", "low_back", E, None, FINUCANE, area_signs="saddle_numbness"),
    s("lb_retention", "low_back", E, None, FINUCANE, area_signs="bladder_bowel both_legs"),
    s("lb_bilateral_sciatica", "low_back", P, TODAY, FINUCANE + "; GIRFT CES pathway",
      area_signs="both_legs"),
    s("lb_tearing_pain", "low_back", E, None, "red-flags.md #6", age=68,
      body_signs="tearing_pain"),
    s("lb_pulsing_lump", "low_back", E, None, "red-flags.md #6", age=72,
      body_signs="pulsing_lump"),
    s("lb_fever_injecting", "low_back", P, TODAY, FINUCANE + " (spinal infection)", age=34,
      fever="yes", health_history="injecting_drugs"),
    s("lb_fever_chemo", "low_back", P, TODAY, FINUCANE + " (spinal infection)", age=58,
      fever="yes", health_history="weak_immunity cancer"),
    s("lb_cancer_night_pain", "low_back", P, FEW, "NICE NG12; red-flags.md #9, #11", age=66,
      health_history="cancer", night_pain="most_nights", rest_pain="yes"),
    s("lb_steroids_lift", "low_back", P, TODAY, "red-flags.md #13 (AHCPR)", age=70,
      health_history="steroids", injury=RECENT),
    s("lb_car_crash", "low_back", E, None, "red-flags.md #12", injury="major_recent"),
    s("lb_foot_drop_sudden", "low_back", E, None, "red-flags.md #2", area_signs="leg_weakness",
      weakness_onset="sudden"),
    s("lb_weakness_slow", "low_back", P, TODAY, "red-flags.md #2", area_signs="leg_weakness",
      weakness_onset="gradual"),
    s("lb_pregnancy_tightening", "low_back", E, None, "NICE antenatal care; ACOG", age=29,
      health_history="pregnant", pregnancy_signs="tightening"),
    s("lb_young_inflammatory", "low_back", P, FEW, "NICE NG65 spondyloarthritis", age=26,
      area_signs="morning_stiff"),
    s("lb_urine_pain", "low_back", P, FEW, "red-flags.md #20", body_signs="urine"),
    s("lb_weight_loss", "low_back", P, FEW, "red-flags.md #10", age=61,
      health_history="weight_loss"),
    s("lb_very_unwell", "low_back", E, None, "red-flags.md #7", fever="very_unwell"),
    s("lb_self_harm", "low_back", E, None, "red-flags.md #25", self_harm="yes"),
    s("lb_injecting_no_fever", "low_back", P, FEW, FINUCANE + " (fever often absent)", age=31,
      health_history="injecting_drugs"),
    s("lb_kidney_blow", "low_back", E, None, "ATLS (renal injury)", age=27, injury=RECENT,
      after_blow_signs="belly_pain"),
    s("lb_teen_night_pain", "low_back", P, FEW, "NICE NG12 (young people)", age=17,
      night_pain="most_nights", rest_pain="no"),
    # --- mid and upper back ---
    s("mb_chest_pressure", "mid_upper_back", E, None, "red-flags.md #5", age=58,
      body_signs="chest_pressure sweating_nausea"),
    s("mb_exertional", "mid_upper_back", E, None, "red-flags.md #5", age=63,
      body_signs="exertion"),
    s("mb_tearing", "mid_upper_back", E, None, "red-flags.md #6", age=66,
      body_signs="tearing_pain"),
    s("mb_unsteady", "mid_upper_back", P, TODAY, "red-flags.md #3", age=59,
      area_signs="unsteady_walking"),
    s("mb_eating", "mid_upper_back", P, FEW, "red-flags.md #20", body_signs="eating"),
    s("mb_thin_bones_cough", "mid_upper_back", P, TODAY, "red-flags.md #13", age=74,
      health_history="thin_bones", injury=EARLIER),
    s("mb_rib_blow_faint", "mid_upper_back", E, None, "ATLS (splenic injury)", age=22,
      injury="major_recent", after_blow_signs="light_headed shoulder_tip"),
    s("mb_fever_uti", "mid_upper_back", P, TODAY, FINUCANE, fever="yes",
      health_history="recent_infection"),
    s("mb_pregnancy_bleeding", "mid_upper_back", E, None, "NICE antenatal care", age=31,
      health_history="pregnant", pregnancy_signs="bleeding"),
    # --- neck ---
    s("neck_dizzy_double", "neck", E, None, IFOMPT, body_signs="dizziness double_vision"),
    s("neck_droopy_eyelid", "neck", E, None, IFOMPT + " (carotid)", age=42,
      body_signs="eyelid_pupil"),
    s("neck_pulsing_ear", "neck", E, None, IFOMPT + " (carotid)", age=38,
      body_signs="ear_pulsing"),
    s("neck_thunderclap", "neck", E, None, IFOMPT, body_signs="sudden_headache"),
    s("neck_clumsy_hands", "neck", P, TODAY, "red-flags.md #3 (myelopathy)", age=62,
      area_signs="clumsy_hands both_arms"),
    s("neck_temple_jaw", "neck", P, TODAY, "NICE CKS giant cell arteritis", age=71,
      over_50_signs="temple_headache jaw_chewing"),
    s("neck_gca_vision", "neck", E, None, "BSR 2020 giant cell arteritis", age=74,
      over_50_signs="temple_headache vision_loss"),
    s("neck_fall_older", "neck", P, TODAY, "Canadian C-spine rule", age=70, injury=RECENT),
    s("neck_whiplash_tingling", "neck", E, None, "Canadian C-spine rule", age=30,
      injury=RECENT, neck_injury_signs="numb_limbs"),
    s("neck_cant_turn", "neck", P, TODAY, "Canadian C-spine rule", age=33, injury=RECENT,
      neck_injury_signs="cant_turn"),
    s("neck_rollover", "neck", E, None, "red-flags.md #12", injury="major_recent"),
    s("neck_jaw_chest", "neck", E, None, "red-flags.md #5", age=60, body_signs="chest_pressure"),
    s("neck_jaw_on_stairs", "neck", E, None, "red-flags.md #5 (angina felt in the jaw)", age=66,
      body_signs="exertion"),
    s("neck_arm_weak_fast", "neck", E, None, "red-flags.md #2", area_signs="arm_weakness",
      weakness_onset="sudden"),
    s("neck_fever_immuno", "neck", P, TODAY, FINUCANE, fever="yes",
      health_history="weak_immunity"),
    # --- shoulder ---
    s("sh_left_arm_effort", "shoulder", E, None, "red-flags.md #5", age=64,
      body_signs="exertion"),
    s("sh_stroke", "shoulder", E, None, "NICE NG128 stroke", age=70, body_signs="stroke"),
    s("sh_septic", "shoulder", E, None, "NICE CKS septic arthritis", area_signs="hot_swollen",
      fever="yes"),
    s("sh_dislocated", "shoulder", E, None, "red-flags.md #15", injury=RECENT,
      joint_deformity="yes"),
    s("sh_cant_move", "shoulder", E, None, "red-flags.md #15", injury=RECENT, cant_move="yes"),
    s("sh_kehr", "shoulder", E, None, "ATLS (Kehr's sign)", age=24, injury="major_recent",
      after_blow_signs="shoulder_tip light_headed"),
    s("sh_pmr", "shoulder", P, FEW, "NICE CKS polymyalgia rheumatica", age=72,
      over_50_signs="girdle_stiffness"),
    s("sh_jaw_chewing", "shoulder", P, TODAY, "NICE CKS giant cell arteritis", age=68,
      over_50_signs="jaw_chewing"),
    s("sh_eating", "shoulder", P, FEW, "red-flags.md #20", body_signs="eating"),
    s("sh_fall_older", "shoulder", P, TODAY, "NICE CG124; red-flags.md #13", age=79,
      injury=RECENT),
    s("sh_steroids_avn", "shoulder", P, FEW, "NICE CKS (avascular necrosis)", age=50,
      health_history="steroids"),
    s("sh_cancer", "shoulder", P, FEW, "red-flags.md #9", health_history="cancer"),
    s("sh_cold_hand", "shoulder", E, None, "NICE CG147", age=74, body_signs="cold_pale"),
    # --- elbow ---
    s("el_biceps_pop", "elbow", P, TODAY, "BESS/BOA distal biceps rupture", age=44,
      injury=RECENT, biceps_signs="pop_front bulge_bruise"),
    s("el_compartment", "elbow", E, None, "red-flags.md #17", injury=RECENT,
      compartment_signs="out_of_proportion tight_swelling"),
    s("el_septic_bursa", "elbow", E, None, "NICE CKS septic arthritis", area_signs="hot_swollen",
      fever="yes"),
    s("el_hot_swollen", "elbow", P, TODAY, "red-flags.md #8", area_signs="hot_swollen"),
    s("el_dislocated", "elbow", E, None, "red-flags.md #15", injury=RECENT,
      joint_deformity="yes"),
    s("el_locked", "elbow", P, TODAY, "red-flags.md #19", area_signs="stuck"),
    s("el_chest", "elbow", E, None, "red-flags.md #5", age=57, body_signs="chest_pressure"),
    # --- wrist and hand ---
    s("wr_snuffbox", "wrist_hand", P, TODAY, "NICE NG38 (scaphoid)", age=22, injury=RECENT,
      scaphoid_signs="snuffbox"),
    s("wr_scaphoid_late", "wrist_hand", P, TODAY, "NICE NG38 (scaphoid)", age=19,
      injury=EARLIER, scaphoid_signs="thumb_side_grip"),
    s("wr_fall_older", "wrist_hand", P, TODAY, "NICE CG124; red-flags.md #13", age=71,
      injury=RECENT),
    s("wr_several_joints", "wrist_hand", P, FEW, "NICE NG100; ACR/EULAR 2010", age=38,
      area_signs="several_joints morning_stiff"),
    s("wr_septic", "wrist_hand", E, None, "NICE CKS septic arthritis", area_signs="hot_swollen",
      fever="yes"),
    s("wr_stroke", "wrist_hand", E, None, "NICE NG128 stroke", age=66, body_signs="stroke"),
    s("wr_white_hand", "wrist_hand", E, None, "NICE CG147 (acute ischaemia)",
      body_signs="cold_pale"),
    s("wr_thinner_knock", "wrist_hand", P, TODAY, "red-flags.md #22", age=77,
      health_history="blood_thinner", injury=RECENT),
    s("wr_forearm_compartment", "wrist_hand", E, None, "red-flags.md #17", age=19,
      injury=RECENT, compartment_signs="out_of_proportion tight_swelling"),
    # --- hip ---
    s("hip_fall_cant_walk", "hip", E, None, "NICE CG124 hip fracture", age=81, injury=RECENT,
      cannot_walk="yes"),
    s("hip_fall_walking", "hip", P, TODAY, "NICE CG124 hip fracture", age=76, injury=RECENT),
    s("hip_leg_turned_out", "hip", E, None, "NICE CG124 hip fracture", age=84, injury=RECENT,
      leg_turned="yes"),
    s("hip_runner_hop", "hip", P, TODAY, "red-flags.md #18 (femoral neck)", age=24,
      area_signs="training_load", bone_spot_pain="yes"),
    s("hip_scfe", "hip", P, TODAY, "NICE CKS childhood limp; BSCOS (SCFE)", age=13,
      child_signs="limp"),
    s("hip_perthes", "hip", P, TODAY, "NICE CKS childhood limp (Perthes)", age=6,
      child_signs="limp"),
    s("hip_septic_child", "hip", P, TODAY, "NICE CKS childhood limp; Kocher", age=5,
      fever="yes", child_signs="wont_bear_weight"),
    s("hip_septic_adult", "hip", P, TODAY, "NICE CKS septic arthritis", age=60, fever="yes",
      area_signs="cant_bear_weight"),
    s("hip_fever_walking", "hip", P, TODAY, "NICE CKS septic arthritis", age=55, fever="yes"),
    s("hip_cant_bear_weight", "hip", P, TODAY, "NICE CKS hip pain in adults", age=45,
      area_signs="cant_bear_weight"),
    s("hip_avn_steroids", "hip", P, FEW, "NICE CKS hip pain (AVN)", age=45,
      health_history="steroids"),
    s("hip_dvt_after_replacement", "hip", P, TODAY, "NICE NG158", age=67,
      health_history="recent_surgery", after_surgery_signs="calf"),
    s("hip_pe_after_replacement", "hip", E, None, "NICE NG158", age=69,
      health_history="recent_surgery", after_surgery_signs="breathless"),
    s("hip_bleed_femoral_nerve", "hip", E, None, "red-flags.md #22", age=70,
      health_history="blood_thinner", bleeding_signs="fast_swelling numb_weak"),
    s("hip_buttock_claudication", "hip", P, FEW, "NICE CG147", age=66,
      body_signs="walking_cramp"),
    s("hip_pregnancy_headache", "hip", E, None, "NICE antenatal care (pre-eclampsia)", age=33,
      health_history="pregnant", pregnancy_signs="headache_vision"),
    s("hip_wound_red", "hip", P, TODAY, "NICE NG125", age=72, health_history="recent_surgery",
      after_surgery_signs="wound"),
    s("hip_pmr", "hip", P, FEW, "NICE CKS polymyalgia rheumatica", age=70,
      over_50_signs="girdle_stiffness"),
    # --- knee ---
    s("kn_cant_walk", "knee", P, TODAY, "Ottawa knee rule", injury=RECENT, cannot_walk="yes"),
    s("kn_older_twist", "knee", P, TODAY, "Ottawa knee rule (age 55+)", age=60, injury=RECENT),
    s("kn_kneecap_tender", "knee", P, TODAY, "Ottawa knee rule", age=30, injury=RECENT,
      knee_bony_tender="kneecap"),
    s("kn_cant_bend", "knee", P, TODAY, "Ottawa knee rule", age=30, injury=RECENT,
      knee_cant_bend="yes"),
    s("kn_rapid_swelling", "knee", P, TODAY, "red-flags.md #19", injury=RECENT,
      knee_rapid_swelling="yes"),
    s("kn_locked", "knee", P, TODAY, "red-flags.md #19", area_signs="stuck"),
    s("kn_septic", "knee", E, None, "NICE CKS septic arthritis", area_signs="hot_swollen",
      fever="yes"),
    s("kn_replacement_wound", "knee", P, TODAY, "NICE NG125", age=71,
      health_history="recent_surgery", after_surgery_signs="wound"),
    s("kn_replacement_sore_calf", "knee", P, TODAY, "NICE NG158 (Wells risk factors)", age=68,
      health_history="recent_surgery", body_signs="calf_tender"),
    s("kn_pe", "knee", E, None, "red-flags.md #16", body_signs="calf_swollen",
      breathless_chest_pain="yes"),
    s("kn_scfe_knee_pain", "knee", P, TODAY, "BSCOS (SCFE presenting as knee pain)", age=12,
      child_signs="limp"),
    s("kn_bone_lump_teen", "knee", P, FEW, "NICE NG12 (bone sarcoma)", age=15,
      area_signs="lump"),
    s("kn_teen_night_pain", "knee", P, FEW, "NICE NG12 (bone sarcoma)", age=16,
      night_pain="most_nights", rest_pain="yes"),
    s("kn_dislocated_kneecap", "knee", E, None, "red-flags.md #15", age=17, injury=RECENT,
      joint_deformity="yes"),
    # --- lower leg ---
    s("ll_swollen_calf", "lower_leg", P, TODAY, "NICE NG158", body_signs="calf_swollen "
      "calf_warm_red"),
    s("ll_pe", "lower_leg", E, None, "NICE NG158", body_signs="calf_swollen",
      breathless_chest_pain="yes"),
    s("ll_compartment_fracture", "lower_leg", E, None, "red-flags.md #17",
      injury="major_recent", compartment_signs="out_of_proportion numb_pale"),
    s("ll_compartment_exercise", "lower_leg", E, None, "red-flags.md #17", age=23,
      area_signs="training_load", compartment_signs="out_of_proportion tight_swelling"),
    s("ll_tibial_stress", "lower_leg", P, FEW, "red-flags.md #18", age=19,
      area_signs="training_load", bone_spot_pain="yes"),
    s("ll_cold_foot", "lower_leg", E, None, "NICE CG147 (acute ischaemia)", age=70,
      body_signs="cold_pale"),
    s("ll_claudication", "lower_leg", P, FEW, "NICE CG147", age=67, body_signs="walking_cramp"),
    s("ll_achilles", "lower_leg", P, TODAY, "NICE CKS Achilles (rupture)", age=41,
      injury=RECENT, achilles_signs="kick_snap no_tiptoe"),
    s("ll_foot_drop", "lower_leg", P, TODAY, "red-flags.md #2", area_signs="foot_drop",
      weakness_onset="sudden"),
    s("ll_thinner_bruise", "lower_leg", P, TODAY, "red-flags.md #22", age=75,
      health_history="blood_thinner", bleeding_signs="big_bruise"),
    s("ll_child_fever_limp", "lower_leg", P, TODAY, "NICE CKS childhood limp", age=8,
      fever="yes", child_signs="limp"),
    s("ll_cellulitis", "lower_leg", P, TODAY, "red-flags.md #8", area_signs="hot_swollen"),
    # --- ankle and foot ---
    s("an_malleolus", "ankle_foot", P, TODAY, "Ottawa ankle rule", injury=RECENT,
      ankle_bony_tender="outer_ankle_bone"),
    s("an_cant_walk", "ankle_foot", P, TODAY, "Ottawa ankle rule", injury=RECENT,
      cannot_walk="yes"),
    s("an_midfoot", "ankle_foot", P, TODAY, "Ottawa foot rule", injury=RECENT,
      ankle_bony_tender="outer_midfoot"),
    s("an_achilles_kick", "ankle_foot", P, TODAY, "NICE CKS Achilles (rupture)", age=38,
      injury=RECENT, achilles_signs="kick_snap"),
    s("an_dislocated", "ankle_foot", E, None, "red-flags.md #15", injury="major_recent",
      joint_deformity="yes"),
    s("an_hot_fever", "ankle_foot", E, None, "NICE CKS septic arthritis",
      area_signs="hot_swollen", fever="yes"),
    s("an_metatarsal_stress", "ankle_foot", P, FEW, "red-flags.md #18", age=20,
      area_signs="training_load", bone_spot_pain="yes"),
    s("an_foot_drop_slow", "ankle_foot", P, FEW, "red-flags.md #2", area_signs="foot_drop",
      weakness_onset="gradual"),
    s("an_cold_foot", "ankle_foot", E, None, "NICE CG147", age=77, body_signs="cold_pale"),
    s("an_cast_sore_calf", "ankle_foot", P, TODAY, "NICE NG158", age=35,
      health_history="recent_surgery", body_signs="calf_tender"),
    s("an_several_joints", "ankle_foot", P, FEW, "NICE NG100", age=45,
      area_signs="several_joints"),
]  # fmt: skip

BENIGN_STORIES = [
    s("b_lb_lifting_strain", "low_back", C, None, "NICE NG59 low back pain", age=35),
    s("b_lb_menopause_sweats", "low_back", C, None, "NICE NG59 (night sweats are not fever)",
      age=52),
    s("b_lb_old_bump", "low_back", C, None, "NICE NG59", injury=EARLIER),
    s("b_lb_sometimes_night", "low_back", C, None, "NICE NG59", night_pain="sometimes"),
    s("b_lb_nights_position_eases", "low_back", C, None, "red-flags.md #11",
      night_pain="most_nights", rest_pain="no"),
    s("b_lb_pregnant_ache", "low_back", I, None, "NICE antenatal care", age=30,
      health_history="pregnant"),
    s("b_lb_thinner_no_injury", "low_back", I, None, "red-flags.md #22", age=72,
      health_history="blood_thinner"),
    s("b_lb_stiff_older", "low_back", I, None, "NICE NG59", age=60, area_signs="morning_stiff"),
    s("b_lb_recent_uti", "low_back", I, None, "red-flags.md #7 (risk alone)", age=44,
      health_history="recent_infection"),
    s("b_mb_desk", "mid_upper_back", C, None, "thoracic references", age=30),
    s("b_mb_old_fall", "mid_upper_back", C, None, "thoracic references", injury=EARLIER),
    s("b_neck_desk", "neck", C, None, IFOMPT, age=29),
    s("b_neck_older_no_signs", "neck", C, None, "NICE CKS GCA (no features)", age=58),
    s("b_neck_sometimes_night", "neck", C, None, IFOMPT, night_pain="sometimes"),
    s("b_sh_manual_worker", "shoulder", C, None, "CCGI shoulder pathway", age=45),
    s("b_sh_cuff_night", "shoulder", C, None, "CCGI shoulder pathway", night_pain="sometimes"),
    s("b_sh_frozen_nights", "shoulder", C, None, "CCGI shoulder pathway", age=52,
      night_pain="most_nights", rest_pain="no"),
    s("b_sh_older_no_fall", "shoulder", C, None, "CCGI shoulder pathway", age=70),
    s("b_el_tennis", "elbow", C, None, "NICE CKS lateral epicondylitis", age=44),
    s("b_el_old_knock", "elbow", C, None, "NICE CKS", injury=EARLIER),
    s("b_wr_carpal_tunnel", "wrist_hand", C, None, "NICE CKS carpal tunnel", age=48),
    s("b_wr_sprain_clear", "wrist_hand", C, None, "NICE NG38", age=25, injury=RECENT),
    s("b_wr_thinner_old_bump", "wrist_hand", I, None, "red-flags.md #22", age=70,
      health_history="blood_thinner", injury=EARLIER),
    s("b_hip_runner_glute", "hip", C, None, "sports medicine", age=30,
      area_signs="training_load", bone_spot_pain="no"),
    s("b_hip_oa", "hip", C, None, "NICE NG226 osteoarthritis", age=68),
    s("b_hip_teen_dancer", "hip", C, None, "NICE CKS childhood limp (no limp)", age=16),
    s("b_kn_runner", "knee", C, None, "NICE CKS knee pain", age=28),
    s("b_kn_sprain_ottawa_negative", "knee", C, None, "Ottawa knee rule", age=30,
      injury=RECENT),
    s("b_kn_tender_calf_strain", "knee", C, None, "NICE NG158 (no swelling, no risk)", age=34,
      body_signs="calf_tender"),
    s("b_kn_oa", "knee", C, None, "NICE NG226 osteoarthritis", age=66),
    s("b_ll_shin_splints", "lower_leg", C, None, "red-flags.md #18", age=21,
      area_signs="training_load", bone_spot_pain="no"),
    s("b_ll_calf_strain", "lower_leg", C, None, "NICE NG158", age=40, injury=RECENT,
      body_signs="calf_tender"),
    s("b_an_sprain_ottawa_negative", "ankle_foot", C, None, "Ottawa ankle rule", age=27,
      injury=RECENT),
    s("b_an_plantar_fascia", "ankle_foot", C, None, "NICE CKS plantar fasciitis", age=50),
    s("b_an_old_sprain", "ankle_foot", C, None, "Ottawa ankle rule", injury=EARLIER),
]  # fmt: skip

ALL_STORIES = RED_FLAG_STORIES + BENIGN_STORIES
