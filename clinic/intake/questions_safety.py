"""The safety check: a few base questions everyone answers, and follow-ups that appear only
when an earlier answer makes them relevant.

Every region asks the same eight base questions: age, fever, a health checklist, how it began,
night pain, and two checklists whose choices suit the region (`body_signs`, what else the body
is doing; `area_signs`, what the painful area is doing), then `self_harm`. A choice value means
the same thing in every region that offers it, so one rule reads it everywhere. Follow-ups sit
right after the last question they depend on. The rules that read these answers are in
`screening_rules.py`; the follow-ups are in `questions_follow_ups.py`; the tree is drawn in
docs/screening.md.

Yes comes before No everywhere, and "No" or "None of these" is always the last choice.
"""

from clinic.intake.questions import Kind, Question
from clinic.intake.questions_core import pick_one, yes_no
from clinic.intake.questions_follow_ups import (
    ACHILLES_SIGNS,
    AFTER_BLOW_SIGNS,
    AFTER_SURGERY_SIGNS,
    ANKLE_BONY_TENDER,
    BICEPS_SIGNS,
    BLEEDING_SIGNS,
    BONE_SPOT_PAIN,
    BREATHLESS_CHEST_PAIN,
    CANNOT_WALK,
    CANT_MOVE,
    CHILD_SIGNS,
    COMPARTMENT_SIGNS,
    HIP_FRACTURE_SIGNS,
    JOINT_DEFORMITY,
    KNEE_BONY_TENDER,
    KNEE_CANT_BEND,
    KNEE_RAPID_SWELLING,
    NECK_INJURY_SIGNS,
    OVER_50_SIGNS,
    PREGNANCY_SIGNS,
    REST_PAIN,
    SCAPHOID_SIGNS,
    WEAKNESS_ONSET,
    checklist,
)

# --- Base questions asked in every region ---------------------------------------------------

AGE = Question(
    "age",
    "How old are you?",
    Kind.NUMBER,
    hint="In whole years. If you are booking for someone else, answer every question for them.",
    minimum=0,
    maximum=120,
    safety=True,
)
FEVER = pick_one(
    "fever",
    "In the last two weeks, have you had a fever or shaking chills?",
    (
        ("yes", "Yes"),
        ("very_unwell", "Yes, and I feel very unwell right now"),
        ("no", "No"),
    ),
    hint="A fever is a temperature of 100.4°F (38°C) or more. Hot flushes or night sweats "
    "on their own, such as around menopause, don't count.",
    safety=True,
)
HEALTH = checklist(
    "health_history",
    "Do any of these apply to you?",
    (
        ("cancer", "I have had treatment for cancer, even many years ago"),
        ("weight_loss", "I have lost weight in the last few months without trying"),
        ("blood_thinner", "I take a blood thinner, such as warfarin, apixaban or clopidogrel"),
        (
            "steroids",
            "I take, or have taken, steroid tablets such as prednisone for 3 months or longer",
        ),
        ("thin_bones", "I have been told I have thin bones (osteoporosis)"),
        ("weak_immunity", "My immune system is weakened by an illness or its medicines"),
        ("injecting_drugs", "I inject drugs"),
        ("recent_infection", "I had an infection in the last month, such as a urine infection"),
        (
            "recent_surgery",
            "I had an operation, a plaster cast or a hospital stay in the last 3 months",
        ),
        ("pregnant", "I am pregnant, or gave birth in the last 6 months"),
    ),
    hint="Choose all that apply. Only the people caring for you see your answers.",
)
INJURY = pick_one(
    "injury",
    "Did this problem start with an accident or an injury?",
    (
        ("major_recent", "Yes: a car crash, a fall from higher than my own height, or a hard "
         "blow, in the last 2 weeks"),
        ("major_earlier", "Yes: a crash, a fall from a height or a hard blow, more than 2 weeks "
         "ago"),
        ("minor_recent", "Yes: a trip or fall from standing, a twist, a knock or a strain, in "
         "the last 2 weeks"),
        ("minor_earlier", "Yes: a small injury like that, more than 2 weeks ago"),
        ("no", "No"),
    ),
    safety=True,
)  # fmt: skip
NIGHT_PAIN = pick_one(
    "night_pain",
    "Does the pain wake you up at night?",
    (("most_nights", "Yes, most nights"), ("sometimes", "Yes, now and then"), ("no", "No")),
    safety=True,
)
SELF_HARM = yes_no(
    "self_harm",
    "Lately, have you had thoughts of harming yourself or ending your life?",
    hint="We ask everyone. If you answer yes, we will show you where to get help right away.",
    safety=True,
)

# --- The two region checklists: one wording per choice value, the choices per region ---------

BODY_CHOICES = {
    "chest_pressure": "Pain, pressure or tightness in your chest",
    "breathless": "New shortness of breath",
    "sweating_nausea": "Sweating or feeling sick along with the pain",
    "exertion": "Chest, jaw or arm discomfort when you walk fast or climb stairs, that eases "
    "within minutes of resting",
    "stroke": "Sudden weakness or numbness of your face, arm or leg on one side, or sudden "
    "trouble speaking",
    "eating": "Pain that comes on or changes when you eat",
    "unchanged_by_movement": "Pain that stays the same however you move or rest",
    "tearing_pain": "Sudden, severe pain in your back or belly that feels like tearing",
    "pulsing_lump": "A lump in your belly that throbs or pulses",
    "urine": "Pain or burning when you pee, or blood in your pee",
    "dizziness": "Dizziness, or the room spinning",
    "double_vision": "Double vision or loss of vision",
    "speech_swallowing": "Slurred speech or trouble swallowing",
    "drop_attacks": "Sudden falls without fainting",
    "face_numbness": "Numbness or tingling in your face",
    "sudden_headache": "A sudden, severe headache unlike any you've had before",
    "eyelid_pupil": "A drooping eyelid, or one pupil smaller than the other",
    "ear_pulsing": "A pulsing or whooshing noise in one ear, in time with your heartbeat",
    "calf_swollen": "One calf or leg is more swollen than the other",
    "calf_warm_red": "The calf is warm or red",
    "calf_tender": "The calf is sore to touch",
    "walking_cramp": "Cramping pain in the calf, thigh or buttock when you walk, that goes "
    "within a few minutes of standing still",
    "cold_pale": "The hand or foot on that side suddenly became cold, pale or blue, and stays "
    "that way",
}
AREA_CHOICES = {
    "saddle_numbness": "New numbness or an odd feeling around your bottom, genitals or inner "
    "thighs",
    "bladder_bowel": "New trouble peeing, or with controlling your bladder or bowels",
    "both_legs": "Pain, numbness or pins and needles going down both legs",
    "leg_weakness": "A leg getting weaker, or a foot that catches or drags",
    "arm_weakness": "An arm or hand getting weaker",
    "foot_drop": "A foot that slaps down, catches or drags when you walk",
    "clumsy_hands": "Clumsy hands: dropping things, or trouble with buttons or writing",
    "unsteady_walking": "Unsteady walking or poor balance",
    "electric_shocks": "An electric-shock feeling down your back, arms or legs when you bend "
    "your head forward",
    "both_arms": "Numbness or pins and needles in both hands",
    "morning_stiff": "Stiffness for more than 30 minutes after getting up, that eases as you "
    "move about",
    "hot_swollen": "The painful joint or area is swollen and feels hot to the touch",
    "several_joints": "Several other joints are swollen or painful too, such as in your hands "
    "or feet",
    "stuck": "The joint is stuck: you can't straighten it all the way",
    "lump": "A hard lump or swelling on or near the bone, that is new or growing",
    "training_load": "The pain came on with running, marching, or more training than usual",
    "cant_bear_weight": "You can't put your full weight on that leg",
}

_CARDIAC = "chest_pressure breathless sweating_nausea exertion"
_LEG_BODY = "calf_swollen calf_warm_red calf_tender walking_cramp cold_pale"
#: Region -> (body_signs choices, area_signs choices), as space-separated values.
_REGION_CHOICES = {
    "low_back": (
        "tearing_pain pulsing_lump urine",
        "saddle_numbness bladder_bowel both_legs leg_weakness morning_stiff",
    ),
    "mid_upper_back": (
        f"{_CARDIAC} tearing_pain eating unchanged_by_movement",
        "saddle_numbness bladder_bowel leg_weakness unsteady_walking clumsy_hands "
        "electric_shocks morning_stiff",
    ),
    "neck": (
        "dizziness double_vision speech_swallowing drop_attacks face_numbness sudden_headache "
        "eyelid_pupil ear_pulsing chest_pressure exertion",
        "arm_weakness both_arms clumsy_hands unsteady_walking electric_shocks morning_stiff",
    ),
    "shoulder": (
        f"{_CARDIAC} stroke eating unchanged_by_movement cold_pale",
        "hot_swollen several_joints arm_weakness lump",
    ),
    "elbow": (f"{_CARDIAC} stroke cold_pale", "hot_swollen several_joints stuck arm_weakness lump"),
    "wrist_hand": (
        "stroke cold_pale",
        "hot_swollen several_joints morning_stiff arm_weakness lump",
    ),
    "hip": (
        _LEG_BODY,
        "cant_bear_weight leg_weakness training_load several_joints morning_stiff lump",
    ),
    "knee": (_LEG_BODY, "hot_swollen stuck several_joints foot_drop lump"),
    "lower_leg": (_LEG_BODY, "training_load hot_swollen foot_drop lump"),
    "ankle_foot": (_LEG_BODY, "hot_swollen several_joints training_load foot_drop lump"),
}


def body_signs(region: str) -> Question:
    values = _REGION_CHOICES[region][0].split()
    return checklist(
        "body_signs",
        "Along with this problem, have you noticed any of these?",
        tuple((value, BODY_CHOICES[value]) for value in values),
    )


def area_signs(region: str) -> Question:
    values = _REGION_CHOICES[region][1].split()
    return checklist(
        "area_signs",
        "And in the painful area itself, do any of these apply?",
        tuple((value, AREA_CHOICES[value]) for value in values),
    )


# --- Each region's page, in order: a follow-up right after the last question it reads --------

_AGE_FOLLOW_UPS = {
    "neck": (OVER_50_SIGNS,),
    "shoulder": (OVER_50_SIGNS,),
    "hip": (CHILD_SIGNS, OVER_50_SIGNS),
    "knee": (CHILD_SIGNS,),
    "lower_leg": (CHILD_SIGNS,),
    "ankle_foot": (CHILD_SIGNS,),
}
_INJURY_FOLLOW_UPS = {
    "low_back": (AFTER_BLOW_SIGNS,),
    "mid_upper_back": (AFTER_BLOW_SIGNS,),
    "neck": (NECK_INJURY_SIGNS,),
    "shoulder": (JOINT_DEFORMITY, CANT_MOVE, AFTER_BLOW_SIGNS),
    "elbow": (JOINT_DEFORMITY, CANT_MOVE, BICEPS_SIGNS),
    "wrist_hand": (JOINT_DEFORMITY, SCAPHOID_SIGNS),
    "hip": (CANNOT_WALK, HIP_FRACTURE_SIGNS),
    "knee": (CANNOT_WALK, KNEE_BONY_TENDER, KNEE_CANT_BEND, KNEE_RAPID_SWELLING, JOINT_DEFORMITY),
    "lower_leg": (CANNOT_WALK, ACHILLES_SIGNS),
    "ankle_foot": (CANNOT_WALK, ANKLE_BONY_TENDER, JOINT_DEFORMITY, ACHILLES_SIGNS),
}
_PREGNANCY_REGIONS = frozenset({"low_back", "mid_upper_back", "hip"})
_LEGS = frozenset({"hip", "knee", "lower_leg", "ankle_foot"})
_WEAKNESS = frozenset({"leg_weakness", "arm_weakness", "foot_drop"})


def _area_follow_ups(region: str) -> tuple[Question, ...]:
    area = set(_REGION_CHOICES[region][1].split())
    found = [WEAKNESS_ONSET] if area & _WEAKNESS else []
    if region in ("hip", "lower_leg", "ankle_foot"):
        found.append(BONE_SPOT_PAIN)
    if region in ("lower_leg", "elbow", "wrist_hand"):
        found.append(COMPARTMENT_SIGNS)
    return tuple(found)


def safety_page(region: str) -> tuple[Question, ...]:
    """The region's safety check: base questions, each followed by its follow-ups."""
    pregnancy = (PREGNANCY_SIGNS,) if region in _PREGNANCY_REGIONS else ()
    return (
        AGE,
        *_AGE_FOLLOW_UPS.get(region, ()),
        FEVER,
        HEALTH,
        BLEEDING_SIGNS,
        AFTER_SURGERY_SIGNS,
        *pregnancy,
        INJURY,
        *_INJURY_FOLLOW_UPS.get(region, ()),
        NIGHT_PAIN,
        REST_PAIN,
        body_signs(region),
        *((BREATHLESS_CHEST_PAIN,) if region in _LEGS else ()),
        area_signs(region),
        *_area_follow_ups(region),
        SELF_HARM,
    )
