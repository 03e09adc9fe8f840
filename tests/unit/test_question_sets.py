"""The intake question sets: one per region, well formed, and covering what screening reads."""

import pytest

from clinic.core.regions import REGIONS
from clinic.intake import question_sets
from clinic.intake.question_sets import (
    QUESTION_SETS,
    SECTION_IDS,
    by_name,
    for_region,
    full_intake,
    safety_check,
)
from clinic.intake.questions import Kind, QuestionSet
from clinic.intake.screening import RULES, Severity

ALL_SETS = [pytest.param(qs, id=region) for region, qs in QUESTION_SETS.items()]
#: Answers the caller adds to the intake's own: not questions of any set.
DERIVED = {"age", "region"}
CORE_IDS = {
    "pain_now", "pain_best", "pain_worst", "night_pain", "pain_pattern", "onset", "onset_when",
    "duration", "worse", "better", "flare_ease", "settle_time", "nerve_symptoms",
    "previous_episodes", "previous_surgery", "medical_history", "medicines", "blood_thinners",
    "osteoporosis_steroids", "pregnancy", "worry_mood", "psfs", "self_harm",
}  # fmt: skip


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
def test_questions_are_worded_and_never_ask_for_age(qs: QuestionSet):
    for q in qs.questions():
        assert q.text.strip().endswith("?") or q.text.strip().endswith("."), q.id
    assert not DERIVED & {q.id for q in qs.questions()}


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
            if q.id in ("worse", "better"):
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
    assert {"saddle_numbness", "bladder_bowel_change", "self_harm"} <= set(ids)
    assert all(q.safety for q in questions)
    assert "pain_now" not in ids


def test_full_intake_is_every_page_after_the_safety_check():
    pages = full_intake("neck")
    assert [s.id for s in pages] == list(SECTION_IDS[1:])
    assert not any(q.safety for s in pages for q in s.questions)


def test_bone_health_moves_to_the_safety_page_where_a_rule_needs_it():
    low_back, knee = for_region("low_back"), for_region("knee")
    assert low_back.question("osteoporosis_steroids").safety
    assert "osteoporosis_steroids" not in {q.id for q in low_back.section("health").questions}
    assert "osteoporosis_steroids" in {q.id for q in knee.section("health").questions}
