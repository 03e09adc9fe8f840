"""The rule table: rules for every region here, spinal ones in `screening_rules_spine.py`, limb
ones in `screening_rules_limbs.py`.

Each rule reads answers of the safety check (`questions_safety.py`) by question id and choice
value, and names its source: a row of /work/shared/reference/red-flags.md ("#n") or the
guideline it follows. docs/screening.md lists every rule with its region, level and urgency.
A rule that reads a follow-up also reads the follow-up's parent, so an answer given out of turn
(to a question that was never shown) cannot fire it.
"""

from clinic.intake.conditions import at_least, at_most, not_said, said
from clinic.intake.red_flags import (
    ARM,
    BACK,
    EMERGENCY,
    INFORM,
    LIMBS,
    PHYSICIAN,
    SEE_DOCTOR_SOON,
    SEE_DOCTOR_TODAY,
    SPINE,
    Rule,
)
from clinic.intake.red_flags import make_rule as _rule
from clinic.intake.screening_rules_limbs import LIMB_EMERGENCY, LIMB_PHYSICIAN
from clinic.intake.screening_rules_spine import SPINE_EMERGENCY, SPINE_PHYSICIAN

PREGNANCY_REGIONS = frozenset({"low_back", "mid_upper_back", "hip"})
OVER_50_REGIONS = frozenset({"neck", "shoulder", "hip"})
FRAGILE = BACK | {"hip", "wrist_hand", "shoulder"}


def health(*values: str):
    return said("health_history", *values)


GENERAL_EMERGENCY: tuple[Rule, ...] = (
    _rule(
        "self_harm", EMERGENCY, None,
        "Thank you for telling us. You deserve support right now. Please call or text 988, "
        "the Suicide & Crisis Lifeline, any time of day or night. If you are in immediate "
        "danger, call 911.",
        "Reports thoughts of self-harm or suicide. Contact the patient; 988 given.",
        "#25 (general safety)",
        all_of=(said("self_harm", "yes"),), action="",
    ),
    _rule(
        "infection_very_unwell", EMERGENCY, None,
        "A fever while you feel very unwell needs a doctor to check it straight away.",
        "Fever and feels very unwell: possible systemic infection or sepsis.",
        "#7 (AHCPR), widened from spine to all regions",
        all_of=(said("fever", "very_unwell"),),
        supersedes=("infection", "spinal_infection", "septic_hip", "child_fever_limp"),
    ),
    _rule(
        "post_op_pe", EMERGENCY, None,
        "New shortness of breath, chest pain or coughing up blood after an operation or a "
        "stay in hospital needs a doctor to check it straight away.",
        "Dyspnoea, chest pain or haemoptysis within 3 months of surgery, a cast or admission: "
        "possible pulmonary embolism.",
        "#16; NICE NG158 venous thromboembolic diseases",
        all_of=(health("recent_surgery"), said("after_surgery_signs", "breathless")),
        supersedes=("post_op_dvt",),
    ),
    _rule(
        "bleed_with_nerve_signs", EMERGENCY, None,
        "On a blood thinner, quick swelling or a large bruise with numbness or weakness "
        "below it needs a doctor to check it straight away.",
        "Anticoagulated, rapid swelling or large bruise with distal numbness/weakness: possible "
        "muscle haematoma compressing a nerve.",
        "#22; NICE CKS anticoagulation (bleeding)",
        all_of=(health("blood_thinner"), said("bleeding_signs", "numb_weak")),
        any_of=(said("bleeding_signs", "fast_swelling", "big_bruise"),),
        supersedes=("anticoagulant_bleeding", "anticoagulant"),
    ),
    _rule(
        "pregnancy_warning", EMERGENCY, PREGNANCY_REGIONS,
        "In pregnancy or just after birth, bleeding, leaking fluid, regular tightening pains, "
        "a bad headache, changes in sight or sudden swelling need checking straight away. "
        "You can also call your maternity unit on the way.",
        "Pregnant/postpartum with bleeding, fluid loss, regular contractions, or headache, "
        "visual change or oedema: possible preterm labour or pre-eclampsia.",
        "#23; ACOG and NICE antenatal care warning signs",
        all_of=(health("pregnant"),
                said("pregnancy_signs", "bleeding", "tightening", "headache_vision")),
        supersedes=("pregnancy",),
    ),
    _rule(
        "stroke_signs", EMERGENCY, ARM,
        "Sudden weakness or numbness on one side, or sudden trouble speaking, needs a doctor "
        "to check it straight away.",
        "Sudden unilateral face/arm/leg weakness or numbness or speech disturbance: possible "
        "stroke (FAST).",
        "#4; NICE NG128 stroke",
        all_of=(said("body_signs", "stroke"),),
    ),
    _rule(
        "limb_ischaemia", EMERGENCY, LIMBS,
        "A hand or foot that has suddenly gone cold, pale or blue needs a doctor to check it "
        "straight away.",
        "Sudden cold, pale or blue extremity: possible acute limb ischaemia.",
        "NICE CG147 peripheral arterial disease (acute limb ischaemia)",
        all_of=(said("body_signs", "cold_pale"),),
    ),
    _rule(
        "giant_cell_arteritis_vision", EMERGENCY, OVER_50_REGIONS,
        "Changes in your sight at your age, with this problem, need a doctor to check them "
        "straight away.",
        "Age 50+ with visual disturbance: possible giant cell arteritis threatening sight.",
        "NICE CKS giant cell arteritis; BSR 2020 guideline",
        all_of=(at_least("age", 50), said("over_50_signs", "vision_loss")),
        supersedes=("giant_cell_arteritis",),
    ),
)  # fmt: skip

GENERAL_PHYSICIAN: tuple[Rule, ...] = (
    _rule(
        "spinal_infection", PHYSICIAN, SPINE,
        "A fever along with back or neck pain, when infections are more likely for you, "
        "should be checked by a doctor today.",
        "Fever with spinal pain and an infection risk (immune suppression, injecting drugs, "
        "recent infection or surgery): possible spinal infection.",
        "#7 (AHCPR); Finucane 2020 spinal red flags framework",
        all_of=(said("fever", "yes"),
                health("weak_immunity", "injecting_drugs", "recent_infection",
                       "recent_surgery")),
        action=SEE_DOCTOR_TODAY,
        supersedes=("infection", "infection_risk", "spinal_infection_risk"),
    ),
    _rule(
        "spinal_infection_risk", PHYSICIAN, SPINE,
        "Back or neck pain when infections are more likely for you should be checked by a "
        "doctor, even without a fever.",
        "Spinal pain with immune suppression or injecting drug use (fever is often absent in "
        "spinal infection).",
        "#7 (AHCPR); Finucane 2020 spinal red flags framework",
        all_of=(health("weak_immunity", "injecting_drugs"),), supersedes=("infection_risk",),
    ),
    _rule(
        "infection", PHYSICIAN, None,
        "A fever or shaking chills along with your pain should be checked by a doctor.",
        "Fever or rigors in the last 2 weeks: screen for infection.",
        "#7 (AHCPR), widened from spine to all regions",
        all_of=(said("fever", "yes", "very_unwell"),),
    ),
    _rule(
        "cancer_history", PHYSICIAN, None,
        "Because you have been treated for cancer before, we'd like a doctor to check this "
        "new pain first.",
        "History of cancer with new musculoskeletal pain.",
        "#9 (AHCPR)",
        all_of=(health("cancer"),),
    ),
    _rule(
        "weight_loss", PHYSICIAN, None,
        "Weight loss you can't explain should be checked by a doctor.",
        "Unexplained weight loss in recent months.",
        "#10 (AHCPR)",
        all_of=(health("weight_loss"),),
    ),
    _rule(
        "non_mechanical_pain", PHYSICIAN, None,
        "Pain that wakes you most nights and that no position eases should be checked by a "
        "doctor.",
        "Night pain most nights, unrelieved by rest or position: non-mechanical pattern.",
        "#11 (Physiopedia)",
        all_of=(said("night_pain", "most_nights"), said("rest_pain", "yes")),
    ),
    _rule(
        "night_bone_pain_young", PHYSICIAN, None,
        "At your age, pain that wakes you most nights should be checked by a doctor, who may "
        "arrange an X-ray.",
        "Age 24 or under with night pain most nights: rule out bone tumour.",
        "NICE NG12 suspected cancer (bone sarcoma in children and young people)",
        all_of=(at_most("age", 24), said("night_pain", "most_nights")),
    ),
    _rule(
        "major_trauma_recent", PHYSICIAN, None,
        "Pain that began with a crash, a big fall or a hard blow in the last two weeks should "
        "be checked by a doctor today, who may arrange an X-ray or scan.",
        "Major trauma within 2 weeks (vehicle collision, fall from height, hard blow).",
        "#12 (AHCPR)",
        all_of=(said("injury", "major_recent"),), action=SEE_DOCTOR_TODAY,
        supersedes=("major_trauma",),
    ),
    _rule(
        "major_trauma", PHYSICIAN, None,
        "Pain that began with a crash, a big fall or a hard blow should be checked by a "
        "doctor, who may arrange an X-ray or scan.",
        "Onset with major trauma (vehicle collision, fall from height, hard blow).",
        "#12 (AHCPR)",
        all_of=(said("injury", "major_recent", "major_earlier"),),
    ),
    _rule(
        "fall_older_adult", PHYSICIAN, FRAGILE,
        "At your age, pain after a fall or a knock in the last two weeks should be checked by "
        "a doctor today, who may arrange an X-ray.",
        "Age 65+ with pain after a low-energy injury within 2 weeks: possible fragility "
        "fracture (hip, wrist, shoulder, spine).",
        "#13; NICE CG124 hip fracture",
        all_of=(at_least("age", 65), said("injury", "minor_recent")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "fragility_fracture", PHYSICIAN, FRAGILE,
        "With thin bones or long-term steroids, pain that began after a small fall, a twist "
        "or a lift should be checked by a doctor, who may arrange an X-ray.",
        "Osteoporosis or long-term oral steroids with onset after minor trauma: possible "
        "fragility fracture.",
        "#13 (AHCPR), widened to the hip, wrist and shoulder",
        all_of=(health("thin_bones", "steroids"),
                said("injury", "minor_recent", "minor_earlier")),
        action=SEE_DOCTOR_SOON, supersedes=("bone_health",),
    ),
    _rule(
        "anticoagulant_bleeding", PHYSICIAN, None,
        "Because you take a blood thinner, swelling, a large bruise or an injury should be "
        "checked by a doctor today.",
        "On anticoagulants with swelling, bruising, nerve signs or recent/major trauma: rule "
        "out bleeding.",
        "#22 (general)",
        all_of=(health("blood_thinner"),),
        any_of=(said("bleeding_signs", "fast_swelling", "big_bruise", "numb_weak"),
                said("injury", "major_recent", "major_earlier", "minor_recent")),
        action=SEE_DOCTOR_TODAY, supersedes=("anticoagulant",),
    ),
    _rule(
        "post_op_wound", PHYSICIAN, None,
        "A wound or scar that is red, hot, leaking or opening should be checked by a doctor "
        "today.",
        "Post-operative wound erythema, heat, discharge or dehiscence: possible surgical site "
        "or prosthetic joint infection.",
        "NICE NG125 surgical site infections",
        all_of=(health("recent_surgery"), said("after_surgery_signs", "wound")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "post_op_dvt", PHYSICIAN, None,
        "A calf or leg that has become swollen, warm or sore after an operation or a stay in "
        "hospital should be checked by a doctor today.",
        "Calf/leg swelling, warmth or pain within 3 months of surgery, a cast or admission: "
        "rule out DVT.",
        "#16; NICE NG158 venous thromboembolic diseases",
        all_of=(health("recent_surgery"), said("after_surgery_signs", "calf")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "giant_cell_arteritis", PHYSICIAN, OVER_50_REGIONS,
        "A new headache at the temples, or a jaw that aches when you chew, should be checked "
        "by a doctor today.",
        "Age 50+ with new temporal headache/scalp tenderness or jaw claudication: possible "
        "giant cell arteritis.",
        "NICE CKS giant cell arteritis; BSR 2020 guideline",
        all_of=(at_least("age", 50), said("over_50_signs", "temple_headache", "jaw_chewing")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "polymyalgia", PHYSICIAN, OVER_50_REGIONS,
        "Aching and long stiffness in both shoulders or both hips should be checked by a "
        "doctor.",
        "Age 50+ with bilateral shoulder/hip girdle pain and morning stiffness >45 min: "
        "possible polymyalgia rheumatica.",
        "NICE CKS polymyalgia rheumatica; BSR guideline",
        all_of=(at_least("age", 50), said("over_50_signs", "girdle_stiffness")),
    ),
)  # fmt: skip

INFORM_RULES: tuple[Rule, ...] = (
    _rule(
        "age_new_back_pain", INFORM, SPINE, "",
        "New spinal pain (first episode, under 6 weeks) at age under 20 or over 50.",
        "#21 (AHCPR)",
        all_of=(said("duration", "under_6_weeks"), not_said("previous_episodes", "yes")),
        any_of=(at_most("age", 19), at_least("age", 51)),
    ),
    _rule(
        "pregnancy", INFORM, PREGNANCY_REGIONS, "",
        "Pregnant or given birth in the last 6 months.",
        "#23 (general)",
        all_of=(health("pregnant"),),
    ),
    _rule(
        "distress", INFORM, None, "",
        "Feels worried, low or wary of moving 'a lot' because of this problem (single item, "
        "not a validated tool): explore yellow flags.",
        "#24 (Keele), one item of our own instead of STarT Back",
        all_of=(said("worry_mood", "a_lot"),),
    ),
    _rule(
        "infection_risk", INFORM, SPINE, "",
        "Infection risk: recent infection, weak immunity or injecting drugs.",
        "#7 (AHCPR)",
        all_of=(health("recent_infection", "weak_immunity", "injecting_drugs"),),
    ),
    _rule(
        "anticoagulant", INFORM, None, "",
        "Takes a blood thinner: bleeding risk with manual therapy and injury.",
        "#22 (general)",
        all_of=(health("blood_thinner"),),
    ),
    _rule(
        "bone_health", INFORM, None, "",
        "Osteoporosis or long-term oral steroids: fracture risk.",
        "#13 (AHCPR)",
        all_of=(health("thin_bones", "steroids"),),
    ),
    _rule(
        "morning_stiffness", INFORM, SPINE | {"wrist_hand", "hip"}, "",
        "Morning stiffness over 30 minutes easing with movement: consider an inflammatory "
        "cause.",
        "NICE NG100 rheumatoid arthritis; NICE NG65 spondyloarthritis",
        all_of=(said("area_signs", "morning_stiff"),),
    ),
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    *GENERAL_EMERGENCY,
    *SPINE_EMERGENCY,
    *LIMB_EMERGENCY,
    *GENERAL_PHYSICIAN,
    *SPINE_PHYSICIAN,
    *LIMB_PHYSICIAN,
    *INFORM_RULES,
)
