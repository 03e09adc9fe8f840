"""iCalendar invites, downloads and feeds, each parsed back with icalendar."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from clinic.invites.ics import (
    VisitEvent,
    cancel,
    description_for,
    download,
    feed,
    request,
    summary_for,
)

CHICAGO = ZoneInfo("America/Chicago")
#: Monday 2 March 2026, 09:00 in Chicago.
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
CLINIC = "Lakeshore & Peaks Physical Therapy"
UID = "booking-42@clinic.example"
#: Every property these calendars may hold; anything else on a line is an injection.
KNOWN_PROPERTIES = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "UID",
    "SEQUENCE",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "STATUS",
    "ORGANIZER",
    "ATTENDEE",
    "ACTION",
    "TRIGGER",
}
_BASE_NAME = "Zoë Ångström-Núñez 🧘🏽‍♀️ 山田太郎 Łukasiewicz 👩‍👩‍👧‍👦 Đặng Thị Ngọc Hân"
#: 200 characters of accents, CJK and multi-code-point emoji (ZWJ sequences, skin tone).
LONG_NAME = ((_BASE_NAME + " ") * 3)[:199] + "終"


def visit(**overrides) -> VisitEvent:
    start = overrides.pop("start", datetime(2026, 3, 3, 10, 0, tzinfo=CHICAGO))
    fields = {
        "uid": UID,
        "sequence": 0,
        "start": start,
        "end": start + timedelta(hours=1),
        "summary": summary_for(CLINIC, "Initial evaluation"),
        "location": "1200 W Belmont Ave, Chicago, IL 60657",
        "description": description_for("https://clinic.example/manage/t0ken", "(312) 555-0100"),
        "status": "CONFIRMED",
        "organizer_email": "frontdesk@clinic.example",
        "organizer_name": CLINIC,
        "attendee_email": "avery.calloway@example.com",
        "attendee_name": "Avery Calloway",
    } | overrides
    return VisitEvent(**fields)


def feed_visit(n: int) -> VisitEvent:
    start = datetime(2026, 3, 3 + n, 10, 0, tzinfo=CHICAGO)
    return visit(
        uid=f"booking-{n}@clinic.example",
        start=start,
        summary=f"A.C. {n} · Follow-up visit",
        description="",
        attendee_email=None,
        attendee_name=None,
    )


def only_event(data: bytes) -> Event:
    (event,) = Calendar.from_ical(data).events
    return event


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data.split(b"\r\n")[:-1]


def logical_lines(data: bytes) -> list[bytes]:
    """Content lines after unfolding (RFC 5545 §3.1)."""
    return physical_lines(re.sub(rb"\r\n[ \t]", b"", data))


def unescape_text(value: str) -> str:
    """Undo RFC 5545 TEXT escaping (§3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def property_names(data: bytes) -> list[str]:
    names = []
    for line in logical_lines(data):
        match = re.match(rb"([A-Za-z0-9-]+)[;:]", line)
        assert match, line
        names.append(match.group(1).decode().upper())
    return names


BUILDERS: dict[str, Callable[[], bytes]] = {
    "request": lambda: request(visit(), NOW),
    "cancel": lambda: cancel(visit(sequence=1, status="CANCELLED"), NOW),
    "download": lambda: download(visit(), NOW),
    "feed": lambda: feed([feed_visit(n) for n in range(3)], NOW, "Maya Okafor, PT"),
}


# --- The wire format ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", BUILDERS)
def test_lines_end_with_crlf_and_fold_at_75_octets(kind):
    data = BUILDERS[kind]()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a UTF-8 sequence


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_calendar_names_its_product_version_and_scale(kind):
    calendar = Calendar.from_ical(BUILDERS[kind]())
    assert calendar["PRODID"] == "-//Clinic//Booking//EN"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_line_is_a_known_property(kind):
    assert set(property_names(BUILDERS[kind]())) <= KNOWN_PROPERTIES


def test_the_same_visit_renders_the_same_bytes():
    assert request(visit(), NOW) == request(visit(), NOW)
    assert feed([feed_visit(1)], NOW, "Feed") == feed([feed_visit(1)], NOW, "Feed")


# --- REQUEST ------------------------------------------------------------------------------


def test_request_invites_the_patient_from_the_clinic():
    data = request(visit(), NOW)
    calendar = Calendar.from_ical(data)
    event = only_event(data)

    assert calendar.method == "REQUEST"
    assert event.uid == UID
    assert event.sequence == 0
    assert event.DTSTAMP == NOW
    assert event.status == "CONFIRMED"
    assert event.organizer.email == "frontdesk@clinic.example"
    assert event.organizer.params["CN"] == CLINIC
    (attendee,) = event.attendees
    assert attendee.email == "avery.calloway@example.com"
    assert dict(attendee.params) == {
        "CN": "Avery Calloway",
        "RSVP": "FALSE",
        "PARTSTAT": "NEEDS-ACTION",
        "ROLE": "REQ-PARTICIPANT",
    }
    assert event.walk("VALARM") == []


def test_request_carries_the_generic_summary_location_and_manage_link():
    event = only_event(request(visit(), NOW))
    assert event["SUMMARY"] == f"Physical therapy evaluation, {CLINIC}"
    assert event["LOCATION"] == "1200 W Belmont Ave, Chicago, IL 60657"
    assert "https://clinic.example/manage/t0ken" in event["DESCRIPTION"]


def test_times_are_written_in_utc_with_no_timezone_block():
    data = request(visit(), NOW)
    assert b"DTSTART:20260303T160000Z\r\n" in data
    assert b"DTEND:20260303T170000Z\r\n" in data
    assert b"DTSTAMP:20260302T150000Z\r\n" in data
    assert b"TZID" not in data
    assert b"VTIMEZONE" not in data


def test_dtstamp_is_now_in_utc_whatever_zone_now_is_given_in():
    now = datetime(2026, 3, 2, 9, 0, 0, 654321, tzinfo=CHICAGO)
    assert b"DTSTAMP:20260302T150000Z\r\n" in request(visit(), now)


@pytest.mark.parametrize(
    ("local_start", "local_end", "utc_start", "utc_end"),
    [
        pytest.param(
            datetime(2026, 3, 7, 10, 0, tzinfo=CHICAGO),
            datetime(2026, 3, 7, 11, 0, tzinfo=CHICAGO),
            datetime(2026, 3, 7, 16, 0, tzinfo=UTC),
            datetime(2026, 3, 7, 17, 0, tzinfo=UTC),
            id="day-before-spring-forward-cst",
        ),
        pytest.param(
            datetime(2026, 3, 8, 1, 30, tzinfo=CHICAGO),
            datetime(2026, 3, 8, 3, 30, tzinfo=CHICAGO),
            datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
            datetime(2026, 3, 8, 8, 30, tzinfo=UTC),
            id="across-spring-forward-is-one-hour",
        ),
        pytest.param(
            datetime(2026, 3, 9, 10, 0, tzinfo=CHICAGO),
            datetime(2026, 3, 9, 11, 0, tzinfo=CHICAGO),
            datetime(2026, 3, 9, 15, 0, tzinfo=UTC),
            datetime(2026, 3, 9, 16, 0, tzinfo=UTC),
            id="day-after-spring-forward-cdt",
        ),
        pytest.param(
            datetime(2026, 10, 31, 10, 0, tzinfo=CHICAGO),
            datetime(2026, 10, 31, 11, 0, tzinfo=CHICAGO),
            datetime(2026, 10, 31, 15, 0, tzinfo=UTC),
            datetime(2026, 10, 31, 16, 0, tzinfo=UTC),
            id="day-before-fall-back-cdt",
        ),
        pytest.param(
            datetime(2026, 11, 1, 1, 30, tzinfo=CHICAGO),
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHICAGO),
            datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
            datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
            id="across-fall-back-the-repeated-hour",
        ),
        pytest.param(
            datetime(2026, 11, 2, 10, 0, tzinfo=CHICAGO),
            datetime(2026, 11, 2, 11, 0, tzinfo=CHICAGO),
            datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
            datetime(2026, 11, 2, 17, 0, tzinfo=UTC),
            id="day-after-fall-back-cst",
        ),
    ],
)
@pytest.mark.parametrize("kind", ["request", "download"])
def test_chicago_times_become_the_right_utc_instants_around_dst(
    kind, local_start, local_end, utc_start, utc_end
):
    builder = {"request": request, "download": download}[kind]
    data = builder(visit(start=local_start, end=local_end), NOW)
    event = only_event(data)
    assert event.start == utc_start
    assert event.end == utc_end
    assert event.start.utcoffset() == timedelta(0)
    assert f"DTSTART:{utc_start:%Y%m%dT%H%M%S}Z\r\n".encode() in data
    assert f"DTEND:{utc_end:%Y%m%dT%H%M%S}Z\r\n".encode() in data


def test_a_reschedule_then_a_cancel_keep_one_uid_and_raise_the_sequence():
    moved_to = datetime(2026, 3, 5, 14, 0, tzinfo=CHICAGO)
    sent = [
        request(visit(), NOW),
        request(visit(sequence=1, start=moved_to), NOW + timedelta(hours=1)),
        cancel(visit(sequence=2, start=moved_to, status="CANCELLED"), NOW + timedelta(hours=2)),
    ]
    calendars = [Calendar.from_ical(data) for data in sent]
    events = [only_event(data) for data in sent]

    assert [calendar.method for calendar in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {event.uid for event in events} == {UID}
    sequences = [event.sequence for event in events]
    assert sequences == sorted(set(sequences)) == [0, 1, 2]
    assert events[1].start == datetime(2026, 3, 5, 20, 0, tzinfo=UTC)
    assert [event.DTSTAMP for event in events] == [
        NOW,
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=2),
    ]


def test_request_refuses_a_cancelled_visit():
    with pytest.raises(ValueError, match="cancel"):
        request(visit(sequence=1, status="CANCELLED"), NOW)


def test_request_needs_the_patients_email():
    with pytest.raises(ValueError, match="ATTENDEE"):
        request(visit(attendee_email=None), NOW)


# --- CANCEL -------------------------------------------------------------------------------


def test_cancel_is_cancelled_with_the_same_organizer_and_attendee():
    data = cancel(visit(sequence=1, status="CANCELLED"), NOW)
    event = only_event(data)

    assert Calendar.from_ical(data).method == "CANCEL"
    assert event.status == "CANCELLED"
    assert event.uid == UID
    assert event.sequence == 1
    assert event.organizer.email == "frontdesk@clinic.example"
    assert [attendee.email for attendee in event.attendees] == ["avery.calloway@example.com"]
    assert event.walk("VALARM") == []


def test_cancel_says_cancelled_even_if_the_visit_still_says_confirmed():
    assert only_event(cancel(visit(sequence=3), NOW)).status == "CANCELLED"


def test_cancel_without_a_raised_sequence_is_refused():
    with pytest.raises(ValueError, match="SEQUENCE"):
        cancel(visit(sequence=0, status="CANCELLED"), NOW)


def test_cancel_needs_the_patients_email():
    with pytest.raises(ValueError, match="ATTENDEE"):
        cancel(visit(sequence=1, attendee_email=None), NOW)


# --- PUBLISH: downloads and feeds ---------------------------------------------------------


def test_download_is_published_without_organizer_or_attendees():
    data = download(visit(), NOW)
    event = only_event(data)

    assert Calendar.from_ical(data).method == "PUBLISH"
    assert event.uid == UID
    assert event.DTSTAMP == NOW
    assert event.organizer is None
    assert event.attendees == []
    assert b"ATTENDEE" not in data
    assert b"ORGANIZER" not in data


def test_download_reminds_two_hours_before():
    data = download(visit(), NOW)
    (alarm,) = only_event(data).walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=-2)
    assert alarm["DESCRIPTION"] == f"Physical therapy evaluation, {CLINIC}"
    assert b"TRIGGER:-PT2H\r\n" in data


@pytest.mark.parametrize("kind", ["request", "cancel", "feed"])
def test_only_downloads_carry_an_alarm(kind):
    assert b"VALARM" not in BUILDERS[kind]()


def test_feed_publishes_every_upcoming_visit_without_attendees():
    data = feed([feed_visit(n) for n in range(3)], NOW, "Maya Okafor, PT")
    calendar = Calendar.from_ical(data)

    assert calendar.method == "PUBLISH"
    assert [event.uid for event in calendar.events] == [
        "booking-0@clinic.example",
        "booking-1@clinic.example",
        "booking-2@clinic.example",
    ]
    assert [str(event["SUMMARY"]) for event in calendar.events] == [
        "A.C. 0 · Follow-up visit",
        "A.C. 1 · Follow-up visit",
        "A.C. 2 · Follow-up visit",
    ]
    assert all(event.attendees == [] and event.organizer is None for event in calendar.events)
    assert b"ATTENDEE" not in data
    assert b"ORGANIZER" not in data
    assert b"DESCRIPTION" not in data


def test_feed_asks_to_be_refreshed_hourly():
    data = feed([feed_visit(1)], NOW, "Maya Okafor, PT")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in data
    assert Calendar.from_ical(data).refresh_interval == timedelta(hours=1)


def test_feed_name_is_written_as_escaped_text():
    data = feed([], NOW, "Maya Okafor, PT\r\nX-EVIL:1")
    assert b"X-WR-CALNAME:Maya Okafor\\, PT X-EVIL:1\r\n" in data
    assert b"NAME:Maya Okafor\\, PT X-EVIL:1\r\n" in data
    calendar = Calendar.from_ical(data)
    # icalendar 7.3 reads NAME and X-WR-CALNAME as unknown values, still escaped.
    assert unescape_text(str(calendar["X-WR-CALNAME"])) == "Maya Okafor, PT X-EVIL:1"
    assert calendar.events == []


# --- Injection and Unicode ----------------------------------------------------------------


def test_crlf_in_the_patients_name_adds_no_line():
    name = "Avery\r\nX-EVIL:1\rCalloway\nDTSTART:19700101T000000Z\x00\u2028"
    data = request(visit(attendee_name=name, organizer_name=f"{CLINIC}\r\nX-EVIL:2"), NOW)

    names = property_names(data)
    assert set(names) <= KNOWN_PROPERTIES
    assert names.count("DTSTART") == 1
    event = only_event(data)
    assert event.attendees[0].params["CN"] == "Avery X-EVIL:1 Calloway DTSTART:19700101T000000Z"
    assert event.organizer.params["CN"] == f"{CLINIC} X-EVIL:2"
    assert event.start == datetime(2026, 3, 3, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("field", ["summary", "location", "description"])
def test_crlf_in_text_stays_inside_its_property(field):
    data = download(visit(**{field: "Visit\r\nX-EVIL:1\nDTSTART:19700101T000000Z"}), NOW)

    names = property_names(data)
    assert set(names) <= KNOWN_PROPERTIES
    assert names.count("DTSTART") == 1
    assert only_event(data)[field.upper()] == "Visit\nX-EVIL:1\nDTSTART:19700101T000000Z"


def test_double_quotes_in_a_name_become_single_quotes():
    event = only_event(request(visit(attendee_name='Avery "Ave" Calloway'), NOW))
    assert event.attendees[0].params["CN"] == "Avery 'Ave' Calloway"


def test_a_long_unicode_name_folds_between_characters_and_parses_back():
    assert len(LONG_NAME) == 200
    assert " ".join(LONG_NAME.split()) == LONG_NAME
    data = request(visit(attendee_name=LONG_NAME, description=LONG_NAME), NOW)

    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a multi-byte character
    attendee_lines = [
        line for line in logical_lines(data) if line.startswith((b"ATTENDEE;", b"ATTENDEE:"))
    ]
    assert len(attendee_lines) == 1
    assert len(attendee_lines[0]) > 75 * 4
    event = only_event(data)
    assert event.attendees[0].params["CN"] == LONG_NAME
    assert event["DESCRIPTION"] == LONG_NAME


@pytest.mark.parametrize(
    "email",
    [
        pytest.param("avery@example.com\r\nX-EVIL:1", id="crlf"),
        pytest.param("avery@example.com\nX-EVIL:1", id="lf"),
        pytest.param("avery@example.com\rX-EVIL:1", id="cr"),
        pytest.param("avery@exa\x00mple.com", id="nul"),
        pytest.param("avery@example.com\u2028X-EVIL:1", id="line-separator"),
        pytest.param("avery @example.com", id="space"),
        pytest.param("avery.example.com", id="no-at"),
    ],
)
@pytest.mark.parametrize("role", ["attendee_email", "organizer_email"])
def test_an_unusable_email_is_refused(role, email):
    with pytest.raises(ValueError, match="email address"):
        visit(**{role: email})


# --- The visit itself ---------------------------------------------------------------------


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        visit(start=datetime(2026, 3, 3, 10, 0), end=datetime(2026, 3, 3, 11, 0))  # noqa: DTZ001


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        download(visit(), datetime(2026, 3, 2, 15, 0))  # noqa: DTZ001


def test_a_visit_must_end_after_it_starts():
    start = datetime(2026, 3, 3, 10, 0, tzinfo=CHICAGO)
    with pytest.raises(ValueError, match="end after"):
        visit(start=start, end=start)


@pytest.mark.parametrize("sequence", [-1, True, 1.0])
def test_a_sequence_must_be_a_non_negative_integer(sequence):
    with pytest.raises(ValueError, match="SEQUENCE"):
        visit(sequence=sequence)


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="STATUS"):
        visit(status="TENTATIVE")


@pytest.mark.parametrize("uid", ["", "booking-1@clinic\r\nX-EVIL:1"])
def test_an_unusable_uid_is_refused(uid):
    with pytest.raises(ValueError, match="UID"):
        visit(uid=uid)


# --- Generic text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind_name", "summary"),
    [
        ("Initial evaluation", f"Physical therapy evaluation, {CLINIC}"),
        ("initial-evaluation", f"Physical therapy evaluation, {CLINIC}"),
        ("Follow-up visit", f"Physical therapy visit, {CLINIC}"),
        ("Re-evaluation", f"Physical therapy visit, {CLINIC}"),
        ("Low back pain evaluation", f"Physical therapy visit, {CLINIC}"),
    ],
)
def test_summary_names_the_kind_of_visit_and_never_echoes_the_type(kind_name, summary):
    assert summary_for(CLINIC, kind_name) == summary


def test_description_says_what_to_bring_and_where_to_manage_the_visit():
    text = description_for("https://clinic.example/manage/t0ken", "(312) 555-0100")
    assert "photo ID" in text
    assert "https://clinic.example/manage/t0ken" in text
    assert "(312) 555-0100" in text


def test_an_invite_without_a_link_says_where_the_link_is_and_how_to_move_or_cancel():
    text = description_for(None, "(312) 555-0100")
    assert "http" not in text
    assert "To reschedule or cancel: use the link in your email" in text
    assert "(312) 555-0100" in text
