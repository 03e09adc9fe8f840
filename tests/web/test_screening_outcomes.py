"""What happens after a screening result: the doctor's window for a see-a-doctor-today
booking, every result kept, a warning that can't be quietly undone, the front desk's call
tasks, "Not screened yet", and the emails that follow (sent through the real outbox)."""

import email
import re
from email import policy

import pytest
from sqlalchemy import select

from clinic.alerts.models import CallTask
from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.intake import services as intake_services
from clinic.intake.models import Intake, ScreeningRecord, ScreeningSource
from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import Appointment
from tests import factories, safety_answers
from tests.conftest import csrf_token_from
from tests.factories import confirm_booking_by_email, manage_link
from tests.web.test_booking_flow import DETAILS, first_slot, post

TODAY_REGION, SEE_DOCTOR_TODAY = safety_answers.giving("physician", "today")
_, EMERGENCY = safety_answers.giving("emergency", regions=[TODAY_REGION])
_, SEE_DOCTOR_SOON = safety_answers.giving("physician", "few_days", regions=[TODAY_REGION])
CALM = safety_answers.calm(TODAY_REGION)


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    db_session.commit()
    return clinic


def reason(client, world):
    return post(
        client,
        "/book",
        {
            "region": TODAY_REGION,
            "location": str(world.location.id),
            "words": "It hurts when I lift the shopping",
            "duration": "under_6_weeks",
            "onset": "gradual",
        },
    )


def to_the_time_step(client, world, answers):
    reason(client, world)
    shown = post(client, "/book/safety", answers)
    if shown.status_code != 302:  # see-a-doctor advice: acknowledged to go on
        shown = post(client, "/book/safety", {**answers, "acknowledge": "yes"})
    assert shown.status_code == 302, shown.get_data(as_text=True)
    assert post(client, "/book/therapist", {"therapist": "any"}).status_code == 302


def slot_value(world, day: int, hour: int) -> str:
    from datetime import date

    return f"{world.therapist.id}@{world.local(date(2026, 3, day), hour).isoformat()}"


def sent_mail(app, runner, tmp_path):
    """Send the outbox with the file backend and read every message back."""
    app.config["MAIL_BACKEND"] = "file"
    with app.app_context():
        result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((tmp_path / "mail").glob("*.eml"))
    ]


def is_confirmation(message) -> bool:
    """The booking's confirmation to the patient (not the code that came before it)."""
    return message["To"] == DETAILS["email"] and message["Subject"].lower().endswith("is booked")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# Item 3: a see-a-doctor-today result keeps today and tomorrow morning closed


def test_a_see_a_doctor_today_result_offers_nothing_before_noon_tomorrow(client, world):
    to_the_time_step(client, world, SEE_DOCTOR_TODAY)
    html = client.get("/book/time").get_data(as_text=True)
    starts = re.findall(r'name="slot"[^>]*value="\d+@([^"]+)"', html)
    assert starts and min(starts) >= "2026-03-03T12:00:00-06:00"
    assert "2026-03-03T09:00:00-06:00" not in html
    assert "the first times we offer are from 12:00 PM on Tuesday March 3" in html


def test_a_forged_time_inside_the_doctors_window_is_refused(client, world, db_session):
    to_the_time_step(client, world, SEE_DOCTOR_TODAY)
    forged = post(client, "/book/time", {"slot": slot_value(world, 3, 9)})
    assert forged.status_code == 422
    assert "be before 12:00 PM on Tuesday March 3" in forged.get_data(as_text=True)
    assert db_session.scalar(select(Appointment)) is None


def test_without_the_urgent_advice_tomorrow_morning_can_be_booked(client, world):
    to_the_time_step(client, world, SEE_DOCTOR_SOON)
    assert post(client, "/book/time", {"slot": slot_value(world, 3, 9)}).status_code == 302


def test_a_hold_made_before_the_urgent_advice_cannot_be_confirmed(client, world, db_session):
    to_the_time_step(client, world, CALM)
    assert post(client, "/book/time", {"slot": slot_value(world, 3, 9)}).status_code == 302
    assert post(client, "/book/details", DETAILS).status_code == 302
    post(client, "/book/safety", {**SEE_DOCTOR_TODAY, "acknowledge": "yes"})
    refused = confirm_booking_by_email(client)
    assert refused.status_code == 409  # the code page: the held time is no longer allowed
    assert "be before 12:00 PM" in refused.get_data(as_text=True)
    assert db_session.scalar(select(Intake)) is None


def test_the_patient_is_told_the_time_frame_and_the_booking_is_flagged_for_review(
    client, world, db_session
):
    reason(client, world)
    shown = post(client, "/book/safety", SEE_DOCTOR_TODAY).get_data(as_text=True)
    assert "When: See a doctor today." in shown
    post(client, "/book/safety", {**SEE_DOCTOR_TODAY, "acknowledge": "yes"})
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    post(client, "/book/details", DETAILS)
    assert confirm_booking_by_email(client).status_code == 302
    done = client.get("/book/done").get_data(as_text=True)
    assert "Please see a doctor first" in done and "When: See a doctor today." in done
    intake = db_session.scalar(select(Intake))
    assert intake.urgency == "today" and intake.review_before_visit


# Item 5: every result kept; a warning changed afterwards is marked and both are shown


def test_every_safety_result_is_kept_with_its_answers_and_time(client, world, db_session):
    to_the_time_step(client, world, SEE_DOCTOR_SOON)
    kept = db_session.scalars(select(ScreeningRecord).order_by(ScreeningRecord.id)).all()
    assert [k.level.value for k in kept] == ["physician", "physician"]
    assert kept[0].source == ScreeningSource.BOOKING
    # The answers as read (numbers as numbers; follow-ups nobody was asked are left out).
    stored = kept[0].answers
    assert stored and all(
        SEE_DOCTOR_SOON[key] in (value, str(value)) for key, value in stored.items()
    )
    assert kept[0].recorded_at is not None and kept[0].appointment_id is None


def book_after_changing(client, world, first, then):
    reason(client, world)
    post(client, "/book/safety", first)
    to_the_time_step(client, world, then)
    post(client, "/book/time", {"slot": first_slot(client)})
    post(client, "/book/details", DETAILS)
    assert confirm_booking_by_email(client).status_code == 302


def test_an_emergency_changed_to_clear_is_marked_and_staff_see_both_results(
    client, auth, world, db_session
):
    book_after_changing(client, world, EMERGENCY, CALM)
    intake = db_session.scalar(select(Intake))
    assert intake.screening_level == "clear" and intake.warned_level == "emergency"
    assert intake.changed_after_warning_at is not None
    levels = [k.level.value for k in db_session.scalars(select(ScreeningRecord))]
    assert levels[0] == "emergency" and levels[-1] == "clear"

    auth.sign_in_as(Role.FRONT_DESK)
    desk = client.get(f"/frontdesk/appointments/{intake.appointment_id}").get_data(as_text=True)
    assert "Changed after a warning (emergency given)" in desk
    assert "Emergency</strong>" in desk and "Clear</strong>" in desk
    auth.sign_out()
    auth.sign_in_as(Role.ADMIN)
    summary = client.get(f"/therapist/appointments/{intake.appointment_id}")
    html = summary.get_data(as_text=True)
    assert "Changed after a warning:" in html and "an emergency result" in html
    assert "Emergency</strong>" in html and "Clear</strong>" in html


def test_the_stop_page_leads_with_what_to_do_now_and_records_a_mistake(client, world, db_session):
    reason(client, world)
    stop = post(client, "/book/safety", EMERGENCY).get_data(as_text=True)
    assert stop.index("What to do now") < stop.index("Answered by mistake?")
    assert 'href="tel:911"' in stop
    back = post(client, "/book/safety/mistake", {})
    assert back.status_code == 302 and back.headers["Location"].endswith("/book/safety")
    kept = db_session.scalar(select(ScreeningRecord))
    assert kept.mistake_reported_at is not None and kept.level == "emergency"
    assert db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "screening.mistake_reported")
    )


def test_a_booking_after_urgent_advice_cannot_be_moved_into_the_doctors_window(
    app, client, world, db_session
):
    to_the_time_step(client, world, SEE_DOCTOR_TODAY)
    post(client, "/book/time", {"slot": slot_value(world, 4, 10)})
    post(client, "/book/details", DETAILS)
    assert confirm_booking_by_email(client).status_code == 302
    url = manage_link(app, DETAILS["email"]) + "reschedule?week=2026-03-02"
    page = client.get(url).get_data(as_text=True)
    assert "2026-03-03T09:00:00-06:00" not in page
    moved = post(client, url, {"slot": slot_value(world, 3, 9)})
    assert moved.status_code == 422
    assert "be before 12:00 PM on Tuesday March 3" in moved.get_data(as_text=True)
    assert post(client, url, {"slot": slot_value(world, 3, 13)}).status_code == 302


def test_the_questionnaires_stop_page_records_a_mistake_too(client, db_session, visit):
    answer_safety(client, visit, EMERGENCY)
    page = client.get(f"/visit/{visit.token}/intake/urgent").get_data(as_text=True)
    assert page.index("What to do now") < page.index("Answered by mistake?")
    back = post(client, f"/visit/{visit.token}/intake/urgent/mistake", {})
    assert back.headers["Location"].endswith("/intake/safety")
    kept = db_session.scalars(select(ScreeningRecord)).all()[-1]
    assert kept.level == "emergency" and kept.mistake_reported_at is not None


# Item 6: a warning on an existing booking creates a call task and an alert email


@pytest.fixture
def visit(app, db_session, clock, world):
    from datetime import date

    appointment = factories.make_booking(world, world.local(date(2026, 3, 4), 10), "visit")
    world.token = tokens.issue(appointment, clock.now())
    world.appointment = appointment
    world.intake = intake_services.start(appointment, TODAY_REGION, clock.now())
    db_session.commit()
    return world


def answer_safety(client, visit, answers):
    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    return client.post(
        f"/visit/{visit.token}/intake/safety",
        data={"csrf_token": token, "version": str(visit.intake.question_set_version), **answers},
    )


def test_an_emergency_after_booking_tells_the_front_desk_by_task_and_email(
    app, client, runner, tmp_path, db_session, visit
):
    saved = answer_safety(client, visit, EMERGENCY)
    assert saved.headers["Location"].endswith("/intake/urgent")
    urgent = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Our front desk has been told" in urgent
    task = db_session.scalar(select(CallTask))
    assert task.appointment_id == visit.appointment.id and task.level == "emergency"
    answer_safety(client, visit, EMERGENCY)  # saved again: still one task, one email
    alerts = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_alert"))
    assert len(alerts.all()) == 1

    mail = [m for m in sent_mail(app, runner, tmp_path) if m["To"] == "desk@clinic.example"]
    assert len(mail) == 1
    body = text_of(mail[0])
    assert "/frontdesk/tasks" in body
    for private in (visit.patient.full_name, visit.patient.last_name, *EMERGENCY):
        assert private.lower() not in (mail[0]["Subject"] + body).lower()


def test_the_alert_goes_to_the_configured_address(app, client, db_session, visit):
    app.config["CLINIC_ALERT_EMAIL"] = "alerts@clinic.example"
    answer_safety(client, visit, SEE_DOCTOR_SOON)
    alert = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "staff_alert"))
    assert alert.recipient == "alerts@clinic.example"


def test_a_call_task_shows_until_a_named_person_acknowledges_it(client, auth, db_session, visit):
    answer_safety(client, visit, EMERGENCY)
    auth.sign_in_as(Role.FRONT_DESK)
    day = client.get("/frontdesk/?date=2026-03-04").get_data(as_text=True)
    assert "1 patient to call" in day
    page = client.get("/frontdesk/tasks").get_data(as_text=True)
    assert visit.patient.full_name in page and "Emergency" in page
    task = db_session.scalar(select(CallTask))
    url = f"/frontdesk/tasks/{task.id}/acknowledge"
    token = csrf_token_from(page)

    nameless = client.post(url, data={"csrf_token": token, f"task-{task.id}-name": "  "})
    assert nameless.status_code == 400
    assert "Type your name" in nameless.get_data(as_text=True)

    done = client.post(url, data={"csrf_token": token, f"task-{task.id}-name": "Dana Lee"})
    assert done.status_code == 302
    db_session.expire_all()
    task = db_session.get(CallTask, task.id)
    assert task.acknowledged_name == "Dana Lee" and task.acknowledged_by_id is not None
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "call_task.acknowledge")
    )
    assert event.details == {"name": "Dana Lee"}
    assert visit.patient.full_name not in client.get("/frontdesk/tasks").get_data(as_text=True)
    again = client.post(url, data={"csrf_token": token, f"task-{task.id}-name": "Sam"})
    assert again.status_code == 302  # already taken: said so, nothing changed
    db_session.expire_all()
    assert db_session.get(CallTask, task.id).acknowledged_name == "Dana Lee"


def test_a_see_a_doctor_booking_online_also_asks_the_front_desk_to_call(client, world, db_session):
    book_after_changing(client, world, SEE_DOCTOR_SOON, SEE_DOCTOR_SOON)
    task = db_session.scalar(select(CallTask))
    assert task is not None and task.level == "physician"


# Item 7: not screened is never clear


def printed_none(html: str) -> bool:
    """Python's None leaking into a page (an answer may say "None of these")."""
    return bool(re.search(r"\bNone\b(?! of these)", re.sub(r"<[^>]+>", " ", html)))


def test_an_intake_never_started_shows_not_screened_yet_to_every_staff_screen(
    client, auth, db_session, visit
):
    auth.sign_in_as(Role.FRONT_DESK)
    for url in ("/frontdesk/?date=2026-03-04", f"/frontdesk/appointments/{visit.appointment.id}"):
        html = client.get(url).get_data(as_text=True)
        assert "Not screened yet" in html, url
        assert "Screening: clear" not in html and "Screening level: clear" not in html, url
    auth.sign_out()
    user = factories.make_user(Role.THERAPIST)
    visit.therapist.user_id = user.id
    db_session.commit()
    auth.sign_in(user.email)
    day = client.get("/therapist/?date=2026-03-04").get_data(as_text=True)
    assert "Not screened yet" in day
    page = client.get(f"/therapist/appointments/{visit.appointment.id}").get_data(as_text=True)
    assert "Not screened yet" in page and "The questionnaire is not done" in page
    assert not printed_none(page)
    assert "Red flags" not in page


def test_the_days_export_says_not_screened_never_clear_or_none(client, auth, visit):
    auth.sign_in_as(Role.FRONT_DESK)
    csv = client.get("/frontdesk/export.csv?date=2026-03-04").get_data(as_text=True)
    (row,) = [line for line in csv.splitlines() if visit.patient.last_name in line]
    assert row.endswith("Not screened yet,Not screened yet")
    assert "None" not in row and "clear" not in row


def test_a_half_answered_questionnaire_never_prints_none(client, auth, db_session, visit):
    answer_safety(client, visit, CALM)
    user = factories.make_user(Role.THERAPIST)
    visit.therapist.user_id = user.id
    db_session.commit()
    auth.sign_in(user.email)
    page = client.get(f"/therapist/appointments/{visit.appointment.id}").get_data(as_text=True)
    assert not printed_none(page)
    assert "Not screened yet" not in page


def test_the_front_desk_can_ask_the_safety_questions_at_the_desk(client, auth, db_session, visit):
    auth.sign_in_as(Role.FRONT_DESK)
    url = f"/frontdesk/appointments/{visit.appointment.id}/safety"
    form = client.get(url).get_data(as_text=True)
    for question in safety_answers.safety_questions(TODAY_REGION):
        assert question.text in form
    token = csrf_token_from(form)
    missing = client.post(url, data={"csrf_token": token})
    assert missing.status_code == 400
    done = client.post(url, data={"csrf_token": token, **SEE_DOCTOR_TODAY})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "Tell the patient to see a doctor first" in html
    assert "When: See a doctor today." in html
    db_session.expire_all()
    intake = db_session.get(Intake, visit.intake.id)
    assert intake.screened and intake.screening_level == "physician"
    kept = db_session.scalar(select(ScreeningRecord))
    assert kept.source == ScreeningSource.FRONT_DESK
    assert db_session.scalar(select(CallTask)) is None  # the desk is already on the phone
    again = client.get(url).get_data(as_text=True)
    assert 'name="fever"' not in again  # once screened, the desk sees no answers


# Items 7 and 8: the emails


def phone_booking(client, auth, world):
    auth.sign_in_as(Role.FRONT_DESK)
    page = client.get("/frontdesk/book").get_data(as_text=True)
    nonce = re.search(r'name="nonce"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/frontdesk/book",
        data={
            "csrf_token": csrf_token_from(page),
            "nonce": nonce,
            "first_name": "Noor",
            "last_name": "Haddad",
            "email": "noor@example.com",
            "phone": "(312) 555-0142",
            "date_of_birth": "1980-01-02",
            "region": TODAY_REGION,
            "location": str(world.location.id),
            "therapist": str(world.therapist.id),
            "kind": str(world.kind.id),
            "day": "2026-03-05",
            "start": "10:00",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_an_unscreened_phone_booking_asks_for_the_safety_check_first_without_self_care(
    app, client, auth, runner, tmp_path, world
):
    phone_booking(client, auth, world)
    (message,) = [m for m in sent_mail(app, runner, tmp_path) if m["To"] == "noor@example.com"]
    body = text_of(message)
    assert "FIRST, THE SAFETY CHECK" in body and "/intake/" in body
    assert "Looking after yourself until then" not in body
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "answer the safety questions first" in html
    assert "Looking after yourself until then" not in html


def test_the_outline_on_the_booking_page_waits_for_screening_before_self_care(
    client, db_session, visit
):
    page = client.get(f"/visit/{visit.token}/plan").get_data(as_text=True)
    assert "Looking after yourself until then" not in page
    answer_safety(client, visit, CALM)
    page = client.get(f"/visit/{visit.token}/plan").get_data(as_text=True)
    assert "Looking after yourself until then" in page


def test_a_clear_booking_still_gets_its_self_care_advice(app, client, runner, tmp_path, world):
    book_after_changing(client, world, CALM, CALM)
    (message,) = [m for m in sent_mail(app, runner, tmp_path) if is_confirmation(m)]
    body = text_of(message)
    assert "Looking after yourself until then" in body
    assert "FIRST, THE SAFETY CHECK" not in body


def test_a_flagged_bookings_confirmation_carries_the_advice_and_warning_signs(
    app, client, runner, tmp_path, world
):
    book_after_changing(client, world, SEE_DOCTOR_TODAY, SEE_DOCTOR_TODAY)
    (message,) = [m for m in sent_mail(app, runner, tmp_path) if is_confirmation(m)]
    body = text_of(message)
    result = safety_answers.screened(TODAY_REGION, SEE_DOCTOR_TODAY)
    assert "PLEASE SEE A DOCTOR FIRST" in body
    for flag in result.flags:
        assert " ".join(flag.patient_text.split()) in " ".join(body.split())
    assert "When: See a doctor today." in body
    assert "Get care sooner if" in body and "call 911" in body.lower()
    assert "Looking after yourself until then" not in body
    subject = message["Subject"].lower()
    assert subject == "your appointment at test clinic pt is booked"
