"""Confirming a booking with the emailed code in a real browser: with JavaScript (the form
sends itself at the sixth digit), without it (the button), with a wrong code first, and with
the link in the email opened in another browser. axe-core scans the code page."""

import re
import time

import pytest

from tests import factories
from tests.browser import walk
from tests.browser.axe import Checkpoints
from tests.conftest import _browser_page
from tests.web.test_booking_flow import DETAILS

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    db_session.commit()
    return clinic


@pytest.fixture
def no_script_page(browser, request):
    """A browser with JavaScript switched off."""
    with _browser_page(browser, request, java_script_enabled=False, bypass_csp=True) as page:
        yield page


def to_review(page, base: str, world) -> None:
    walk.to_review(page, base, world.location.name, "Sore back after gardening")


def test_with_javascript_the_sixth_digit_sends_the_code(page, live_server, world, request):
    check = Checkpoints(page, request.node.name)
    to_review(page, live_server.url, world)
    page.get_by_role("button", name="Email me a code to confirm").click()
    page.wait_for_url("**/book/verify")
    check("verify")
    code, _ = factories.emailed_code(DETAILS["email"])
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Confirmation code").fill(wrong)
    page.wait_for_load_state()
    alert = page.locator(".field-error")
    alert.wait_for()
    assert "That isn't the code we sent. 4 tries left." in alert.inner_text()
    check("wrong code")

    page.get_by_label("Confirmation code").fill(f"{code[:3]} {code[3:]}")
    page.wait_for_url("**/book/done")
    assert page.get_by_role("heading", level=1).inner_text() == "You're booked"
    assert page.locator("a[href*='/visit/']").count() == 0
    check.assert_clean()


def test_without_javascript_the_button_sends_the_code(no_script_page, live_server, world):
    page = no_script_page
    to_review(page, live_server.url, world)
    page.get_by_role("button", name="Email me a code to confirm").click()
    page.wait_for_url("**/book/verify")
    code, _ = factories.emailed_code(DETAILS["email"])
    page.get_by_label("Confirmation code").fill(code)
    time.sleep(0.3)
    assert page.url.endswith("/book/verify")  # nothing sends itself without scripts
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/done")
    assert page.get_by_role("heading", level=1).inner_text() == "You're booked"


def test_the_emailed_link_confirms_in_another_browser(browser, page, live_server, world, request):
    to_review(page, live_server.url, world)
    page.get_by_role("button", name="Email me a code to confirm").click()
    page.wait_for_url("**/book/verify")
    _, link = factories.emailed_code(DETAILS["email"])
    with _browser_page(browser, request, java_script_enabled=False) as phone:
        phone.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
        assert phone.get_by_role("heading", level=1).inner_text() == "Confirm your booking"
        phone.get_by_role("button", name="Yes, confirm this booking").click()
        phone.get_by_role("heading", name="You're booked").wait_for()
    page.get_by_role("link", name="Check again").click()
    page.wait_for_url("**/book/done")
    assert page.get_by_role("heading", level=1).inner_text() == "You're booked"
