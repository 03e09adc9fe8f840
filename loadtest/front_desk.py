"""The front-desk client: signs in as the demo front desk and moves booked appointments to
other free times through the staff pages, the way a receptionist on the phone would."""

import http.client
import json
from datetime import UTC, datetime, timedelta

from loadtest import forms
from loadtest.browser import Browser, UnexpectedPage
from loadtest.people import DEMO_FRONT_DESK, Person, Refused, _expect


class FrontDesk(Person):
    """One receptionist: day view, an appointment, free times, then "Move"."""

    def run(self) -> None:
        self.browser = Browser(self.base_url, self.recorder)
        self.sign_in()
        super().run()

    def sign_in(self) -> None:
        browser = self.browser
        form = browser.get("/staff/sign-in", "GET /staff/sign-in")
        email, password = DEMO_FRONT_DESK
        answer = browser.post(
            "/staff/sign-in",
            "POST /staff/sign-in",
            {"csrf_token": form.csrf_token(), "email": email, "password": password},
        )
        if answer.status != 200 or answer.url.startswith("/staff/sign-in"):
            raise RuntimeError(f"the front desk could not sign in ({answer.status} {answer.url})")

    def visit(self) -> str:
        browser, rng, cat = self.browser, self.rng, self.catalogue
        location = rng.choice(cat.location_ids)
        # Patients take the earliest free times, so the coming week is where bookings are.
        day = cat.today + timedelta(days=rng.randrange(8))
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())  # the demo clinic is shut at weekends
        page = browser.get(f"/frontdesk/?date={day}&location={location}", "GET /frontdesk/")
        if page.url.startswith("/staff/sign-in"):
            self.sign_in()
            return "signed in again"
        ids = forms.appointment_ids(_expect(page, "/frontdesk/", "day view").text)
        if not ids:
            return "front desk: nobody that day"
        appointment_id = rng.choice(ids)
        url = f"/frontdesk/appointments/{appointment_id}"
        page = _expect(browser.get(url, "GET /frontdesk/appointments/<id>"), url, "appointment")
        therapist = forms.selected_value(page.text, "therapist")
        if therapist is None or 'name="day"' not in page.text:
            return "front desk: not movable"
        first = cat.today + timedelta(days=1 + rng.randrange(20))
        query = f"type={cat.type_id}&therapist={therapist}&location={location}"
        query += f"&start={first}&end={first + timedelta(days=6)}"
        free = browser.get(f"/api/v1/availability?{query}", "GET /api/v1/availability")
        slots = json.loads(_expect(free, "/api/v1/availability", "free times").text)["slots"]
        if not slots:
            return "front desk: no free time"
        local = datetime.fromisoformat(rng.choice(slots)["start"])
        form = {
            "csrf_token": page.csrf_token(),
            "therapist": therapist,
            "day": local.date().isoformat(),
            "start": local.strftime("%H:%M"),
        }
        try:
            moved = browser.post(
                f"{url}/reschedule",
                "POST /frontdesk/appointments/<id>/reschedule",
                form,
                follow=False,
            )
        except (OSError, http.client.HTTPException):
            with self.ledger.lock:
                self.ledger.moves_unknown.add(appointment_id)
            raise
        if moved.status == 302:
            with self.ledger.lock:
                self.ledger.moves.append((appointment_id, local.astimezone(UTC)))
            return "front desk: moved"
        if moved.status in (409, 429, 503):
            raise Refused(moved, "reschedule")
        raise UnexpectedPage(f"{moved.status} moving appointment {appointment_id}")
