"""The rules for the spine: low back, mid and upper back, and neck (see `screening_rules.py`)."""

from clinic.intake.conditions import at_least, at_most, said
from clinic.intake.red_flags import (
    BACK,
    EMERGENCY,
    PHYSICIAN,
    SEE_DOCTOR_SOON,
    SEE_DOCTOR_TODAY,
    SPINE,
    Rule,
)
from clinic.intake.red_flags import make_rule as _rule

NECK = frozenset({"neck"})
MID = frozenset({"mid_upper_back"})
CARDIAC_REGIONS = frozenset({"mid_upper_back", "neck", "shoulder", "elbow"})
TRAUMA_VISCERA = frozenset({"shoulder", "mid_upper_back"})
AFTER_BLOW = TRAUMA_VISCERA | {"low_back"}
RECENT = ("major_recent", "minor_recent")
WEAKNESS = ("leg_weakness", "arm_weakness", "foot_drop")


SPINE_EMERGENCY: tuple[Rule, ...] = (
    _rule(
        "cauda_equina", EMERGENCY, BACK,
        "New numbness around your bottom or groin, or a change in bladder or bowel control, "
        "needs a doctor to check it straight away.",
        "Saddle anaesthesia and/or new bladder or bowel dysfunction: possible cauda equina.",
        "#1 (AHCPR; cliniborg)",
        all_of=(said("area_signs", "saddle_numbness", "bladder_bowel"),),
        supersedes=("bilateral_sciatica",),
    ),
    _rule(
        "rapid_weakness", EMERGENCY, SPINE,
        "Weakness in an arm or leg that is coming on quickly needs a doctor to check it "
        "straight away.",
        "Rapidly progressive limb weakness or foot drop.",
        "#2 (AHCPR)",
        all_of=(said("area_signs", *WEAKNESS), said("weakness_onset", "sudden")),
        supersedes=("progressive_weakness",),
    ),
    _rule(
        "cervical_arterial", EMERGENCY, NECK,
        "The new symptoms you told us about, such as dizziness, changes in sight or speech, or "
        "a sudden severe headache, need a doctor to check them straight away.",
        "Possible cervical arterial dysfunction / posterior circulation signs with neck pain.",
        "#4 (IFOMPT cervical framework 2023)",
        all_of=(said("body_signs", "dizziness", "double_vision", "speech_swallowing",
                     "drop_attacks", "face_numbness", "sudden_headache"),),
    ),
    _rule(
        "carotid_dissection", EMERGENCY, NECK,
        "A drooping eyelid, unequal pupils or a pulsing noise in one ear with neck pain needs "
        "a doctor to check it straight away.",
        "Ptosis/miosis or pulsatile tinnitus with neck pain: possible carotid dissection.",
        "#4 (IFOMPT cervical framework 2023: internal carotid signs)",
        all_of=(said("body_signs", "eyelid_pupil", "ear_pulsing"),),
    ),
    _rule(
        "cardiac", EMERGENCY, CARDIAC_REGIONS,
        "Chest pressure, new shortness of breath, sweating or feeling sick with the pain, or "
        "chest discomfort that comes with effort needs a doctor to check it straight away.",
        "Possible cardiac referral: chest pressure, dyspnoea, diaphoresis/nausea or exertional "
        "chest/jaw/arm discomfort.",
        "#5 (thoracic and shoulder references)",
        all_of=(said("body_signs", "chest_pressure", "breathless", "sweating_nausea",
                     "exertion"),),
    ),
    _rule(
        "aortic", EMERGENCY, BACK,
        "Sudden tearing pain in your back or belly, or a pulsing lump in your belly, needs a "
        "doctor to check it straight away.",
        "Possible aortic dissection or aneurysm: tearing pain or pulsatile abdominal mass.",
        "#6 (thoracic references)",
        all_of=(said("body_signs", "tearing_pain", "pulsing_lump"),),
    ),
    _rule(
        "major_trauma_spine", EMERGENCY, SPINE,
        "Back or neck pain that began with a crash, a big fall or a hard blow in the last two "
        "weeks needs a doctor to check it straight away.",
        "Spinal pain after major trauma within 2 weeks: possible fracture or instability.",
        "#12 (AHCPR)",
        all_of=(said("injury", "major_recent"),),
        supersedes=("major_trauma", "major_trauma_recent"),
    ),
    _rule(
        "neck_injury_nerve_signs", EMERGENCY, NECK,
        "Numbness or pins and needles in your arms or legs since a neck injury needs a doctor "
        "to check it straight away.",
        "Paraesthesia in the extremities after neck injury: high risk under the Canadian "
        "C-spine rule.",
        "Canadian C-spine rule (Stiell 2001)",
        all_of=(said("injury", *RECENT), said("neck_injury_signs", "numb_limbs")),
        supersedes=("neck_injury_imaging",),
    ),
    _rule(
        "visceral_after_trauma", EMERGENCY, AFTER_BLOW,
        "Feeling faint, pain at the tip of the shoulder, or belly pain after a blow needs a "
        "doctor to check it straight away.",
        "After trauma: light-headedness, shoulder-tip pain (Kehr's sign) or abdominal pain: "
        "possible internal bleeding (spleen, liver).",
        "#20; ATLS (Kehr's sign in splenic injury)",
        all_of=(said("injury", *RECENT),
                said("after_blow_signs", "light_headed", "shoulder_tip", "belly_pain")),
    ),
)  # fmt: skip

SPINE_PHYSICIAN: tuple[Rule, ...] = (
    _rule(
        "progressive_weakness", PHYSICIAN, SPINE,
        "Weakness in an arm or leg, even when it comes on slowly, should be checked by a doctor.",
        "Progressive limb weakness or foot drop: neurological deficit.",
        "#2 (AHCPR)",
        all_of=(said("area_signs", *WEAKNESS),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "myelopathy", PHYSICIAN, NECK | MID,
        "Clumsy hands, unsteady walking, pins and needles in both hands or electric-shock "
        "feelings should be checked by a doctor soon.",
        "Possible myelopathy: hand clumsiness, bilateral hand paraesthesia, gait disturbance "
        "or Lhermitte's sign.",
        "#3 (myelopathy references)",
        all_of=(said("area_signs", "clumsy_hands", "unsteady_walking", "electric_shocks",
                     "both_arms"),),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "bilateral_sciatica", PHYSICIAN, frozenset({"low_back"}),
        "Pain, numbness or pins and needles down both legs should be checked by a doctor "
        "today. If you then notice numbness around your bottom or a change in bladder or "
        "bowel control, go to an emergency department at once.",
        "Bilateral radicular symptoms: cauda equina warning (CES-suspected); same-day "
        "assessment and safety-netting.",
        "#1; Finucane 2020 spinal red flags framework; GIRFT suspected CES pathway",
        all_of=(said("area_signs", "both_legs"),), action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "inflammatory_back_pain", PHYSICIAN, SPINE,
        "Long morning stiffness that eases as you move, at your age, should be checked by a "
        "doctor, who may look for an inflammatory cause.",
        "Age under 45 with morning stiffness >30 min easing with movement: inflammatory back "
        "pain pattern.",
        "NICE NG65 spondyloarthritis; ASAS criteria",
        all_of=(at_most("age", 44), said("area_signs", "morning_stiff")),
        supersedes=("morning_stiffness",),
    ),
    _rule(
        "visceral_referral", PHYSICIAN, TRAUMA_VISCERA,
        "Pain that changes with eating, or stays the same however you move, should be checked "
        "by a doctor.",
        "Pain linked to eating, or unaffected by movement: possible visceral referral.",
        "#20 (shoulder references)",
        all_of=(said("body_signs", "eating", "unchanged_by_movement"),),
    ),
    _rule(
        "urinary_referral", PHYSICIAN, frozenset({"low_back"}),
        "Pain or burning when you pee, or blood in your pee, should be checked by a doctor.",
        "Dysuria or haematuria with low back pain: possible renal or urinary tract cause.",
        "#20 (visceral referral), for the low back",
        all_of=(said("body_signs", "urine"),),
    ),
    _rule(
        "neck_injury_imaging", PHYSICIAN, NECK,
        "After a neck injury, your answers mean a doctor should check today whether you need "
        "an X-ray.",
        "Neck injury within 2 weeks with age 65+ or unable to rotate 45° each way: imaging "
        "indicated by the Canadian C-spine rule.",
        "Canadian C-spine rule (Stiell 2001)",
        all_of=(said("injury", *RECENT),),
        any_of=(at_least("age", 65), said("neck_injury_signs", "cant_turn")),
        action=SEE_DOCTOR_TODAY,
    ),
)  # fmt: skip
