"""Follow-up questions on the booking's safety check in a real browser: with JavaScript they
appear in place under the answer that calls for them (CSP enforced, axe clean); without it
they come as the next page."""

import pytest

from tests.browser.axe import Checkpoints
from tests.conftest import _browser_page
from tests.web import test_booking_flow
from tests.web.test_booking_flow import SAFE_LOW_BACK

world = test_booking_flow.world

pytestmark = pytest.mark.browser

CANNOT_WALK = "Since the injury, have you been unable to take four steps on that leg"


@pytest.fixture
def no_script_page(browser, request):
    with _browser_page(browser, request, java_script_enabled=False) as page:
        yield page


def to_the_safety_check(page, live_server, world, region_label="Knee"):
    page.goto(live_server.url + "/book")
    page.get_by_role("radio", name=region_label).check()
    page.get_by_role("radio", name=f"{world.location.name}, Chicago, IL").check()
    page.locator("#duration").get_by_label("Less than 6 weeks").check()
    page.locator("#onset").get_by_label("With an injury, a fall or a strain").check()
    page.get_by_label("In a line, what brings you in?").fill("Twisted my knee at football")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/safety")


def answer_base(page, **changes):
    for question, value in {**SAFE_LOW_BACK, **changes}.items():
        if question == "age":
            page.get_by_label("How old are you?").fill(value)
        else:
            page.locator(f"input[name={question}][value={value}]").check()


def test_with_javascript_the_injury_questions_appear_in_place(page, live_server, world):
    check = Checkpoints(page, "followups-in-place")
    to_the_safety_check(page, live_server, world)
    follow_up = page.get_by_role("group", name=CANNOT_WALK)
    assert not follow_up.is_visible()

    page.locator("input[name=injury][value=minor_recent]").check()
    assert follow_up.is_visible()
    assert page.url.endswith("/book/safety")
    assert "A question was added below" in page.locator(".follow-up-status").inner_text()
    check("follow-ups shown")
    page.locator("input[name=injury][value=no]").check()
    assert not follow_up.is_visible()
    page.locator("input[name=injury][value=minor_recent]").check()

    answer_base(page, injury="minor_recent", age="30")
    follow_up.get_by_label("Yes").check()
    for name in ("knee_cant_bend", "knee_rapid_swelling", "joint_deformity"):
        page.locator(f"input[name={name}][value=no]").check()
    page.locator("input[name=knee_bony_tender][value=none]").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/safety")
    assert page.get_by_role("heading", name="Please see a physician first").is_visible()
    assert "whether you need an X-ray" in page.get_by_role("status").inner_text()
    check("advice")
    check.assert_clean()


def test_with_javascript_the_script_obeys_the_strict_policy(strict_page, live_server, world):
    to_the_safety_check(strict_page, live_server, world)
    strict_page.locator("input[name=health_history][value=blood_thinner]").check()
    assert strict_page.get_by_role("group", name="Because you take a blood thinner").is_visible()
    strict_page.wait_for_load_state("networkidle")
    assert strict_page.csp_violations == []


def test_without_javascript_the_follow_ups_come_as_the_next_page(
    no_script_page, live_server, world
):
    page = no_script_page
    to_the_safety_check(page, live_server, world)
    assert not page.get_by_role("group", name=CANNOT_WALK).is_visible()

    answer_base(page, injury="minor_recent", age="30")
    assert not page.get_by_role("group", name=CANNOT_WALK).is_visible()  # no script to show it
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/safety")
    assert page.get_by_role("heading", level=1).inner_text() == "A few more questions"
    follow_up = page.get_by_role("group", name=CANNOT_WALK)
    assert follow_up.is_visible()
    assert page.locator("input[name=age]").count() == 0  # the base questions are saved
    follow_up.get_by_label("No").check()
    page.locator("input[name=knee_bony_tender][value=none]").check()
    for name in ("knee_cant_bend", "knee_rapid_swelling", "joint_deformity"):
        page.locator(f"input[name={name}][value=no]").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/therapist")
