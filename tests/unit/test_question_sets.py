"""The intake question sets: one per region, well formed, and covering what screening reads."""

import statistics

import pytest

from clinic.core.regions import REGIONS
from clinic.intake import answers as answer_rules
from clinic.intake import forms, question_sets, questions_v1
from clinic.intake.question_sets import (
    QUESTION_SETS,
    SECTION_IDS,
    base_safety_check,
    by_name,
    for_region,
    full_intake,
    safety_check,
)
from clinic.intake.questions import Kind, QuestionSet, only_visible, visible
from clinic.intake.screening import RULES, Severity, screen

ALL_SETS = [pytest.param(qs, id=region) for region, qs in QUESTION_SETS.items()]
#: Answers the caller adds to the intake's own: not questions of any set.
DERIVED = {"age", "region"}
CORE_IDS = {
    "pain_now", "pain_best", "pain_worst", "night_pain", "pain_pattern", "onset", "onset_when",
    "duration", "worse", "better", "flare_ease", "settle_time", "nerve_symptoms",
    "previous_episodes", "previous_surgery", "medical_history", "medicines", "worry_mood",
    "psfs", "self_harm", "age", "fever", "health_history", "injury", "body_signs", "area_signs",
}  # fmt: skip
#: The safety checklists whose choices suit the region (one meaning per choice value).
REGION_CHOICES = {"worse", "better", "body_signs", "area_signs"}


def test_every_region_has_a_named_versioned_set():
    assert set(QUESTION_SETS) == set(REGIONS)
    for region, qs in QUESTION_SETS.items():
        assert qs.name == f"intake-{region}"
        assert qs.region == region
        assert type(qs.version) is int and qs.version >= 1


@pytest.mark.parametrize("qs", ALL_SETS)
def test_each_set_has_the_core_pages_and_a_region_page_in_order(qs: QuestionSet):
    assert tuple(s.id for s in qs.sections) == SECTION_IDS
    assert qs.section("region").questions
    assert all(section.title and section.intro for section in qs.sections)


@pytest.mark.parametrize("qs", ALL_SETS)
def test_each_set_asks_the_common_core(qs: QuestionSet):
    assert {q.id for q in qs.questions()} >= CORE_IDS


@pytest.mark.parametrize("qs", ALL_SETS)
def test_question_ids_are_unique_within_a_set(qs: QuestionSet):
    ids = [q.id for q in qs.questions()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("qs", ALL_SETS)
def test_choice_questions_offer_distinct_labelled_choices(qs: QuestionSet):
    for q in qs.questions():
        values = [c.value for c in q.choices]
        if q.kind in (Kind.CHOICE, Kind.MULTI):
            assert len(values) >= 2, q.id
            assert len(values) == len(set(values)), q.id
            assert all(c.label for c in q.choices), q.id
        else:
            assert not values, q.id


@pytest.mark.parametrize("qs", ALL_SETS)
def test_required_multiple_choice_questions_can_be_answered_with_none(qs: QuestionSet):
    for q in qs.questions():
        if q.kind is Kind.MULTI and q.required:
            assert q.choices[-1].value == "none", q.id


@pytest.mark.parametrize("qs", ALL_SETS)
def test_scales_run_from_zero_to_ten_with_anchors(qs: QuestionSet):
    scales = [q for q in qs.questions() if q.kind in (Kind.SCALE, Kind.ACTIVITIES)]
    assert {q.id for q in scales} == {"pain_now", "pain_best", "pain_worst", "psfs"}
    for q in scales:
        assert (q.minimum, q.maximum) == (0, 10), q.id
        assert q.anchors and all(q.anchors), q.id


@pytest.mark.parametrize("qs", ALL_SETS)
def test_goals_are_one_psfs_activities_question(qs: QuestionSet):
    (psfs,) = qs.section("goals").questions
    assert psfs.id == "psfs" and psfs.kind is Kind.ACTIVITIES


@pytest.mark.parametrize("qs", ALL_SETS)
def test_questions_are_worded_and_age_is_asked_once_on_the_safety_page(qs: QuestionSet):
    for q in qs.questions():
        assert q.text.strip().endswith("?") or q.text.strip().endswith("."), q.id
    assert "region" not in {q.id for q in qs.questions()}
    age = qs.question("age")
    assert age.safety and age.kind is Kind.NUMBER and (age.minimum, age.maximum) == (0, 120)


@pytest.mark.parametrize("qs", ALL_SETS)
def test_safety_questions_are_exactly_the_safety_page(qs: QuestionSet):
    page = qs.section("safety").questions
    assert all(q.safety for q in page)
    assert [q.id for q in qs.safety_questions()] == [q.id for q in page]
    assert page[-1].id == "self_harm"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_id_a_rule_reads_is_asked_in_each_of_its_regions(rule):
    for region in rule.regions or REGIONS:
        asked = {q.id for q in QUESTION_SETS[region].questions()}
        assert set(rule.reads) - DERIVED <= asked, region


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.severity is not Severity.INFORM], ids=lambda rule: rule.code
)
def test_rules_that_can_stop_or_flag_a_booking_read_only_the_safety_check(rule):
    for region in rule.regions or REGIONS:
        safety_ids = {q.id for q in safety_check(region)}
        assert set(rule.reads) - {"age"} <= safety_ids, region


@pytest.mark.parametrize("qs", ALL_SETS)
def test_every_safety_question_feeds_a_rule_of_its_region(qs: QuestionSet):
    read = {i for rule in RULES if rule.applies_to(qs.region) for i in rule.reads}
    assert {q.id for q in qs.safety_questions()} <= read


def test_shared_questions_are_the_same_in_every_set():
    seen = {}
    for qs in QUESTION_SETS.values():
        for q in qs.questions():
            if q.id in REGION_CHOICES:
                continue  # their choices suit the region
            seen.setdefault(q.id, q)
            assert seen[q.id].text == q.text and seen[q.id].choices == q.choices, q.id


def test_what_makes_it_worse_suits_the_region():
    def worse(region):
        return {c.value for c in for_region(region).question("worse").choices}

    assert "coughing" in worse("low_back")
    assert "turning_head" in worse("neck") and "turning_head" not in worse("knee")
    assert "reaching_up" in worse("shoulder") and "first_steps" in worse("ankle_foot")


def test_for_region_returns_the_current_set():
    assert for_region("knee") is QUESTION_SETS["knee"]


@pytest.mark.parametrize("region", ["", "foot", "Low_back", "LOW BACK"])
def test_for_region_refuses_an_unknown_region_clearly(region):
    with pytest.raises(ValueError, match="Unknown body region"):
        for_region(region)


def test_by_name_finds_the_edition_a_stored_intake_answered():
    assert by_name("intake-knee", question_sets.VERSION) is QUESTION_SETS["knee"]


@pytest.mark.parametrize(("name", "version"), [("intake-knee", 99), ("intake-foot", 1), ("", 1)])
def test_by_name_returns_none_for_an_unknown_edition(name, version):
    assert by_name(name, version) is None


def test_safety_check_is_the_short_list_asked_before_a_time_is_chosen():
    questions = safety_check("low_back")
    ids = [q.id for q in questions]
    assert {"area_signs", "body_signs", "self_harm"} <= set(ids)
    area = {c.value for c in for_region("low_back").question("area_signs").choices}
    assert {"saddle_numbness", "bladder_bowel", "both_legs"} <= area
    assert all(q.safety for q in questions)
    assert "pain_now" not in ids


def test_full_intake_is_every_page_after_the_safety_check():
    pages = full_intake("neck")
    assert [s.id for s in pages] == list(SECTION_IDS[1:])
    assert not any(q.safety for s in pages for q in s.questions)


@pytest.mark.parametrize("qs", ALL_SETS)
def test_the_full_intake_never_asks_again_what_the_safety_check_asked(qs: QuestionSet):
    safety = {q.id for q in qs.safety_questions()}
    later = {q.id for s in qs.sections if s.id != "safety" for q in s.questions}
    assert not safety & later


# --- The safety check's shape: few base questions, follow-ups, one order of answers ---------

BEFORE = {"low_back": 14, "mid_upper_back": 17, "neck": 12, "shoulder": 12, "elbow": 12,
          "wrist_hand": 10, "hip": 10, "knee": 18, "lower_leg": 12, "ankle_foot": 16}  # fmt: skip


def test_someone_with_nothing_to_report_answers_at_most_eight_safety_questions():
    counts = {region: len(base_safety_check(region)) for region in REGIONS}
    assert statistics.median(counts.values()) <= 8
    assert max(counts.values()) <= 8
    assert all(counts[region] < BEFORE[region] for region in REGIONS)


@pytest.mark.parametrize("qs", ALL_SETS)
def test_a_follow_up_comes_after_every_question_it_depends_on(qs: QuestionSet):
    page = [q.id for q in qs.section("safety").questions]
    for position, question in enumerate(qs.section("safety").questions):
        for condition in question.shown_if:
            assert condition.question_id in page[:position], (question.id, condition)
    assert not qs.section("safety").questions[0].follow_up


@pytest.mark.parametrize("region", ["knee", "ankle_foot"])
def test_ottawa_questions_are_asked_only_after_a_recent_injury(region):
    questions = safety_check(region)
    ottawa = {"cannot_walk", "knee_bony_tender", "knee_cant_bend", "ankle_bony_tender"}
    calm = {"injury": "no"}
    assert not ottawa & {q.id for q in visible(questions, calm)}
    for injury in ("minor_earlier", "major_earlier"):
        assert not ottawa & {q.id for q in visible(questions, {"injury": injury})}
    shown = {q.id for q in visible(questions, {"injury": "minor_recent"})}
    assert "cannot_walk" in shown and ottawa & shown - {"cannot_walk"}


@pytest.mark.parametrize(
    ("answers", "follow_up"),
    [
        ({"age": 12}, "child_signs"),
        ({"health_history": ["blood_thinner"]}, "bleeding_signs"),
        ({"health_history": ["recent_surgery"]}, "after_surgery_signs"),
        ({"night_pain": "most_nights"}, "rest_pain"),
        ({"area_signs": ["leg_weakness"]}, "weakness_onset"),
    ],
)
def test_a_parent_answer_brings_its_follow_up_and_only_then(answers, follow_up):
    questions = safety_check("hip")
    assert follow_up in {q.id for q in visible(questions, answers)}
    assert follow_up not in {q.id for q in visible(questions, {"age": 40})}


@pytest.mark.parametrize("qs", ALL_SETS)
def test_answers_read_yes_first_and_no_or_none_last(qs: QuestionSet):
    assert [c.value for c in forms.YES_NO] == ["yes", "no"]
    for q in qs.safety_questions():
        values = [c.value for c in q.choices]
        if "no" in values:
            assert values[-1] == "no" and values[0] != "no", q.id
        if q.kind is Kind.MULTI:
            assert values[-1] == "none", q.id


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_on_the_safety_check_yes_never_means_fine(rule):
    """A rule reads "yes" to a yes/no safety question, never "no": answering yes is the
    warning sign, so nobody has to answer yes to say they are well."""
    yes_no = {q.id for qs in QUESTION_SETS.values() for q in qs.safety_questions()
              if q.kind is Kind.YES_NO}  # fmt: skip
    for condition in (*rule.all_of, *rule.any_of):
        if condition.question_id in yes_no:
            assert condition.values == ("yes",) and not condition.negate, condition


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_answer_a_rule_reads_is_offered_in_each_of_its_regions(rule):
    def offered(condition, qs):
        question = qs.question(condition.question_id)
        if question is None or not condition.values:
            return True
        values = {c.value for c in question.choices} or {"yes", "no"}
        return bool(set(condition.values) & values)

    for region in rule.regions or REGIONS:
        qs = QUESTION_SETS[region]
        assert all(offered(c, qs) for c in rule.all_of), region
        assert not rule.any_of or any(offered(c, qs) for c in rule.any_of), region


def test_answers_to_follow_ups_that_no_longer_apply_are_dropped_and_never_required():
    qs = for_region("knee")
    answers = {"injury": "no", "cannot_walk": "yes", "knee_cant_bend": "yes", "age": 30}
    kept = only_visible(qs.safety_questions(), answers)
    assert "cannot_walk" not in kept and "knee_cant_bend" not in kept
    missing = {q.id for q in answer_rules.missing_required(qs, {"injury": "no"})}
    assert "cannot_walk" not in missing and "injury" not in missing and "age" in missing


def test_a_page_asks_new_follow_ups_next_and_refuses_a_blank_one_it_already_showed():
    questions = safety_check("knee")
    base = [q for q in questions if not q.follow_up]
    sent = {"age": "30", "fever": "no", "health_history": ["none"], "injury": "minor_recent",
            "night_pain": "no", "body_signs": ["none"], "area_signs": ["none"],
            "self_harm": "no"}  # fmt: skip

    first = answer_rules.read_page(questions, base, {}, sent)

    assert not first.errors
    assert "cannot_walk" in {q.id for q in first.pending}
    again = answer_rules.read_page(questions, questions, first.answers, {**sent})
    assert again.errors["cannot_walk"] == "Please answer this question."


# --- Edition 1, kept for intakes stored before the safety check changed ----------------------


@pytest.mark.parametrize("region", REGIONS)
def test_edition_one_is_still_registered_as_it_was_asked(region):
    old = by_name(f"intake-{region}", 1)
    assert old is not None and old.version == 1
    assert len(old.safety_questions()) == BEFORE[region]
    assert tuple(s.id for s in old.sections) == SECTION_IDS
    assert old.section("safety").questions[-1].id == "self_harm"


@pytest.mark.parametrize(
    ("region", "answers", "level", "code"),
    [
        ("low_back", {"saddle_numbness": "yes"}, "emergency", "cauda_equina"),
        ("neck", {"limb_weakness": "sudden"}, "emergency", "rapid_weakness"),
        ("shoulder", {"cardiac_signs": ["exertion"]}, "emergency", "cardiac"),
        ("knee", {"calf_signs": "yes", "breathless_chest_pain": "yes"}, "emergency", "pe_signs"),
        ("knee", {"recent_injury": "yes", "four_steps": "no"}, "physician", "ottawa_knee"),
        ("hip", {"cancer_history": "yes"}, "physician", "cancer_history"),
        ("hip", {"unrelenting_night_pain": "yes"}, "physician", "non_mechanical_pain"),
        ("low_back", {"osteoporosis_steroids": "yes", "minor_trauma_onset": "yes"}, "physician",
         "fragility_fracture"),
        ("elbow", {"blood_thinners": "yes", "swelling_bruising": "yes"}, "physician",
         "anticoagulant_bleeding"),
        ("neck", {"major_trauma": "recent"}, "emergency", "major_trauma_spine"),
        ("low_back", {"pregnancy": "pregnant"}, "inform", "pregnancy"),
    ],
)  # fmt: skip
def test_edition_one_answers_screen_as_they_did(region, answers, level, code):
    result = screen(questions_v1.upgrade_answers(answers), region=region)
    assert result.level == level and code in result.codes
