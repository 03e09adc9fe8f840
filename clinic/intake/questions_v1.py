"""Edition 1 of the question sets (before issue 15), frozen so that intakes stored with it
still read as they were answered, and still screen right.

No new intake uses it. Its safety page was every warning-sign question at once (10-18 per
region); its health page asked bone health, infection risk and pregnancy, and its pain page
night pain. `upgrade_answers` reads its answers in edition 2's ids, so `screen()` (whose rules
read edition 2) routes a stored edition-1 intake as edition 2 would. Do not edit the wording
here: it is what those patients saw.
"""

from dataclasses import replace
from typing import Any

from clinic.intake.questions import Question, QuestionSet, Section
from clinic.intake.questions_core import (
    GOALS,
    HEALTH_QUESTIONS,
    PAIN,
    STORY,
    SYMPTOMS,
    pattern_section,
    pick_any,
    pick_one,
    yes_no,
)
from clinic.intake.questions_safety import SELF_HARM  # worded the same in both editions

VERSION = 1

FEVER = pick_one(
    "fever",
    "In the last two weeks, have you had a fever, chills or night sweats?",
    (
        ("no", "No"),
        ("yes", "Yes"),
        ("very_unwell", "Yes, and I feel very unwell right now"),
    ),
    safety=True,
)
WEIGHT_LOSS = yes_no(
    "weight_loss",
    "Have you lost weight in the last few months without trying?",
    hint="For example, 10 pounds (about 5 kg) or more without changing how you eat or move.",
    safety=True,
)
CANCER_HISTORY = yes_no(
    "cancer_history",
    "Have you ever had treatment for cancer?",
    hint="Please include cancer that was treated many years ago.",
    safety=True,
)
MAJOR_TRAUMA = pick_one(
    "major_trauma",
    "Did this problem start with a car crash, a fall from higher than your own height, "
    "or a hard blow?",
    (
        ("no", "No"),
        ("recent", "Yes, in the last two weeks"),
        ("earlier", "Yes, more than two weeks ago"),
    ),
    safety=True,
)
UNRELENTING_NIGHT_PAIN = yes_no(
    "unrelenting_night_pain",
    "Is the pain there all the time, the same in every position, and does it wake you every night?",
    hint="Answer yes only if all three are true for you.",
    safety=True,
)
BLOOD_THINNERS = yes_no(
    "blood_thinners",
    "Do you take a medicine that thins your blood?",
    hint="For example warfarin, apixaban (Eliquis), rivaroxaban (Xarelto) or clopidogrel "
    "(Plavix). If you're not sure, answer yes and we'll check with you.",
    safety=True,
)
SWELLING_BRUISING = yes_no(
    "swelling_bruising",
    "Since this began, has the painful area swollen up or bruised?",
    safety=True,
)
#: General safety questions, asked before the region's own; `SELF_HARM` closes the page.
GENERAL_SAFETY = (
    FEVER,
    WEIGHT_LOSS,
    CANCER_HISTORY,
    MAJOR_TRAUMA,
    UNRELENTING_NIGHT_PAIN,
    BLOOD_THINNERS,
    SWELLING_BRUISING,
)

PAIN_V1 = Section(
    PAIN.id,
    PAIN.title,
    PAIN.intro,
    (
        *PAIN.questions,
        pick_one(
            "night_pain",
            "Does the pain wake you up at night?",
            (("no", "No"), ("sometimes", "Sometimes"), ("most_nights", "Most nights")),
        ),
    ),
)

OSTEOPOROSIS_STEROIDS = yes_no(
    "osteoporosis_steroids",
    "Have you been told you have thin bones (osteoporosis), or have you taken steroid "
    "tablets such as prednisone for more than 3 months?",
)

HEALTH_QUESTIONS_V1 = (
    *HEALTH_QUESTIONS[:3],  # medical history, other conditions, medicines
    OSTEOPOROSIS_STEROIDS,
    pick_any(
        "infection_risk",
        "Do any of these apply to you?",
        (
            ("recent_infection", "An infection in the last month, such as a urine or chest one"),
            ("weak_immunity", "A weak immune system, from an illness or medicines"),
            ("injecting_drugs", "Injecting drugs"),
        ),
        hint="We ask everyone. Only your therapist sees your answers.",
    ),
    pick_one(
        "pregnancy",
        "Are you pregnant, or have you given birth in the last 6 months?",
        (
            ("no", "No, or this doesn't apply to me"),
            ("pregnant", "I'm pregnant"),
            ("recent_birth", "I gave birth in the last 6 months"),
        ),
    ),
    *HEALTH_QUESTIONS[3:],  # worry
)

SADDLE_NUMBNESS = yes_no(
    "saddle_numbness",
    "Do you have new numbness or an odd feeling around your bottom, genitals or inner thighs?",
    hint="The area that would touch a bicycle saddle.",
    safety=True,
)
BLADDER_BOWEL_CHANGE = yes_no(
    "bladder_bowel_change",
    "Since this began, have you had new trouble peeing, or with controlling your bladder "
    "or bowels?",
    hint="For example, not being able to start, not feeling when you need to go, or leaking.",
    safety=True,
)
LIMB_WEAKNESS = pick_one(
    "limb_weakness",
    "Is an arm or a leg getting weaker, or has your foot started to catch or drag when you walk?",
    (
        ("no", "No"),
        ("sudden", "Yes, it came on suddenly or is getting worse quickly (hours or days)"),
        ("gradual", "Yes, slowly over weeks"),
    ),
    safety=True,
)
MYELOPATHY_SIGNS = pick_any(
    "myelopathy_signs",
    "Have you noticed any of these?",
    (
        ("clumsy_hands", "Clumsy hands: dropping things, or trouble with buttons or writing"),
        ("unsteady_walking", "Unsteady walking or poor balance"),
        (
            "electric_shocks",
            "An electric-shock feeling down your back, arms or legs when you "
            "bend your head forward",
        ),
    ),
    safety=True,
)
ARTERIAL_SIGNS = pick_any(
    "arterial_signs",
    "Since this neck problem began, have you had any of these new symptoms?",
    (
        ("dizziness", "Dizziness, or the room spinning"),
        ("double_vision", "Double vision or loss of vision"),
        ("speech_swallowing", "Slurred speech or trouble swallowing"),
        ("drop_attacks", "Sudden falls without fainting"),
        ("face_numbness", "Numbness or tingling in your face"),
        ("sudden_headache", "A sudden, severe headache unlike any you've had before"),
    ),
    safety=True,
)
CARDIAC_SIGNS = pick_any(
    "cardiac_signs",
    "Along with this pain, have you had any of these?",
    (
        ("chest_pressure", "Pressure, tightness or pain in your chest"),
        ("breathless", "New shortness of breath"),
        ("sweating_nausea", "Sweating or feeling sick with the pain"),
        ("exertion", "Pain that comes on with effort, like climbing stairs, and eases with rest"),
    ),
    safety=True,
)
AORTIC_SIGNS = pick_any(
    "aortic_signs",
    "Have you had either of these?",
    (
        ("tearing_pain", "Sudden, severe pain in your back or belly that feels like tearing"),
        ("pulsing_lump", "A lump in your belly that throbs or pulses"),
    ),
    safety=True,
)
VISCERAL_SIGNS = pick_any(
    "visceral_signs",
    "Does your pain do any of these?",
    (
        ("eating", "Come on or change when you eat"),
        ("breathing", "Get worse when you breathe in deeply or cough"),
        ("unchanged_by_movement", "Stay the same however you move or rest"),
    ),
    safety=True,
)
BONE_HEALTH = replace(OSTEOPOROSIS_STEROIDS, safety=True)
MINOR_TRAUMA_ONSET = yes_no(
    "minor_trauma_onset",
    "Did the pain start after a small fall, lifting something, or a cough or sneeze?",
    safety=True,
)
HOT_RED_SWOLLEN_JOINT = yes_no(
    "hot_red_swollen_joint", "Is the painful joint hot, red and swollen?", safety=True
)
JOINT_DEFORMITY = yes_no(
    "joint_deformity",
    "Since an injury, does the joint look out of place or bent the wrong way, or can you "
    "not move it at all?",
    safety=True,
)
RECENT_INJURY = yes_no(
    "recent_injury",
    "Did this start with a twist, a fall or a knock in the last 7 days?",
    safety=True,
)
FOUR_STEPS = yes_no(
    "four_steps",
    "Can you take four steps on that leg right now, even with a limp?",
    safety=True,
)
KNEE_BONY_TENDER = pick_any(
    "knee_bony_tender",
    "Press gently around your knee. Is either of these spots very sore to touch?",
    (
        ("kneecap", "The kneecap itself"),
        ("fibula_head", "The bony bump on the outer side, just below the knee"),
    ),
    safety=True,
)
KNEE_BEND_90 = yes_no(
    "knee_bend_90",
    "Can you bend your knee to a right angle, as when sitting on a chair?",
    safety=True,
)
KNEE_LOCKED = yes_no(
    "knee_locked",
    "Is your knee stuck, so that you can't straighten it all the way?",
    safety=True,
)
KNEE_RAPID_SWELLING = yes_no(
    "knee_rapid_swelling",
    "After an injury, did your knee swell up a lot within a few hours?",
    safety=True,
)
ANKLE_BONY_TENDER = pick_any(
    "ankle_bony_tender",
    "Press gently on these spots. Is any of them very sore to touch?",
    (
        ("outer_ankle_bone", "The back edge or tip of the bony bump on the outside of the ankle"),
        ("inner_ankle_bone", "The back edge or tip of the bony bump on the inside of the ankle"),
        ("outer_midfoot", "The bony bump halfway along the outer edge of the foot"),
        ("inner_midfoot", "The bony bump on the inner side of the foot, in front of the ankle"),
    ),
    safety=True,
)
CALF_SIGNS = yes_no(
    "calf_signs",
    "Is one calf (the back of your lower leg) swollen, warm, red or tender?",
    safety=True,
)
BREATHLESS_CHEST_PAIN = yes_no(
    "breathless_chest_pain",
    "Do you have new shortness of breath or chest pain, or have you coughed up blood?",
    safety=True,
)
COMPARTMENT_SIGNS = pick_any(
    "compartment_signs",
    "Since an injury or hard exercise, have you had any of these?",
    (
        ("out_of_proportion", "Pain far worse than the injury seems to explain, and growing"),
        ("tight_swelling", "Swelling that feels very tight or hard"),
        ("numb_pale", "Numbness, or skin below it that looks pale or feels cold"),
    ),
    safety=True,
)
BONE_SPOT_PAIN = yes_no(
    "bone_spot_pain",
    "Is there one spot on the bone that hurts a lot when you press on it, or when you hop?",
    safety=True,
)

SPINE_CORD = (SADDLE_NUMBNESS, BLADDER_BOWEL_CHANGE, LIMB_WEAKNESS)
FRAGILITY = (BONE_HEALTH, MINOR_TRAUMA_ONSET)
JOINT = (HOT_RED_SWOLLEN_JOINT, JOINT_DEFORMITY)
CALF = (CALF_SIGNS, BREATHLESS_CHEST_PAIN)

REGION_SAFETY: dict[str, tuple[Question, ...]] = {
    "low_back": (*SPINE_CORD, AORTIC_SIGNS, *FRAGILITY),
    "mid_upper_back": (
        *SPINE_CORD,
        MYELOPATHY_SIGNS,
        CARDIAC_SIGNS,
        AORTIC_SIGNS,
        VISCERAL_SIGNS,
        *FRAGILITY,
    ),
    "neck": (LIMB_WEAKNESS, MYELOPATHY_SIGNS, ARTERIAL_SIGNS, CARDIAC_SIGNS),
    "shoulder": (CARDIAC_SIGNS, VISCERAL_SIGNS, *JOINT),
    "elbow": (CARDIAC_SIGNS, *JOINT, COMPARTMENT_SIGNS),
    "wrist_hand": JOINT,
    "hip": FRAGILITY,
    "knee": (
        RECENT_INJURY,
        FOUR_STEPS,
        KNEE_BONY_TENDER,
        KNEE_BEND_90,
        KNEE_LOCKED,
        KNEE_RAPID_SWELLING,
        *JOINT,
        *CALF,
    ),
    "lower_leg": (*CALF, COMPARTMENT_SIGNS, BONE_SPOT_PAIN),
    "ankle_foot": (RECENT_INJURY, FOUR_STEPS, ANKLE_BONY_TENDER, *JOINT, *CALF, BONE_SPOT_PAIN),
}


def _safety(region: str) -> Section:
    return Section(
        "safety",
        "A quick safety check",
        "A few quick questions to check that physical therapy is the right first step for "
        "you. If anything needs a doctor first, we'll tell you what to do.",
        (*GENERAL_SAFETY, *REGION_SAFETY[region], SELF_HARM),
    )


def build(region: str, worse, better, region_page: Section) -> QuestionSet:
    """Edition 1 of a region's set (`worse`, `better` and the region page did not change)."""
    safety = _safety(region)
    asked = {q.id for q in safety.questions}
    health = Section(
        "health",
        "Your health",
        "A little about your general health helps your therapist keep you safe.",
        tuple(q for q in HEALTH_QUESTIONS_V1 if q.id not in asked),
    )
    sections = (safety, PAIN_V1, STORY, pattern_section(worse, better), SYMPTOMS, health)
    return QuestionSet(f"intake-{region}", VERSION, region, (*sections, region_page, GOALS))


# --- Edition 1 answers in edition 2's ids, for screening ------------------------------------

#: Edition-1 yes/no id -> (edition-2 checklist id, value) a "yes" adds.
_YES_TO_CHOICE = {
    "saddle_numbness": ("area_signs", "saddle_numbness"),
    "bladder_bowel_change": ("area_signs", "bladder_bowel"),
    "hot_red_swollen_joint": ("area_signs", "hot_swollen"),
    "knee_locked": ("area_signs", "stuck"),
    "calf_signs": ("body_signs", "calf_swollen"),
    "cancer_history": ("health_history", "cancer"),
    "weight_loss": ("health_history", "weight_loss"),
    "blood_thinners": ("health_history", "blood_thinner"),
    "osteoporosis_steroids": ("health_history", "thin_bones"),
    "swelling_bruising": ("bleeding_signs", "fast_swelling"),
}
#: Edition-1 checklists whose values kept their meaning, and where they went.
_MOVED_CHOICES = {
    "myelopathy_signs": "area_signs",
    "arterial_signs": "body_signs",
    "cardiac_signs": "body_signs",
    "aortic_signs": "body_signs",
    "visceral_signs": "body_signs",
    "infection_risk": "health_history",
}


def upgrade_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Edition-1 answers with their meaning in edition 2's ids added (edition-1 ids kept)."""
    new: dict[str, Any] = dict(answers)

    def add(question_id: str, value: str) -> None:
        new[question_id] = [*new.get(question_id, []), value]

    for old, (question_id, value) in _YES_TO_CHOICE.items():
        if answers.get(old) == "yes":
            add(question_id, value)
    for old, question_id in _MOVED_CHOICES.items():
        for value in answers.get(old) or []:
            if value not in ("none", "breathing"):
                add(question_id, value)
    if answers.get("pregnancy") in ("pregnant", "recent_birth"):
        add("health_history", "pregnant")
    if answers.get("limb_weakness") in ("sudden", "gradual"):
        add("area_signs", "leg_weakness")
        new["weakness_onset"] = answers["limb_weakness"]
    injury = {"recent": "major_recent", "earlier": "major_earlier"}.get(answers.get("major_trauma"))
    if injury is None and answers.get("recent_injury") == "yes":
        injury = "minor_recent"
    if injury is None and answers.get("minor_trauma_onset") == "yes":
        injury = "minor_earlier"
    if injury is not None:
        new["injury"] = injury
    if answers.get("unrelenting_night_pain") == "yes":
        new.update(night_pain="most_nights", rest_pain="yes")
    if answers.get("four_steps") == "no":
        new["cannot_walk"] = "yes"
    if answers.get("knee_bend_90") == "no":
        new["knee_cant_bend"] = "yes"
    return new
