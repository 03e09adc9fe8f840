"""The front desk in a real browser: book a phone patient, move them, check them in; the day
view is screenshotted and scanned with axe at each step."""

from datetime import date

import pytest

from clinic.auth.models import Role
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.intake.models import IntakeStatus
from clinic.scheduling.models import AppointmentStatus, ScreeningLevel
from tests import factories
from tests.browser.axe import Checkpoints

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_url(app, db_session, live_server):
    world = factories.make_bookable_clinic()
    factories.make_user(Role.FRONT_DESK, email="desk@clinic.example")
    db.session.commit()
    world.url = live_server.url
    return world


def sign_in_at_the_desk(page, base):
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email").fill("desk@clinic.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/frontdesk/")


def open_the_book_form_for_rosa(page, world):
    """The book form with the patient, the visit type and Monday 2 March filled."""
    page.get_by_role("link", name="Book a patient").first.click()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Phone")
    page.get_by_label("Email").fill("rosa@example.com")
    page.get_by_label("Phone").fill("(312) 555-0142")
    page.get_by_label("Date of birth").fill("1970-01-31")
    page.get_by_label("Body region").select_option("neck")
    page.get_by_label("Type of visit").select_option(str(world.follow_up.id))
    page.get_by_label("Date", exact=True).fill("2026-03-02")


def test_front_desk_books_reschedules_and_checks_in_a_phone_patient(page, desk_url, request):
    world, base = desk_url, desk_url.url
    check = Checkpoints(page, request.node.name)
    sign_in_at_the_desk(page, base)
    check("day-view-empty")

    open_the_book_form_for_rosa(page, world)
    page.get_by_label("Start time").fill("11:00")
    check("book-form")
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url("**/frontdesk/appointments/*")
    assert "Booked." in page.content()

    page.get_by_label("Start time").fill("09:15")
    page.get_by_role("button", name="Move").click()
    page.wait_for_url("**/frontdesk/appointments/*")
    assert "Moved." in page.content() and "9:15 AM" in page.content()

    page.get_by_role("button", name="Check in").click()
    page.wait_for_url("**/frontdesk/appointments/*")
    assert "checked in" in page.content()
    check("appointment-checked-in")

    page.get_by_role("link", name="Day", exact=True).click()
    page.wait_for_url("**/frontdesk/")
    assert "Rosa Phone" in page.content() and "Checked in" in page.content()
    # On a phone the grid scrolls inside its own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check("day-view-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    check("day-view")
    check.assert_clean()


def test_the_other_front_desk_pages_pass_axe(page, desk_url, request, db_session):
    world, base = desk_url, desk_url.url
    factories.make_episode(world.patient, world.location, date(2026, 2, 16), visits_used=8)
    db.session.commit()
    check = Checkpoints(page, request.node.name)
    sign_in_at_the_desk(page, base)
    for path, step in [
        (f"/frontdesk/week?therapist={world.therapist.id}", "week"),
        ("/frontdesk/sheet", "sheet"),
        (f"/frontdesk/patients/{world.patient.id}", "patient"),
        (f"/frontdesk/hours?therapist={world.therapist.id}", "hours"),
        ("/frontdesk/direct-access", "tracker"),
    ]:
        page.goto(base + path)
        check(step)
    page.goto(base + "/frontdesk/patients")
    page.get_by_label("Name, email, phone or date of birth").fill("Pat")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name=f"{world.patient.last_name}, Pat").is_visible()
    check("patients")
    check.assert_clean()


def test_visits_of_a_disabled_therapist_are_listed_to_move_and_pass_axe(
    page, desk_url, db_session, request
):
    """A therapist's account was disabled: the day view lists their visit, which says why."""
    world = desk_url
    world.therapist.active = False  # what disabling the therapist's account does
    factories.make_appointment(
        world.therapist,
        world.location,
        world.kind,
        world.local(date(2026, 3, 4), 10),
        world.patient,
    )
    db.session.commit()
    check = Checkpoints(page, request.node.name)
    page.goto(world.url + "/staff/sign-in")
    page.get_by_label("Email").fill("desk@clinic.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/frontdesk/")
    to_move = page.get_by_role("region", name="Visits to move to another therapist")
    assert to_move.is_visible()
    check("day-view-visits-to-move")
    to_move.get_by_role("link").first.click()
    page.wait_for_url("**/frontdesk/appointments/*")
    assert "account is disabled" in page.content()
    check("visit-of-a-disabled-therapist")


def test_front_desk_books_by_clicking_a_free_time(page, desk_url, request):
    world, base = desk_url, desk_url.url
    check = Checkpoints(page, request.node.name)
    sign_in_at_the_desk(page, base)

    open_the_book_form_for_rosa(page, world)
    page.get_by_role("button", name="Show free times that day").click()
    free_times = page.get_by_role("group", name="Free times that day")
    free_times.get_by_role("button").first.wait_for()
    check("book-form-free-times")

    chosen = free_times.get_by_role("button").first
    label = chosen.inner_text()
    chosen.click()
    page.wait_for_url("**/frontdesk/appointments/*")
    content = page.content()
    assert "Booked." in content and "Rosa Phone" in content
    assert label.split(" with ")[0].split(", ")[-1] in content  # the clicked time, e.g. 8:00 AM
    check("booked-from-a-free-time")
    check.assert_clean()


def test_no_shows_and_a_visit_inside_time_off_on_the_day_pass_axe(page, desk_url, request):
    world, base = desk_url, desk_url.url
    for hour, status in ((8, AppointmentStatus.NO_SHOW), (10, AppointmentStatus.CANCELLED)):
        visit = factories.make_appointment(
            world.therapist,
            world.location,
            world.follow_up,
            world.local(date(2026, 3, 2), hour),
            world.patient,
            status=status,
        )
        # Screened clear: the grid's small grey "Screening: clear" line is the faintest text.
        intake = intake_services.start(visit, "knee", visit.created_at)
        intake.status, intake.screening_level = IntakeStatus.IN_PROGRESS, ScreeningLevel.CLEAR
    factories.make_booking(world, world.local(date(2026, 3, 2), 14), "in-time-off")
    factories.make_time_off(
        world.local(date(2026, 3, 2), 13),
        world.local(date(2026, 3, 2), 17),
        world.therapist,
        reason="Conference",
    )
    db.session.commit()
    check = Checkpoints(page, request.node.name)
    sign_in_at_the_desk(page, base)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base + "/frontdesk/?date=2026-03-02")
    assert "No show" in page.content()
    assert page.get_by_text("Inside time off (Conference): move or confirm").is_visible()
    check("day-with-a-no-show-and-a-visit-in-time-off")
    check.assert_clean()
