"""A therapist's visit in a real browser: sign in, open today's first appointment, read the
intake, finish and publish the plan, and the patient sees it on their page."""

from datetime import date

import pytest

from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.demo.intakes import answer
from clinic.extensions import db
from clinic.intake import services
from clinic.scheduling import booking
from tests import factories
from tests.browser.axe import Checkpoints

pytestmark = pytest.mark.browser

MONDAY = date(2026, 3, 2)  # the fixed clock's day; it is 09:00 in Chicago
STORY = {
    "health_history": ["cancer"],
    "pain_now": "4",
    "pain_worst": "7",
    "onset": "gradual",
    "psfs": [("Walking the dog", "4"), ("Putting on socks", "5"), ("Gardening", "2")],
}


@pytest.fixture
def day(app, db_session, clock, live_server):
    w = factories.make_bookable_clinic()
    user = factories.make_user(Role.THERAPIST)
    w.therapist.user_id = user.id
    w.email = user.email
    now = clock.now()
    w.first = booking.book(
        w.request(w.local(MONDAY, 10)), patient=w.patient, nonce="a", now=now, actor=None
    )
    booking.book(
        w.request(w.local(MONDAY, 14)),
        patient=factories.make_patient(first_name="Lena"),
        nonce="b",
        now=now,
        actor=None,
    )
    answer(services.start(w.first, "hip", now), STORY, now)
    w.token = tokens.issue(w.first, now)
    db.session.commit()
    w.url = live_server.url
    return w


def test_a_therapist_reads_the_intake_and_publishes_the_plan(page, day, request):
    check = Checkpoints(page, request.node.name)
    page.goto(day.url + "/staff/sign-in")
    page.get_by_label("Email").fill(day.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/therapist/")
    next_row = page.locator("table.agenda tr.is-next")
    assert "10:00 AM" in next_row.inner_text()
    check("my-day")

    next_row.get_by_role("link", name=day.patient.full_name).click()
    page.wait_for_url(f"**/therapist/appointments/{day.first.id}")
    flags = page.locator("ul.flag-list")
    assert "cancer" in flags.inner_text().lower()
    assert page.get_by_text("Walking the dog: 4/10").is_visible()
    check("appointment")

    page.get_by_role("link", name="Edit the plan").click()
    page.wait_for_url(f"**/staff/appointments/{day.first.id}/plan")
    page.get_by_label("Goal 1", exact=True).fill("Walk the dog for 30 minutes without stopping")
    page.get_by_label("Target date for goal 1").fill("2026-04-13")
    page.get_by_label("Visits a week").fill("2")
    page.get_by_label("For how many weeks").fill("6")
    page.get_by_label("Home programme notes").fill("Two short walks a day; sit-to-stand practice.")
    check("plan-editor")
    page.get_by_role("button", name="Save and publish to the patient").click()
    page.wait_for_url(f"**/staff/appointments/{day.first.id}/plan")
    assert "Published." in page.locator(".flashes").inner_text()

    page.goto(f"{day.url}/visit/{day.token}/")
    plan = page.locator("section.plan")
    text = plan.inner_text()
    assert "Walk the dog for 30 minutes without stopping" in text
    assert "aiming for April 13, 2026" in text and "2 visits a week for 6 weeks" in text
    assert "sit-to-stand practice" in text
    check("patient-page")
    check.assert_clean()
