"""The front desk's console through the Flask client: pages, actions and their bad inputs."""

from datetime import date

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import Patient
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.conftest import csrf_token_from

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)
TAKEN = "That time is already booked for this therapist."


@pytest.fixture
def world(app, db_session, clock):
    world = factories.make_bookable_clinic()
    world.appointment = booking.book(
        world.request(world.local(MONDAY, 10)),
        patient=world.patient,
        nonce="n1",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    return world


@pytest.fixture
def desk(auth):
    auth.sign_in_as(Role.FRONT_DESK)


def token(client) -> str:
    return csrf_token_from(client.get("/frontdesk/book").get_data(as_text=True))


def post(client, url, data=None, csrf=True):
    payload = dict(data or {})
    if csrf:
        payload["csrf_token"] = token(client)
    return client.post(url, data=payload)


def events(action: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


def test_day_view_shows_the_grid_with_patient_type_status_and_now(client, world, desk):
    response = client.get("/frontdesk/?date=2026-03-02")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert world.patient.full_name in html and "Initial evaluation" in html
    assert '<th scope="col">' + world.therapist.display_name in html
    assert 'aria-current="time"' in html and "Now: 9:00 AM" in html
    assert "Not screened yet" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_a_visit_inside_time_off_or_a_closure_is_marked_on_the_day(client, world, desk):
    factories.make_time_off(
        world.local(MONDAY, 9), world.local(MONDAY, 12), world.therapist, reason="Conference"
    )
    factories.make_booking(world, world.local(FRIDAY, 10), "friday")
    factories.make_time_off(
        world.local(FRIDAY, 0), world.local(date(2026, 3, 7), 0), location=world.location
    )
    db.session.commit()
    monday = client.get("/frontdesk/?date=2026-03-02").get_data(as_text=True)
    assert "Inside time off (Conference)" in monday
    friday = client.get("/frontdesk/?date=2026-03-06").get_data(as_text=True)
    assert "Inside a closure of the location" in friday


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026-02-30"])
def test_a_bad_date_in_the_url_is_a_clear_400(client, world, desk, bad):
    response = client.get(f"/frontdesk/?date={bad}")
    assert response.status_code == 400
    assert "isn&#39;t a date we understand" in response.get_data(as_text=True)


def test_a_bad_location_is_400_and_an_unknown_one_404(client, world, desk):
    assert client.get("/frontdesk/?location=abc").status_code == 400
    assert client.get("/frontdesk/?location=999").status_code == 404


def test_week_view_and_day_sheet(client, world, desk):
    week = client.get(f"/frontdesk/week?therapist={world.therapist.id}&date=2026-03-04")
    assert week.status_code == 200 and "Mon Mar 2" in week.get_data(as_text=True)
    sheet = client.get("/frontdesk/sheet?date=2026-03-02")
    assert sheet.status_code == 200 and world.patient.phone in sheet.get_data(as_text=True)
    assert client.get("/frontdesk/week?therapist=999").status_code == 404


def book_data(world, **overrides):
    return {
        "first_name": "Rosa",
        "last_name": "Phone",
        "email": "rosa@example.com",
        "phone": "(312) 555-0142",
        "date_of_birth": "1970-01-31",
        "region": "neck",
        "location": world.location.id,
        "therapist": world.therapist.id,
        "kind": world.follow_up.id,
        "day": "2026-03-03",
        "start": "11:00",
        "nonce": "phone-1",
    } | overrides


def test_booking_a_phone_patient_sends_confirmation_and_intake_link(client, world, desk):
    response = post(client, "/frontdesk/book", book_data(world))
    assert response.status_code == 302, response.get_data(as_text=True)
    booked = db.session.scalar(
        select(Appointment).where(Appointment.idempotency_nonce == "phone-1")
    )
    assert booked.status == AppointmentStatus.BOOKED and booked.source.value == "front_desk"
    assert booked.patient.email == "rosa@example.com" and booked.episode_id is not None
    assert booked.intake is not None and booked.intake.region == "neck"
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "confirmation"))
    assert message.recipient == "rosa@example.com" and "/intake/" in message.body_text
    assert events("appointment.book") == 2


def test_the_same_booking_form_sent_twice_books_once(client, world, desk):
    post(client, "/frontdesk/book", book_data(world))
    again = post(client, "/frontdesk/book", book_data(world))
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_returning_patient_is_found_not_duplicated(client, world, desk):
    data = book_data(
        world,
        email=world.patient.email.upper(),
        date_of_birth=world.patient.date_of_birth.isoformat(),
    )
    assert post(client, "/frontdesk/book", data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 1


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"day": "2026-03-02", "start": "08:00"}, 422, "already passed"),
        ({"start": "11:07"}, 422, "schedule grid"),
        ({"start": "19:00"}, 422, "isn&#39;t working"),
        ({"email": "not-an-email"}, 400, "Enter a valid email"),
        ({"day": ""}, 400, "Enter the date of the visit"),
    ],
)
def test_bad_bookings_keep_what_was_typed(client, world, desk, change, status, message):
    response = post(client, "/frontdesk/book", book_data(world, **change))
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html
    assert 'value="Rosa"' in html and 'value="(312) 555-0142"' in html


def test_a_taken_time_offers_the_nearest_free_ones_and_keeps_the_form(client, world, desk):
    response = post(client, "/frontdesk/book", book_data(world, day="2026-03-02", start="10:00"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    # The 10:00 visit was booked long before: say what happened, once, without "just taken".
    assert "just taken" not in html
    assert html.count(TAKEN) == 1 and "The nearest free times" in html
    assert 'name="alternative"' in html and 'value="Rosa"' in html


def test_a_taken_time_on_a_move_says_so_once(client, world, desk):
    other = factories.make_booking(world, world.local(date(2026, 3, 3), 9), "other")
    db.session.commit()
    data = {"therapist": world.therapist.id, "day": "2026-03-02", "start": "10:00"}
    response = post(client, f"/frontdesk/appointments/{other.id}/reschedule", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert html.count(TAKEN) == 1 and "just taken" not in html


def test_booking_without_csrf_is_400_and_keeps_the_form(client, world, desk):
    response = post(client, "/frontdesk/book", book_data(world), csrf=False)
    assert response.status_code == 400
    assert 'value="Rosa"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 1


def test_reschedule_moves_and_tells_the_patient(client, world, desk):
    url = f"/frontdesk/appointments/{world.appointment.id}/reschedule"
    response = post(
        client, url, {"therapist": world.therapist.id, "day": "2026-03-04", "start": "14:00"}
    )
    assert response.status_code == 302
    moved = db.session.get(Appointment, world.appointment.id)
    assert moved.starts_at == world.local(date(2026, 3, 4), 14)
    assert db.session.scalar(select(OutboxMessage.kind)) == "rescheduled"
    assert events("appointment.reschedule") == 1


def test_reschedule_to_a_past_time_is_refused_with_the_form_kept(client, world, desk):
    url = f"/frontdesk/appointments/{world.appointment.id}/reschedule"
    response = post(
        client, url, {"therapist": world.therapist.id, "day": "2026-03-02", "start": "08:00"}
    )
    assert response.status_code == 422
    assert "already passed" in response.get_data(as_text=True)


def test_cancel_needs_a_reason_and_then_frees_the_time(client, world, desk):
    url = f"/frontdesk/appointments/{world.appointment.id}/cancel"
    empty = post(client, url, {"reason": ""})
    assert empty.status_code == 400 and "Give a reason" in empty.get_data(as_text=True)
    assert post(client, url, {"reason": "Patient called: flu"}).status_code == 302
    cancelled = db.session.get(Appointment, world.appointment.id)
    assert cancelled.status == AppointmentStatus.CANCELLED
    assert cancelled.cancel_reason == "Patient called: flu"
    assert db.session.scalar(select(OutboxMessage.kind)) == "cancelled"


def test_check_in_then_complete_counts_a_visit(client, world, desk, app, clock):
    base = f"/frontdesk/appointments/{world.appointment.id}"
    episode = factories.make_episode(world.patient, world.location, MONDAY)
    world.appointment.episode_id = episode.id
    db.session.commit()
    assert post(client, base + "/check-in").status_code == 302
    assert post(client, base + "/complete").status_code == 302
    done = db.session.get(Appointment, world.appointment.id)
    assert done.status == AppointmentStatus.COMPLETED
    assert done.episode.visits_used == 1
    assert events("appointment.check_in") == 1 and events("appointment.complete") == 1


def test_a_cancelled_appointment_cannot_be_checked_in(client, world, desk, clock):
    booking.cancel(world.appointment, now=clock.now(), reason="x")
    db.session.commit()
    response = post(client, f"/frontdesk/appointments/{world.appointment.id}/check-in")
    assert response.status_code == 409
    assert "was cancelled, so it can&#39;t be checked in" in response.get_data(as_text=True)


def test_no_show_only_after_the_start(client, world, desk, clock):
    url = f"/frontdesk/appointments/{world.appointment.id}/no-show"
    early = post(client, url)
    assert early.status_code == 409 and "after the start time" in early.get_data(as_text=True)
    clock.advance(hours=2)
    assert post(client, url).status_code == 302
    assert db.session.get(Appointment, world.appointment.id).status == AppointmentStatus.NO_SHOW


@pytest.mark.parametrize("action", ["check-in", "complete", "no-show", "cancel", "reschedule"])
def test_actions_without_csrf_are_400(client, world, desk, action):
    response = post(client, f"/frontdesk/appointments/{world.appointment.id}/{action}", csrf=False)
    assert response.status_code == 400
    assert db.session.get(Appointment, world.appointment.id).status == AppointmentStatus.BOOKED


@pytest.mark.parametrize("ident", ["999", "abc", "0"])
def test_unknown_appointments_are_404(client, world, desk, ident):
    assert client.get(f"/frontdesk/appointments/{ident}").status_code == 404
    assert post(client, f"/frontdesk/appointments/{ident}/check-in").status_code == 404


def test_the_book_form_lists_free_times_that_day_and_books_one(client, world, desk):
    look = post(client, "/frontdesk/book", book_data(world, start="", look="1"))
    html = look.get_data(as_text=True)
    assert look.status_code == 200 and "Free times that day" in html
    assert "Mon Mar 2, 9:15 AM CST" not in html  # 10:00-11:15 is taken by the 10:00 visit
    assert "Tue Mar 3, 8:00 AM CST" in html and 'value="Rosa"' in html
    start = world.local(date(2026, 3, 3), 8).isoformat()
    chosen = post(
        client, "/frontdesk/book", book_data(world, alternative=f"{world.therapist.id}@{start}")
    )
    assert chosen.status_code == 302
    booked = db.session.scalar(
        select(Appointment).where(Appointment.idempotency_nonce == "phone-1")
    )
    assert booked.starts_at == world.local(date(2026, 3, 3), 8)


def test_a_free_time_button_books_with_the_start_field_left_empty(client, world, desk):
    # The browser sends the empty start field with the clicked button: the click is the time.
    start = world.local(date(2026, 3, 3), 8).isoformat()
    chosen = post(
        client,
        "/frontdesk/book",
        book_data(world, start="", alternative=f"{world.therapist.id}@{start}"),
    )
    assert chosen.status_code == 302, chosen.get_data(as_text=True)
    booked = db.session.scalar(
        select(Appointment).where(Appointment.idempotency_nonce == "phone-1")
    )
    assert booked.starts_at == world.local(date(2026, 3, 3), 8)


def test_book_another_visit_keeps_the_patient(client, world, desk):
    patient_page = client.get(f"/frontdesk/patients/{world.patient.id}").get_data(as_text=True)
    link = f"/frontdesk/book?patient={world.patient.id}"
    assert f'href="{link}"' in patient_page
    form = client.get(link).get_data(as_text=True)
    for value in ("Pat", world.patient.last_name, world.patient.email, "(312) 555-0199"):
        assert f'value="{value}"' in form
    assert 'value="1985-05-17"' in form
    assert client.get("/frontdesk/book?patient=999").status_code == 404


def test_asking_for_free_times_without_a_date_says_what_is_missing(client, world, desk):
    response = post(client, "/frontdesk/book", book_data(world, day="", look="1"))
    assert response.status_code == 400
    assert "Choose the date, location, therapist and type" in response.get_data(as_text=True)


def test_the_book_form_takes_the_date_and_location_from_the_day_view(client, world, desk):
    html = client.get(f"/frontdesk/book?date=2026-03-05&location={world.location.id}").get_data(
        as_text=True
    )
    assert 'value="2026-03-05"' in html
    assert client.get("/frontdesk/book?date=nonsense").status_code == 200


def test_a_lost_race_leaves_no_new_patient_behind(client, world, desk):
    response = post(client, "/frontdesk/book", book_data(world, day="2026-03-02", start="10:00"))
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
