"""Patients are who they say they are: the attacks of issue 16, each run on both databases.

- Anyone who knew a patient's email and date of birth could book "as" them: the booking
  overwrote the record's phone and guardian, and the booker's browser was shown the very
  link the victim would later use to type their questionnaire.
- Working private links rested in the outbox (and so in every backup) and went into the
  invite and the Google Calendar link.
- A leaked link could not be revoked; a script could fill the calendar and an inbox.
"""

import re
from datetime import date
from urllib.parse import unquote

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from clinic.booking.models import BookingIdentity
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import ContactChange, Patient, PossibleSamePatient
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK, first_slot, post, reason

VICTIM = {
    "first_name": "Avery",
    "last_name": "Calloway",
    "email": "avery.calloway@example.com",
    "phone": "(312) 555-0100",
    "date_of_birth": date(1984, 5, 6),
    "guardian_name": None,
}
AS_VICTIM = {
    **DETAILS,
    "first_name": "Avery",
    "last_name": "Calloway",
    "email": "avery.calloway@example.com",
    "date_of_birth": "1984-05-06",
    "phone": "(773) 555-0666",  # the attacker's
    "guardian_name": "Mallory Mayhew",
}
TOKEN_LIKE = re.compile(rb"[A-Za-z0-9_-]{32}")


@pytest.fixture
def victim(clinic, db_session):
    patient = factories.make_patient(**VICTIM)
    db_session.commit()
    return patient.id


def to_review(client, clinic, details=None):
    assert reason(client, clinic).status_code == 302
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    assert post(client, "/book/time", {"slot": first_slot(client)}).status_code == 302
    assert post(client, "/book/details", details or DETAILS).status_code == 302


def booked(db_session) -> int:
    db_session.expire_all()
    query = select(func.count()).select_from(Appointment)
    return db_session.scalar(query.where(Appointment.status == AppointmentStatus.BOOKED))


def test_a_booking_in_a_patients_name_cannot_be_confirmed_without_their_inbox(
    client, clinic, victim, db_session
):
    to_review(client, clinic, AS_VICTIM)
    assert post(client, "/book/review", {}).headers["Location"].endswith("/book/verify")
    guesses = [post(client, "/book/verify", {"code": f"{n:06d}"}) for n in range(6)]

    assert [g.status_code for g in guesses] == [400] * 6
    assert "1 try left" in guesses[3].get_data(as_text=True)
    assert "too many times" in guesses[5].get_data(as_text=True)
    assert booked(db_session) == 0
    patient = db_session.get(Patient, victim)
    assert (patient.phone, patient.guardian_name) == (VICTIM["phone"], None)


def test_even_a_confirmed_booking_in_their_name_changes_nothing_on_the_record(
    client, clinic, victim, db_session
):
    # The victim, tricked or by mistake, clicks the link in the code email: the booking is
    # theirs now, but what the booker typed stays on the booking.
    to_review(client, clinic, AS_VICTIM)
    post(client, "/book/review", {})
    _, link = factories.emailed_code(VICTIM["email"])
    path = link.split("127.0.0.1:5000", 1)[1]
    inbox = client.application.test_client()
    assert inbox.post(path, data={"csrf_token": csrf(inbox)}).status_code == 200

    patient = db_session.get(Patient, victim)
    assert (patient.phone, patient.guardian_name) == (VICTIM["phone"], None)
    identity = db_session.scalars(select(BookingIdentity)).one()
    assert (identity.phone, identity.guardian_name) == ("(773) 555-0666", "Mallory Mayhew")
    assert db_session.scalar(select(func.count()).select_from(ContactChange)) == 0


def test_a_verified_booking_with_another_name_gets_its_own_record_and_a_desk_entry(
    client, clinic, victim, db_session
):
    to_review(client, clinic, {**AS_VICTIM, "first_name": "Mallory"})
    assert factories.confirm_booking_by_email(client).status_code == 302

    appointment = db_session.scalars(select(Appointment)).one()
    assert appointment.patient_id != victim
    pair = db_session.scalars(select(PossibleSamePatient)).one()
    assert (pair.patient_id, pair.existing_id) == (appointment.patient_id, victim)
    assert pair.reason == "Same email and date of birth, different name"
    assert db_session.get(Patient, victim).phone == VICTIM["phone"]


def test_the_bookers_browser_never_holds_the_link_to_the_victims_answers(
    app, client, clinic, victim, db_session
):
    to_review(client, clinic, AS_VICTIM)
    post(client, "/book/review", {})
    _, link = factories.emailed_code(VICTIM["email"])
    inbox = app.test_client()
    inbox.post(link.split("127.0.0.1:5000", 1)[1], data={"csrf_token": csrf(inbox)})
    pages = "".join(
        client.get(url).get_data(as_text=True) for url in ("/book/done", "/book/verify", "/book")
    )

    assert "/visit/" not in pages
    real = factories.manage_link(app, VICTIM["email"])
    assert real.split("/")[2] not in pages
    assert inbox.get(real).status_code == 200  # the victim's own link works


def test_no_working_link_rests_in_the_outbox_or_a_backup(
    app, client, clinic, runner, tmp_path, db_session
):
    to_review(client, clinic)
    assert factories.confirm_booking_by_email(client).status_code == 302
    delivered = factories.manage_link(app, DETAILS["email"])
    assert client.get(delivered).status_code == 200

    stored = db_session.scalars(select(OutboxMessage)).all()
    assert stored and all(m.redacted_at is not None and m.calendar_ics is None for m in stored)
    assert not any("/visit/" in (m.body_text + (m.body_html or "")) for m in stored)
    backup = tmp_path / "clinic.backup"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    candidates = {t.decode() for t in TOKEN_LIKE.findall(readable(app, backup))}
    assert candidates, "the backup was read"
    opened = [t for t in candidates if client.get(f"/visit/{t}/").status_code != 404]
    assert opened == []


def readable(app, backup) -> bytes:
    """The backup's bytes as text: SQLite's file as is, pg_dump's custom format restored to
    SQL with pg_restore."""
    import subprocess  # nosec B404 - the test's own pg_restore, from an argument list

    from clinic.backup import database
    from clinic.extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect != "postgresql":
        return backup.read_bytes()
    tool = database.find_pg_tool("pg_restore")
    return subprocess.run(  # nosec B603
        [tool, "--data-only", "-f", "-", str(backup)], capture_output=True, check=True
    ).stdout


def test_invites_and_calendar_links_carry_no_private_link(app, client, clinic, db_session):
    to_review(client, clinic)
    factories.confirm_booking_by_email(client)
    done = client.get("/book/done").get_data(as_text=True)
    google = unquote(re.search(r'href="(https://calendar\.google\.com[^"]+)"', done).group(1))
    ics = client.get("/book/done/invite.ics").get_data(as_text=True)
    (email,) = [m for m in factories.deliver_mail(app) if "booked" in m["Subject"]]
    invite = next(p for p in email.walk() if p.get_content_type() == "text/calendar")
    description = str(Calendar.from_ical(invite.get_content()).walk("VEVENT")[0]["DESCRIPTION"])

    for text in (google, ics, description):
        assert "/visit/" not in text and "use the link in your email" in text.replace("\n ", "")
        assert "(312) 555-0100" in text.replace("\n ", "")
    token = factories.manage_link(app, DETAILS["email"]).split("/")[2]
    assert token not in google + ics + description


def test_a_new_link_by_email_revokes_the_old_one_and_says_the_same_for_anyone(
    app, client, clinic, db_session
):
    to_review(client, clinic)
    factories.confirm_booking_by_email(client)
    old = factories.manage_link(app, DETAILS["email"])
    answers = [
        post(client, "/book/link", {"email": address})
        for address in (DETAILS["email"], "nobody@example.com")
    ]

    assert {a.status_code for a in answers} == {302}
    assert {a.headers["Location"] for a in answers} == {"/book/link/sent"}
    assert client.get(old).status_code == 404
    new = factories.manage_link(app, DETAILS["email"])
    assert new != old and client.get(new).status_code == 200
    recipients = [m["To"] for m in factories.deliver_mail(app)]
    assert "nobody@example.com" not in recipients


def test_twenty_bookings_to_one_inbox_send_five_emails_and_book_nothing(app, clinic, db_session):
    for _ in range(20):
        bomber = app.test_client()
        to_review(bomber, clinic, {**DETAILS, "email": VICTIM["email"]})
        post(bomber, "/book/review", {})

    assert booked(db_session) == 0
    sent = [m for m in factories.deliver_mail(app) if VICTIM["email"] in m["To"]]
    assert len(sent) == app.config["PUBLIC_EMAILS_PER_RECIPIENT"] == 5


def test_one_address_holds_at_most_two_upcoming_evaluations(app, clinic, db_session):
    results = []
    for _ in range(3):
        own_inbox = app.test_client()
        to_review(own_inbox, clinic)
        results.append(factories.confirm_booking_by_email(own_inbox))

    assert [r.status_code for r in results] == [302, 302, 409]
    assert "already has 2 upcoming visits" in results[2].get_data(as_text=True)
    assert booked(db_session) == 2


def csrf(client) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
