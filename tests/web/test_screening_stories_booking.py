"""Our clinical stories through the booking's safety step, as a browser without JavaScript
would send them: the base questions first, then each page of follow-ups the answers call for."""

import re

import pytest
from sqlalchemy import select

from clinic.booking.models import BookingDraft
from clinic.intake.question_sets import base_safety_check
from clinic.intake.screening import screen
from tests.screening_stories import ALL_STORIES, complete
from tests.web import test_booking_flow
from tests.web.test_booking_flow import SAFE_LOW_BACK, post, reason

world = test_booking_flow.world

FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([a-z0-9_]+)"')


def form_data(answers: dict) -> dict:
    return {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in answers.items()}


def answer_safety_step(client, story):
    """Post the story's answers page by page; the last response and the pages it took."""
    answers = complete(story)
    base = {q.id: answers[q.id] for q in base_safety_check(story.region)}
    response = post(client, "/book/safety", form_data(base))
    pages = 1
    while response.status_code == 302 and response.headers["Location"].endswith("/book/safety"):
        html = client.get("/book/safety").get_data(as_text=True)
        assert "A few more questions" in html
        asked = {name: answers[name] for name in FIELD.findall(html) if name in answers}
        assert asked, f"{story.id}: a follow-up page with nothing this story answers"
        response = post(client, "/book/safety", {"page": "more", **form_data(asked)})
        pages += 1
        assert pages <= 4, f"{story.id}: more than three pages of follow-ups"
    return response, answers


@pytest.mark.parametrize("story", ALL_STORIES, ids=lambda story: story.id)
def test_story_through_the_booking_safety_step(client, world, db_session, story):
    reason(client, world, region=story.region)

    response, answers = answer_safety_step(client, story)

    html = response.get_data(as_text=True)
    draft = db_session.scalar(select(BookingDraft))
    saved = draft.data["safety"]
    # An emergency stops the booking at once, before any follow-up it would have asked.
    assert set(saved) <= set(answers)
    assert set(saved) == set(answers) or story.level == "emergency"
    result = screen({**saved, "region": story.region})
    assert str(result.level) == story.level == draft.data["level"]
    assert (str(result.urgency) if result.urgency else None) == story.urgency
    if story.level == "emergency":
        assert response.status_code == 200 and draft.data["stopped"]
        assert "911" in html or "988" in html
    elif story.level == "physician":
        assert response.status_code == 200 and "Please see a physician first" in html
    else:
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/book/therapist")


KNEE_INJURY = {**SAFE_LOW_BACK, "injury": "minor_recent"}
OTTAWA_CALM = {
    "cannot_walk": "no",
    "knee_bony_tender": "none",
    "knee_cant_bend": "no",
    "knee_rapid_swelling": "no",
    "joint_deformity": "no",
}


def draft_of(db_session) -> BookingDraft:
    db_session.expire_all()
    return db_session.scalar(select(BookingDraft))


def test_follow_ups_answered_in_place_need_no_second_page(client, world):
    reason(client, world, region="knee")
    response = post(client, "/book/safety", {**KNEE_INJURY, **OTTAWA_CALM})
    assert response.headers["Location"].endswith("/book/therapist")


def test_an_answer_to_a_follow_up_its_parent_no_longer_asks_for_is_dropped(
    client, world, db_session
):
    reason(client, world, region="knee")
    # As a page whose script had shown the follow-up before the patient changed the injury.
    response = post(client, "/book/safety", {**SAFE_LOW_BACK, "cannot_walk": "yes"})
    assert response.headers["Location"].endswith("/book/therapist")
    assert "cannot_walk" not in draft_of(db_session).data["safety"]


def test_a_blank_follow_up_is_refused_on_its_page_and_the_rest_kept(client, world, db_session):
    reason(client, world, region="knee")
    post(client, "/book/safety", KNEE_INJURY)
    response = post(client, "/book/safety", {"page": "more", "cannot_walk": "yes"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please answer this question." in html and "A few more questions" in html
    kept = re.search(r'<input[^>]*\bchecked\b[^>]*name="cannot_walk"[^>]*value="yes"', html)
    assert kept, "the answer sent is shown again"
    assert draft_of(db_session).data["safety"]["injury"] == "minor_recent"


def test_an_earlier_answer_can_be_changed_from_the_follow_up_page(client, world, db_session):
    reason(client, world, region="knee")
    post(client, "/book/safety", KNEE_INJURY)
    assert "Change an earlier answer" in client.get("/book/safety").get_data(as_text=True)
    whole = client.get("/book/safety?page=all").get_data(as_text=True)
    assert 'name="age"' in whole and 'value="all"' in whole
    response = post(client, "/book/safety", {**SAFE_LOW_BACK, "page": "all"})
    assert response.headers["Location"].endswith("/book/therapist")
    assert draft_of(db_session).data["safety_pending"] == []


def test_an_emergency_stops_the_booking_before_any_follow_up(client, world, db_session):
    reason(client, world, region="knee")
    response = post(client, "/book/safety", {**KNEE_INJURY, "self_harm": "yes"})
    assert response.status_code == 200 and "988" in response.get_data(as_text=True)
    assert draft_of(db_session).data["stopped"]
    assert client.get("/book/therapist").headers["Location"].endswith("/book/safety")


def test_advice_after_a_follow_up_page_is_acknowledged_on_the_whole_check(
    client, world, db_session
):
    reason(client, world, region="knee")
    post(client, "/book/safety", KNEE_INJURY)
    advice = post(client, "/book/safety", {"page": "more", **OTTAWA_CALM, "cannot_walk": "yes"})
    html = advice.get_data(as_text=True)
    assert advice.status_code == 200 and "Please see a physician first" in html
    assert 'value="all"' in html and 'name="age"' in html  # the whole check, filled in

    everything = {**KNEE_INJURY, **OTTAWA_CALM, "cannot_walk": "yes", "page": "all"}
    assert post(client, "/book/safety", everything).status_code == 400  # the box not ticked
    done = post(client, "/book/safety", {**everything, "acknowledge": "yes"})

    assert done.headers["Location"].endswith("/book/therapist")
    assert draft_of(db_session).data["acknowledged"] is True
