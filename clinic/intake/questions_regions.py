"""Questions for one body region: its safety questions, its own page, and what changes the pain.

A safety question shared by several regions (calf signs for the knee, shin and ankle) is one
`Question` with one id, so a screening rule reads the same id in every set it applies to.
"""

from dataclasses import replace

from clinic.intake.questions import Question
from clinic.intake.questions_core import OSTEOPOROSIS_STEROIDS, pick_any, pick_one, yes_no

# --- Region safety questions ----------------------------------------------------------------

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

# --- Each region's own page -----------------------------------------------------------------

SIDE = pick_one(
    "side", "Which side is it on?", (("left", "Left"), ("right", "Right"), ("both", "Both"))
)
WRITING_HAND = yes_no("writing_hand", "Is it on the side of the hand you write with?")
_SOMETIMES = (("no", "No"), ("sometimes", "Sometimes"), ("often", "Often"))

REGION_QUESTIONS: dict[str, tuple[Question, ...]] = {
    "low_back": (
        pick_one(
            "lb_leg_pain",
            "Does the pain go into your leg?",
            (
                ("no", "No"),
                ("above_knee", "Yes, above the knee"),
                ("below_knee", "Yes, below the knee"),
            ),
        ),
        pick_one(
            "lb_morning_stiffness",
            "How long are you stiff when you get up in the morning?",
            (
                ("none", "I'm not stiff"),
                ("under_30_min", "Less than 30 minutes"),
                ("over_30_min", "30 minutes or more"),
            ),
        ),
        pick_one(
            "lb_sitting_time",
            "How long can you sit before the pain makes you move?",
            (
                ("over_1_hour", "More than an hour"),
                ("30_to_60_min", "30 minutes to an hour"),
                ("under_30_min", "Less than 30 minutes"),
            ),
        ),
    ),
    "mid_upper_back": (
        yes_no("mb_twisting", "Does turning or twisting your upper body change the pain?"),
        yes_no("mb_wraps_around", "Does the pain wrap around your side toward the front?"),
        pick_one(
            "mb_desk_hours",
            "How many hours a day do you spend sitting at a desk or screen?",
            (("under_2", "Less than 2"), ("2_to_6", "2 to 6"), ("over_6", "More than 6")),
        ),
    ),
    "neck": (
        pick_one(
            "neck_arm_pain",
            "Does the pain go into your arm?",
            (
                ("no", "No"),
                ("upper_arm", "Yes, to the shoulder or upper arm"),
                ("below_elbow", "Yes, below the elbow"),
            ),
        ),
        pick_one("neck_headache", "Do you get headaches with this neck problem?", _SOMETIMES),
        yes_no(
            "neck_turning",
            "Is it hard to turn your head to look over your shoulder, as when driving?",
        ),
    ),
    "shoulder": (
        SIDE,
        WRITING_HAND,
        pick_one(
            "shoulder_overhead",
            "Can you lift your arm above your head?",
            (("easily", "Yes, easily"), ("with_pain", "Yes, but it hurts"), ("no", "No")),
        ),
        yes_no("shoulder_lying", "Does lying on that side hurt?"),
    ),
    "elbow": (
        SIDE,
        WRITING_HAND,
        pick_one(
            "elbow_area",
            "Where around the elbow is it worst?",
            (
                ("outer", "The outer side"),
                ("inner", "The inner side"),
                ("back", "The back"),
                ("front", "The front"),
                ("all_over", "All over"),
            ),
        ),
        yes_no("elbow_grip", "Does gripping or lifting things, like a kettle or a bag, hurt?"),
        yes_no("elbow_repeated_work", "Do you do a lot of repeated arm work, sport or hobbies?"),
    ),
    "wrist_hand": (
        SIDE,
        WRITING_HAND,
        pick_one("hand_night_tingling", "Do your fingers tingle or go numb at night?", _SOMETIMES),
        yes_no("hand_grip", "Is it hard to grip, pinch or open jars?"),
    ),
    "hip": (
        SIDE,
        pick_any(
            "hip_area",
            "Where do you feel it?",
            (
                ("groin", "The groin"),
                ("outer_hip", "The outer side of the hip"),
                ("buttock", "The buttock"),
                ("thigh", "The thigh"),
            ),
            none_label="Somewhere else",
        ),
        yes_no("hip_lying", "Does lying on that side hurt?"),
        pick_one(
            "hip_walking",
            "How far can you walk before the pain stops you?",
            (
                ("no_limit", "It doesn't stop me"),
                ("over_30_min", "More than 30 minutes"),
                ("10_to_30_min", "10 to 30 minutes"),
                ("under_10_min", "Less than 10 minutes"),
            ),
        ),
    ),
    "knee": (
        SIDE,
        pick_any(
            "knee_area",
            "Where around the knee do you feel it?",
            (
                ("front", "The front"),
                ("inner", "The inner side"),
                ("outer", "The outer side"),
                ("back", "The back"),
            ),
            none_label="All over or hard to say",
        ),
        pick_one("knee_giving_way", "Does your knee give way under you?", _SOMETIMES),
        pick_one("knee_catching", "Does your knee catch or click?", _SOMETIMES),
        yes_no("knee_swollen_now", "Is your knee swollen now?"),
    ),
    "lower_leg": (
        SIDE,
        pick_any(
            "leg_area",
            "Where on the lower leg do you feel it?",
            (
                ("front", "The front (shin)"),
                ("inner", "The inner edge of the shin"),
                ("outer", "The outer side"),
                ("calf", "The calf"),
            ),
            none_label="Somewhere else",
        ),
        yes_no("leg_runs", "Do you run, or do sport with running or jumping?"),
        yes_no(
            "leg_training_change",
            "In the last few months, have you changed how much or how hard you run, walk or train?",
        ),
    ),
    "ankle_foot": (
        SIDE,
        pick_any(
            "foot_area",
            "Where do you feel it?",
            (
                ("ankle", "The ankle"),
                ("heel", "The heel"),
                ("arch", "The arch"),
                ("top", "The top of the foot"),
                ("toes", "The toes or the ball of the foot"),
            ),
            none_label="Somewhere else",
        ),
        yes_no("foot_first_steps", "Is it worst with your first steps after getting up?"),
        pick_one("ankle_giving_way", "Does your ankle give way or feel unsteady?", _SOMETIMES),
        yes_no("ankle_previous_sprains", "Have you sprained this ankle before?"),
    ),
}
