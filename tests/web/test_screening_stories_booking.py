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
from tests.web.test_booking_flow import post, reason

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
