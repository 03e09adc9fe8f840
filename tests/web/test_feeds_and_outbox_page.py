"""A therapist's private feed (create, rotate, revoke) and the admin's outbox page."""

import re
from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import select

from clinic.auth.models import Role, User
from clinic.notifications.models import OutboxMessage, OutboxStatus
from clinic.practice.models import Therapist
from clinic.scheduling import booking
from tests import factories
from tests.conftest import csrf_token_from


@pytest.fixture
def therapist_with_visit(app, auth, db_session, clock):
    email = auth.create(Role.THERAPIST)
    world = factories.make_bookable_clinic()
    user = db_session.scalar(select(User).where(User.email == email))
    therapist = db_session.scalar(select(Therapist).where(Therapist.user_id == user.id))
    factories.make_rule(therapist, world.location, 1)
    booking.book(
        world.request(world.local(date(2026, 3, 3), 10), therapist=therapist),
        patient=world.patient,
        nonce="v",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    auth.sign_in(email)
    return world


def turn_on(client, action="rotate"):
    token = csrf_token_from(client.get("/therapist/").get_data(as_text=True))
    return client.post("/therapist/feed", data={"csrf_token": token, "action": action})


def feed_path(response) -> str:
    url = re.search(r'value="([^"]+/feeds/[^"]+\.ics)"', response.get_data(as_text=True)).group(1)
    return url[url.index("/feeds/") :]


def test_the_feed_shows_initials_and_type_only(client, therapist_with_visit):
    path = feed_path(turn_on(client))
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    calendar = Calendar.from_ical(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    patient = therapist_with_visit.patient
    assert str(event["SUMMARY"]) == f"{patient.initials}: Initial evaluation"
    assert "ATTENDEE" not in event
    assert patient.last_name not in response.get_data(as_text=True)


def test_rotating_kills_the_old_address_and_revoking_kills_all(client, therapist_with_visit):
    first = feed_path(turn_on(client))
    second = feed_path(turn_on(client))
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    turn_on(client, action="revoke")
    assert client.get(second).status_code == 404


def test_unknown_feed_tokens_are_404(client):
    assert client.get("/feeds/not-a-real-feed-token-at-all.ics").status_code == 404
    assert client.get("/feeds/x.ics").status_code == 404


def test_only_therapists_manage_a_feed(client, auth):
    auth.sign_in_as(Role.FRONT_DESK)
    token = csrf_token_from(client.get("/frontdesk/").get_data(as_text=True))
    assert client.post("/therapist/feed", data={"csrf_token": token}).status_code == 403


def test_the_admin_sees_the_outbox_and_retries_a_failed_message(client, auth, db_session, clock):
    message = OutboxMessage(
        kind="confirmation",
        recipient="pat@example.com",
        subject="Hi",
        body_text="x",
        status=OutboxStatus.FAILED,
        attempts=8,
        last_error="ConnectionRefusedError",
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )
    db_session.add(message)
    db_session.commit()
    auth.sign_in_as(Role.ADMIN)
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and "ConnectionRefusedError" in page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    assert (
        client.post(f"/admin/outbox/{message.id}/retry", data={"csrf_token": token}).status_code
        == 302
    )
    db_session.refresh(message)
    assert message.status == OutboxStatus.PENDING
    again = client.post(f"/admin/outbox/{message.id}/retry", data={"csrf_token": token})
    assert again.status_code == 302  # refused with a message: it is no longer failed
    assert client.post("/admin/outbox/99999/retry", data={"csrf_token": token}).status_code == 404


def test_the_front_desk_cannot_open_the_outbox(client, auth):
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get("/admin/outbox").status_code == 403
