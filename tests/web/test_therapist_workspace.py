"""The therapist's workspace: their day and week, the appointment page with the intake (red
flags first), marking the evaluation done, their own time off, and no one else's patients."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.content.models import Article, ArticleStatus
from clinic.demo.intakes import answer
from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment, AppointmentStatus, TimeOff
from tests import factories
from tests.conftest import csrf_token_from

MONDAY = date(2026, 3, 2)  # the fixed clock: 15:00 UTC, 09:00 in Chicago
STORY = {
    "health_history": ["cancer"],
    "pain_now": "5",
    "pain_worst": "8",
    "psfs": [("Walking the dog", "4"), ("Putting on socks", "5"), ("Gardening", "2")],
}


@pytest.fixture
def world(app, db_session, clock):
    w = factories.make_bookable_clinic()
    user = factories.make_user(Role.THERAPIST)
    w.therapist.user_id = user.id
    w.email = user.email
    now = clock.now()

    def book(start, patient, nonce, **extra):
        return booking.book(
            w.request(start), patient=patient, nonce=nonce, now=now, actor=None, **extra
        )

    w.later = book(w.local(MONDAY, 13), factories.make_patient(first_name="Lena"), "later")
    w.first = book(w.local(MONDAY, 10), w.patient, "first", topic="popping-back")
    answer(intake_services.start(w.first, "hip", now), STORY, now)
    w.earlier = factories.make_appointment(
        w.therapist,
        w.location,
        w.kind,
        w.local(date(2026, 2, 2), 10),
        w.patient,
        status=AppointmentStatus.COMPLETED,
    )
    w.other_therapist = factories.make_therapist()
    w.other = factories.make_appointment(
        w.other_therapist, w.location, w.kind, w.local(MONDAY, 11), factories.make_patient()
    )
    db.session.add(
        Article(
            slug="popping-back",
            question="Is a pop in my back during a heavy lift a sign of injury?",
            summary="What a pop can mean.",
            answer_md="Often not.",
            region="low_back",
            status=ArticleStatus.PUBLISHED,
            created_at=now,
        )
    )
    db_session.commit()
    return w


def sign_in(auth, world):
    assert auth.sign_in(world.email).status_code == 302


def test_my_day_lists_my_visits_in_order_with_the_next_one_marked(client, auth, world):
    sign_in(auth, world)
    html = client.get("/therapist/").get_data(as_text=True)
    first, later = world.patient.full_name, "Lena"
    assert html.index(first) < html.index(later)
    assert world.other.patient.full_name not in html
    row = html[html.index('class="is-next"') :][:400]
    assert "Next" in row and "10:00 AM" in row
    assert 'class="schedule"' in html and "cell--open" in html  # the grid with working hours


def test_my_week_and_other_days(client, auth, world):
    sign_in(auth, world)
    week = client.get("/therapist/week?date=2026-03-04").get_data(as_text=True)
    assert "My week of March 2, 2026" in week and world.patient.full_name in week
    tomorrow = client.get("/therapist/?date=2026-03-03").get_data(as_text=True)
    assert "No visits on this day." in tomorrow


@pytest.mark.parametrize("url", ["/therapist/?date=2026-13-01", "/therapist/week?date=soon"])
def test_a_bad_date_in_the_url_is_explained(client, auth, world, url):
    sign_in(auth, world)
    response = client.get(url)
    assert response.status_code == 400
    assert "a date we understand" in response.get_data(as_text=True)


def test_the_appointment_page_puts_red_flags_first(client, auth, world):
    sign_in(auth, world)
    response = client.get(f"/therapist/appointments/{world.first.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    order = ["Red flags", "Pain (NPRS 0-10)", "Activities (PSFS 0-10)", "Irritability", "Answers"]
    positions = [html.index(label) for label in order]
    assert positions == sorted(positions)
    flags = html[html.index("Red flags") : html.index("Pain (NPRS")]
    assert "history of cancer" in flags.lower()
    assert "Walking the dog: 4/10" in html
    assert "Is a pop in my back during a heavy lift" in html  # where they came from
    assert "Feb 2, 2026" in html  # the earlier visit
    assert f"/staff/appointments/{world.first.id}/plan" in html


def test_every_intake_view_is_audited(client, auth, world, db_session):
    sign_in(auth, world)
    for _ in range(2):
        client.get(f"/therapist/appointments/{world.first.id}")
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.view")).all()
    assert len(events) == 2
    assert {(e.actor_label, e.subject_type) for e in events} == {(world.email, "intake")}


@pytest.mark.parametrize(
    "path",
    [
        "/therapist/appointments/{id}",
        "/staff/appointments/{id}/intake",
        "/staff/appointments/{id}/plan",
        "/staff/appointments/{id}/plan/versions",
    ],
)
def test_another_therapists_appointment_is_not_found(client, auth, world, path):
    sign_in(auth, world)
    assert client.get(path.format(id=world.other.id)).status_code == 404
    assert client.get(path.format(id=world.first.id)).status_code == 200


@pytest.mark.parametrize(
    "path", ["/therapist/appointments/{id}/done", "/staff/appointments/{id}/plan/start"]
)
def test_another_therapists_appointment_cannot_be_changed(client, auth, world, path, db_session):
    sign_in(auth, world)
    token = csrf_token_from(client.get("/therapist/").get_data(as_text=True))
    response = client.post(path.format(id=world.other.id), data={"csrf_token": token})
    assert response.status_code == 404
    db_session.expire_all()
    assert db_session.get(Appointment, world.other.id).status == AppointmentStatus.BOOKED


@pytest.mark.parametrize("bad", ["0", "abc", "99999", "-5", "1e3"])
def test_unknown_appointment_ids_are_not_found(client, auth, world, bad):
    sign_in(auth, world)
    assert client.get(f"/therapist/appointments/{bad}").status_code == 404


def test_front_desk_is_refused_and_anonymous_is_sent_to_sign_in(client, auth, world):
    url = f"/therapist/appointments/{world.first.id}"
    assert client.get(url).status_code == 302
    assert client.get("/therapist/").status_code == 302
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get(url).status_code == 403
    assert client.get("/therapist/").status_code == 403


def test_an_admin_may_open_any_appointment(client, auth, world):
    auth.sign_in_as(Role.ADMIN)
    assert client.get(f"/therapist/appointments/{world.other.id}").status_code == 200


def test_marking_the_evaluation_done_checks_in_on_the_way(client, auth, world, db_session):
    sign_in(auth, world)
    page = client.get(f"/therapist/appointments/{world.first.id}").get_data(as_text=True)
    assert "Mark the evaluation done" in page
    response = client.post(
        f"/therapist/appointments/{world.first.id}/done", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Appointment, world.first.id).status == AppointmentStatus.COMPLETED
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == world.first.id)
    ).all()
    assert "appointment.check_in" in actions and "appointment.complete" in actions


def test_a_visit_hours_away_cannot_be_marked_done_yet(client, auth, world, db_session):
    sign_in(auth, world)
    page = client.get(f"/therapist/appointments/{world.later.id}").get_data(as_text=True)
    assert "Mark the evaluation done" not in page  # 13:00, four hours from now
    response = client.post(
        f"/therapist/appointments/{world.later.id}/done",
        data={"csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 409
    assert "too early" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Appointment, world.later.id).status == AppointmentStatus.BOOKED


def test_marking_done_needs_the_form_token(client, auth, world):
    sign_in(auth, world)
    assert client.post(f"/therapist/appointments/{world.first.id}/done").status_code == 400


def time_off_form(client, **fields):
    page = client.get("/therapist/time-off").get_data(as_text=True)
    return {"csrf_token": csrf_token_from(page), **{f"off-{k}": v for k, v in fields.items()}}


def test_time_off_that_strands_a_visit_asks_first_then_saves(client, auth, world, db_session):
    sign_in(auth, world)
    data = time_off_form(client, start_day="2026-03-02", end_day="2026-03-02", reason="Course")
    refused = client.post("/therapist/time-off", data=data)
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert world.patient.full_name in html and "Lena" in html
    assert 'value="Course"' in html
    assert db_session.scalar(select(TimeOff).where(TimeOff.reason == "Course")) is None
    saved = client.post("/therapist/time-off", data={**data, "off-confirm": "y"})
    assert saved.status_code == 302
    assert db_session.scalar(select(TimeOff).where(TimeOff.reason == "Course")) is not None


def test_time_off_that_strands_nothing_is_saved_and_can_be_removed(client, auth, world, db_session):
    sign_in(auth, world)
    data = time_off_form(client, start_day="2026-03-09", end_day="2026-03-10", reason="Holiday")
    assert client.post("/therapist/time-off", data=data).status_code == 302
    held = db_session.scalar(select(TimeOff).where(TimeOff.reason == "Holiday"))
    assert held.therapist_id == world.therapist.id
    assert held.ends_at - held.starts_at == timedelta(days=2)
    page = client.get("/therapist/time-off").get_data(as_text=True)
    assert "Holiday" in page
    removed = client.post(
        f"/therapist/time-off/{held.id}/remove", data={"csrf_token": csrf_token_from(page)}
    )
    assert removed.status_code == 302
    db_session.expire_all()
    assert db_session.get(TimeOff, held.id) is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_day": "2026-03-10", "end_day": "2026-03-09"}, "must start before it ends"),
        ({"start_day": "", "end_day": "2026-03-09"}, "Enter the first date"),
        ({"start_day": "10/03/2026", "end_day": "2026-03-09"}, "Not a valid date"),
    ],
)
def test_bad_time_off_is_explained_and_kept(client, auth, world, fields, message):
    sign_in(auth, world)
    data = time_off_form(client, reason="Keep me", **fields)
    response = client.post("/therapist/time-off", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'value="Keep me"' in html
    assert 'class="field-error"' in html  # beside the field at fault, not only at the top


def test_time_off_without_the_form_token_keeps_what_was_typed(client, auth, world):
    sign_in(auth, world)
    data = time_off_form(client, start_day="2026-03-09", end_day="2026-03-09", reason="Keep me")
    data.pop("csrf_token")
    response = client.post("/therapist/time-off", data=data)
    assert response.status_code == 400 and 'value="Keep me"' in response.get_data(as_text=True)


def test_another_therapists_time_off_cannot_be_removed(client, auth, world, db_session, clock):
    theirs = TimeOff(
        therapist_id=world.other_therapist.id,
        starts_at=world.local(date(2026, 3, 9), 8),
        ends_at=world.local(date(2026, 3, 9), 17),
    )
    closure = TimeOff(
        location_id=world.location.id,
        starts_at=world.local(date(2026, 3, 10), 0),
        ends_at=world.local(date(2026, 3, 11), 0),
    )
    db_session.add_all([theirs, closure])
    db_session.commit()
    sign_in(auth, world)
    page = client.get("/therapist/time-off").get_data(as_text=True)
    for found in (theirs, closure):
        response = client.post(
            f"/therapist/time-off/{found.id}/remove", data={"csrf_token": csrf_token_from(page)}
        )
        assert response.status_code == 404
    db_session.expire_all()
    assert db_session.get(TimeOff, theirs.id) is not None


def test_the_questions_inbox_is_in_the_therapists_navigation(client, auth, world):
    sign_in(auth, world)
    html = client.get("/therapist/").get_data(as_text=True)
    assert 'href="/staff/questions/"' in html
    assert client.get("/staff/questions/").status_code == 200


def test_a_full_visit_leaves_this_audit_trail(client, auth, world, db_session):
    """What a therapist's visit writes, in order (listed in docs/therapist.md)."""
    sign_in(auth, world)
    first = world.first.id
    page = client.get(f"/therapist/appointments/{first}").get_data(as_text=True)
    editor = client.get(f"/staff/appointments/{first}/plan").get_data(as_text=True)
    token = csrf_token_from(editor)
    version = editor.split('name="base_version" value="')[1].split('"')[0]
    client.post(
        f"/staff/appointments/{first}/plan",
        data={"csrf_token": token, "base_version": version, "weeks": "6", "action": "publish"},
    )
    client.post(f"/therapist/appointments/{first}/done", data={"csrf_token": token})
    assert "Mark the evaluation done" in page
    events = db_session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor_label == world.email, AuditEvent.action != "auth.sign_in")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.subject_type) for e in events] == [
        ("intake.view", "intake"),  # the appointment page
        ("intake.view", "intake"),  # the plan editor beside the intake
        ("plan.save", "plan_outline"),
        ("plan.publish", "plan_outline"),
        ("appointment.check_in", "appointment"),
        ("appointment.complete", "appointment"),
    ]
