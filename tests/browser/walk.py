"""The booking steps up to the review page, by mouse, shared by the browser tests that need a
booking waiting for its code (each step works without scripts)."""

from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK


def to_review(page, base: str, location_name: str, words: str = "Sore after driving") -> None:
    page.goto(base + "/book")
    page.get_by_role("radio", name="Low back").check()
    page.get_by_role("radio", name=f"{location_name}, Chicago, IL").check()
    page.locator("#duration").get_by_label("Less than 6 weeks").check()
    page.locator("#onset").get_by_label("Slowly, without an injury I know of").check()
    page.get_by_label("In a line, what brings you in?").fill(words)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/safety")
    for question, answer in SAFE_LOW_BACK.items():
        if question == "age":
            page.locator("input[name=age]").fill(answer)
        else:
            page.locator(f"input[name={question}][value={answer}]").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/therapist")
    page.get_by_role("radio", name="First available").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/time")
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Hold this time").click()
    page.wait_for_url("**/book/details")
    for name in ("first_name", "last_name", "email", "phone", "date_of_birth"):
        page.locator(f"#{name}").fill(DETAILS[name])
    page.get_by_label("without a doctor's referral").check()
    page.get_by_label("privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/book/review")
