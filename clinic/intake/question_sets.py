"""The intake question sets, one per body region, as versioned data.

Each set is the safety check (`questions_safety.py`: base questions and their follow-ups), the
common core (`questions_core.py`) and the region's own page (`questions_regions.py`). Answers
are stored under each question's id together with the set's name and version, so `by_name()`
finds the exact questions a stored intake answered.

The booking flow has two entry points: `safety_check(region)`, the short page asked before a
time is chosen (the questions that can stop or flag a booking), and `full_intake(region)`,
every other page, asked after it.
"""

from clinic.core.regions import REGIONS
from clinic.intake import questions_v1
from clinic.intake.questions import Question, QuestionSet, Section
from clinic.intake.questions_core import (
    GOALS,
    PAIN,
    STORY,
    SYMPTOMS,
    health_section,
    pattern_section,
)
from clinic.intake.questions_regions import REGION_QUESTIONS
from clinic.intake.questions_safety import safety_page

#: 2: the safety check became eight base questions with follow-ups (issue 15).
VERSION = 2

#: The order of the pages, the same for every region.
SECTION_IDS = ("safety", "pain", "story", "pattern", "symptoms", "health", "region", "goals")


# --- What makes it worse or better, in the region's terms -----------------------------------

_WORSE = {
    "sitting": "Sitting",
    "standing": "Standing",
    "walking": "Walking",
    "bending": "Bending forward",
    "lifting": "Lifting",
    "twisting": "Twisting or turning",
    "lying_down": "Lying down",
    "getting_up": "Getting up from a chair",
    "coughing": "Coughing or sneezing",
    "morning": "First thing in the morning",
    "end_of_day": "The end of the day",
    "driving": "Driving",
    "looking_down": "Looking down, as at a phone",
    "turning_head": "Turning my head",
    "screens": "Working at a computer",
    "reaching_up": "Reaching above my head",
    "reaching_behind": "Reaching behind my back",
    "lying_on_side": "Lying on that side",
    "carrying": "Carrying things",
    "gripping": "Gripping, or twisting a lid",
    "typing": "Typing or using a mouse",
    "pushing": "Pushing or pulling",
    "stairs": "Going up or down stairs",
    "squatting": "Squatting or kneeling",
    "running": "Running or jumping",
    "first_steps": "My first steps after rest",
    "uneven_ground": "Walking on uneven ground",
}
_BETTER = {
    "rest": "Resting",
    "moving": "Gentle movement",
    "changing_position": "Changing position",
    "lying_down": "Lying down",
    "sitting": "Sitting",
    "walking": "Walking",
    "heat": "Heat",
    "ice": "Ice or cold",
    "medicine": "Pain medicine",
    "stretching": "Stretching",
    "support": "A brace, pillow or support",
    "massage": "Massage",
}

#: Region code -> the "worse" choices offered, in order (keys of `_WORSE`).
_WORSE_BY_REGION = {
    "low_back": "sitting standing walking bending lifting twisting lying_down getting_up "
    "coughing morning end_of_day driving",
    "mid_upper_back": "sitting standing bending lifting twisting lying_down reaching_up screens "
    "carrying morning end_of_day",
    "neck": "looking_down turning_head screens driving sitting lying_down reaching_up carrying "
    "morning end_of_day",
    "shoulder": "reaching_up reaching_behind lying_on_side lifting carrying pushing gripping "
    "end_of_day",
    "elbow": "gripping lifting carrying typing pushing reaching_up morning",
    "wrist_hand": "gripping typing lifting carrying pushing morning end_of_day",
    "hip": "walking standing sitting stairs getting_up lying_on_side squatting running morning "
    "end_of_day",
    "knee": "walking stairs squatting running sitting getting_up standing uneven_ground morning",
    "lower_leg": "walking running stairs standing uneven_ground end_of_day",
    "ankle_foot": "walking standing running stairs uneven_ground first_steps end_of_day",
}
_BETTER_SPINE = "rest moving changing_position lying_down heat ice medicine stretching massage"
#: Region code -> the "better" choices offered, in order (keys of `_BETTER`).
_BETTER_BY_REGION = {
    "low_back": "rest moving changing_position lying_down sitting walking heat ice medicine "
    "stretching",
    "mid_upper_back": _BETTER_SPINE,
    "neck": f"{_BETTER_SPINE} support",
}
_BETTER_LIMB = "rest moving changing_position heat ice medicine stretching support massage"


def worse_choices(region: str) -> tuple[tuple[str, str], ...]:
    return tuple((value, _WORSE[value]) for value in _WORSE_BY_REGION[region].split())


def better_choices(region: str) -> tuple[tuple[str, str], ...]:
    values = _BETTER_BY_REGION.get(region, _BETTER_LIMB).split()
    return tuple((value, _BETTER[value]) for value in values)


def _safety_section(region: str) -> Section:
    return Section(
        "safety",
        "A quick safety check",
        "A few quick questions to check that physical therapy is the right first step for "
        "you. If anything needs a doctor first, we'll tell you what to do. Some answers bring "
        "a few more questions.",
        safety_page(region),
    )


def _region_section(region: str) -> Section:
    label = REGIONS[region].lower()
    return Section(
        "region",
        f"About your {label}",
        f"A few questions about your {label} in particular.",
        REGION_QUESTIONS[region],
    )


def _build(region: str) -> QuestionSet:
    safety = _safety_section(region)
    asked_for_safety = frozenset(q.id for q in safety.questions)
    return QuestionSet(
        name=f"intake-{region}",
        version=VERSION,
        region=region,
        sections=(
            safety,
            PAIN,
            STORY,
            pattern_section(worse_choices(region), better_choices(region)),
            SYMPTOMS,
            health_section(skip=asked_for_safety),
            _region_section(region),
            GOALS,
        ),
    )


#: The current question set of each region, keyed by region code.
QUESTION_SETS: dict[str, QuestionSet] = {region: _build(region) for region in REGIONS}

#: Every edition ever published, by (name, version): older ones stay here when a set changes.
_ALL_EDITIONS: dict[tuple[str, int], QuestionSet] = {
    (qs.name, qs.version): qs
    for region in REGIONS
    for qs in (
        QUESTION_SETS[region],
        questions_v1.build(
            region, worse_choices(region), better_choices(region), _region_section(region)
        ),
    )
}


def for_region(region: str) -> QuestionSet:
    """The current question set for a body-region code."""
    try:
        return QUESTION_SETS[region]
    except KeyError:
        known = ", ".join(REGIONS)
        raise ValueError(f"Unknown body region {region!r}; expected one of: {known}.") from None


def by_name(name: str, version: int) -> QuestionSet | None:
    """The edition a stored intake was answered against, or None if there is no such edition."""
    return _ALL_EDITIONS.get((name, version))


def safety_check(region: str) -> list[Question]:
    """The short safety check asked before a time is chosen, follow-ups included."""
    return for_region(region).safety_questions()


def base_safety_check(region: str) -> list[Question]:
    """What a patient with nothing to report answers on the safety check."""
    return for_region(region).base_safety_questions()


def full_intake(region: str) -> list[Section]:
    """The pages of the full intake, asked after a time is chosen: all but the safety check."""
    return [s for s in for_region(region).sections if s.id != "safety"]
