"""The follow-up questions of the safety check: each shown only when an earlier answer calls
for it (`Question.shown_if`), placed after that answer by `questions_safety.safety_page`.

Yes comes before No everywhere, and "No" or "None of these" is always the last choice; on a
yes/no follow-up, "yes" is always the warning sign.
"""

from dataclasses import replace

from clinic.intake.conditions import Condition, at_least, at_most, said
from clinic.intake.questions import Question
from clinic.intake.questions_core import pick_any, pick_one, yes_no


def follows(question: Question, *conditions: Condition) -> Question:
    """`question` as a follow-up, shown when any of `conditions` holds."""
    return replace(question, shown_if=conditions, safety=True)


def checklist(question_id: str, text: str, options, *, hint: str = "") -> Question:
    return pick_any(question_id, text, options, hint=hint or "Choose all that apply.", safety=True)


INJURY_RECENT = ("major_recent", "minor_recent")
INJURY_ANY = (*INJURY_RECENT, "major_earlier", "minor_earlier")

# --- Follow-ups asked in every region -------------------------------------------------------

BLEEDING_SIGNS = follows(
    checklist(
        "bleeding_signs",
        "Because you take a blood thinner: since this began, have you noticed any of these?",
        (
            ("fast_swelling", "The painful area swelled up quickly, or feels tight and full"),
            ("big_bruise", "A large bruise, bigger than the palm of your hand"),
            ("numb_weak", "Numbness or weakness below the painful area"),
        ),
    ),
    said("health_history", "blood_thinner"),
)
AFTER_SURGERY_SIGNS = follows(
    checklist(
        "after_surgery_signs",
        "Since your operation, cast or hospital stay, have you noticed any of these?",
        (
            ("wound", "The wound or scar has become red, hot, leaking or is opening up"),
            ("calf", "One calf or leg has become swollen, warm or sore"),
            ("breathless", "New shortness of breath or chest pain, or coughing up blood"),
        ),
    ),
    said("health_history", "recent_surgery"),
)
REST_PAIN = follows(
    yes_no(
        "rest_pain",
        "When you lie still at night, does the pain stay just as bad whatever position you try?",
        hint="Answer no if some position, or keeping still, eases it.",
    ),
    said("night_pain", "most_nights"),
)
WEAKNESS_ONSET = follows(
    pick_one(
        "weakness_onset",
        "How did the weakness come on?",
        (
            ("sudden", "Quickly, over hours or days, or it is getting worse fast"),
            ("gradual", "Slowly, over weeks or longer"),
        ),
    ),
    said("area_signs", "leg_weakness", "arm_weakness", "foot_drop"),
)
CHILD_SIGNS = follows(
    checklist(
        "child_signs",
        "For a child or teenager: have you noticed any of these?",
        (
            ("limp", "Limping, or walking differently from usual"),
            ("wont_bear_weight", "Won't or can't stand or walk on that leg"),
        ),
    ),
    at_most("age", 17),
)
OVER_50_SIGNS = follows(
    checklist(
        "over_50_signs",
        "Since this began, have you had any of these?",
        (
            ("temple_headache", "A new headache at the temples, or a tender scalp"),
            ("jaw_chewing", "Your jaw aches when you chew, and eases when you stop"),
            ("vision_loss", "Blurred, double or lost vision, even for a few minutes"),
            ("girdle_stiffness", "Both shoulders or both hips ache and are stiff for more than "
             "45 minutes after getting up"),
        ),
    ),
    at_least("age", 50),
)  # fmt: skip
PREGNANCY_SIGNS = follows(
    checklist(
        "pregnancy_signs",
        "Because you are pregnant or have just had a baby: have you had any of these?",
        (
            ("bleeding", "Bleeding from the vagina, or leaking fluid"),
            ("tightening", "Tightening or cramping pains that come and go regularly"),
            ("headache_vision", "A bad headache, changes in your sight, or sudden swelling of "
             "your face or hands"),
        ),
    ),
    said("health_history", "pregnant"),
)  # fmt: skip

# --- Follow-ups after an injury -------------------------------------------------------------

JOINT_DEFORMITY = follows(
    yes_no(
        "joint_deformity",
        "Since the injury, does the joint look out of place or bent the wrong way?",
    ),
    said("injury", *INJURY_RECENT),
)
CANT_MOVE = follows(
    yes_no("cant_move", "Since the injury, are you unable to move the joint at all?"),
    said("injury", *INJURY_RECENT),
)
CANNOT_WALK = follows(
    yes_no(
        "cannot_walk",
        "Since the injury, have you been unable to take four steps on that leg, even with a limp?",
    ),
    said("injury", *INJURY_RECENT),
)
KNEE_BONY_TENDER = follows(
    pick_any(
        "knee_bony_tender",
        "Press gently around your knee. Is either of these spots very sore to touch?",
        (
            ("kneecap", "The kneecap itself"),
            ("fibula_head", "The bony bump on the outer side, just below the knee"),
        ),
    ),
    said("injury", *INJURY_RECENT),
)
KNEE_CANT_BEND = follows(
    yes_no(
        "knee_cant_bend",
        "Is your knee too painful or stiff to bend to a right angle, as when sitting on a chair?",
    ),
    said("injury", *INJURY_RECENT),
)
KNEE_RAPID_SWELLING = follows(
    yes_no(
        "knee_rapid_swelling", "After the injury, did your knee swell up a lot within a few hours?"
    ),
    said("injury", *INJURY_RECENT),
)
ANKLE_BONY_TENDER = follows(
    pick_any(
        "ankle_bony_tender",
        "Press gently on these spots. Is any of them very sore to touch?",
        (
            (
                "outer_ankle_bone",
                "The back edge or tip of the bony bump on the outside of the ankle",
            ),
            (
                "inner_ankle_bone",
                "The back edge or tip of the bony bump on the inside of the ankle",
            ),
            ("outer_midfoot", "The bony bump halfway along the outer edge of the foot"),
            ("inner_midfoot", "The bony bump on the inner side of the foot, in front of the ankle"),
        ),
    ),
    said("injury", *INJURY_RECENT),
)
ACHILLES_SIGNS = follows(
    checklist(
        "achilles_signs",
        "About the injury: did either of these happen?",
        (
            ("kick_snap", "A sudden kick, snap or pop at the back of the ankle or calf"),
            ("no_tiptoe", "Since then, you can't rise onto your toes on that foot"),
        ),
    ),
    said("injury", *INJURY_ANY),
)
BICEPS_SIGNS = follows(
    checklist(
        "biceps_signs",
        "About the injury: did either of these happen?",
        (
            ("pop_front", "A pop at the front of the elbow while lifting or catching something"),
            ("bulge_bruise", "A new bulge in the upper arm, or a bruise at the front of the elbow"),
        ),
    ),
    said("injury", *INJURY_ANY),
)
SCAPHOID_SIGNS = follows(
    checklist(
        "scaphoid_signs",
        "About the injury: do either of these apply?",
        (
            ("snuffbox", "It hurts to press the hollow at the base of the thumb, on the back "
             "of the wrist"),
            ("thumb_side_grip", "The thumb side of the wrist hurts when you grip or pinch"),
        ),
    ),
    said("injury", *INJURY_ANY),
)  # fmt: skip
HIP_FRACTURE_SIGNS = follows(
    yes_no(
        "leg_turned", "Since the fall or injury, does that leg look shorter, or turned outwards?"
    ),
    said("injury", *INJURY_RECENT),
)
AFTER_BLOW_SIGNS = follows(
    checklist(
        "after_blow_signs",
        "Since the injury, have you had any of these?",
        (
            ("light_headed", "Feeling light-headed, faint, or unusually thirsty"),
            ("shoulder_tip", "Pain at the very tip of the shoulder"),
            ("belly_pain", "Pain in your belly, a swollen belly, or blood in your pee"),
        ),
    ),
    said("injury", *INJURY_RECENT),
)
NECK_INJURY_SIGNS = follows(
    checklist(
        "neck_injury_signs",
        "Since the injury, do either of these apply?",
        (
            ("numb_limbs", "Numbness or pins and needles in your arms or legs"),
            ("cant_turn", "You can't turn your head halfway towards either shoulder"),
        ),
    ),
    said("injury", *INJURY_RECENT),
)
COMPARTMENT_SIGNS = pick_any(
    "compartment_signs",
    "Since the injury or hard exercise, have you had any of these?",
    (
        ("out_of_proportion", "Pain far worse than the injury seems to explain, and growing"),
        ("tight_swelling", "Swelling that feels very tight or hard"),
        ("numb_pale", "Numbness, or skin below it that looks pale or feels cold"),
    ),
)
BONE_SPOT_PAIN = follows(
    yes_no(
        "bone_spot_pain",
        "Is there one spot on the bone that hurts a lot when you press on it, or when you hop?",
    ),
    said("area_signs", "training_load"),
    said("health_history", "thin_bones", "steroids"),
)
BREATHLESS_CHEST_PAIN = follows(
    yes_no(
        "breathless_chest_pain",
        "Do you have new shortness of breath or chest pain, or have you coughed up blood?",
    ),
    said("body_signs", "calf_swollen", "calf_warm_red", "calf_tender"),
)
COMPARTMENT_SIGNS = follows(
    COMPARTMENT_SIGNS, said("injury", *INJURY_RECENT), said("area_signs", "training_load")
)
