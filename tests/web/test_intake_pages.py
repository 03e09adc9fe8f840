"""The intake behind the manage link: saved as you go, nothing lost on an error, and the
therapist's summary with red flags first."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.extensions import db
from clinic.intake import services
from clinic.intake import summary as intake_summary
from clinic.intake.models import Intake, IntakeStatus
from clinic.intake.question_sets import VERSION
from clinic.scheduling import booking
from tests import factories
from tests.conftest import csrf_token_from

TUESDAY = date(2026, 3, 3)
SAFE = {
    "age": "40",
    "fever": "no",
    "health_history": "none",
    "injury": "no",
    "night_pain": "no",
    "body_signs": "none",
    "area_signs": "none",
    "self_harm": "no",
}


@pytest.fixture
def visit(app, db_session, clock):
    world = factories.make_bookable_clinic()
    appointment = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="visit",
        now=clock.now(),
        actor=None,
    )
    world.token = tokens.issue(appointment, clock.now())
    world.appointment = appointment
    world.intake = services.start(appointment, "low_back", clock.now())
    db_session.commit()
    return world


def page_url(visit, section=""):
    return f"/visit/{visit.token}/intake/{section}"


def post_section(client, visit, section, data, token=True):
    if token:
        # Any page of the session carries its CSRF token; the sign-in page always has a form.
        page = client.get("/staff/sign-in").get_data(as_text=True)
        data = {"csrf_token": csrf_token_from(page), "version": str(VERSION), **data}
    return client.post(page_url(visit, section), data=data)


def fresh_intake(db_session, visit) -> Intake:
    db_session.expire_all()
    return db_session.get(Intake, visit.intake.id)


def test_overview_lists_every_step_and_is_never_cached(client, visit):
    response = client.get(page_url(visit))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"
    html = response.get_data(as_text=True)
    for title in ("A quick safety check", "Your pain", "Your goals"):
        assert title in html


def test_a_saved_page_keeps_its_answers_and_moves_on(client, visit, db_session):
    response = post_section(
        client,
        visit,
        "pain",
        {
            "pain_now": "4",
            "pain_best": "2",
            "pain_worst": "7",
            "pain_pattern": "comes_and_goes",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    intake = fresh_intake(db_session, visit)
    assert intake.answers["pain_now"] == 4 and intake.status == IntakeStatus.IN_PROGRESS
    assert intake.scores["nprs"]["worst"] == 7
    again = client.get(page_url(visit, "pain")).get_data(as_text=True)
    assert re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', again)


def test_a_value_outside_its_scale_is_refused_and_the_rest_is_kept(client, visit, db_session):
    response = post_section(
        client,
        visit,
        "pain",
        {
            "pain_now": "11",
            "pain_best": "2",
            "pain_worst": "7",
            "pain_pattern": "comes_and_goes",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "from 0 to 10" in html
    assert re.search(r'value="7"[^>]*checked|checked[^>]*value="7"', html)
    assert "pain_worst" not in fresh_intake(db_session, visit).answers


def test_a_missing_required_answer_is_named(client, visit):
    response = post_section(client, visit, "pain", {"pain_now": "3"})
    assert response.status_code == 400
    assert "Please answer this question." in response.get_data(as_text=True)


def test_an_answer_id_that_does_not_exist_is_refused(client, visit, db_session):
    response = post_section(client, visit, "pain", {"pain_now": "3", "favourite_colour": "red"})
    assert response.status_code == 400
    assert "favourite_colour" in response.get_data(as_text=True)
    assert fresh_intake(db_session, visit).answers == {}


def test_an_over_long_answer_is_refused_with_a_message_and_kept(client, visit):
    story = {
        "onset": "injury",
        "onset_when": "Last week",
        "onset_details": "x" * 5001,
        "duration": "under_6_weeks",
        "previous_episodes": "no",
        "previous_surgery": "no",
    }
    response = post_section(client, visit, "story", story)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "under 5,000 characters" in html
    assert "x" * 5001 in html


def test_script_in_free_text_is_shown_as_text_to_patient_and_therapist(
    client, visit, db_session, auth, app
):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    story = {
        "onset": "injury",
        "onset_when": payload,
        "duration": "under_6_weeks",
        "previous_episodes": "no",
        "previous_surgery": "no",
    }
    assert post_section(client, visit, "story", story).status_code == 302
    patient_page = client.get(page_url(visit, "story")).get_data(as_text=True)
    assert payload not in patient_page and "&lt;script&gt;" in patient_page
    with app.app_context():
        user = factories.make_user(Role.THERAPIST)
        therapist = db.session.get(type(visit.therapist), visit.therapist.id)
        therapist.user_id = user.id
        db.session.commit()
        email = user.email
    auth.sign_in(email)
    summary = client.get(f"/staff/appointments/{visit.appointment.id}/intake")
    assert summary.status_code == 200
    html = summary.get_data(as_text=True)
    assert payload not in html and "&lt;script&gt;" in html


def test_without_a_csrf_token_the_page_comes_back_with_the_answers(client, visit):
    sent = {"pain_now": "6", "version": str(VERSION)}
    response = post_section(client, visit, "pain", sent, token=False)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "expired" in html
    assert re.search(r'value="6"[^>]*checked|checked[^>]*value="6"', html)


def test_a_stale_question_set_version_keeps_the_answers_and_asks_again(client, visit):
    response = post_section(client, visit, "pain", {"pain_now": "6", "version": "0"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "updated since you opened" in html
    assert re.search(r'value="6"[^>]*checked|checked[^>]*value="6"', html)


def test_after_the_visit_starts_the_intake_is_read_only(client, visit, clock, db_session):
    clock.advance(days=1, hours=2)  # Tuesday 11:00 in Chicago: the visit has started
    response = post_section(client, visit, "pain", {"pain_now": "2"})
    assert response.status_code == 409
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert fresh_intake(db_session, visit).answers == {}


def test_a_cancelled_visit_closes_the_intake(client, visit, clock, db_session):
    booking.cancel(visit.appointment, now=clock.now())
    db_session.commit()
    refused = post_section(client, visit, "pain", {"pain_now": "2"})
    assert refused.status_code == 410
    assert "This visit was cancelled" in refused.get_data(as_text=True)


def test_an_emergency_answer_shows_what_to_do_now(client, visit, db_session):
    response = post_section(client, visit, "safety", {**SAFE, "area_signs": "saddle_numbness"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/urgent")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "911" in html
    intake = fresh_intake(db_session, visit)
    assert intake.screening_level.value == "emergency"
    assert visit.appointment.screening_level.value == "emergency"


def test_finishing_needs_every_required_answer(client, visit):
    token = csrf_token_from(client.get(page_url(visit)).get_data(as_text=True))
    response = client.post(page_url(visit, "finish"), data={"csrf_token": token})
    assert response.status_code == 400
    assert "still need an answer" in response.get_data(as_text=True)


def test_an_unknown_token_or_section_is_404(client, visit):
    assert client.get("/visit/not-a-real-token-at-all-xyz/intake/").status_code == 404
    assert client.get(page_url(visit, "no-such-section")).status_code == 404


def test_front_desk_may_not_read_answers_and_other_therapists_get_404(client, visit, auth):
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get(f"/staff/appointments/{visit.appointment.id}/intake").status_code == 403
    auth.sign_out()
    auth.sign_in_as(Role.THERAPIST)
    assert client.get(f"/staff/appointments/{visit.appointment.id}/intake").status_code == 404
    assert client.get("/staff/appointments/99999/intake").status_code == 404


def test_reading_an_intake_is_audited(client, visit, auth, db_session):
    auth.sign_in_as(Role.ADMIN)
    assert client.get(f"/staff/appointments/{visit.appointment.id}/intake").status_code == 200
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "intake.view"))
    assert event is not None and event.subject_id == visit.intake.id


def test_staff_summary_puts_red_flags_before_scores_and_answers(client, visit, auth):
    post_section(client, visit, "safety", {**SAFE, "health_history": "cancer"})
    auth.sign_in_as(Role.ADMIN)
    html = client.get(f"/staff/appointments/{visit.appointment.id}/intake").get_data(as_text=True)
    assert html.index("Red flags") < html.index("Scores") < html.index("Answers")
    assert "Physician" in html


def test_an_intake_stored_with_edition_one_still_opens_and_screens_as_before(
    client, visit, auth, db_session
):
    intake = fresh_intake(db_session, visit)
    intake.question_set_version = 1
    intake.status = IntakeStatus.IN_PROGRESS  # answered under edition 1
    intake.answers = {"saddle_numbness": "yes", "cancer_history": "no", "limb_weakness": "no"}
    db_session.commit()

    assert intake_summary.screening_result(intake).codes == ["cauda_equina"]
    safety = client.get(page_url(visit, "safety")).get_data(as_text=True)
    assert "bicycle saddle" in safety  # the edition-1 wording the patient answered
    auth.sign_in_as(Role.ADMIN)
    staff = client.get(f"/staff/appointments/{visit.appointment.id}/intake")
    assert staff.status_code == 200 and "Emergency" in staff.get_data(as_text=True)


def test_follow_ups_a_save_calls_for_are_asked_on_the_same_page_next(client, visit, db_session):
    response = post_section(client, visit, "safety", {**SAFE, "night_pain": "most_nights"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/intake/safety")
    html = client.get(page_url(visit, "safety")).get_data(as_text=True)
    assert "whatever position you try" in html
    assert re.search(r'class="follow-up" data-show-if="[^"]*"\s*>', html)  # shown, not hidden
    answered = post_section(
        client, visit, "safety", {**SAFE, "night_pain": "most_nights", "rest_pain": "no"}
    )
    assert answered.headers["Location"].endswith("/intake/pain")
    assert fresh_intake(db_session, visit).answers["rest_pain"] == "no"


def test_the_visit_window_keeps_links_alive_until_thirty_days_after(visit, clock, app):
    with app.app_context():
        clock.advance(days=32)
        assert tokens.find(visit.token, clock.now()) is None
        clock.advance(days=-32)
        assert tokens.find(visit.token, clock.now()) is not None
        assert tokens.find(visit.token[:-1] + "A", clock.now()) is None


def test_psfs_goals_are_scored(client, visit, db_session):
    response = post_section(
        client,
        visit,
        "goals",
        {
            "psfs-0-activity": "Running 5k",
            "psfs-0-score": "3",
            "psfs-1-activity": "Sleeping through",
            "psfs-1-score": "5",
            "psfs-2-activity": "Lifting my child",
            "psfs-2-score": "4",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert fresh_intake(db_session, visit).scores["psfs"]["average"] == 4.0


def test_two_activities_are_not_enough(client, visit):
    response = post_section(
        client,
        visit,
        "goals",
        {
            "psfs-0-activity": "Running",
            "psfs-0-score": "3",
            "psfs-1-activity": "Sleeping",
            "psfs-1-score": "5",
        },
    )
    assert response.status_code == 400
    assert "between 3 and 5" in response.get_data(as_text=True)


def valid_raw(question):
    """A harmless answer to any question, in the shape a form sends."""
    values = [choice.value for choice in question.choices]
    match question.kind.value:
        case "scale" | "number":
            return str(question.minimum or 0)
        case "yes_no":
            return "no"
        case "choice":
            return "no" if "no" in values else values[0]
        case "multi":
            return ["none"] if "none" in values else [values[0]]
        case "activities":
            return [("Walking", "5"), ("Sleeping", "6"), ("Working", "7")]
    return "Nothing more to add"


def answer_everything(intake, clock, **overrides):
    questions = services.question_set_of(intake)
    for section in questions.sections:
        raw = {q.id: overrides.get(q.id, valid_raw(q)) for q in section.questions}
        services.save_answers(intake, section.id, raw, version=questions.version, now=clock.now())


def finish(client, visit, **data):
    token = csrf_token_from(client.get(page_url(visit)).get_data(as_text=True))
    return client.post(page_url(visit, "finish"), data={"csrf_token": token, **data})


def test_a_complete_intake_can_be_finished(client, visit, clock, db_session):
    answer_everything(visit.intake, clock)
    db_session.commit()
    assert finish(client, visit).status_code == 302
    intake = fresh_intake(db_session, visit)
    assert intake.status == IntakeStatus.COMPLETE and intake.submitted_at == clock.now()
    assert intake.scores["irritability"] in ("low", "moderate", "high")


def test_physician_advice_must_be_acknowledged_before_finishing(client, visit, clock, db_session):
    answer_everything(visit.intake, clock, health_history=["cancer"])
    db_session.commit()
    refused = finish(client, visit)
    assert refused.status_code == 400
    assert "see a physician first" in refused.get_data(as_text=True)
    assert finish(client, visit, acknowledge="yes").status_code == 302
    intake = fresh_intake(db_session, visit)
    assert intake.status == IntakeStatus.COMPLETE
    assert intake.physician_acknowledged_at == clock.now()
    assert intake.screening_level.value == "physician"
