"""The intake in a real browser: a page answered with the keyboard alone, then the therapist
reading it."""

from datetime import date

import pytest

from clinic.booking import tokens
from clinic.extensions import db
from clinic.intake import services
from clinic.scheduling import booking
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def intake_link(app, db_session, clock, live_server):
    world = factories.make_bookable_clinic()
    appointment = booking.book(
        world.request(world.local(date(2026, 3, 3), 10)),
        patient=world.patient,
        nonce="v",
        now=clock.now(),
        actor=None,
    )
    token = tokens.issue(appointment, clock.now())
    services.start(appointment, "knee", clock.now())
    db.session.commit()
    return f"{live_server.url}/visit/{token}/intake/"


def test_a_page_is_answered_with_the_keyboard_alone(page, intake_link):
    page.goto(intake_link + "pain")
    # Each scale is a group of radios: focus enters it, arrow keys choose.
    first_radio = page.locator("input[name=pain_now]").first
    first_radio.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.locator("input[name=pain_now]:checked").get_attribute("value") == "4"
    for name, presses in (("pain_best", 2), ("pain_worst", 6)):
        page.locator(f"input[name={name}]").first.focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.locator("input[name=pain_pattern]").first.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/story")
    assert page.get_by_role("heading", level=1).inner_text() == "How it started"


def test_errors_are_announced_and_linked_to_their_question(page, intake_link):
    page.goto(intake_link + "pain")
    page.get_by_role("button", name="Save and continue").click()
    alert = page.get_by_role("alert")
    assert "need another look" in alert.inner_text()
    group = page.locator("fieldset#pain_now")
    assert group.get_attribute("aria-describedby") == "pain_now-hint pain_now-error" or (
        "pain_now-error" in group.get_attribute("aria-describedby")
    )
    assert "Please answer this question." in page.locator("#pain_now-error").inner_text()
    alert.get_by_role("link").first.click()
    assert page.url.endswith("#pain_now")
