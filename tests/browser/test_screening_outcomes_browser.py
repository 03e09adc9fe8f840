"""After a screening result, in a real browser: the stop page leads with what to do now and
records "I answered by mistake"; the front desk's call task appears, is acknowledged by name
and leaves the list; the desk reads the safety questions for a phone booking. Every page is
scanned with axe."""

from datetime import date

import pytest
from sqlalchemy import select

from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.core.regions import region_label
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.intake.models import ScreeningRecord
from tests import factories, safety_answers
from tests.browser.axe import Checkpoints

pytestmark = pytest.mark.browser

REGION, EMERGENCY = safety_answers.giving("emergency")


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    factories.make_user(Role.FRONT_DESK, email="frontdesk@clinic.example")
    db.session.commit()
    return clinic


def answer(page, answers: dict) -> None:
    """Answer the questions the page shows (a follow-up appears only when an earlier answer
    calls for it, so the ones still hidden are left alone)."""
    for question, value in answers.items():
        number = page.locator(f"input[name={question}][type=number]")
        if number.count():
            number.fill(str(value))
            continue
        for one in value if isinstance(value, list) else [value]:
            choice = page.locator(f"input[name={question}][value={one}]")
            if choice.count() and choice.first.is_visible():
                choice.check()


def test_the_stop_page_says_what_to_do_now_first_and_records_a_mistake(
    page, live_server, world, request, db_session
):
    check = Checkpoints(page, request.node.name)
    page.goto(live_server.url + "/book")
    page.get_by_role("radio", name=region_label(REGION)).check()
    page.get_by_role("radio", name=f"{world.location.name}, Chicago, IL").check()
    page.locator("#duration").get_by_label("Less than 6 weeks").check()
    page.locator("#onset").get_by_label("Slowly, without an injury I know of").check()
    page.get_by_label("In a line, what brings you in?").fill("Aching after gardening")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/safety")
    answer(page, EMERGENCY)
    page.get_by_role("button", name="Continue").click()

    main = page.get_by_role("main")
    headings = main.get_by_role("heading").all_inner_texts()
    assert headings[:2] == ["Please get help now", "What to do now"]
    assert main.get_by_role("alert").is_visible()
    call = main.get_by_role("link", name="Call 911")
    mistake = main.get_by_role("button", name="I answered by mistake: change my answers")
    # What to do now comes first and stands out; the mistake path is smaller and later.
    assert call.bounding_box()["y"] < mistake.bounding_box()["y"]
    assert call.bounding_box()["height"] > mistake.bounding_box()["height"]
    check("stop-page")

    mistake.click()
    page.wait_for_url("**/book/safety")
    db_session.rollback()  # a fresh read of what the server committed
    kept = db_session.scalar(select(ScreeningRecord))
    assert kept.level == "emergency" and kept.mistake_reported_at is not None
    check.assert_clean()


def test_a_call_task_appears_is_acknowledged_by_name_and_is_gone(
    page, live_server, world, request, db_session, clock
):
    appointment = factories.make_booking(world, world.local(date(2026, 3, 4), 10), "task")
    token = tokens.issue(appointment, clock.now())
    intake_services.start(appointment, REGION, clock.now())
    db.session.commit()
    check = Checkpoints(page, request.node.name)

    # The patient answers the questionnaire after booking and is told to get help now.
    page.goto(f"{live_server.url}/visit/{token}/intake/safety")
    answer(page, EMERGENCY)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/intake/urgent")
    assert "Our front desk has been told" in page.get_by_role("main").inner_text()

    # The front desk sees the task, and acknowledges it by name.
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email").fill("frontdesk@clinic.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/frontdesk/")
    page.get_by_role("link", name="Patients to call").first.click()
    page.wait_for_url("**/frontdesk/tasks")
    name = world.patient.full_name
    assert page.get_by_role("heading", name=name).is_visible()
    check("tasks")
    page.get_by_role("button", name=f"Acknowledge the call to {name}").click()
    assert "Type your name" in page.get_by_role("main").inner_text()
    page.get_by_label(f"Your name, to call {name}").fill("Dana Lee")
    page.get_by_role("button", name=f"Acknowledge the call to {name}").click()
    page.wait_for_url("**/frontdesk/tasks")
    main = page.get_by_role("main").inner_text()
    assert "Thank you, Dana Lee" in main and "No patients to call." in main
    check("tasks-done")
    check.assert_clean()


def test_the_desk_reads_the_safety_questions_for_a_phone_booking(
    page, live_server, world, request, clock
):
    appointment = factories.make_booking(world, world.local(date(2026, 3, 4), 11), "desk")
    intake_services.start(appointment, REGION, clock.now())
    db.session.commit()
    check = Checkpoints(page, request.node.name)
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email").fill("frontdesk@clinic.example")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/frontdesk/")
    page.goto(f"{live_server.url}/frontdesk/appointments/{appointment.id}")
    assert "Not screened yet" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Ask the safety questions now").click()
    page.wait_for_url("**/safety")
    check("desk-safety-questions")
    page.get_by_role("button", name="Save the answers").click()
    assert "need" in page.get_by_role("alert").inner_text().lower()  # nothing answered yet
    answer(page, safety_answers.calm(REGION))
    page.get_by_role("button", name="Save the answers").click()
    assert "The booking goes ahead" in page.get_by_role("main").inner_text()
    check("desk-safety-done")
    check.assert_clean()
