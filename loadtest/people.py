"""The simulated people: patients who read, look at free times and book through /book, and
a front-desk client who moves bookings through the staff pages.

Each records what it was *told* in a `Ledger`, so the independent check can later compare
that with what the database holds.
"""

import http.client
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from loadtest import forms
from loadtest.browser import Browser, Page, Recorder, UnexpectedPage

DEMO_FRONT_DESK = ("frontdesk@clinic.example", "frontdesk-demo-2026!")
#: Times a patient tries another slot after losing a race for one.
RETRIES_AFTER_LOST_RACE = 2


@dataclass
class Ledger:
    """What the clients were told, shared by every thread."""

    #: The (unique) email addresses of bookings the patient saw confirmed.
    booked_emails: list[str] = field(default_factory=list)
    #: Confirmations answered with a redirect to /book/done ("you're booked").
    confirmed: int = 0
    #: Confirmations whose answer never arrived (connection lost): booked or not, unknown.
    confirm_unknown: int = 0
    #: Front-desk moves answered "Moved": (appointment id, new start in UTC).
    moves: list[tuple[int, datetime]] = field(default_factory=list)
    #: Appointments a move was sent for without an answer (connection lost).
    moves_unknown: set[int] = field(default_factory=set)
    #: How journeys ended, by reason ("booked", "409 at time", "503", ...).
    outcomes: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1


@dataclass(frozen=True)
class Catalogue:
    """What every client needs to know about the demo clinic, read once over HTTP."""

    slugs: tuple[str, ...]
    type_id: int
    location_ids: tuple[int, ...]
    today: date


class Refused(UnexpectedPage):
    """An answer a real visitor would meet now and then (409, 429, 503): counted by status."""

    def __init__(self, page: Page, where: str):
        super().__init__(f"{page.status} at {where}")
        self.page = page


def read_catalogue(base_url: str, recorder: Recorder) -> Catalogue:
    browser = Browser(base_url, recorder)
    index = browser.get("/ask-our-experts/", "GET /ask-our-experts/")
    kinds = json.loads(browser.get("/api/v1/appointment-types", "GET /api/v1/...").text)
    bookable = [k["id"] for k in kinds["appointment_types"] if k["online_bookable"]]
    booking = browser.get("/book", "GET /book")
    locations = tuple(int(v) for v in forms.choices(booking.text, "location"))
    slugs = tuple(forms.article_slugs(index.text))
    if not slugs or not bookable or not locations:
        raise RuntimeError("the demo clinic has no articles, bookable types or locations")
    return Catalogue(slugs, bookable[0], locations, datetime.now(UTC).date())


def _expect(page: Page, path: str, where: str) -> Page:
    if page.status in (409, 429, 503):
        raise Refused(page, where)
    if page.status != 200 or not page.url.startswith(path):
        raise UnexpectedPage(f"{page.status} {page.url} at {where}")
    return page


def _pause_if_asked(page: Page) -> None:
    """A 429 or 503 asks the visitor to come back later: wait as told (at most 2 s)."""
    try:
        time.sleep(min(float(page.headers.get("retry-after", "1")), 2.0))
    except ValueError:
        time.sleep(1)


class Person:
    """A thread's loop: one visit after another until the deadline or the request budget."""

    def __init__(self, base_url, recorder, ledger, catalogue, deadline, budget, seed):
        self.base_url, self.recorder, self.ledger = base_url, recorder, ledger
        self.catalogue, self.deadline, self.budget = catalogue, deadline, budget
        self.rng = random.Random(seed)  # noqa: S311 - a simulation, not security
        self.seed = seed

    def more(self) -> bool:
        return time.monotonic() < self.deadline and len(self.recorder.samples) < self.budget

    def run(self) -> None:
        while self.more():
            try:
                self.ledger.note(self.visit())
            except Refused as refused:
                self.ledger.note(str(refused))
                _pause_if_asked(refused.page)
            except UnexpectedPage as odd:
                self.ledger.note(f"unexpected: {str(odd)[:80]}")
            except (OSError, http.client.HTTPException) as lost:
                self.ledger.note(f"connection: {type(lost).__name__}")
                time.sleep(0.2)

    def visit(self) -> str:
        raise NotImplementedError


class Patient(Person):
    """Reads Q&A, looks at free times, and (most visits) books an evaluation, confirming it
    with the code from its email (`mailbox`)."""

    book_share = 0.7

    def __init__(self, *args, mailbox=None):
        super().__init__(*args)
        self.mailbox = mailbox

    def visit(self) -> str:
        self.visits = getattr(self, "visits", 0) + 1
        browser = Browser(self.base_url, self.recorder)
        cat, rng = self.catalogue, self.rng
        browser.get("/ask-our-experts/", "GET /ask-our-experts/")
        slug = rng.choice(cat.slugs)
        browser.get(f"/ask-our-experts/{slug}", "GET /ask-our-experts/<slug>")
        first = cat.today + timedelta(days=rng.randrange(14))
        query = f"type={cat.type_id}&location={rng.choice(cat.location_ids)}"
        query += f"&start={first}&end={first + timedelta(days=6)}"
        browser.get(f"/api/v1/availability?{query}", "GET /api/v1/availability")
        if rng.random() >= self.book_share:
            return "read only"
        return self.book(browser, slug)

    def book(self, browser: Browser, slug: str) -> str:
        rng = self.rng
        start = _expect(browser.get(f"/book?topic={slug}", "GET /book"), "/book", "GET /book")
        reason = {
            "csrf_token": start.csrf_token(),
            "region": rng.choice(forms.choices(start.text, "region")),
            "location": rng.choice(forms.choices(start.text, "location")),
            "words": "It aches after long days at the desk",
            "duration": rng.choice(forms.choices(start.text, "duration")),
            "onset": rng.choice(forms.choices(start.text, "onset")),
        }
        safety = _expect(browser.post("/book", "POST /book", reason), "/book/safety", "reason")
        answers = {"csrf_token": safety.csrf_token(), **forms.safe_answers(safety.text)}
        page = browser.post("/book/safety", "POST /book/safety", answers)
        page = _expect(page, "/book/therapist", "safety")
        therapists = forms.choices(page.text, "therapist")
        chosen = "any" if rng.random() < 0.5 else rng.choice(therapists)
        form = {"csrf_token": page.csrf_token(), "therapist": chosen}
        page = browser.post("/book/therapist", "POST /book/therapist", form)
        page = _expect(page, "/book/time", "therapist")
        details = self.hold_a_time(browser, page)
        if details is None:
            return "no free time shown"
        return self.confirm(browser, details)

    def hold_a_time(self, browser: Browser, page: Page) -> Page | None:
        for _ in range(1 + RETRIES_AFTER_LOST_RACE):
            slots = forms.choices(page.text, "slot")
            if not slots:
                return None
            # The first few times are what most people pick: races are part of the test.
            form = {"csrf_token": page.csrf_token(), "slot": self.rng.choice(slots[:6])}
            page = browser.post("/book/time", "POST /book/time", form)
            if page.status == 409:
                self.ledger.note("lost a race for a time (409), chose again")
                continue
            return _expect(page, "/book/details", "time")
        raise Refused(page, "time")

    def confirm(self, browser: Browser, details: Page) -> str:
        n = f"{self.seed}-{self.visits}"
        form = {
            "csrf_token": details.csrf_token(),
            "first_name": "Load",
            "last_name": f"Patient {n}",
            "email": f"load-{n}@example.com",
            "phone": "(312) 555-0199",
            "date_of_birth": f"19{50 + self.rng.randrange(50)}-0{1 + self.rng.randrange(9)}-15",
            "consent_direct_access": "y",
            "consent_privacy": "y",
        }
        review = browser.post("/book/details", "POST /book/details", form)
        review = _expect(review, "/book/review", "details")
        sent = browser.post(
            "/book/review", "POST /book/review", {"csrf_token": review.csrf_token()}
        )
        verify = _expect(sent, "/book/verify", "review")
        try:
            code = self.mailbox.code_for(form["email"])
        except LookupError as missing:
            raise UnexpectedPage(str(missing)) from None
        try:
            answer = browser.post(
                "/book/verify",
                "POST /book/verify",
                {"csrf_token": verify.csrf_token(), "code": code},
                follow=False,
            )
        except (OSError, http.client.HTTPException):
            with self.ledger.lock:
                self.ledger.confirm_unknown += 1
            raise
        if answer.status != 302 or not answer.headers.get("location", "").endswith("/book/done"):
            _expect(answer, "/book/done", "verify")
        with self.ledger.lock:
            self.ledger.confirmed += 1
            self.ledger.booked_emails.append(form["email"])
        done = _expect(browser.get("/book/done", "GET /book/done"), "/book/done", "done")
        if forms.manage_token(done.text) is not None:
            raise UnexpectedPage("the confirmation page shows a private link")
        return "booked"
