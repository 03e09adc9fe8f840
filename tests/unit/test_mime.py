"""Outbox messages as MIME: the iMIP tree for invites, UTF-8, and no header injection."""

import base64
import email
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from typing import Any

import pytest

from clinic.invites import ics
from clinic.notifications.mime import UnsendableMessage, compose

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
SENDER = "Lakeshore & Peaks Physical Therapy <hello@clinic.example>"


@dataclass
class Message:
    """Looks like an OutboxMessage as far as `compose` cares."""

    id: int | None = 7
    kind: str = "confirmation"
    recipient: str = "robin.quill@example.com"
    subject: str = "Your appointment is booked"
    body_text: str = "Hello Robin,\n\nSee you Tuesday.\n"
    body_html: str | None = "<p>Hello Robin,</p><p>See you Tuesday.</p>"
    calendar_method: str | None = None
    calendar_ics: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    created_at: datetime | None = NOW


def calendar(method: str) -> str:
    visit = ics.VisitEvent(
        uid="booking-42@clinic.example",
        sequence=1,
        start=NOW + timedelta(days=1),
        end=NOW + timedelta(days=1, hours=1),
        summary="Physical therapy evaluation, Lakeshore & Peaks",
        location="Lakeshore & Peaks, 1 Main St",
        description="To reschedule or cancel: https://clinic.example/visit/x/",
        status="CANCELLED" if method == "CANCEL" else "CONFIRMED",
        organizer_email="hello@clinic.example",
        organizer_name="Lakeshore & Peaks",
        attendee_email="robin.quill@example.com",
        attendee_name="Robin Quill",
    )
    build = ics.cancel if method == "CANCEL" else ics.request
    return build(visit, NOW).decode()


def invite(method: str, **overrides) -> Message:
    return Message(calendar_method=method, calendar_ics=calendar(method), **overrides)


def sent(message: Message, sender: str = SENDER) -> email.message.EmailMessage:
    """Compose, serialise as it goes on the wire, and parse back as a client would."""
    raw = compose(message, sender, NOW).as_bytes()
    return email.message_from_bytes(raw, policy=policy.default)


def tree(part) -> list:
    """The content types as nested lists, e.g. ["multipart/mixed", [...], "application/ics"]."""
    if not part.is_multipart():
        return part.get_content_type()
    return [part.get_content_type(), *(tree(child) for child in part.iter_parts())]


def text_of(part) -> str:
    """A text part's content with the wire's CRLF line ends read back as newlines."""
    return part.get_content().replace("\r\n", "\n")


def calendar_line_method(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("METHOD:")).split(":")[1]


# The invite's structure


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_an_invite_is_mixed_holding_the_alternative_and_an_ics_attachment(method):
    received = sent(invite(method))

    assert tree(received) == [
        "multipart/mixed",
        ["multipart/alternative", "text/plain", "text/html", "text/calendar"],
        "application/ics",
    ]


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_the_calendar_part_method_matches_the_calendars_method_line(method):
    received = sent(invite(method))
    part = next(p for p in received.walk() if p.get_content_type() == "text/calendar")

    assert part.get_param("method") == method
    assert calendar_line_method(part.get_content()) == method
    assert part.get_content_charset() == "utf-8"
    assert part.get_content_disposition() is None  # inline: the part clients act on


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_the_attachment_is_invite_ics_with_the_same_calendar(method):
    message = invite(method)
    received = sent(message)
    attachment = next(received.iter_attachments())

    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_content().decode() == message.calendar_ics


def test_the_method_is_read_from_the_calendar_when_the_message_does_not_say():
    received = sent(Message(calendar_method=None, calendar_ics=calendar("CANCEL")))
    part = next(p for p in received.walk() if p.get_content_type() == "text/calendar")

    assert part.get_param("method") == "CANCEL"


def test_a_declared_method_that_contradicts_the_calendar_is_refused():
    message = Message(calendar_method="REQUEST", calendar_ics=calendar("CANCEL"))

    with pytest.raises(UnsendableMessage, match="REQUEST"):
        compose(message, SENDER, NOW)


def test_a_calendar_without_a_method_line_is_refused():
    without = "\r\n".join(
        line for line in calendar("REQUEST").split("\r\n") if not line.startswith("METHOD:")
    )

    with pytest.raises(UnsendableMessage, match="METHOD"):
        compose(Message(calendar_method="REQUEST", calendar_ics=without), SENDER, NOW)


def test_a_method_without_a_calendar_is_refused():
    with pytest.raises(UnsendableMessage, match="no calendar"):
        compose(Message(calendar_method="REQUEST"), SENDER, NOW)


# Messages without a calendar


def test_a_message_with_html_is_alternative_text_then_html():
    received = sent(Message())

    assert tree(received) == ["multipart/alternative", "text/plain", "text/html"]
    assert text_of(received.get_body(("plain",))) == Message.body_text
    assert "<p>Hello Robin,</p>" in received.get_body(("html",)).get_content()


def test_a_text_only_message_is_one_text_part():
    received = sent(Message(body_html=None))

    assert tree(received) == "text/plain"
    assert text_of(received) == Message.body_text


def test_other_attachments_follow_in_the_mixed_part():
    pdf = b"%PDF-1.4 exercises"
    attachment = {
        "filename": "home-exercises.pdf",
        "content_type": "application/pdf",
        "content_b64": base64.b64encode(pdf).decode(),
    }

    received = sent(invite("REQUEST", attachments=[attachment]))

    assert tree(received)[0] == "multipart/mixed"
    names = [(part.get_filename(), part.get_content()) for part in received.iter_attachments()]
    assert names[-1] == ("home-exercises.pdf", pdf)
    assert names[0][0] == "invite.ics"


def test_attachments_on_a_plain_message_make_it_mixed():
    attachment = {"filename": "a.txt", "content_type": "text/plain", "content_b64": "aGk="}

    received = sent(Message(attachments=[attachment]))

    assert tree(received) == [
        "multipart/mixed",
        ["multipart/alternative", "text/plain", "text/html"],
        "text/plain",
    ]


@pytest.mark.parametrize(
    "attachment",
    [
        pytest.param({"filename": "a.pdf", "content_type": "application/pdf"}, id="no-content"),
        pytest.param(
            {"filename": "a.pdf", "content_type": "application/pdf", "content_b64": "!!"},
            id="not-base64",
        ),
        pytest.param(
            {"filename": "a.pdf", "content_type": "pdf", "content_b64": "aGk="}, id="bad-type"
        ),
        pytest.param(
            {"filename": "a\r\nX-Evil: 1", "content_type": "text/plain", "content_b64": "aGk="},
            id="crlf-in-name",
        ),
    ],
)
def test_a_malformed_attachment_is_refused(attachment):
    with pytest.raises(UnsendableMessage):
        compose(Message(attachments=[attachment]), SENDER, NOW)


# Headers


def test_headers_name_sender_recipient_date_and_a_message_id_at_the_senders_domain():
    received = sent(Message())

    assert received["From"].addresses[0].addr_spec == "hello@clinic.example"
    assert received["From"].addresses[0].display_name == "Lakeshore & Peaks Physical Therapy"
    assert received["To"] == "robin.quill@example.com"
    assert received["Date"].datetime == NOW
    assert received["Message-ID"].endswith("@clinic.example>")
    assert received["X-Clinic-Outbox-Id"] == "7"
    assert received["Auto-Submitted"] == "auto-generated"


def test_the_message_id_is_the_same_on_every_attempt_and_differs_between_rows():
    first, again = sent(Message(id=7)), sent(Message(id=7))

    assert first["Message-ID"] == again["Message-ID"]
    assert sent(Message(id=8))["Message-ID"] != first["Message-ID"]


def test_an_unsaved_message_gets_a_random_message_id():
    assert sent(Message(id=None))["Message-ID"] != sent(Message(id=None))["Message-ID"]
    assert "X-Clinic-Outbox-Id" not in sent(Message(id=None))


def test_utf8_subject_sender_name_and_body_survive_the_wire():
    message = Message(
        subject="Zoë, your visit to Clínica Peña is booked ✓",
        body_text="Hola Zoë — hasta el martes.\n",
        body_html="<p>Hola Zoë — hasta el martes.</p>",
    )

    raw = compose(message, "Clínica Peña <hola@clinica.example>", NOW).as_bytes()
    received = email.message_from_bytes(raw, policy=policy.default)

    assert raw.isascii()  # encoded words and quoted-printable: no relay needs 8BITMIME
    assert received["Subject"] == message.subject
    assert received["From"].addresses[0].display_name == "Clínica Peña"
    assert text_of(received.get_body(("plain",))) == message.body_text


def test_the_wire_format_uses_crlf_and_short_lines():
    raw = compose(invite("REQUEST"), SENDER, NOW).as_bytes()

    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_a_line_break_in_the_subject_cannot_start_a_header(breaker):
    message = Message(subject=f"Booked{breaker}Bcc: victim@example.com")

    received = sent(message)

    assert received["Bcc"] is None
    assert received["Subject"] == "Booked Bcc: victim@example.com"


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\x00", "\u2029"])
def test_a_recipient_with_a_line_break_is_refused(breaker):
    message = Message(recipient=f"robin@example.com{breaker}Bcc: victim@example.com")

    with pytest.raises(UnsendableMessage, match="line break"):
        compose(message, SENDER, NOW)


@pytest.mark.parametrize(
    "recipient",
    ["", "robin", "robin@", "@example.com", "Robin <robin@example.com>", "a@b.com, c@d.com"],
)
def test_a_recipient_that_is_not_one_bare_address_is_refused(recipient):
    with pytest.raises(UnsendableMessage):
        compose(Message(recipient=recipient), SENDER, NOW)


def test_a_sender_with_a_line_break_is_refused_by_the_policy():
    with pytest.raises(ValueError, match="linefeed or carriage return"):
        compose(Message(), "Clinic <hello@clinic.example>\r\nBcc: victim@example.com", NOW)
