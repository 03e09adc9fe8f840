"""Plan outlines end to end: made at booking, kept in step with the intake, edited and
published by the appointment's therapist only, and read by the patient through their link."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role, User
from clinic.booking import tokens
from clinic.demo.intakes import answer
from clinic.intake import services as intake_services
from clinic.notifications.models import OutboxMessage
from clinic.plans import services as plan_services
from clinic.plans.content import Submitted
from clinic.plans.models import PlanOutline, PlanStatus, VersionSource
from clinic.plans.reading import plan_of
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.conftest import csrf_token_from

TUESDAY = date(2026, 3, 3)
STORY = {
    "pain_now": "4",
    "pain_best": "2",
    "pain_worst": "7",
    "onset": "injury",
    "psfs": [("Lifting my toddler", "3"), ("Running 5 km", "1"), ("Sitting at work", "5")],
    "flare_ease": "little_activity",
    "settle_time": "day_or_more",
}


@pytest.fixture
def visit(app, db_session, clock):
    """A booked low-back evaluation with its intake started, and its therapist's sign-in."""
    world = factories.make_bookable_clinic()
    user = factories.make_user(Role.THERAPIST)
    world.therapist.user_id = user.id
    world.therapist_email = user.email
    appointment = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="plan-visit",
        now=clock.now(),
        actor=None,
    )
    world.token = tokens.issue(appointment, clock.now())
    world.appointment_id = appointment.id
    world.intake = intake_services.start(appointment, "low_back", clock.now())
    db_session.commit()
    return world


def plan(db_session, visit) -> PlanOutline:
    db_session.expire_all()
    return plan_of(db_session.get(Appointment, visit.appointment_id))


def editor_url(visit, tail=""):
    return f"/staff/appointments/{visit.appointment_id}/plan{tail}"


def editor_form(client, visit) -> dict[str, str]:
    """The editor's fields as the page shows them, ready to post back."""
    html = client.get(editor_url(visit)).get_data(as_text=True)
    fields = {"csrf_token": csrf_token_from(html)}
    for name, value in re.findall(
        r'<input id="[^"]+" name="([^"]+)" type="\w+" value="([^"]*)"', html
    ):
        fields[name] = value
    for name, value in re.findall(
        r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        fields[name] = value.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    fields["base_version"] = re.search(r'name="base_version" value="(\d+)"', html).group(1)
    return fields


def test_booking_makes_an_outline_from_what_the_patient_said(db_session, visit):
    made = plan(db_session, visit)
    assert made is not None and made.status == PlanStatus.DRAFT
    assert [v.source for v in made.versions] == [VersionSource.GENERATOR]
    keys = [s["key"] for s in made.content["sections"]]
    assert keys == [
        "what_to_expect",
        "self_care",
        "goals",
        "typical_course",
        "warning_signs",
        "what_to_bring",
    ]
    assert "lower back" in made.content["sections"][0]["paragraphs"][0]


def test_finishing_the_intake_regenerates_until_a_therapist_edits(db_session, visit, clock):
    answer(visit.intake, STORY, clock.now())
    db_session.commit()
    made = plan(db_session, visit)
    assert [v.source for v in made.versions] == [VersionSource.GENERATOR] * 2
    assert made.generated["band"] == "high"  # worst pain 7, flares easily, a day to settle
    goals = [g["text"] for g in made.content["goals"]]
    assert any("Lifting my toddler" in g for g in goals)
    therapist = db_session.get(
        User, db_session.scalar(select(User.id).where(User.email == visit.therapist_email))
    )
    edit = Submitted(sections={}, goals=[], home_programme="Walk daily.")
    plan_services.save(made, edit, author=therapist, now=clock.now(), today=TUESDAY)
    db_session.commit()
    generated_before = plan(db_session, visit).generated
    # The patient changes an answer the outline depends on, and submits again.
    answer(
        db_session.get(type(visit.intake), visit.intake.id),
        {**STORY, "onset": "gradual"},
        clock.now(),
    )
    db_session.commit()
    kept = plan(db_session, visit)
    assert [v.source for v in kept.versions] == [VersionSource.GENERATOR] * 2 + [
        VersionSource.THERAPIST
    ]
    assert kept.generated == generated_before
    assert kept.content["home_programme"] == "Walk daily."


def test_an_emergency_screening_removes_the_outline_from_the_patient(
    client, db_session, visit, clock
):
    assert "Your plan outline" in client.get(f"/visit/{visit.token}/").get_data(as_text=True)
    answer(visit.intake, {**STORY, "area_signs": ["saddle_numbness"]}, clock.now(), complete=False)
    db_session.commit()
    assert visit.intake.screening_level.value == "emergency"
    page = client.get(f"/visit/{visit.token}/").get_data(as_text=True)
    assert "Your plan outline" not in page
    assert client.get(f"/visit/{visit.token}/plan").status_code == 404
    assert plan(db_session, visit).versions[-1].content == {}


@pytest.mark.parametrize("tail", ["", "/versions", "/versions/1", "/compare?a=1&b=1"])
def test_only_the_appointments_therapist_and_admins_open_the_plan(client, auth, visit, tail):
    assert client.get(editor_url(visit, tail)).status_code == 302  # to sign in
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get(editor_url(visit, tail)).status_code == 403
    auth.sign_out()
    auth.sign_in_as(Role.THERAPIST)  # another therapist
    assert client.get(editor_url(visit, tail)).status_code == 404
    auth.sign_out()
    auth.sign_in_as(Role.ADMIN)
    assert client.get(editor_url(visit, tail)).status_code == 200
    auth.sign_out()
    auth.sign_in(visit.therapist_email)
    assert client.get(editor_url(visit, tail)).status_code == 200


def test_another_therapist_cannot_save_or_publish(client, auth, db_session, visit):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    auth.sign_out()
    auth.sign_in_as(Role.THERAPIST)
    token = csrf_token_from(client.get("/therapist/").get_data(as_text=True))
    response = client.post(
        editor_url(visit), data={**form, "csrf_token": token, "action": "publish"}
    )
    assert response.status_code == 404
    assert plan(db_session, visit).status == PlanStatus.DRAFT


@pytest.mark.parametrize("bad", ["x", "0", "999999999999999999999", "-1"])
def test_unknown_appointments_are_404(client, auth, bad):
    auth.sign_in_as(Role.ADMIN)
    assert client.get(f"/staff/appointments/{bad}/plan").status_code == 404


def test_saving_keeps_each_version_with_its_author(client, auth, db_session, visit):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    form["goal-1-text"] = "Lift my toddler from the floor without pain"
    form["goal-1-target"] = "2026-04-14"
    form["visits_per_week"], form["weeks"] = "2", "6"
    form["home_programme"] = "Short walks twice a day."
    response = client.post(editor_url(visit), data={**form, "action": "save"})
    assert response.status_code == 302
    made = plan(db_session, visit)
    latest = made.versions[-1]
    assert latest.number == 2 and latest.source == VersionSource.THERAPIST
    assert latest.author.email == visit.therapist_email
    assert latest.content["goals"][0] == {
        "text": "Lift my toddler from the floor without pain",
        "target": "2026-04-14",
    }
    assert (latest.content["visits_per_week"], latest.content["weeks"]) == (2, 6)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.save"))
    assert event.actor_label == visit.therapist_email and event.details == {"version": 2}
    again = client.post(editor_url(visit), data={**editor_form(client, visit), "action": "save"})
    assert again.status_code == 302 and len(plan(db_session, visit).versions) == 2
    assert "Nothing had changed" in client.get(editor_url(visit)).get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("goal-1-target", "14/04/2026", "Enter the target date as a date"),
        ("goal-1-target", "2026-02-01", "be in the past"),
        ("goal-1-target", "2031-01-01", "within two years"),
        ("visits_per_week", "9", "from 1 to 5"),
        ("weeks", "six", "from 1 to 52"),
        ("section-self_care", "x" * 4001, "under 4000 characters"),
    ],
)
def test_a_bad_field_is_named_and_everything_typed_is_kept(
    client, auth, db_session, visit, field, value, message
):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    form[field] = value
    form["home_programme"] = "Typed before the mistake"
    response = client.post(editor_url(visit), data={**form, "action": "save"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Typed before the mistake" in html
    assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html
    assert len(plan(db_session, visit).versions) == 1


def test_without_a_csrf_token_nothing_is_saved_and_the_text_is_kept(
    client, auth, db_session, visit
):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    form.pop("csrf_token")
    form["home_programme"] = "Keep me"
    response = client.post(editor_url(visit), data={**form, "action": "publish"})
    assert response.status_code == 400 and "Keep me" in response.get_data(as_text=True)
    assert len(plan(db_session, visit).versions) == 1


def test_a_save_over_someone_elses_newer_version_is_refused(client, auth, db_session, visit):
    auth.sign_in(visit.therapist_email)
    stale = editor_form(client, visit)
    client.post(
        editor_url(visit), data={**editor_form(client, visit), "weeks": "4", "action": "save"}
    )
    stale["home_programme"] = "My stale edit"
    response = client.post(editor_url(visit), data={**stale, "action": "save"})
    assert response.status_code == 409
    assert "My stale edit" in response.get_data(as_text=True)
    assert plan(db_session, visit).content["home_programme"] == ""


def test_publishing_reaches_the_patients_page_and_the_outbox(client, auth, db_session, visit):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    form["home_programme"] = "Short walks twice a day, as we practised."
    client.post(editor_url(visit), data={**form, "action": "save"})
    patient_page = client.get(f"/visit/{visit.token}/").get_data(as_text=True)
    assert "as we practised" not in patient_page  # a draft is the therapist's alone
    form = editor_form(client, visit)
    form["weeks"] = "6"
    response = client.post(editor_url(visit), data={**form, "action": "publish"})
    assert response.status_code == 302
    made = plan(db_session, visit)
    assert made.status == PlanStatus.PUBLISHED and made.versions[-1].status == PlanStatus.PUBLISHED
    patient_page = client.get(f"/visit/{visit.token}/").get_data(as_text=True)
    assert "Your plan" in patient_page and "as we practised" in patient_page
    assert "for 6 weeks" in patient_page
    printable = client.get(f"/visit/{visit.token}/plan")
    assert printable.status_code == 200 and "as we practised" in printable.get_data(as_text=True)
    message = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "plan_published"))
    assert message.recipient == visit.patient.email
    assert message.subject.startswith("Your plan from ")
    assert not re.search(r"back|pain|injur|symptom", message.subject, re.I)
    assert "as we practised" in message.body_text and "/visit/" in message.body_text
    publish_event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.publish"))
    assert publish_event.actor_label == visit.therapist_email


def test_publishing_again_sends_again(client, auth, db_session, visit):
    auth.sign_in(visit.therapist_email)
    for weeks in ("4", "6"):
        form = editor_form(client, visit)
        form["weeks"] = weeks
        assert client.post(editor_url(visit), data={**form, "action": "publish"}).status_code == 302
    sent = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "plan_published"))
    assert len(sent.all()) == 2


def test_a_cancelled_visits_plan_is_closed(client, auth, db_session, visit, clock):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    appointment = db_session.get(Appointment, visit.appointment_id)
    appointment.status = AppointmentStatus.CANCELLED
    db_session.commit()
    response = client.post(editor_url(visit), data={**form, "weeks": "3", "action": "publish"})
    assert response.status_code == 409 and "can no longer be changed" in response.get_data(
        as_text=True
    )
    assert plan(db_session, visit).versions[-1].number == 1


def test_comparing_two_versions_shows_what_changed(client, auth, visit):
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    form["section-what_to_bring"] += "\n- Your running shoes"
    form["weeks"] = "6"
    client.post(editor_url(visit), data={**form, "action": "save"})
    html = client.get(editor_url(visit, "/compare?a=2&b=1")).get_data(as_text=True)
    assert "Changes from version 1 to version 2" in html
    assert "Added: </span>- Your running shoes" in html
    assert "Removed: </span>Not set" in html and "Added: </span>for 6 weeks" in html


@pytest.mark.parametrize("query", ["", "?a=1", "?a=1&b=7", "?a=one&b=1", "?a=1&b=99999999999"])
def test_comparing_needs_two_real_versions(client, auth, visit, query):
    auth.sign_in(visit.therapist_email)
    response = client.get(editor_url(visit, "/compare" + query))
    assert response.status_code == 400
    assert "Choose two versions" in response.get_data(as_text=True)


def test_the_editor_sits_beside_the_intake_and_its_reading_is_audited(
    client, auth, db_session, visit
):
    auth.sign_in(visit.therapist_email)
    html = client.get(editor_url(visit)).get_data(as_text=True)
    assert "What the patient told us" in html and "Not screened yet" in html
    assert '<label for="goal-1-target">Target date for goal 1</label>' in html
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "intake.view"))
    assert [e.actor_label for e in events] == [visit.therapist_email]


def test_a_visit_without_an_outline_can_start_a_blank_plan(client, auth, db_session, visit, clock):
    db_session.delete(plan(db_session, visit))
    db_session.commit()
    auth.sign_in(visit.therapist_email)
    html = client.get(editor_url(visit)).get_data(as_text=True)
    assert "There is no outline for this visit" in html
    client.post(editor_url(visit, "/start"), data={"csrf_token": csrf_token_from(html)})
    made = plan(db_session, visit)
    assert made.versions[0].source == VersionSource.THERAPIST
    form = editor_form(client, visit)
    response = client.post(editor_url(visit), data={**form, "action": "publish"})
    assert response.status_code == 409 and "no plan to publish yet" in response.get_data(
        as_text=True
    )


def test_the_confirmation_email_carries_the_outline_summary(client, db_session, visit, clock):
    from clinic.notifications import messages

    appointment = db_session.get(Appointment, visit.appointment_id)
    messages.queue("confirmation", appointment, visit.token, clock.now())
    db_session.commit()
    sent = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "confirmation"))
    assert "YOUR PLAN OUTLINE" in sent.body_text and "Your plan outline" in sent.body_html
    assert "not a diagnosis" in sent.body_text
    assert not re.search(r"back|pain|symptom", sent.subject, re.I)


def test_the_printable_page_needs_a_valid_link(client, visit):
    assert client.get("/visit/not-a-real-token-at-all-xyz/plan").status_code == 404
    page = client.get(f"/visit/{visit.token}/plan")
    assert page.status_code == 200
    assert "css/plan.css" in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]


def test_a_physician_level_outline_still_takes_goals_and_visits(
    client, auth, db_session, visit, clock
):
    answer(visit.intake, {**STORY, "health_history": ["cancer"]}, clock.now())
    db_session.commit()
    keys = [s["key"] for s in plan(db_session, visit).content["sections"]]
    assert keys == ["what_to_expect", "see_physician_first"]
    auth.sign_in(visit.therapist_email)
    form = editor_form(client, visit)
    assert "goal-1-text" in form and "weeks" in form
    form["goal-1-text"], form["weeks"] = "Walk to the shops and back", "4"
    assert client.post(editor_url(visit), data={**form, "action": "publish"}).status_code == 302
    page = client.get(f"/visit/{visit.token}/").get_data(as_text=True)
    assert "Your goals" in page and "Walk to the shops and back" in page
    assert "for 4 weeks" in page
