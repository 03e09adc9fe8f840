"""The foundation in a real browser: the home page, and each role signing in and out."""

import pytest

from clinic.auth.models import Role

pytestmark = pytest.mark.browser


def test_home_page_renders_with_navigation_and_notice(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text().strip()
    nav = page.get_by_role("navigation")
    for name in ("Ask our experts", "Book an evaluation", "Staff sign-in"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert "not medical advice" in page.locator("footer").inner_text()
    page.get_by_role("link", name="Book an evaluation").first.click()
    page.wait_for_url("**/book")
    assert page.title().startswith("Book an evaluation")


@pytest.mark.parametrize(
    ("role", "landing", "heading"),
    [
        (Role.ADMIN, "/admin/", "Administration"),
        (Role.FRONT_DESK, "/frontdesk/", "Front desk"),
        (Role.THERAPIST, "/therapist/", "My day"),
    ],
)
def test_each_role_signs_in_and_out(live_server, page, auth, role, landing, heading):
    email = auth.create(role)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Staff sign-in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{landing}")
    assert heading in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/staff/sign-in")
    assert page.get_by_role("link", name="Staff sign-in").is_visible()
    page.goto(live_server.url + landing)
    assert "/staff/sign-in" in page.url


def test_sign_in_works_with_the_keyboard_alone(live_server, page, auth):
    email = auth.create(Role.FRONT_DESK)
    page.goto(live_server.url + "/staff/sign-in")
    page.keyboard.press("Tab")  # the skip link comes first
    assert "Skip" in page.evaluate("document.activeElement.textContent")
    page.get_by_label("Email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url("**/frontdesk/")


def test_wrong_password_shows_the_generic_message_and_keeps_the_email(live_server, page, auth):
    email = auth.create(Role.ADMIN)
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not the right password")
    page.get_by_role("button", name="Sign in").click()
    assert "don't match" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label("Email").input_value() == email
