"""Header and invite injection, oversize bodies and fields, invalid UTF-8 and NUL bytes, and
malformed ids, dates and time zones: each answered 4xx, never 500 (OWASP ASVS 1.3.11)."""

import email
from email import policy

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.notifications import mime
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import Patient
from tests import factories
from tests.security.conftest import csrf_token, signed_in
from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK, first_slot, post, reason

CRLF_DETAILS = {
    "first_name": "Robin\r\nBcc: victim@evil.example",
    "last_name": "Quill\r\nATTENDEE:mailto:evil@evil.example",
    "email": "robin.quill@example.com\r\nBcc: victim@evil.example",
}
SENDER = "Test Clinic <hello@clinic.example>"


def _book_with(client, world, **details):
    reason(client, world)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    response = post(client, "/book/details", {**DETAILS, **details})
    if response.status_code == 302:
        factories.confirm_booking_by_email(client)
    return response


def _shape(message: OutboxMessage, clock) -> tuple:
    """Header names, recipients and each calendar's property names, parsed back."""
    parsed = email.message_from_bytes(
        mime.compose(message, SENDER, clock.now()).as_bytes(), policy=policy.default
    )
    calendar = Calendar.from_ical(message.calendar_ics)
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return (
        sorted(parsed.keys()),
        parsed.get_all("To"),
        parsed.get_all("Bcc"),
        sorted(calendar.keys()),
        sorted(event.keys()),
        [str(attendee) for attendee in attendees],
    )


@pytest.mark.parametrize("field", sorted(CRLF_DETAILS))
def test_crlf_in_booking_details_adds_no_header_and_no_invite_property(
    client, clinic, db_session, clock, field
):
    plain = _book_with(client, clinic)
    assert plain.status_code == 302
    confirmations = select(OutboxMessage).where(OutboxMessage.kind == "confirmation")
    baseline = _shape(db_session.scalars(confirmations).one(), clock)
    attacker = client.application.test_client()
    response = _book_with(attacker, clinic, **{field: CRLF_DETAILS[field]})
    messages = db_session.scalars(confirmations.order_by(OutboxMessage.id)).all()
    if response.status_code != 302:
        assert response.status_code == 400 and len(messages) == 1  # refused, nothing sent
        return
    shape = _shape(messages[-1], clock)
    assert shape[0] == baseline[0], "the email's headers changed"
    assert shape[1] == ["robin.quill@example.com"] and shape[2] is None
    assert shape[3:5] == baseline[3:5], "the invite gained or lost a property"
    assert shape[5] == ["mailto:robin.quill@example.com"]
    for value in (messages[-1].subject, *shape[1]):
        assert "\r" not in value and "\n" not in value


def test_crlf_in_a_stored_name_or_address_never_reaches_the_headers(app, clinic, clock):
    """Names typed elsewhere (the front desk, an import) go through the same builder."""
    from clinic.notifications import messages
    from clinic.scheduling import booking

    with app.app_context():
        patient = db.session.get(Patient, clinic.patient.id)
        patient.first_name = CRLF_DETAILS["first_name"]
        patient.last_name = CRLF_DETAILS["last_name"]
        appointment = booking.book(
            clinic.request(clinic.local(clock.now().date().replace(day=3), 10)),
            patient=patient,
            nonce="crlf",
            now=clock.now(),
            actor=None,
        )
        message = messages.queue("confirmation", appointment, "t" * 32, clock.now())
        headers, to, bcc, _, event_keys, attendees = _shape(message, clock)
        assert to == [patient.email] and bcc is None and attendees == [f"mailto:{patient.email}"]
        assert event_keys.count("ATTENDEE") <= 1 and "Bcc" not in headers
        message.recipient = CRLF_DETAILS["email"]
        with pytest.raises(mime.UnsendableMessage):
            mime.compose(message, SENDER, clock.now())
        db.session.rollback()


def test_a_body_over_the_limit_answers_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    token = csrf_token(client)
    body = {"csrf_token": token, "question": "x" * (limit + 1)}
    response = client.post("/ask-our-experts/ask", data=body)
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("name", 120, "Please keep your name under 120 characters."),
        ("question", 2000, "Please write between 20 and 2,000 characters."),
    ],
)
def test_an_over_long_field_is_a_clear_400_that_keeps_the_value(client, field, limit, message):
    value = "w" * (limit + 1)
    data = {"name": "Robin", "email": "robin@example.com", "question": "q " * 20, field: value}
    response = client.post("/ask-our-experts/ask", data={"csrf_token": csrf_token(client), **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html and value in html


def test_over_long_booking_names_are_refused_with_a_message(client, clinic, db_session):
    response = _book_with(client, clinic, first_name="n" * 101)
    assert response.status_code == 400 and "n" * 101 in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


INVALID_UTF8 = b"caf\xc3\x28 \xff\xfe"
NUL = "Robin\x00Quill"


def _form_posts(app, world):
    """(client, url, fields) for a form of each kind: public, patient and staff."""
    anonymous, desk = signed_in(app, "anonymous"), signed_in(app, "front_desk")
    return [
        (anonymous, "/ask-our-experts/ask", ("name", "question")),
        (anonymous, "/staff/sign-in", ("email", "password")),
        (anonymous, "/book", ("words",)),
        (anonymous, f"/visit/{world.a.token}/intake/{world.a.section}", ("psfs-0-activity",)),
        (desk, "/frontdesk/patients", ("q",)),
        (desk, f"/frontdesk/appointments/{world.a.appointment}/cancel", ("reason",)),
    ]


def test_invalid_utf8_in_form_fields_is_a_4xx_never_a_500(app, world):
    failures = []
    for client, url, fields in _form_posts(app, world):
        response = _post_raw(client, url, fields, INVALID_UTF8)
        if not 400 <= response.status_code < 500:
            failures.append(f"POST {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_nul_bytes_in_form_fields_are_a_clear_400(app, world):
    failures = []
    for client, url, fields in _form_posts(app, world):
        response = _post_raw(client, url, fields, NUL.encode())
        if response.status_code != 400:
            failures.append(f"POST {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def _post_raw(client, url, fields, value: bytes):
    pairs = [b"csrf_token=" + csrf_token(client).encode()]
    pairs += [field.encode() + b"=" + value for field in fields]
    return client.post(url, data=b"&".join(pairs), content_type="application/x-www-form-urlencoded")


QUERIES = [
    "/frontdesk/?date=%ff%fe",
    "/frontdesk/week?therapist=%ff",
    "/ask-our-experts/?q=%ff%fe",
    "/api/v1/availability?therapist=1&from=%ff&to=2026-03-05",
    "/admin/audit?actor=%ff%fe",
]
NUL_QUERIES = [
    "/frontdesk/?date=2026-03-03%00",
    "/frontdesk/?location=%00",
    "/ask-our-experts/?q=%00knee",
    "/api/v1/availability?therapist=%00&from=2026-03-03&to=2026-03-05",
    "/book?topic=%00",
    "/admin/audit?action=%00",
]
PATHS = ["/visit/%00/", "/visit/%ff%fe/", "/feeds/%00.ics", "/ask-our-experts/%00",
         "/ask-our-experts/%ff", "/frontdesk/appointments/%00", "/staff/questions/%ff",
         "/static/%00", "/static/..%2f..%2fconfig.py", "/%ff"]  # fmt: skip


def test_invalid_utf8_in_queries_is_a_4xx_and_bad_paths_404(app, world):
    failures = []
    admin = signed_in(app, "admin")
    for url in QUERIES:
        response = admin.get(url)
        if response.status_code not in (200, 400, 404):
            failures.append(f"GET {url}: {response.status_code}")
    for url in PATHS:
        response = admin.get(url)
        response.close()
        if response.status_code != 404:
            failures.append(f"GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_nul_bytes_in_query_strings_are_a_clear_400(app, world):
    admin = signed_in(app, "admin")
    answers = {url: admin.get(url).status_code for url in NUL_QUERIES}
    assert set(answers.values()) == {400}, answers


FULLWIDTH_DATE = "\uff12\uff10\uff12\uff16-03-03"
BAD_DATES = ["2026-02-30", "2026-13-01", "0000-01-01", "9999-99-99", "99999-01-01",
             "2026-3-3x", "", "-1", "1e10", FULLWIDTH_DATE, "2026-03-03T10:00"]  # fmt: skip
BAD_ZONES = ["Mars/Olympus", "../../etc/passwd", "UTC\x00", "", "America/", "+25:00"]


def test_malformed_dates_and_time_zones_are_4xx_never_500(app, world):
    failures = []
    admin, patient = signed_in(app, "admin"), signed_in(app, "anonymous")
    b = world.b
    for bad in BAD_DATES:
        for client, url in [
            (admin, f"/frontdesk/?date={bad}"),
            (admin, f"/frontdesk/week?therapist={b.therapist}&date={bad}"),
            (admin, f"/frontdesk/sheet?date={bad}"),
            (admin, f"/frontdesk/export.csv?date={bad}"),
            (admin, f"/admin/audit?since={bad}"),
            (signed_in(app, "therapist_b"), f"/therapist/?date={bad}"),
            (patient, f"/visit/{b.token}/reschedule?week={bad}"),
            (patient, f"/api/v1/availability?therapist={b.therapist}&from={bad}&to=2026-03-05"),
        ]:
            response = client.get(url)
            documented_400 = bad and "?date=" in url  # "a bad date answers 400 and says so"
            if response.status_code >= 500 or (documented_400 and response.status_code != 400):
                failures.append(f"GET {url}: {response.status_code}")
    for zone in BAD_ZONES:
        url = f"/api/v1/availability?therapist={b.therapist}&from=2026-03-03&to=2026-03-05"
        response = patient.get(f"{url}&timezone={zone}")
        if response.status_code >= 500:
            failures.append(f"GET {url}&timezone={zone!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
