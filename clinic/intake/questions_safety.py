"""The safety check: a few base questions everyone answers, and follow-ups that appear only
when an earlier answer makes them relevant.

Every region asks the same eight base questions: age, fever, a health checklist, how it began,
night pain, and two checklists whose choices suit the region (`body_signs`, what else the body
is doing; `area_signs`, what the painful area is doing), then `self_harm`. A choice value means
the same thing in every region that offers it, so one rule reads it everywhere. Follow-ups sit
right after the last question they depend on. The rules that read these answers are in
`screening_rules.py`; the tree is drawn in docs/screening.md.

Yes comes before No everywhere, and "No" or "None of these" is always the last choice.
"""

from dataclasses import replace

from clinic.intake.conditions import Condition, at_least, at_most, said
from clinic.intake.questions import Kind, Question
from clinic.intake.questions_core import pick_any, pick_one, yes_no


def follows(question: Question, *conditions: Condition) -> Question:
    """`question` as a follow-up, shown when any of `conditions` holds."""
    return replace(question, shown_if=conditions, safety=True)


def checklist(question_id: str, text: str, options, *, hint: str = "") -> Question:
    return pick_any(question_id, text, options, hint=hint or "Choose all that apply.", safety=True)


INJURY_RECENT = ("major_recent", "minor_recent")
INJURY_ANY = (*INJURY_RECENT, "major_earlier", "minor_earlier")

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
