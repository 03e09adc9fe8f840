"""The common core of every intake: the questions asked whatever the body region.

Written for this clinic in plain words (about a 12-year-old's reading level), warm, and never
naming a diagnosis. Ids are stable: a question that changes meaning gets a new id and its set a
new version. `question_sets.py` assembles these with the safety check of `questions_safety.py`
and the region pages of `questions_regions.py`.
"""

from clinic.intake.questions import Choice, Kind, Question, Section

NPRS_ANCHORS = ("No pain", "Worst pain you can imagine")


def yes_no(question_id: str, text: str, *, hint: str = "", safety: bool = False) -> Question:
    return Question(question_id, text, Kind.YES_NO, hint=hint, safety=safety)


def pick_one(
    question_id: str,
    text: str,
    options: tuple[tuple[str, str], ...],
    *,
    hint: str = "",
    safety: bool = False,
) -> Question:
    choices = tuple(Choice(value, label) for value, label in options)
    return Question(question_id, text, Kind.CHOICE, hint=hint, choices=choices, safety=safety)


def pick_any(
    question_id: str,
    text: str,
    options: tuple[tuple[str, str], ...],
    *,
    none_label: str = "None of these",
    hint: str = "Choose all that apply.",
    safety: bool = False,
) -> Question:
    """A multiple-choice question that always offers "none", so it can be answered honestly."""
    choices = tuple(Choice(value, label) for value, label in (*options, ("none", none_label)))
    return Question(question_id, text, Kind.MULTI, hint=hint, choices=choices, safety=safety)


def free_text(
    question_id: str,
    text: str,
    *,
    hint: str = "",
    required: bool = False,
    max_length: int = 5000,
) -> Question:
    return Question(
        question_id, text, Kind.TEXT, required=required, hint=hint, max_length=max_length
    )


def pain_rating(question_id: str, text: str) -> Question:
    return Question(
        question_id,
        text,
        Kind.SCALE,
        hint="0 means no pain and 10 means the worst pain you can imagine.",
        minimum=0,
        maximum=10,
        anchors=NPRS_ANCHORS,
    )


# --- Full intake, asked after a time is chosen ----------------------------------------------

PAIN = Section(
    "pain",
    "Your pain",
    "Rate your pain from 0 to 10. There are no wrong answers.",
    (
        pain_rating("pain_now", "How bad is your pain right now?"),
        pain_rating("pain_best", "In the last week, how bad was your pain at its best?"),
        pain_rating("pain_worst", "In the last week, how bad was your pain at its worst?"),
        pick_one(
            "pain_pattern",
            "Is the pain there all the time, or does it come and go?",
            (("constant", "It is there all the time"), ("comes_and_goes", "It comes and goes")),
        ),
    ),
)

STORY = Section(
    "story",
    "How it started",
    "Tell us how this began and how long you have had it.",
    (
        pick_one(
            "onset",
            "How did it begin?",
            (
                ("injury", "With an injury, a fall or a strain"),
                ("gradual", "Slowly, without an injury I know of"),
                ("after_surgery", "After surgery"),
                ("not_sure", "I'm not sure"),
            ),
        ),
        free_text(
            "onset_when",
            "Roughly when did it begin?",
            hint="For example, 'about 3 weeks ago' or 'last summer'.",
            required=True,
            max_length=200,
        ),
        free_text("onset_details", "In your own words, what happened?"),
        pick_one(
            "duration",
            "How long have you had it this time?",
            (
                ("under_6_weeks", "Less than 6 weeks"),
                ("6_to_12_weeks", "6 to 12 weeks"),
                ("over_12_weeks", "More than 12 weeks"),
            ),
        ),
        yes_no("previous_episodes", "Have you had this problem before?"),
        yes_no("previous_surgery", "Have you ever had surgery on this part of your body?"),
        free_text("surgery_details", "If you have, what surgery was it, and when?"),
    ),
)


def pattern_section(
    worse: tuple[tuple[str, str], ...], better: tuple[tuple[str, str], ...]
) -> Section:
    """What changes the pain, with choices that suit the region, and how irritable it is."""
    return Section(
        "pattern",
        "What changes it",
        "Knowing what helps and what hurts lets your therapist plan your first visit.",
        (
            pick_any("worse", "What makes it worse?", worse, none_label="Nothing I've noticed"),
            free_text("worse_other", "Anything else that makes it worse?", max_length=500),
            pick_any("better", "What makes it better?", better, none_label="Nothing so far"),
            free_text("better_other", "Anything else that helps?", max_length=500),
            pick_one(
                "flare_ease",
                "How easily does it flare up?",
                (
                    ("lot_of_activity", "Only when I do a lot"),
                    ("moderate_activity", "With a moderate amount of activity"),
                    ("little_activity", "With very little activity"),
                ),
            ),
            pick_one(
                "settle_time",
                "When it flares up, how long does it take to settle down again?",
                (
                    ("minutes", "Within minutes"),
                    ("hours", "Within a few hours"),
                    ("day_or_more", "A day or more"),
                ),
            ),
        ),
    )


SYMPTOMS = Section(
    "symptoms",
    "Other feelings",
    "Some problems bring feelings other than pain. Tell us about any you notice.",
    (
        pick_any(
            "nerve_symptoms",
            "Do you have any of these?",
            (
                ("numbness", "Numbness"),
                ("tingling", "Tingling or pins and needles"),
                ("weakness", "Weakness"),
            ),
        ),
        free_text("nerve_symptoms_where", "If you do, where do you feel them?", max_length=500),
        pick_one(
            "pain_spread",
            "Does the pain stay in one place, or does it spread?",
            (
                ("one_place", "It stays in one place"),
                ("nearby", "It spreads to nearby areas"),
                ("down_limb", "It travels down an arm or a leg"),
            ),
        ),
    ),
)

HEALTH_QUESTIONS = (
    pick_any(
        "medical_history",
        "Has a doctor ever told you that you have any of these?",
        (
            ("diabetes", "Diabetes"),
            ("heart", "A heart condition"),
            ("blood_pressure", "High blood pressure"),
            ("lung", "A lung condition, such as asthma or COPD"),
            ("inflammatory_arthritis", "Rheumatoid arthritis or another inflammatory arthritis"),
            ("nerve_condition", "A stroke, or a nerve condition such as MS or Parkinson's"),
            ("kidney_liver", "Kidney or liver disease"),
            ("mental_health", "Anxiety, depression or another mental health condition"),
        ),
    ),
    free_text("medical_history_other", "Any other health conditions we should know about?"),
    free_text(
        "medicines",
        "Which medicines do you take?",
        hint="Include ones you buy without a prescription, and vitamins. Leave blank if none.",
    ),
    pick_one(
        "worry_mood",
        "How much has this problem left you feeling worried, low, or wary of moving?",
        (("not_at_all", "Not at all"), ("a_little", "A little"), ("a_lot", "A lot")),
    ),
)


def health_section(skip: frozenset[str] = frozenset()) -> Section:
    """Health history, leaving out any question already asked on the safety page (bone
    health, infection risk, blood thinners and pregnancy are on every safety page)."""
    return Section(
        "health",
        "Your health",
        "A little about your general health helps your therapist keep you safe.",
        tuple(q for q in HEALTH_QUESTIONS if q.id not in skip),
    )


#: The Patient-Specific Functional Scale (Stratford et al., 1995), used with attribution.
GOALS = Section(
    "goals",
    "Your goals",
    "Tell us what you want to get back to. Your therapist will build your plan around it.",
    (
        Question(
            "psfs",
            "List 3 to 5 activities that are hard for you because of this problem, "
            "and rate how well you can do each one today.",
            Kind.ACTIVITIES,
            hint="Rate each from 0 to 10: 0 means you can't do it at all, and 10 means you "
            "can do it as well as before this problem began.",
            minimum=0,
            maximum=10,
            anchors=("Can't do it at all", "As well as before"),
        ),
    ),
)
