"""Each body region's own page of the full intake (its safety check is in
`questions_safety.py`)."""

from clinic.intake.questions import Question
from clinic.intake.questions_core import pick_any, pick_one, yes_no

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
