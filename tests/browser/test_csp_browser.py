"""The Content-Security-Policy in a real browser: the patient's pages from home to booked,
the intake and the printable plan, and the staff's day views load with the policy enforced
and without a single violation reported."""

import re
from datetime import date

import pytest
from playwright.sync_api import Error as PlaywrightError

from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.demo.intakes import answer
from clinic.extensions import db
from clinic.intake import services
from clinic.scheduling import booking
from tests import factories
from tests.browser import walk
from tests.browser.test_plan_browser import STORY
from tests.web.test_booking_flow import DETAILS
from tests.web.test_content_views import write_article

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, db_session, clock, live_server):
    """Asked for before `strict_page`, so the browser closes before the server stops."""
    world = factories.make_bookable_clinic()
    world.location.state = "IL"
    therapist_user = factories.make_user(Role.THERAPIST)
    world.therapist.user_id = therapist_user.id
    world.therapist_email = therapist_user.email
    world.front_desk_email = factories.make_user(Role.FRONT_DESK).email
    appointment = booking.book(
        world.request(world.local(date(2026, 3, 3), 10)),
        patient=world.patient,
        nonce="csp",
        now=clock.now(),
        actor=None,
    )
    world.token = tokens.issue(appointment, clock.now())
    answer(services.start(appointment, "low_back", clock.now()), STORY, clock.now())
    write_article(slug="low-back-after-driving", region="low_back")
    db.session.commit()
    world.url = live_server.url
    return world


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")


def assert_no_violations(page) -> None:
    # Late requests (the favicon) report too, and none may still be at the server at teardown.
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == [], "\n".join(page.csp_violations)


def sign_in(page, base: str, email: str, landing: str) -> None:
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{landing}")


def test_the_patients_pages_load_under_the_policy(world, strict_page):
    page, base = strict_page, world.url
    visit(page, base + "/")
    visit(page, base + "/ask-our-experts/")
    visit(page, base + "/ask-our-experts/low-back-after-driving")  # with its JSON-LD block
    visit(page, base + "/ask-our-experts/ask")

    visit(page, base + "/book")
    walk.to_review(page, base, world.location.name)
    page.get_by_role("button", name="Email me a code to confirm").click()
    page.wait_for_url("**/book/verify")
    code, _ = factories.emailed_code(DETAILS["email"])
    page.get_by_label("Confirmation code").fill(code)  # verify-code.js, under the policy
    page.wait_for_url("**/book/done")

    visit(page, f"{base}/visit/{world.token}/")
    visit(page, f"{base}/visit/{world.token}/intake/")
    page.get_by_role("link").filter(has_text="Your pain").first.click()
    page.wait_for_load_state("load")
    visit(page, f"{base}/visit/{world.token}/plan")
    assert page.get_by_role("button", name="Print").is_visible()  # print.js ran
    assert_no_violations(page)


def test_the_staff_pages_load_under_the_policy(world, strict_page):
    page, base = strict_page, world.url
    sign_in(page, base, world.therapist_email, "/therapist/")
    visit(page, base + "/therapist/week")
    page.get_by_role("link", name=re.compile(world.patient.first_name)).first.click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/staff/sign-in")

    sign_in(page, base, world.front_desk_email, "/frontdesk/")
    visit(page, base + "/frontdesk/?date=2026-03-03")
    visit(page, base + "/frontdesk/week")
    visit(page, base + "/frontdesk/hours")
    assert_no_violations(page)


def test_an_inline_script_would_be_caught(world, strict_page):
    """The check above can fail: the browser refuses inline code and the test hears of it."""
    visit(strict_page, world.url + "/")
    with pytest.raises(PlaywrightError, match=r"Content Security Policy|CSP"):
        strict_page.add_script_tag(content="window.injected = true;")
    assert strict_page.evaluate("() => window.injected === undefined")
    strict_page.wait_for_load_state("networkidle")
    assert any("script-src" in seen for seen in strict_page.csp_violations)
