"""The booking journey in a real browser: from the home page to the confirmation by mouse and
by keyboard alone, then the private manage page; axe-core and a screenshot at every step."""

import re
from urllib.parse import urlsplit

import pytest

from clinic.content.models import Article, ArticleStatus
from tests import factories
from tests.browser.axe import Checkpoints
from tests.conftest import ARTIFACTS
from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK

pytestmark = pytest.mark.browser

WORDS = "My back aches after long drives"
MAX_TABS = 200
SUBMIT = "main form button[type=submit]"


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    db_session.commit()
    return clinic


@pytest.fixture
def check(page, request):
    """Call with a step's name: a screenshot, an axe scan; assert_clean() at the end."""
    return Checkpoints(page, request.node.name)


class Traffic:
    """The documents the browser asks the live server for: page loads, form posts, redirects."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.requests: list[tuple[str, str]] = []
        page.on("request", self._seen)

    def _seen(self, request) -> None:
        if request.resource_type == "document" and request.url.startswith(self.base_url):
            self.requests.append((request.method, urlsplit(request.url).path))

    def stop(self) -> None:
        self.page.remove_listener("request", self._seen)

    @property
    def pages(self) -> list[str]:
        return list(dict.fromkeys(path for method, path in self.requests if method == "GET"))

    def report(self) -> None:
        figures = f"journey_pages: {len(self.pages)}\njourney_requests: {len(self.requests)}\n"
        print(figures, end="")
        ARTIFACTS.mkdir(exist_ok=True)
        listing = "".join(f"  {method} {path}\n" for method, path in self.requests)
        (ARTIFACTS / "journey.txt").write_text(figures + "requests:\n" + listing)


def when_on(page) -> str:
    """The manage page's "When" line."""
    return page.locator("dt:text-is('When') + dd").inner_text()


# By mouse ---------------------------------------------------------------------------------


def test_the_whole_journey_by_mouse(page, live_server, world, check, app):
    traffic = Traffic(page, live_server.url)
    page.goto(live_server.url + "/")
    check("home")
    main = page.get_by_role("main")
    main.get_by_role("link", name="Book an evaluation, no referral needed").click()
    page.wait_for_url("**/book")
    check("reason")
    page.get_by_role("radio", name="Low back").check()
    page.get_by_role("radio", name=f"{world.location.name}, Chicago, IL").check()
    page.locator("#duration").get_by_label("Less than 6 weeks").check()
    page.locator("#onset").get_by_label("Slowly, without an injury I know of").check()
    page.get_by_label("In a line, what brings you in?").fill(WORDS)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/safety")
    check("safety")
    for question, answer in SAFE_LOW_BACK.items():
        if question == "age":
            page.get_by_label("How old are you?").fill(answer)
        else:
            page.locator(f"input[name={question}][value={answer}]").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/therapist")
    check("therapist")
    page.get_by_role("radio", name="First available").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/time")
    check("time")
    first_time = page.locator("input[name=slot]").first
    first_time.check()
    page.get_by_role("button", name="Hold this time").click()

    page.wait_for_url("**/book/details")
    check("details")
    for name in ("first_name", "last_name", "email", "phone", "date_of_birth"):
        page.locator(f"#{name}").fill(DETAILS[name])
    page.get_by_label("without a doctor's referral").check()
    page.get_by_label("privacy notice").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/book/review")
    check("review")
    assert "Robin Quill" in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Email me a code to confirm").click()

    page.wait_for_url("**/book/verify")
    check("verify")
    code, _ = factories.emailed_code(DETAILS["email"])
    page.get_by_label("Confirmation code").fill(code)  # verify-code.js sends it at six digits
    page.wait_for_url("**/book/done")
    check("done")
    traffic.stop()
    traffic.report()
    assert page.get_by_role("heading", level=1).inner_text() == "You're booked"
    google = page.get_by_role("link", name="Add to Google Calendar")
    assert google.get_attribute("href").startswith("https://calendar.google.com/")
    assert page.locator("a[href*='/visit/']").count() == 0

    # The private link arrives by email only.
    page.goto(live_server.url + factories.manage_link(app, DETAILS["email"]))
    page.wait_for_url(re.compile(r"/visit/[^/]+/$"))
    manage_url = page.url
    check("manage")
    booked_for = when_on(page)
    assert "Monday March 2, 2026" in booked_for

    page.get_by_role("link", name="Reschedule").click()
    page.wait_for_url("**/reschedule")
    check("reschedule")
    last_day = page.locator("fieldset.day").last
    new_day = last_day.locator("legend").inner_text()  # e.g. "Friday March 6"
    last_day.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Move my booking to this time").click()

    page.wait_for_url(manage_url)
    check("rescheduled")
    assert new_day in when_on(page) and when_on(page) != booked_for

    page.get_by_role("button", name="Cancel this booking").click()
    page.wait_for_url(manage_url)
    check("cancelled")
    assert page.get_by_role("heading", level=1).inner_text() == "This visit was cancelled"
    assert page.get_by_role("link", name="Book again").is_visible()
    check.assert_clean()


# By keyboard alone --------------------------------------------------------------------------


def tab_to(page, selector: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element matches: proof it can be reached,
    and that it shows where the focus is."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has focus but shows no focus outline"
            return
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {selector}")


def choose(page, name: str, value: str) -> None:
    """Tab into a radio group, then arrow to the option (or Space when focus is already on it)."""
    tab_to(page, f"input[name='{name}']")
    values = page.eval_on_selector_all(f"input[name='{name}']", "els => els.map(e => e.value)")
    at = values.index(page.evaluate("() => document.activeElement.value"))
    wanted = values.index(value)
    if wanted == at:
        page.keyboard.press("Space")
    for _ in range(abs(wanted - at)):
        page.keyboard.press("ArrowDown" if wanted > at else "ArrowUp")
    assert page.locator(f"input[name='{name}']:checked").get_attribute("value") == value


def tick(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.locator(selector).is_checked()


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def type_date(page, selector: str, iso: str) -> None:
    """A date field takes digits in the order the browser's locale shows them."""
    order = page.evaluate(
        """() => new Intl.DateTimeFormat(navigator.language)
            .formatToParts(new Date(2000, 10, 22))
            .map(part => part.type).filter(type => ['year', 'month', 'day'].includes(type))"""
    )
    year, month, day = iso.split("-")
    tab_to(page, selector)
    page.keyboard.type("".join({"year": year, "month": month, "day": day}[t] for t in order))
    assert page.locator(selector).input_value() == iso


def submit(page, next_path: str) -> None:
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{next_path}")


def test_the_same_journey_with_the_keyboard_alone(page, live_server, world, check):
    page.goto(live_server.url + "/")
    check("home")
    tab_to(page, "main a[href='/book']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/book")

    check("reason")
    choose(page, "region", "low_back")
    choose(page, "location", str(world.location.id))
    choose(page, "duration", "under_6_weeks")
    choose(page, "onset", "gradual")
    type_into(page, "#words", WORDS)
    submit(page, "/book/safety")

    check("safety")
    for question, answer in SAFE_LOW_BACK.items():
        kind = page.locator(f"input[name={question}]").first.get_attribute("type")
        if kind == "number":
            type_into(page, f"input[name={question}]", answer)
        elif kind == "checkbox":
            tick(page, f"input[name={question}][value={answer}]")
        else:
            choose(page, question, answer)
    submit(page, "/book/therapist")

    check("therapist")
    choose(page, "therapist", "any")
    submit(page, "/book/time")

    check("time")
    first_time = page.locator("input[name=slot]").first.get_attribute("value")
    choose(page, "slot", first_time)
    submit(page, "/book/details")

    check("details")
    for name in ("first_name", "last_name", "email", "phone"):
        type_into(page, f"#{name}", DETAILS[name])
    type_date(page, "#date_of_birth", DETAILS["date_of_birth"])
    tick(page, "#consent_direct_access")
    tick(page, "#consent_privacy")
    # Shift+Tab back up to check the first name kept what was typed, then on to the button.
    tab_to(page, "#first_name", key="Shift+Tab")
    assert page.evaluate("() => document.activeElement.value") == DETAILS["first_name"]
    submit(page, "/book/review")

    check("review")
    submit(page, "/book/verify")
    check("verify")
    code, _ = factories.emailed_code(DETAILS["email"])
    tab_to(page, "#code")
    page.keyboard.type(code)  # the sixth digit sends the form (verify-code.js)
    page.wait_for_url("**/book/done")
    check("done")
    assert page.get_by_role("heading", level=1).inner_text() == "You're booked"
    check.assert_clean()


# A topic's call to action -----------------------------------------------------------------


def test_topic_link_preselects_the_region(page, live_server, world, db_session, clock, check):
    now = clock.now()
    for slug, region, status in (
        ("sitting-all-day", "low_back", ArticleStatus.PUBLISHED),
        ("unfinished-knee", "knee", ArticleStatus.DRAFT),
    ):
        db_session.add(
            Article(
                slug=slug,
                question="Why does my back ache after sitting all day?",
                summary="Sitting still is the problem more than sitting.",
                answer_md="Move often.",
                region=region,
                status=status,
                created_at=now,
                published_at=now if status == ArticleStatus.PUBLISHED else None,
            )
        )
    db_session.commit()

    page.goto(live_server.url + "/book?topic=sitting-all-day")
    check("topic")
    assert page.get_by_role("radio", name="Low back").is_checked()
    assert page.locator("input[name=region]:checked").count() == 1

    for slug in ("unfinished-knee", "no-such-article"):
        page.goto(f"{live_server.url}/book?topic={slug}")
        assert page.locator("input[name=region]:checked").count() == 0, slug
    check.assert_clean()
