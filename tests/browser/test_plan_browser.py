"""Plans in a real browser: the therapist edits and publishes beside the intake, the patient
reads it on their page, and the printable copy fits one sheet."""

import re
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

STORY = {
    "pain_now": "4",
    "pain_best": "2",
    "pain_worst": "7",
    "onset": "injury",
    "night_pain": "most_nights",
    "psfs": [("Lifting my toddler", "3"), ("Running 5 km", "1"), ("Sitting at work", "5")],
}


#: The longest outline the wording makes: a knee after surgery, months long, high band, nights.
LONGEST = {
    **STORY,
    "onset": "after_surgery",
    "duration": "over_12_weeks",
    "flare_ease": "little_activity",
    "settle_time": "day_or_more",
}


@pytest.fixture
def visit(app, db_session, clock, live_server, request):
    region, story = getattr(request, "param", ("low_back", STORY))
    world = factories.make_bookable_clinic()
    user = factories.make_user(Role.THERAPIST)
    world.therapist.user_id = user.id
    world.email = user.email
    appointment = booking.book(
        world.request(world.local(date(2026, 3, 3), 10)),
        patient=world.patient,
        nonce="v",
        now=clock.now(),
        actor=None,
    )
    world.appointment_id = appointment.id
    world.token = tokens.issue(appointment, clock.now())
    answer(services.start(appointment, region, clock.now()), story, clock.now())
    db.session.commit()
    world.url = live_server.url
    return world


def sign_in(page, visit):
    page.goto(visit.url + "/staff/sign-in")
    page.get_by_label("Email").fill(visit.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/therapist/")


def test_the_therapist_publishes_and_the_patient_reads_it(page, visit, request):
    check = Checkpoints(page, request.node.name)
    sign_in(page, visit)
    page.goto(f"{visit.url}/staff/appointments/{visit.appointment_id}/plan")
    assert page.get_by_role("heading", name="What the patient told us").is_visible()
    check("editor")
    page.get_by_label("Target date for goal 1").fill("2026-04-14")
    page.get_by_label("Visits a week").fill("2")
    page.get_by_label("For how many weeks").fill("6")
    page.get_by_label("Home programme notes").fill("Short walks twice a day, as we practised.")
    page.get_by_role("button", name="Save and publish to the patient").click()
    page.wait_for_url(f"**/staff/appointments/{visit.appointment_id}/plan")
    assert "Published." in page.locator(".flashes").inner_text()
    check("published")
    page.goto(f"{visit.url}/visit/{visit.token}/")
    plan = page.locator("section.plan")
    assert plan.get_by_role("heading", name="Your plan", exact=True).is_visible()
    text = plan.inner_text()
    assert "as we practised" in text and "2 visits a week for 6 weeks" in text
    assert "aiming for April 14, 2026" in text
    check("patient-page")
    check.assert_clean()


def test_an_invalid_date_is_announced_and_nothing_typed_is_lost(page, visit):
    sign_in(page, visit)
    page.goto(f"{visit.url}/staff/appointments/{visit.appointment_id}/plan")
    page.get_by_label("Home programme notes").fill("Keep this text")
    page.get_by_label("Visits a week").fill("9")
    page.get_by_role("button", name="Save draft").click()
    alert = page.get_by_role("alert")
    assert "from 1 to 5" in alert.inner_text()
    assert page.get_by_label("Home programme notes").input_value() == "Keep this text"
    field = page.get_by_label("Visits a week")
    assert "visits_per_week-error" in field.get_attribute("aria-describedby")
    alert.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "visits_per_week"


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("visit", [("knee", LONGEST)], indirect=True)
def test_the_printable_outline_fits_one_sheet(page, visit, paper):
    page.goto(f"{visit.url}/visit/{visit.token}/plan")
    assert page.get_by_role("button", name="Print").is_visible()  # the script ran
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format=paper, print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the outline printed on {pages} {paper} pages"
