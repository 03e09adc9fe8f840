"""Ask our experts in a real browser: from the home page to an article and into booking with
the region chosen; asking a question; a therapist answering it and publishing it as an
article. axe-core and a screenshot at every step."""

import pytest
from sqlalchemy import select

from clinic.auth.models import Role
from clinic.content.models import Question
from tests import factories
from tests.browser.axe import Checkpoints
from tests.web.test_content_views import write_article

pytestmark = pytest.mark.browser

QUESTION = "I heard a pop in my back during a heavy squat. Should I be worried about it?"


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    write_article(
        "back-pop-during-heavy-lift",
        "mid_upper_back",
        question="I felt a pop in my back during a heavy squat. Should I be worried?",
        summary="A pop during a big lift is often harmless.",
    )
    write_article("knee-clicks", "knee")
    db_session.commit()
    return clinic


@pytest.fixture
def check(page, request):
    return Checkpoints(page, request.node.name)


def test_home_to_article_to_booking_with_the_region_chosen(page, live_server, world, check):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ask our experts").click()
    page.wait_for_url("**/ask-our-experts/")
    check("index")
    page.get_by_role("link", name="I felt a pop in my back during a heavy squat").click()
    page.wait_for_url("**/ask-our-experts/back-pop-during-heavy-lift")
    check("article")
    assert page.get_by_role("heading", level=2, name="Things to know").is_visible()
    assert page.get_by_text("In Illinois you can see a physical therapist").is_visible()
    page.get_by_role("link", name="Book an evaluation, no referral needed").last.click()
    page.wait_for_url("**/book?topic=back-pop-during-heavy-lift")
    check("booking")
    assert page.get_by_role("radio", name="Mid or upper back").is_checked()
    check.assert_clean()


def test_searching_finds_an_article(page, live_server, world, check):
    page.goto(live_server.url + "/ask-our-experts/")
    page.get_by_label("Search the questions").fill("squat")
    page.get_by_role("button", name="Search").click()
    check("results")
    assert page.get_by_role("link", name="I felt a pop in my back").is_visible()
    check.assert_clean()


def test_asking_a_question(page, live_server, world, db_session, check):
    page.goto(live_server.url + "/ask-our-experts/back-pop-during-heavy-lift")
    page.get_by_role("link", name="Ask a question").click()
    check("form")
    page.get_by_label("Your first name").fill("Robin")
    page.get_by_label("Your email address").fill("robin@example.com")
    page.get_by_label("Which part of the body is it about?").select_option("mid_upper_back")
    page.get_by_label("Your question").fill("Too short")
    page.get_by_role("button", name="Send my question").click()
    check("error")
    assert page.get_by_text("Please write between 20 and 2,000 characters.").first.is_visible()
    assert page.get_by_label("Your first name").input_value() == "Robin"
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url("**/ask-our-experts/ask/thanks")
    check("thanks")
    db_session.expire_all()
    assert db_session.scalar(select(Question.body)) == QUESTION
    check.assert_clean()


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_therapist_answers_and_publishes_a_question(
    page, live_server, world, db_session, clock, check
):
    from clinic.content import questions

    questions.receive(questions.Asked("Robin", "robin@example.com", "knee", QUESTION), clock.now())
    user = factories.make_user(Role.THERAPIST, email="maya@clinic.example")
    factories.make_therapist(user=user, display_name="Maya Okafor")
    db_session.commit()

    sign_in(page, live_server, "maya@clinic.example")
    page.goto(live_server.url + "/ask-our-experts/")
    page.get_by_role("link", name="Questions inbox").click()
    check("inbox")
    page.get_by_role("link", name=QUESTION[:40]).click()
    check("question")
    page.get_by_label("Your answer").fill("A pop alone is rarely a worry. Keep moving gently.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**/staff/questions/")
    assert page.get_by_text("Your answer is on its way").is_visible()
    page.get_by_role("link", name=QUESTION[:40]).click()
    page.get_by_role("button", name="Turn into a draft article").click()
    page.wait_for_url("**/edit")
    check("editor")
    page.get_by_label("Summary").fill("A pop during a lift is often harmless.")
    page.get_by_label("Answer", exact=True).fill("## What helps\n\nKeep **moving** gently.")
    page.get_by_label("Reviewed on").fill("2026-03-01")
    page.get_by_role("button", name="Preview the answer").click()
    page.locator(".preview strong").wait_for()
    assert page.locator(".preview strong").inner_text() == "moving"
    check("preview")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published: the article is on the public site.").wait_for()
    page.locator("main a[href^='/ask-our-experts/']").first.click()
    page.wait_for_load_state()
    check("published")
    assert page.get_by_role("heading", level=1).inner_text() == QUESTION
    assert "Robin" not in page.content()
    check.assert_clean()
