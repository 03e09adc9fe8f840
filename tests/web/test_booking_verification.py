"""Proving the email before a booking is confirmed: the code, its limits, the link, the held
time, and the booking form's guards against scripts (a honeypot and a minimum time)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK, first_slot, post, reason


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    db_session.commit()
    return clinic


def to_review(client, world, details=None, week="2026-03-09"):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    url = f"/book/time?week={week}"
    post(client, url, {"slot": first_slot(client, url)})
    return post(client, "/book/details", details or DETAILS)


def codes_sent(db_session) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    return db_session.scalar(query.where(OutboxMessage.kind == "verify_email"))


def status(db_session):
    db_session.expire_all()
    return db_session.scalar(select(Appointment)).status


def test_the_code_keeps_the_hold_and_books_once_typed(client, world, db_session, clock):
    to_review(client, world)
    assert post(client, "/book/review", {}).headers["Location"].endswith("/book/verify")
    held = db_session.scalar(select(Appointment))
    assert held.hold_expires_at == clock.now() + timedelta(minutes=15)
    page = client.get("/book/verify").get_data(as_text=True)
    assert "We sent a 6-digit code to" in page and DETAILS["email"] in page
    code, _ = factories.emailed_code(DETAILS["email"])
    clock.advance(minutes=14)  # past the usual 10-minute hold, inside the code's 15

    assert post(client, "/book/verify", {"code": f" {code[:3]} {code[3:]} "}).status_code == 302
    assert status(db_session) == AppointmentStatus.BOOKED


def test_a_code_expires_after_fifteen_minutes(client, world, db_session, clock):
    to_review(client, world)
    post(client, "/book/review", {})
    code, _ = factories.emailed_code(DETAILS["email"])
    clock.advance(minutes=15)

    refused = post(client, "/book/verify", {"code": code})
    assert refused.status_code == 400 and "expired" in refused.get_data(as_text=True)
    assert status(db_session) == AppointmentStatus.HELD


def test_a_new_code_waits_a_minute_and_stops_after_three(client, world, db_session, clock):
    to_review(client, world)
    post(client, "/book/review", {})
    too_soon = post(client, "/book/verify/resend", {})
    assert too_soon.status_code == 429 and "wait a minute" in too_soon.get_data(as_text=True)
    for _ in range(2):
        clock.advance(minutes=1)
        assert post(client, "/book/verify/resend", {}).status_code == 302
    clock.advance(minutes=1)
    refused = post(client, "/book/verify/resend", {})

    assert refused.status_code == 429 and "call the clinic" in refused.get_data(as_text=True)
    assert codes_sent(db_session) == 3
    first_code_only = factories.emailed_code(DETAILS["email"])[0]
    assert post(client, "/book/verify", {"code": first_code_only}).status_code == 302


def test_the_link_in_the_email_confirms_from_another_browser(app, client, world, db_session):
    to_review(client, world)
    post(client, "/book/review", {})
    _, link = factories.emailed_code(DETAILS["email"])
    path = link.split("127.0.0.1:5000", 1)[1]
    phone = app.test_client()
    page = phone.get(path)
    assert page.status_code == 200 and status(db_session) == AppointmentStatus.HELD  # GET: no

    booked = post(phone, path, {})
    assert booked.status_code == 200 and "You're booked" in booked.get_data(as_text=True)
    assert status(db_session) == AppointmentStatus.BOOKED
    assert phone.get(path).status_code == 404  # used once
    # The first browser, checking again, lands on its confirmation page.
    assert client.get("/book/verify").headers["Location"].endswith("/book/done")


def test_a_filled_honeypot_goes_on_as_usual_but_no_code_is_sent(client, world, db_session):
    assert (
        to_review(client, world, {**DETAILS, "website": "https://spam.example"}).status_code == 302
    )
    assert post(client, "/book/review", {}).headers["Location"].endswith("/book/verify")
    assert codes_sent(db_session) == 0
    assert status(db_session) == AppointmentStatus.HELD


def test_details_sent_faster_than_a_person_types_are_refused_and_kept(
    app, client, world, clock, db_session
):
    app.config["BOOKING_MIN_FORM_SECONDS"] = 3
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    client.get("/book/details")
    clock.advance(seconds=1)
    refused = post(client, "/book/details", DETAILS)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "send the form again" in html
    assert DETAILS["email"] in html  # nothing typed is lost
    clock.advance(seconds=3)
    assert post(client, "/book/details", DETAILS).status_code == 302


def test_a_new_patients_only_visit_is_refused_to_a_patient_seen_before(
    app, client, world, db_session, clock
):
    from datetime import date

    from clinic.scheduling import booking

    world.kind.new_patient_only = True
    patient = factories.make_patient(
        first_name="Robin",
        last_name="Quill",
        email=DETAILS["email"],
        date_of_birth=date(1990, 6, 15),
    )
    seen = booking.book(
        world.request(world.local(date(2026, 3, 4), 10)),
        patient=patient,
        nonce="seen",
        now=clock.now(),
        actor=None,
    )
    seen.status = AppointmentStatus.COMPLETED
    db_session.commit()
    to_review(client, world)

    refused = factories.confirm_booking_by_email(client)
    assert refused.status_code == 409
    assert "is for new patients" in refused.get_data(as_text=True)


def test_a_corrected_email_gets_its_own_code_and_the_booking_still_counts_three(
    client, world, db_session, clock
):
    to_review(client, world, {**DETAILS, "email": "typo@example.con"})
    assert post(client, "/book/review", {}).status_code == 302
    for n in range(2):
        clock.advance(minutes=1)
        post(client, "/book/details", {**DETAILS, "email": f"fixed{n}@example.com"})
        sent = post(client, "/book/review", {})
        assert sent.status_code == 302 and sent.headers["Location"].endswith("/book/verify")
    clock.advance(minutes=1)
    post(client, "/book/details", {**DETAILS, "email": "fourth@example.com"})
    refused = post(client, "/book/review", {})

    assert refused.status_code == 429 and "call the clinic" in refused.get_data(as_text=True)
    assert codes_sent(db_session) == 3
