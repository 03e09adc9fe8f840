"""The rules for the arm and leg regions, and the hip (see `screening_rules.py` for the rest)."""

from clinic.intake.conditions import at_least, at_most, said
from clinic.intake.red_flags import (
    EMERGENCY,
    LEGS,
    LIMBS,
    PHYSICIAN,
    SEE_DOCTOR_SOON,
    SEE_DOCTOR_TODAY,
    VISIBLE_JOINTS,
    Rule,
)
from clinic.intake.red_flags import make_rule as _rule

RECENT = ("major_recent", "minor_recent")
ANY_INJURY = (*RECENT, "major_earlier", "minor_earlier")
HIP = frozenset({"hip"})
KNEE = frozenset({"knee"})
ELBOW = frozenset({"elbow"})
ACHILLES = frozenset({"lower_leg", "ankle_foot"})
CHILD_HIP = frozenset({"hip", "knee"})
AVN = frozenset({"hip", "knee", "shoulder"})
WEAKNESS = ("leg_weakness", "arm_weakness", "foot_drop")
CALF = ("calf_swollen", "calf_warm_red", "calf_tender")

LIMB_EMERGENCY: tuple[Rule, ...] = (
    _rule(
        "septic_joint", EMERGENCY, VISIBLE_JOINTS,
        "A hot, swollen joint together with a fever needs a doctor to check it straight away.",
        "Hot, swollen joint with fever: possible septic arthritis or bursitis.",
        "#8 (CCGI shoulder pathway 2024), widened to wrist/hand and ankle/foot; NICE CKS "
        "septic arthritis",
        all_of=(said("area_signs", "hot_swollen"), said("fever", "yes", "very_unwell")),
        supersedes=("hot_swollen_joint", "infection"),
    ),
    _rule(
        "joint_deformity", EMERGENCY, VISIBLE_JOINTS,
        "A joint that looks out of place, or that you can't move at all after an injury, "
        "needs a doctor to check it straight away.",
        "Visible deformity or total loss of movement after injury: possible dislocation or "
        "fracture.",
        "#15 (CCGI shoulder pathway 2024), widened to wrist/hand",
        all_of=(said("injury", *RECENT), said("joint_deformity", "yes")),
    ),
    _rule(
        "joint_cant_move", EMERGENCY, frozenset({"shoulder", "elbow"}),
        "A joint that you can't move at all since an injury needs a doctor to check it "
        "straight away.",
        "Total loss of movement after injury: possible dislocation or fracture.",
        "#15 (CCGI shoulder pathway 2024)",
        all_of=(said("injury", *RECENT), said("cant_move", "yes")),
    ),
    _rule(
        "pe_signs", EMERGENCY, LEGS,
        "New shortness of breath, chest pain or coughing up blood needs a doctor to check it "
        "straight away.",
        "Dyspnoea, chest pain or haemoptysis with a leg complaint: possible pulmonary embolism.",
        "#16 (DVT references), widened to the hip",
        all_of=(said("body_signs", *CALF), said("breathless_chest_pain", "yes")),
        supersedes=("dvt", "dvt_risk"),
    ),
    _rule(
        "compartment", EMERGENCY, frozenset({"lower_leg", "elbow", "wrist_hand"}),
        "Pain far worse than the injury explains, with tight swelling, numbness or pale skin, "
        "needs a doctor to check it straight away.",
        "Pain out of proportion with tense swelling or neurovascular change: possible "
        "compartment syndrome.",
        "#17 (compartment syndrome references)",
        all_of=(said("compartment_signs", "out_of_proportion"),),
        any_of=(said("compartment_signs", "tight_swelling", "numb_pale"),),
    ),
    _rule(
        "hip_fracture", EMERGENCY, HIP,
        "Not being able to walk on the leg, or a leg that looks shorter or turned out after a "
        "fall or injury, needs a doctor to check it straight away.",
        "After a fall/injury: unable to weight-bear, or shortened externally rotated leg: "
        "possible hip fracture.",
        "NICE CG124 hip fracture",
        all_of=(said("injury", *RECENT),),
        any_of=(said("cannot_walk", "yes"), said("leg_turned", "yes"),
                said("area_signs", "cant_bear_weight")),
        supersedes=("fall_older_adult", "fragility_fracture", "major_trauma_recent"),
    ),
)  # fmt: skip

LIMB_PHYSICIAN: tuple[Rule, ...] = (
    _rule(
        "hot_swollen_joint", PHYSICIAN, VISIBLE_JOINTS | {"lower_leg"},
        "A swollen area that feels hot should be checked by a doctor soon.",
        "Hot, swollen joint or limb without fever: rule out infection, crystal or inflammatory "
        "arthritis, cellulitis.",
        "#8 (CCGI shoulder pathway 2024), widened to wrist/hand, lower leg and ankle/foot",
        all_of=(said("area_signs", "hot_swollen"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "septic_hip", PHYSICIAN, HIP,
        "A fever with hip pain should be checked by a doctor today.",
        "Fever with hip pain (a hip joint can't be seen to be hot or swollen): possible septic "
        "arthritis of the hip.",
        "NICE CKS septic arthritis",
        all_of=(said("fever", "yes"),),
        action=SEE_DOCTOR_TODAY, supersedes=("infection", "hip_weight_bearing"),
    ),
    _rule(
        "hip_weight_bearing", PHYSICIAN, HIP,
        "Not being able to put your full weight on the leg should be checked by a doctor today.",
        "Unable to weight-bear on the hip without a known injury: rule out occult or stress "
        "fracture, septic arthritis, avascular necrosis.",
        "NICE CKS hip pain in adults; NICE CKS acute childhood limp",
        all_of=(said("area_signs", "cant_bear_weight"),), action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "child_fever_limp", PHYSICIAN, LEGS,
        "A child with a fever who limps or won't stand on the leg should be seen by a doctor "
        "today.",
        "Child with fever and limp or refusal to weight-bear: possible septic arthritis or "
        "osteomyelitis (Kocher).",
        "NICE CKS acute childhood limp; Kocher criteria",
        all_of=(at_most("age", 17), said("fever", "yes")),
        any_of=(said("child_signs", "limp", "wont_bear_weight"),
                said("area_signs", "cant_bear_weight")),
        action=SEE_DOCTOR_TODAY, supersedes=("infection", "child_limp"),
    ),
    _rule(
        "child_limp", PHYSICIAN, CHILD_HIP,
        "A child or teenager with hip, thigh or knee pain and a limp should be seen by a doctor "
        "today.",
        "Child/adolescent with hip, thigh or knee pain and limp or refusal to weight-bear: "
        "possible SCFE or Perthes.",
        "NICE CKS acute childhood limp; BSCOS paediatric orthopaedic guidance (SCFE)",
        all_of=(at_most("age", 17), said("child_signs", "limp", "wont_bear_weight")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "avascular_necrosis", PHYSICIAN, AVN,
        "Hip, knee or shoulder pain when you have taken steroid tablets should be checked by a "
        "doctor.",
        "Hip, knee or shoulder pain with corticosteroid use: possible avascular necrosis.",
        "NICE CKS hip pain in adults (avascular necrosis)",
        all_of=(said("health_history", "steroids"),),
    ),
    _rule(
        "femoral_stress_fracture", PHYSICIAN, HIP,
        "Hip or groin pain that came with more running and hurts to hop on should be checked "
        "by a doctor today, and until then please rest from running.",
        "Exercise-related groin pain with pain on hopping: possible femoral neck stress "
        "fracture.",
        "#18 (stress fracture), for the femoral neck (high-risk site)",
        all_of=(said("area_signs", "training_load"), said("bone_spot_pain", "yes")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "stress_fracture", PHYSICIAN, ACHILLES,
        "One spot on the bone that hurts a lot to press or hop on should be checked by a "
        "doctor.",
        "Focal bony tenderness or pain on hopping: possible stress fracture.",
        "#18 (shin references)",
        all_of=(said("bone_spot_pain", "yes"),),
    ),
    _rule(
        "ottawa_knee", PHYSICIAN, KNEE,
        "After a knee injury, your answers mean a doctor should check whether you need an "
        "X-ray.",
        "Ottawa knee rule positive (age ≥55, fibular head or isolated patellar tenderness, "
        "flexion <90° or unable to weight-bear 4 steps): X-ray indicated.",
        "#14 (Ottawa knee rule; ALiEM)",
        all_of=(said("injury", *RECENT),),
        any_of=(at_least("age", 55), said("cannot_walk", "yes"),
                said("knee_bony_tender", "kneecap", "fibula_head"), said("knee_cant_bend", "yes")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "ottawa_ankle", PHYSICIAN, frozenset({"ankle_foot"}),
        "After an ankle or foot injury, your answers mean a doctor should check whether you "
        "need an X-ray.",
        "Ottawa ankle/foot rule positive (malleolar or midfoot bony tenderness, or unable to "
        "weight-bear 4 steps): X-ray indicated.",
        "#14 (Ottawa ankle rule; ALiEM)",
        all_of=(said("injury", *RECENT),),
        any_of=(said("cannot_walk", "yes"),
                said("ankle_bony_tender", "outer_ankle_bone", "inner_ankle_bone",
                     "outer_midfoot", "inner_midfoot")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "leg_fracture", PHYSICIAN, frozenset({"lower_leg"}),
        "Not being able to take four steps since a leg injury should be checked by a doctor "
        "soon, who may arrange an X-ray.",
        "Unable to weight-bear after a lower-leg injury: possible tibial or fibular fracture.",
        "#14 (Ottawa weight-bearing criterion), for the lower leg",
        all_of=(said("injury", *RECENT), said("cannot_walk", "yes")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "knee_haemarthrosis", PHYSICIAN, KNEE,
        "A knee that swelled up a lot within hours of an injury should be checked by a doctor "
        "soon.",
        "Rapid large effusion within hours of injury: possible haemarthrosis.",
        "#19 (general)",
        all_of=(said("injury", *RECENT), said("knee_rapid_swelling", "yes")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "knee_locked", PHYSICIAN, KNEE | ELBOW,
        "A joint that is stuck and won't straighten should be checked by a doctor soon.",
        "Locked joint (cannot fully extend): possible mechanical block.",
        "#19 (general), widened to the elbow",
        all_of=(said("area_signs", "stuck"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "achilles_rupture", PHYSICIAN, ACHILLES,
        "A snap or kick felt at the back of the ankle, or not being able to rise on your toes, "
        "should be checked by a doctor soon.",
        "Sudden posterior ankle 'kick' or snap, or unable to single-leg heel raise: possible "
        "Achilles tendon rupture.",
        "NICE CKS Achilles tendinopathy (suspected rupture)",
        all_of=(said("injury", *ANY_INJURY), said("achilles_signs", "kick_snap", "no_tiptoe")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "biceps_rupture", PHYSICIAN, ELBOW,
        "A pop at the front of the elbow, or a new bulge or bruise there, should be checked by "
        "a doctor soon.",
        "Pop at the antecubital fossa on eccentric load, bruising or a 'Popeye' bulge: possible "
        "distal biceps rupture (repair is time-sensitive).",
        "BESS/BOA guidance on distal biceps tendon rupture",
        all_of=(said("injury", *ANY_INJURY), said("biceps_signs", "pop_front", "bulge_bruise")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "scaphoid_fracture", PHYSICIAN, frozenset({"wrist_hand"}),
        "After a wrist injury, pain at the base of the thumb should be checked by a doctor "
        "soon, who may arrange an X-ray.",
        "Anatomical snuffbox tenderness or radial wrist pain on grip after injury: possible "
        "scaphoid fracture.",
        "NICE NG38 fractures (non-complex): suspected scaphoid fracture",
        all_of=(said("injury", *ANY_INJURY),
                said("scaphoid_signs", "snuffbox", "thumb_side_grip")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "dvt", PHYSICIAN, LEGS,
        "A calf or leg that is more swollen than the other, or warm or red, should be checked "
        "by a doctor today.",
        "Unilateral calf/leg swelling, warmth or redness: rule out DVT same day.",
        "#16 (DVT references); NICE NG158",
        all_of=(said("body_signs", "calf_swollen", "calf_warm_red"),),
        action=SEE_DOCTOR_TODAY, supersedes=("dvt_risk",),
    ),
    _rule(
        "dvt_risk", PHYSICIAN, LEGS,
        "A sore calf after an operation, a cast, a hospital stay, or during pregnancy or "
        "cancer treatment should be checked by a doctor today.",
        "Calf tenderness with a VTE risk factor (recent surgery/immobilisation, cancer, "
        "pregnancy): rule out DVT.",
        "#16; NICE NG158 (two-level Wells score risk factors)",
        all_of=(said("body_signs", "calf_tender"),
                said("health_history", "recent_surgery", "cancer", "pregnant")),
        action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "peripheral_arterial", PHYSICIAN, LEGS,
        "Cramping pain on walking that goes when you stand still should be checked by a "
        "doctor.",
        "Intermittent claudication (calf, thigh or buttock): possible peripheral arterial "
        "disease.",
        "NICE CG147 peripheral arterial disease",
        all_of=(said("body_signs", "walking_cramp"),),
    ),
    _rule(
        "sudden_limb_weakness", PHYSICIAN, LIMBS,
        "An arm, hand, leg or foot that has become weak quickly should be checked by a doctor "
        "today.",
        "Rapid-onset limb weakness or foot drop: nerve compression or central cause.",
        "#2 (AHCPR), for the limbs",
        all_of=(said("area_signs", *WEAKNESS), said("weakness_onset", "sudden")),
        action=SEE_DOCTOR_TODAY, supersedes=("limb_weakness",),
    ),
    _rule(
        "limb_weakness", PHYSICIAN, LIMBS,
        "An arm, hand, leg or foot that is getting weaker, or a foot that drags, should be "
        "checked by a doctor.",
        "Progressive limb weakness or foot drop: neurological deficit.",
        "#2 (AHCPR), for the limbs",
        all_of=(said("area_signs", *WEAKNESS),),
    ),
    _rule(
        "inflammatory_arthritis", PHYSICIAN, LIMBS - {"lower_leg"},
        "Several swollen or painful joints should be checked by a doctor, who may look for an "
        "inflammatory cause.",
        "Several joints painful or swollen: possible inflammatory arthritis; refer if "
        "persistent synovitis.",
        "NICE NG100 rheumatoid arthritis; ACR/EULAR 2010 classification",
        all_of=(said("area_signs", "several_joints"),), supersedes=("morning_stiffness",),
    ),
    _rule(
        "bone_lump", PHYSICIAN, LIMBS,
        "A hard lump on or near the bone that is new or growing should be checked by a doctor, "
        "who may arrange an X-ray.",
        "New or enlarging firm swelling on bone: rule out bone tumour (very urgent X-ray in "
        "the young).",
        "NICE NG12 suspected cancer (sarcoma)",
        all_of=(said("area_signs", "lump"),),
    ),
)  # fmt: skip
