"""Patients, hours and closures, the direct-access tracker and the CSV export."""

from datetime import date

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.extensions import db
from clinic.frontdesk.models import EpisodeAction
from clinic.patients.models import Access, Episode
from clinic.scheduling import booking
from clinic.scheduling.models import AvailabilityRule, TimeOff
from tests import factories
from tests.conftest import csrf_token_from

MONDAY = date(2026, 3, 2)


@pytest.fixture
def world(app, db_session, clock):
    world = factories.make_bookable_clinic()
    world.patient.first_name, world.patient.last_name = "Ana", "Rivera"
    world.appointment = booking.book(
        world.request(world.local(date(2026, 3, 4), 10)),
        patient=world.patient,
        nonce="n1",
        now=clock.now(),
        actor=None,
    )
    world.episode = factories.make_episode(
        world.patient, world.location, date(2026, 2, 2), visits_used=3
    )
    db_session.commit()
    return world


@pytest.fixture
def desk(auth):
    auth.sign_in_as(Role.FRONT_DESK)


def post(client, url, data):
    token = csrf_token_from(client.get("/frontdesk/book").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


@pytest.mark.parametrize(
    "query",
    ["Rivera", "ana riv", "@EXAMPLE.com", "5550199", "(312) 555-0199", "1985-05-17", "05/17/1985"],
)
def test_patients_are_found_by_name_email_phone_or_birth_date(client, world, desk, query):
    html = post(client, "/frontdesk/patients", {"q": query}).get_data(as_text=True)
    assert "Rivera, Ana" in html


def test_a_search_with_no_match_says_so(client, world, desk):
    html = post(client, "/frontdesk/patients", {"q": "Nobody"}).get_data(as_text=True)
    assert "No patient matches" in html


def test_a_search_too_short_or_without_csrf_is_400_and_keeps_the_text(client, world, desk):
    short = post(client, "/frontdesk/patients", {"q": "R"})
    assert short.status_code == 400 and "at least two characters" in short.get_data(True)
    expired = client.post("/frontdesk/patients", data={"q": "Rivera"})
    assert expired.status_code == 400 and 'value="Rivera"' in expired.get_data(True)


def test_the_patient_page_counts_no_shows_and_lists_episodes(client, world, desk):
    html = client.get(f"/frontdesk/patients/{world.patient.id}").get_data(as_text=True)
    assert "No-shows</dt><dd>0" in html and "3 visits used" in html
    assert client.get("/frontdesk/patients/999").status_code == 404


def test_opening_a_patients_record_is_audited(client, world, desk, db_session):
    client.get(f"/frontdesk/patients/{world.patient.id}")
    viewed = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "patient.view")).all()
    assert [(e.subject_type, e.subject_id) for e in viewed] == [("patient", world.patient.id)]


def rule_data(world, **overrides):
    return {
        "rule-location": world.location.id,
        "rule-weekday": "2",
        "rule-start": "08:00",
        "rule-end": "09:00",
    } | overrides


def test_changing_hours_that_strand_a_booking_asks_to_confirm_first(client, world, desk):
    wednesday = next(r for r in world.rules if r.weekday == 2)
    url = f"/frontdesk/hours/rules/{wednesday.id}/remove"
    refused = post(client, url, {})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "outside working hours" in html
    assert "Ana Rivera" in html and db.session.get(AvailabilityRule, wednesday.id) is not None
    assert post(client, url, {"confirm": "y"}).status_code == 302
    assert db.session.get(AvailabilityRule, wednesday.id) is None


def test_adding_hours_and_bad_hours(client, world, desk):
    url = f"/frontdesk/hours/{world.therapist.id}/rules"
    assert post(client, url, rule_data(world, **{"rule-weekday": "5"})).status_code == 302
    bad = post(client, url, rule_data(world, **{"rule-start": "10:00", "rule-end": "09:00"}))
    assert bad.status_code == 400 and "start time must be before" in bad.get_data(as_text=True)
    assert 'value="10:00"' in bad.get_data(as_text=True)


def test_time_off_over_a_booking_needs_confirmation(client, world, desk):
    url = f"/frontdesk/hours/{world.therapist.id}/time-off"
    data = {"off-start_day": "2026-03-04", "off-end_day": "2026-03-04", "off-reason": "Course"}
    refused = post(client, url, data)
    assert refused.status_code == 409 and "Ana Rivera" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TimeOff)) == 0
    assert post(client, url, data | {"off-confirm": "y"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(TimeOff)) == 1


def test_time_off_reads_as_its_last_day_or_its_real_end(client, world, desk):
    url = f"/frontdesk/hours/{world.therapist.id}/time-off"
    whole = {"off-start_day": "2026-03-09", "off-end_day": "2026-03-11", "off-reason": "Course"}
    assert post(client, url, whole).status_code == 302
    timed = {
        "off-start_day": "2026-03-16",
        "off-start_time": "13:00",
        "off-end_day": "2026-03-16",
        "off-end_time": "15:30",
    }
    assert post(client, url, timed).status_code == 302
    html = client.get(f"/frontdesk/hours?therapist={world.therapist.id}").get_data(as_text=True)
    assert "Mon Mar 9 to Wed Mar 11, 2026 (whole days)" in html
    assert "Thu Mar 12" not in html and "12:00 AM" not in html
    assert "Mon Mar 16, 2026, 1:00 PM to 3:30 PM CDT" in html


def test_a_location_closure_is_a_time_off_without_a_therapist(client, world, desk):
    data = {
        "closure-location": world.location.id,
        "closure-start_day": "2026-04-03",
        "closure-end_day": "2026-04-03",
        "closure-reason": "Good Friday",
    }
    assert post(client, "/frontdesk/hours/closures", data).status_code == 302
    closure = db.session.scalar(select(TimeOff))
    assert closure.therapist_id is None and closure.location_id == world.location.id
    assert closure.starts_at == world.local(date(2026, 4, 3), 0)
    day = client.get(f"/frontdesk/?date=2026-04-03&location={world.location.id}")
    assert "cell--closed" in day.get_data(as_text=True)


def test_the_tracker_shows_the_episode_and_records_an_action(client, world, desk):
    html = client.get("/frontdesk/direct-access").get_data(as_text=True)
    # Illinois: progress check at 10 visits or 15 business days; started Mon 2 Feb.
    assert "Ana Rivera" in html and "Limit reached" in html and "business days" in html
    assert "Notification overdue" in html and "Referral if not improving" in html
    url = f"/frontdesk/direct-access/{world.episode.id}/actions"
    future = post(client, url, {"kind": "referral", "done_on": "2026-03-09"})
    assert future.status_code == 400 and "can&#39;t be in the future" in future.get_data(True)
    done = post(client, url, {"kind": "referral", "done_on": "2026-03-02", "note": "Dr. Lee"})
    assert done.status_code == 302
    assert db.session.scalar(select(EpisodeAction.note)) == "Dr. Lee"
    assert db.session.get(Episode, world.episode.id).access == Access.REFERRED
    assert client.get(f"/frontdesk/direct-access/{999}/actions").status_code == 405
    assert post(client, "/frontdesk/direct-access/999/actions", {}).status_code == 404


def test_csv_export_is_audited_and_neutralises_formulas(client, world, desk):
    world.patient.first_name = "=HYPERLINK(1)"
    db.session.commit()
    response = client.get("/frontdesk/export.csv?date=2026-03-04&span=week")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "'=HYPERLINK(1) Rivera" in text and "2026-03-04,10:00,11:00,CST" in text
    assert db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "frontdesk.export")
    )
    assert client.get("/frontdesk/export.csv?span=month").status_code == 400


def test_time_off_that_ends_before_it_starts_is_refused_with_the_form_kept(client, world, desk):
    url = f"/frontdesk/hours/{world.therapist.id}/time-off"
    data = {
        "off-start_day": "2026-03-10",
        "off-start_time": "15:00",
        "off-end_day": "2026-03-10",
        "off-end_time": "09:00",
        "off-reason": "Typo",
    }
    response = post(client, url, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "must start before it ends" in html and 'value="Typo"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/frontdesk/hours/{t}/rules",
        "/frontdesk/hours/{t}/time-off",
        "/frontdesk/hours/closures",
        "/frontdesk/hours/rules/{r}/remove",
        "/frontdesk/direct-access/{e}/actions",
    ],
)
def test_hours_and_tracker_actions_without_csrf_are_400(client, world, desk, url):
    target = url.format(t=world.therapist.id, r=world.rules[0].id, e=world.episode.id)
    response = client.post(target, data=rule_data(world) | {"kind": "referral"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(AvailabilityRule)) == 5
    assert db.session.scalar(select(func.count()).select_from(EpisodeAction)) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/frontdesk/hours/999/rules",
        "/frontdesk/hours/999/time-off",
        "/frontdesk/hours/rules/999/remove",
        "/frontdesk/hours/time-off/999/remove",
        "/frontdesk/direct-access/abc/actions",
    ],
)
def test_unknown_ids_in_hours_and_tracker_actions_are_404(client, world, desk, url):
    assert post(client, url, {}).status_code == 404


def test_narrowing_hours_shows_the_stranded_booking_before_saving(client, world, desk):
    wednesday = next(r for r in world.rules if r.weekday == 2)
    url = f"/frontdesk/hours/rules/{wednesday.id}/edit"
    page = client.get(url)
    assert page.status_code == 200 and 'value="08:00"' in page.get_data(as_text=True)
    narrowed = rule_data(world, **{"rule-start": "08:00", "rule-end": "09:00"})
    refused = post(client, url, narrowed)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Ana Rivera" in html and 'value="09:00"' in html
    assert db.session.get(AvailabilityRule, wednesday.id).end_time.hour == 17
    assert post(client, url, narrowed | {"rule-confirm": "y"}).status_code == 302
    assert db.session.get(AvailabilityRule, wednesday.id).end_time.hour == 9


def test_editing_hours_with_bad_times_keeps_them(client, world, desk):
    url = f"/frontdesk/hours/rules/{world.rules[0].id}/edit"
    bad = post(client, url, rule_data(world, **{"rule-start": "", "rule-end": "09:00"}))
    assert bad.status_code == 400 and "Enter the start time" in bad.get_data(as_text=True)
    assert client.get("/frontdesk/hours/rules/999/edit").status_code == 404
