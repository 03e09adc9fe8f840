"""The patient's manage page: see, reschedule, cancel and download, behind a secret link."""

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.booking import tokens
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.conftest import csrf_token_from

FRIDAY = date(2026, 3, 6)


@pytest.fixture
def visit(app, db_session, clock):
    world = factories.make_bookable_clinic()
    world.appointment = booking.book(
        world.request(world.local(FRIDAY, 10)),
        patient=world.patient,
        nonce="v",
        now=clock.now(),
        actor=None,
    )
    world.token = tokens.issue(world.appointment, clock.now())
    db_session.commit()
    world.url = f"/visit/{world.token}/"
    return world


def post(client, url, data=None):
    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def test_the_page_shows_the_booking_in_local_time_and_is_private(client, visit):
    response = client.get(visit.url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Friday March 6, 2026 at 10:00 AM" in html and "Central Time (CST)" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "token",
    [
        "forged-token-that-is-long-enough-xyz",
        "x" * 70,
        "short",
        "bad chars here %%% padding padding",
    ],
)
def test_forged_tokens_all_get_the_same_404(client, visit, token):
    assert client.get(f"/visit/{token}/").status_code == 404


def test_an_expired_token_gets_404(client, visit, clock):
    clock.advance(days=40)
    assert client.get(visit.url).status_code == 404


def test_a_revoked_token_gets_404_and_other_links_keep_working(client, visit, db_session, clock):
    second = tokens.issue(visit.appointment, clock.now())  # e.g. the link in a reminder
    db_session.commit()
    assert client.get(f"/visit/{second}/").status_code == 200
    tokens.revoke_all(visit.appointment, clock.now())
    db_session.commit()
    assert client.get(visit.url).status_code == 404
    assert client.get(f"/visit/{second}/").status_code == 404


def test_reschedule_moves_the_booking_and_frees_the_old_time(client, visit, db_session, clock):
    page = client.get(visit.url + "reschedule?week=2026-03-09").get_data(as_text=True)
    slot = re.search(r'name="slot"[^>]*value="([^"]+)"', page).group(1)
    response = post(client, visit.url + "reschedule?week=2026-03-09", {"slot": slot})
    assert response.status_code == 302
    db_session.refresh(visit.appointment)
    assert visit.appointment.starts_at.date() >= date(2026, 3, 9)
    assert visit.appointment.ical_sequence == 1
    other = booking.hold(
        visit.request(visit.local(FRIDAY, 10)), nonce="n", now=visit.patient.created_at
    )
    assert other.status == AppointmentStatus.HELD


def test_rescheduling_into_a_taken_time_answers_409_and_keeps_the_booking(
    client, visit, db_session, clock
):
    page = client.get(visit.url + "reschedule?week=2026-03-09").get_data(as_text=True)
    slot = re.search(r'name="slot"[^>]*value="([^"]+)"', page).group(1)
    _, start = slot.split("@")
    booking.book(
        visit.request(datetime.fromisoformat(start)),
        patient=visit.patient,
        nonce="other",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    response = post(client, visit.url + "reschedule?week=2026-03-09", {"slot": slot})
    assert response.status_code == 409
    assert "just taken" in response.get_data(as_text=True)
    db_session.refresh(visit.appointment)
    assert visit.appointment.starts_at == visit.local(FRIDAY, 10)


def test_cancelling_frees_the_time_and_twice_is_harmless(client, visit, db_session):
    assert post(client, visit.url + "cancel").status_code == 302
    assert post(client, visit.url + "cancel").status_code == 302
    db_session.refresh(visit.appointment)
    assert visit.appointment.status == AppointmentStatus.CANCELLED
    assert visit.appointment.ical_sequence == 1
    page = client.get(visit.url)
    html = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "This visit was cancelled" in html and "Book again" in html
    # Nothing else behind the link: no questionnaire, plan, invite or rescheduling.
    for rest in ("intake/", "plan", "invite.ics", "reschedule"):
        assert client.get(visit.url + rest).status_code == 410, rest


def test_inside_the_cut_off_the_page_gives_the_phone_instead(client, visit, clock, db_session):
    clock.advance(days=3, hours=10)  # Thursday 15:00 in Chicago: 19 hours before the visit
    html = client.get(visit.url).get_data(as_text=True)
    assert "too close to your visit to cancel online" in html
    assert post(client, visit.url + "cancel").status_code == 409
    db_session.refresh(visit.appointment)
    assert visit.appointment.status == AppointmentStatus.BOOKED


def test_a_missing_csrf_token_changes_nothing(client, visit, db_session):
    assert client.post(visit.url + "cancel").status_code == 400
    db_session.refresh(visit.appointment)
    assert visit.appointment.status == AppointmentStatus.BOOKED


def test_cancel_by_get_is_not_allowed(client, visit):
    assert client.get(visit.url + "cancel").status_code == 405


def test_the_invite_downloads_with_a_two_hour_alarm_and_no_health_details(client, visit):
    response = client.get(visit.url + "invite.ics")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "METHOD:PUBLISH" in body and "TRIGGER:-PT2H" in body
    assert "back" not in body.lower().replace("background", "")


def test_every_manage_action_is_audited(client, visit, db_session):
    client.get(visit.url)
    client.get(visit.url + "invite.ics")
    post(client, visit.url + "cancel")
    actions = set(db_session.scalars(select(AuditEvent.action)).all())
    assert {"manage.view", "manage.download_invite", "manage.cancel"} <= actions


def test_a_bad_week_is_a_clear_400(client, visit):
    assert client.get(visit.url + "reschedule?week=someday").status_code == 400


def test_no_second_hold_or_booking_appears(client, visit, db_session):
    client.get(visit.url)
    assert db_session.scalar(select(func.count()).select_from(Appointment)) == 1
    assert visit.appointment.ends_at - visit.appointment.starts_at == timedelta(minutes=60)


def test_reschedule_and_cancel_each_queue_an_invite_update_with_a_rising_sequence(
    client, visit, db_session
):
    from icalendar import Calendar

    from clinic.notifications.models import OutboxMessage

    page = client.get(visit.url + "reschedule?week=2026-03-09").get_data(as_text=True)
    slot = re.search(r'name="slot"[^>]*value="([^"]+)"', page).group(1)
    post(client, visit.url + "reschedule?week=2026-03-09", {"slot": slot})
    post(client, visit.url + "cancel")
    sent = db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.kind for m in sent] == ["rescheduled", "cancelled"]
    assert [m.calendar_method for m in sent] == ["REQUEST", "CANCEL"]
    events = [Calendar.from_ical(m.calendar_ics).walk("VEVENT")[0] for m in sent]
    assert events[0]["UID"] == events[1]["UID"] == visit.appointment.ical_uid
    assert [int(e["SEQUENCE"]) for e in events] == [1, 2]
    assert all("back" not in m.subject.lower() for m in sent)
