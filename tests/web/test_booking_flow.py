"""The patient's booking journey through the Flask client: every step, and its bad inputs."""

import re

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.booking.models import BookingDraft
from clinic.intake.models import Intake
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import Patient
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.conftest import csrf_token_from

#: The eight base questions of the safety check, answered by someone with nothing to report.
SAFE_LOW_BACK = {
    "age": "35",
    "fever": "no",
    "health_history": "none",
    "injury": "no",
    "night_pain": "no",
    "body_signs": "none",
    "area_signs": "none",
    "self_harm": "no",
}
DETAILS = {
    "first_name": "Robin",
    "last_name": "Quill",
    "email": "robin.quill@example.com",
    "phone": "(312) 555-0177",
    "date_of_birth": "1990-06-15",
    "consent_direct_access": "y",
    "consent_privacy": "y",
}


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    db_session.commit()
    return clinic


def post(client, url, data):
    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def reason(client, world, **extra):
    return post(
        client,
        "/book",
        {
            "region": "low_back",
            "location": str(world.location.id),
            "words": "My back aches after long drives",
            "duration": "under_6_weeks",
            "onset": "gradual",
            **extra,
        },
    )


def first_slot(client, url="/book/time"):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="slot"[^>]*value="([^"]+)"', html).group(1)


def through_details(client, world, week=None):
    assert reason(client, world).status_code == 302
    assert post(client, "/book/safety", SAFE_LOW_BACK).headers["Location"].endswith("/therapist")
    assert post(client, "/book/therapist", {"therapist": "any"}).status_code == 302
    url = f"/book/time?week={week}" if week else "/book/time"
    assert post(client, url, {"slot": first_slot(client, url)}).status_code == 302
    assert post(client, "/book/details", DETAILS).status_code == 302


def test_the_whole_journey_books_one_appointment_and_queues_the_confirmation(
    client, world, db_session, app
):
    through_details(client, world)
    review = client.get("/book/review").get_data(as_text=True)
    assert "Robin" in review and "Central Time (CST)" in review
    done = factories.confirm_booking_by_email(client)
    assert done.status_code == 302 and done.headers["Location"].endswith("/book/done")
    page = client.get("/book/done").get_data(as_text=True)
    assert "You're booked" in page and "calendar.google.com" in page
    assert "/visit/" not in page  # the private link goes only to the proved address
    appointment = db_session.scalar(select(Appointment))
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.patient.email == "robin.quill@example.com"
    intake = db_session.scalar(select(Intake))
    assert intake.answers["area_signs"] == ["none"] and intake.answers["onset"] == "gradual"
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "confirmation"))
    assert message.recipient == "robin.quill@example.com"
    assert message.calendar_method == "REQUEST" and "BEGIN:VCALENDAR" in message.calendar_ics
    assert "back" not in message.subject.lower()
    manage = factories.manage_link(app, "robin.quill@example.com")
    assert client.get(manage).status_code == 200
    invite = client.get(manage + "invite.ics")
    assert invite.mimetype == "text/calendar" and b"METHOD:PUBLISH" in invite.data


def test_a_step_out_of_order_sends_the_patient_to_the_right_one(client, world):
    assert client.get("/book/time").headers["Location"].endswith("/book")
    reason(client, world)
    assert client.get("/book/details").headers["Location"].endswith("/book/safety")
    assert client.get("/book/review").headers["Location"].endswith("/book/safety")


def test_going_back_keeps_what_was_typed(client, world):
    reason(client, world)
    again = client.get("/book").get_data(as_text=True)
    assert "My back aches after long drives" in again


def test_an_emergency_answer_stops_the_booking(client, world, db_session):
    reason(client, world)
    response = post(client, "/book/safety", {**SAFE_LOW_BACK, "area_signs": "saddle_numbness"})
    assert response.status_code == 200
    assert "911" in response.get_data(as_text=True)
    assert client.get("/book/therapist").headers["Location"].endswith("/book/safety")
    assert db_session.scalar(select(func.count()).select_from(Appointment)) == 0


def test_physician_advice_must_be_acknowledged_and_flags_the_booking(client, world, db_session):
    reason(client, world)
    flagged = {**SAFE_LOW_BACK, "health_history": "cancer"}
    shown = post(client, "/book/safety", flagged)
    assert shown.status_code == 200 and "see a physician first" in shown.get_data(as_text=True)
    assert client.get("/book/therapist").headers["Location"].endswith("/book/safety")
    assert post(client, "/book/safety", flagged).status_code == 400
    assert post(client, "/book/safety", {**flagged, "acknowledge": "yes"}).status_code == 302
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    post(client, "/book/details", DETAILS)
    factories.confirm_booking_by_email(client)
    appointment = db_session.scalar(select(Appointment))
    assert appointment.screening_level.value == "physician"


def test_a_time_taken_meanwhile_answers_409_with_the_nearest_times(client, world, app, clock):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    slot = first_slot(client)
    other = app.test_client()
    reason(other, world)
    post(other, "/book/safety", SAFE_LOW_BACK)
    post(other, "/book/therapist", {"therapist": "any"})
    assert post(other, "/book/time", {"slot": slot}).status_code == 302
    lost = post(client, "/book/time", {"slot": slot})
    assert lost.status_code == 409
    assert "just taken" in lost.get_data(as_text=True)


def test_confirm_submitted_twice_makes_one_booking(client, world, db_session):
    through_details(client, world)
    assert factories.confirm_booking_by_email(client).status_code == 302
    again = post(client, "/book/review", {})
    assert again.status_code == 302 and again.headers["Location"].endswith("/book/done")
    assert db_session.scalar(select(func.count()).select_from(Appointment)) == 1
    kinds = db_session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
    assert kinds == ["verify_email", "confirmation"]


def test_choosing_again_moves_the_hold_instead_of_adding_one(client, world, db_session):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    html = client.get("/book/time").get_data(as_text=True)
    slots = re.findall(r'name="slot"[^>]*value="([^"]+)"', html)
    post(client, "/book/time", {"slot": slots[0]})
    post(client, "/book/time", {"slot": slots[5]})
    assert db_session.scalar(select(func.count()).select_from(Appointment)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "email address like"),
        ("phone", "call me", "phone number using digits"),
        ("date_of_birth", "1990-13-45", "Not a valid date"),
        ("date_of_birth", "2030-01-01", "be in the future"),
    ],
)
def test_bad_details_are_refused_and_the_rest_is_kept(client, world, field, value, message):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    response = post(client, "/book/details", {**DETAILS, field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Robin" in html


def test_under_eighteen_needs_a_guardian(client, world):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    child = {**DETAILS, "date_of_birth": "2012-02-01"}
    refused = post(client, "/book/details", child)
    assert refused.status_code == 400 and "parent or guardian" in refused.get_data(as_text=True)
    ok = post(
        client, "/book/details", {**child, "guardian_name": "Sam Quill", "guardian_consent": "y"}
    )
    assert ok.status_code == 302


def test_script_in_any_field_is_shown_as_text(client, world):
    payload = "<script>alert(1)</script>"
    reason(client, world, words=payload)
    page = client.get("/book").get_data(as_text=True)
    assert payload not in page and "&lt;script&gt;" in page


def test_missing_csrf_token_keeps_what_was_typed(client, world):
    response = client.post("/book", data={"region": "knee", "words": "Sore knee"})
    assert response.status_code == 400
    assert "Sore knee" in response.get_data(as_text=True)


def test_a_returning_patient_is_linked_to_their_record(client, world, db_session, app):
    through_details(client, world)
    factories.confirm_booking_by_email(client)
    second = app.test_client()
    through_details(second, world)
    factories.confirm_booking_by_email(second)
    assert db_session.scalar(select(func.count()).select_from(Patient)) == 2  # +world.patient
    assert db_session.scalar(select(func.count()).select_from(Appointment)) == 2


def test_topic_preselects_the_region_and_is_kept_on_the_booking(client, world, db_session):
    from clinic.content.models import Article, ArticleStatus

    db_session.add(
        Article(
            slug="back-pops",
            question="Why does my back pop?",
            summary="s",
            answer_md="a",
            region="mid_upper_back",
            status=ArticleStatus.PUBLISHED,
            created_at=world.patient.created_at,
        )
    )
    db_session.commit()
    page = client.get("/book?topic=back-pops").get_data(as_text=True)
    assert re.search(r'value="mid_upper_back"[^>]*checked|checked[^>]*value="mid_upper_back"', page)


def test_the_week_names_its_time_zone_and_shows_dst_correctly(client, world, clock):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    html = client.get("/book/time?week=2026-03-09").get_data(as_text=True)
    assert "Central Time (CDT)" in html
    assert "8:00 AM" in html and "2026-03-09T13:00:00+00:00" in html  # 08:00 CDT is 13:00 UTC


def test_a_bad_week_parameter_is_a_clear_400(client, world):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    assert client.get("/book/time?week=next-tuesday").status_code == 400


def test_drafts_live_in_the_database_not_the_cookie(client, world, db_session):
    reason(client, world)
    assert db_session.scalar(select(func.count()).select_from(BookingDraft)) == 1


def test_the_manage_link_audits_views(client, world, db_session, app):
    through_details(client, world)
    factories.confirm_booking_by_email(client)
    client.get(factories.manage_link(app, DETAILS["email"]))
    assert (
        db_session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "manage.view")
        )
        == 1
    )


def test_after_confirming_the_steps_lead_to_the_confirmation_and_book_starts_afresh(client, world):
    through_details(client, world)
    factories.confirm_booking_by_email(client)
    assert client.get("/book/time").headers["Location"].endswith("/book/done")
    assert "My back aches" not in client.get("/book").get_data(as_text=True)


def test_a_lapsed_hold_is_renewed_at_confirmation_when_the_time_is_still_free(
    client, world, clock, db_session
):
    through_details(client, world, week="2026-03-09")
    clock.advance(minutes=25)
    assert factories.confirm_booking_by_email(client).status_code == 302
    assert db_session.scalar(select(Appointment)).status == AppointmentStatus.BOOKED


def test_a_lapsed_hold_taken_by_someone_else_offers_the_nearest_times(
    client, world, clock, app, db_session
):
    through_details(client, world, week="2026-03-09")
    held = db_session.scalar(select(Appointment))
    slot = f"{held.therapist_id}@{held.starts_at.isoformat()}"
    clock.advance(minutes=11)
    other = app.test_client()
    reason(other, world)
    post(other, "/book/safety", SAFE_LOW_BACK)
    post(other, "/book/therapist", {"therapist": "any"})
    assert post(other, "/book/time", {"slot": slot}).status_code == 302
    lost = factories.confirm_booking_by_email(client)
    assert lost.status_code == 409
    html = lost.get_data(as_text=True)
    assert "just taken" in html and "The nearest free times" in html


@pytest.mark.parametrize(
    "url",
    [
        "/book",
        "/book/safety",
        "/book/therapist",
        "/book/time",
        "/book/details",
        "/book/review",
        "/book/verify",
        "/book/verify/resend",
    ],
)
def test_every_booking_post_needs_its_csrf_token(client, world, url, db_session):
    through_details(client, world)
    response = client.post(url, data={"therapist": "any"})
    assert response.status_code == 400
    assert db_session.scalar(select(Appointment)).status == AppointmentStatus.HELD


def test_script_in_the_details_is_shown_as_text_on_review_and_in_the_email(
    client, world, db_session
):
    payload = '"><img src=x onerror=alert(1)>'
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    assert post(client, "/book/details", {**DETAILS, "first_name": payload}).status_code == 302
    review = client.get("/book/review").get_data(as_text=True)
    assert payload not in review and "&lt;img" in review
    factories.confirm_booking_by_email(client)
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "confirmation"))
    assert payload not in message.body_html and "&lt;img" in message.body_html
