"""The front desk's side of identity: private links revoked and re-sent from the patient's
page, the "possible same patient" queue (merge or keep apart), and contact history."""

from datetime import date

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import ContactChange, MatchStatus, Patient, PossibleSamePatient
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment
from tests import factories
from tests.conftest import csrf_token_from


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
    world.token = tokens.issue(world.appointment, clock.now())
    db_session.commit()
    return world


@pytest.fixture
def desk(auth):
    auth.sign_in_as(Role.FRONT_DESK)


def post(client, url, data=None):
    token = csrf_token_from(client.get("/frontdesk/book").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def actions(db_session) -> list[str]:
    db_session.expire_all()
    return db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_the_desk_stops_every_private_link_and_it_is_audited(client, world, desk, db_session):
    url = f"/visit/{world.token}/"
    assert client.get(url).status_code == 200
    page = client.get(f"/frontdesk/patients/{world.patient.id}").get_data(as_text=True)
    assert "Stop every private link" in page

    response = post(client, f"/frontdesk/patients/{world.patient.id}/links/revoke")

    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert "patient.links_revoked" in actions(db_session)


def test_the_desk_sends_new_links_that_work_and_the_old_one_stops(
    app, client, world, desk, db_session
):
    response = post(client, f"/frontdesk/patients/{world.patient.id}/links/resend")

    assert response.status_code == 302
    assert client.get(f"/visit/{world.token}/").status_code == 404
    fresh = factories.manage_link(app, world.patient.email)
    assert client.get(fresh).status_code == 200
    assert "patient.links_resent" in actions(db_session)


def test_sending_new_links_twice_at_once_sends_two_emails(client, world, desk, db_session):
    """A double click at the desk (both at the same instant) queues two links, not a 500."""
    url = f"/frontdesk/patients/{world.patient.id}/links/resend"
    assert [post(client, url).status_code for _ in range(2)] == [302, 302]
    sent = select(func.count()).select_from(OutboxMessage)
    assert db_session.scalar(sent.where(OutboxMessage.kind == "booking_link")) == 2


@pytest.fixture
def twin(world, db_session, clock):
    """An online booking's record that shares Ana's email and birth date, not her name."""
    twin = factories.make_patient(
        first_name="Anna",
        last_name="Rivera",
        email=world.patient.email,
        date_of_birth=world.patient.date_of_birth,
        phone="(773) 555-0101",
    )
    visit = booking.book(
        world.request(world.local(date(2026, 3, 5), 10)),
        patient=twin,
        nonce="n2",
        now=clock.now(),
        actor=None,
    )
    pair = PossibleSamePatient(
        patient_id=twin.id,
        existing_id=world.patient.id,
        reason="Same email and date of birth, different name",
        created_at=clock.now(),
    )
    db_session.add(pair)
    db_session.commit()
    return {"patient": twin.id, "visit": visit.id, "pair": pair.id}


def test_the_queue_shows_both_records_side_by_side(client, world, twin, desk):
    html = client.get("/frontdesk/possible-same-patients").get_data(as_text=True)

    assert "Anna Rivera and Ana Rivera" in html
    assert "(773) 555-0101" in html and world.patient.phone in html
    assert "Same email and date of birth, different name" in html


def test_merging_moves_the_visits_to_the_record_on_file(client, world, twin, desk, db_session):
    response = post(
        client, f"/frontdesk/possible-same-patients/{twin['pair']}", {"decision": "merge"}
    )

    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Appointment, twin["visit"]).patient_id == world.patient.id
    assert db_session.get(Patient, twin["patient"]) is None
    assert db_session.get(Patient, world.patient.id).phone != "(773) 555-0101"
    assert "patient.merge" in actions(db_session)


def test_keeping_apart_leaves_both_and_closes_the_entry(client, world, twin, desk, db_session):
    post(client, f"/frontdesk/possible-same-patients/{twin['pair']}", {"decision": "apart"})

    db_session.expire_all()
    pair = db_session.get(PossibleSamePatient, twin["pair"])
    assert pair.status == MatchStatus.KEPT_APART and pair.decided_by_id is not None
    assert db_session.get(Appointment, twin["visit"]).patient_id == twin["patient"]
    assert "patient.keep_apart" in actions(db_session)
    html = client.get("/frontdesk/possible-same-patients").get_data(as_text=True)
    assert "Nothing to compare right now" in html


def test_a_decision_needs_a_choice_and_is_made_once(client, world, twin, desk, db_session):
    assert post(client, f"/frontdesk/possible-same-patients/{twin['pair']}").status_code == 302
    assert db_session.get(PossibleSamePatient, twin["pair"]).status == MatchStatus.OPEN
    post(client, f"/frontdesk/possible-same-patients/{twin['pair']}", {"decision": "apart"})
    post(client, f"/frontdesk/possible-same-patients/{twin['pair']}", {"decision": "merge"})
    db_session.expire_all()
    assert db_session.get(Patient, twin["patient"]) is not None


def test_a_front_desk_booking_that_changes_a_phone_keeps_the_old_one(app, world, db_session):
    from clinic.booking import flow

    details = {
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": world.patient.email,
        "phone": "(312) 555-0999",
        "date_of_birth": world.patient.date_of_birth.isoformat(),
    }
    old = world.patient.phone
    patient, _ = flow.find_or_create_patient(
        details, world.location.id, date(2026, 3, 2), world.appointment.created_at
    )
    db.session.commit()

    change = db_session.scalars(select(ContactChange)).one()
    assert (change.field, change.old_value, change.new_value) == ("phone", old, "(312) 555-0999")
    assert patient.id == world.patient.id
    assert db_session.scalar(select(func.count()).select_from(ContactChange)) == 1


def test_the_patient_page_shows_earlier_contact_details(app, client, world, desk, db_session):
    from clinic.patients import matching

    matching.change_contact(
        world.patient,
        "phone",
        "(312) 555-0999",
        source="front desk booking",
        now=world.patient.created_at,
    )
    db_session.commit()
    html = client.get(f"/frontdesk/patients/{world.patient.id}").get_data(as_text=True)
    assert "Contact details before" in html and "(312) 555-0999" in html
