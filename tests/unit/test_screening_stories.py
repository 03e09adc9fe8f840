"""Our clinical stories through `screen()`: every red-flag story routed to its level and time
frame, every benign one left to physical therapy (see tests/screening_stories.py)."""

from collections import Counter

import pytest

from clinic.core.regions import REGIONS
from clinic.intake.screening import screen
from tests.screening_stories import (
    ALL_STORIES,
    BENIGN_STORIES,
    RED_FLAG_STORIES,
    complete,
)


@pytest.mark.parametrize("story", ALL_STORIES, ids=lambda story: story.id)
def test_story_is_routed_to_its_level_and_time_frame(story):
    result = screen(complete(story), region=story.region)

    assert str(result.level) == story.level, result.codes
    assert (str(result.urgency) if result.urgency else None) == story.urgency, result.codes


def test_there_are_enough_stories_in_every_region_and_each_names_its_source():
    assert len(RED_FLAG_STORIES) >= 60 and len(BENIGN_STORIES) >= 30
    assert len({story.id for story in ALL_STORIES}) == len(ALL_STORIES)
    assert all(story.source for story in ALL_STORIES)
    assert {story.region for story in RED_FLAG_STORIES} == set(REGIONS)
    assert {story.region for story in BENIGN_STORIES} == set(REGIONS)
    levels = Counter(story.level for story in RED_FLAG_STORIES)
    assert levels["emergency"] >= 20 and levels["physician"] >= 20


def test_benign_stories_are_over_triaged_at_most_one_in_twenty():
    over = [
        story.id
        for story in BENIGN_STORIES
        if screen(complete(story), region=story.region).level.rank >= 2
    ]
    assert len(over) * 20 <= len(BENIGN_STORIES), over


def test_a_tender_calf_after_a_strain_is_not_a_clot_but_a_swollen_one_is():
    strain = {"body_signs": ["calf_tender"], "injury": "minor_recent"}
    assert screen(strain, region="lower_leg").level == "clear"
    assert screen({"body_signs": ["calf_swollen"]}, region="lower_leg").level == "physician"
    after_surgery = {**strain, "health_history": ["recent_surgery"]}
    assert screen(after_surgery, region="lower_leg").codes[0] == "dvt_risk"


def test_an_old_minor_bump_is_not_major_trauma():
    assert screen({"injury": "minor_earlier"}, region="low_back").level == "clear"
    assert screen({"injury": "major_earlier"}, region="low_back").level == "physician"


def test_woken_every_night_is_asked_about_rest_and_not_flagged_on_waking_alone():
    woken = {"night_pain": "most_nights", "age": 45}
    assert screen(woken, region="shoulder").level == "clear"
    assert screen({**woken, "rest_pain": "yes"}, region="shoulder").codes == ["non_mechanical_pain"]
