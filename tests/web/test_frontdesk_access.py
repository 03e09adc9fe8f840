"""Who may use the front desk's console: the role matrix for every page and action, the intake
answers kept from the front desk, and the day view's fixed number of queries."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from clinic.auth.models import Role
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.scheduling import booking
from tests import factories
from tests.conftest import csrf_token_from

MONDAY = date(2026, 3, 2)


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
    intake_services.start(world.appointment, "low_back", clock.now())
    world.episode = factories.make_episode(world.patient, world.location, MONDAY)
    world.closure = factories.make_time_off(
        world.local(date(2026, 4, 3), 0), world.local(date(2026, 4, 4), 0), location=world.location
    )
    db_session.commit()
    return world


def pages(w):
    a, t = w.appointment.id, w.therapist.id
    return [
        "/frontdesk/",
        "/frontdesk/?date=2026-03-02&location=all",
        f"/frontdesk/week?therapist={t}",
        "/frontdesk/sheet",
        "/frontdesk/export.csv",
        "/frontdesk/book",
        f"/frontdesk/appointments/{a}",
        "/frontdesk/patients",
        f"/frontdesk/patients/{w.patient.id}",
        f"/frontdesk/hours?therapist={t}",
        f"/frontdesk/hours/rules/{w.rules[0].id}/edit",
        "/frontdesk/direct-access",
    ]


def actions(w):
    a, t = w.appointment.id, w.therapist.id
    return [
        "/frontdesk/book",
        "/frontdesk/patients",
        f"/frontdesk/appointments/{a}/reschedule",
        f"/frontdesk/appointments/{a}/cancel",
        f"/frontdesk/appointments/{a}/check-in",
        f"/frontdesk/appointments/{a}/complete",
        f"/frontdesk/appointments/{a}/no-show",
        f"/frontdesk/hours/{t}/rules",
        f"/frontdesk/hours/{t}/time-off",
        "/frontdesk/hours/closures",
        f"/frontdesk/hours/rules/{w.rules[0].id}/remove",
        f"/frontdesk/hours/rules/{w.rules[0].id}/edit",
        f"/frontdesk/hours/time-off/{w.closure.id}/remove",
        f"/frontdesk/direct-access/{w.episode.id}/actions",
    ]


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.ADMIN])
def test_front_desk_and_admin_see_every_page(client, auth, world, role):
    auth.sign_in_as(role)
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url


def test_therapists_get_403_on_every_page_and_action(client, auth, world):
    auth.sign_in_as(Role.THERAPIST)
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    for url in pages(world):
        assert client.get(url).status_code == 403, url
    for url in actions(world):
        assert client.post(url, data={"csrf_token": token}).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    for url in actions(world):
        response = client.post(url, data={"csrf_token": token})
        assert response.status_code == 302, url


def test_the_front_desk_sees_intake_status_but_never_the_answers(client, auth, world):
    auth.sign_in_as(Role.FRONT_DESK)
    day = client.get("/frontdesk/?date=2026-03-02").get_data(as_text=True)
    assert "Not screened yet" in day
    intake_url = f"/staff/appointments/{world.appointment.id}/intake"
    assert client.get(intake_url).status_code == 403
    assert intake_url not in day


def test_the_day_view_takes_a_fixed_number_of_queries(app, client, auth, clock):
    with app.app_context():
        location = factories.make_location()
        kind = factories.make_type(duration_minutes=45, buffer_minutes=0)
        therapists = [factories.make_therapist() for _ in range(6)]
        for therapist in therapists:
            for day in range(5):
                factories.make_rule(therapist, location, day)
        db.session.commit()
    auth.sign_in_as(Role.FRONT_DESK)

    def count_for_day_view() -> int:
        statements = []
        with app.app_context():
            engine = db.engine

            def count(_conn, _cursor, statement, *_args):
                statements.append(statement)

            event.listen(engine, "before_cursor_execute", count)
            try:
                assert client.get("/frontdesk/?date=2026-03-03").status_code == 200
            finally:
                event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    empty = count_for_day_view()
    first = datetime.combine(date(2026, 3, 3), time(8), ZoneInfo("America/Chicago"))
    with app.app_context():
        location, kind = db.session.merge(location), db.session.merge(kind)
        for therapist in therapists:
            therapist = db.session.merge(therapist)
            patient = factories.make_patient()
            for k in range(10):
                at = first + timedelta(minutes=45 * k)
                factories.make_appointment(therapist, location, kind, at, patient)
        db.session.commit()
    full = count_for_day_view()
    print(f"day view: {full} statements with 6 therapists and 60 appointments")
    assert full == empty
    assert full <= 12  # 10, one for patients to call, one for disabled therapists' visits
