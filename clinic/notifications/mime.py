"""Outbox messages as MIME: plain text and HTML, and for invites the iMIP structure.

An invite is laid out the way Outlook, Gmail and Apple Mail all recognise (RFC 6047,
MS-OXCMAIL)::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST; charset="utf-8"
      application/ics; name="invite.ics"  (attachment, the same VCALENDAR)
      ...other attachments

The MIME ``method`` parameter must equal the calendar's METHOD line: a CANCEL sent as a
REQUEST leaves the visit in the patient's calendar. `compose` refuses a mismatch.

Header injection: headers are set through `email.policy.SMTP`, which raises on CR or LF in a
value; the subject is flattened to one line first and a recipient containing a line break or
any control character is refused outright (`UnsendableMessage`), never repaired.

Pure: plain attributes and `now` in, an `EmailMessage` out.
"""

import base64
import binascii
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any, Protocol

from clinic.core.domain import DomainError

#: CRLF line ends, headers folded at 78, non-ASCII headers RFC 2047-encoded (no SMTPUTF8), and
#: bodies 7-bit clean (quoted-printable or base64) so no relay needs 8BITMIME.
POLICY = policy.SMTP.clone(cte_type="7bit")
INVITE_FILENAME = "invite.ics"
#: The iTIP methods a calendar part may carry (RFC 5546 §1.4).
METHODS = frozenset(
    {"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER", "DECLINECOUNTER"}
)
_METHOD_LINE = re.compile(r"^METHOD:([A-Za-z-]+)\r?$", re.MULTILINE)
_MIME_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$")


class UnsendableMessage(DomainError):
    """The message cannot be made into a safe, well-formed email; retrying will not help."""


class Composable(Protocol):
    """What `compose` reads; an `OutboxMessage` qualifies, and so does any look-alike."""

    id: int | None
    kind: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    calendar_method: str | None
    calendar_ics: str | None
    attachments: list[dict[str, Any]] | None
    created_at: datetime | None


def compose(message: Composable, sender: str, now: datetime) -> EmailMessage:
    """The email for one outbox message, from `sender` (e.g. MAIL_FROM), dated `now`."""
    email = EmailMessage(policy=POLICY)
    domain = sender_domain(sender)
    email["From"] = sender
    email["To"] = clean_recipient(message.recipient)
    email["Subject"] = one_line(message.subject)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message_id(message, domain)
    # RFC 3834: keeps vacation responders and ticket systems from answering a robot.
    email["Auto-Submitted"] = "auto-generated"
    if getattr(message, "id", None) is not None:
        email["X-Clinic-Outbox-Id"] = str(message.id)
    _set_body(email, message)
    for attachment in getattr(message, "attachments", None) or ():
        _attach(email, attachment)
    return email


def _set_body(email: EmailMessage, message: Composable) -> None:
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.calendar_ics:
        method = calendar_method(message.calendar_ics, message.calendar_method)
        email.add_alternative(message.calendar_ics, subtype="calendar", params={"method": method})
        # add_attachment turns the alternative into the first part of a multipart/mixed.
        email.add_attachment(
            message.calendar_ics.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename=INVITE_FILENAME,
            params={"name": INVITE_FILENAME},
        )
    elif message.calendar_method:
        raise UnsendableMessage("The message names a calendar method but carries no calendar.")


def calendar_method(calendar: str, declared: str | None) -> str:
    """The calendar's METHOD, checked against the one the message declares."""
    found = _METHOD_LINE.findall(calendar)
    if len(found) != 1:
        raise UnsendableMessage("An emailed calendar needs exactly one METHOD line.")
    method = found[0].upper()
    if method not in METHODS:
        raise UnsendableMessage(f"{method} is not an iTIP method.")
    if declared is not None and declared.upper() != method:
        raise UnsendableMessage(
            f"The message says {declared.upper()} but its calendar says METHOD:{method}."
        )
    return method


def _attach(email: EmailMessage, attachment: Mapping[str, Any]) -> None:
    try:
        filename = attachment["filename"]
        content_type = attachment["content_type"]
        content = base64.b64decode(attachment["content_b64"], validate=True)
    except (KeyError, TypeError, binascii.Error) as bad:
        raise UnsendableMessage(f"An attachment is malformed ({bad.__class__.__name__}).") from None
    if not isinstance(content_type, str) or not _MIME_TYPE.match(content_type):
        raise UnsendableMessage(f"Not a MIME type: {content_type!r}")
    if not isinstance(filename, str) or not filename or _has_control(filename):
        raise UnsendableMessage(f"Not a usable attachment name: {filename!r}")
    if email.get_content_type() != "multipart/mixed":
        email.make_mixed()
    maintype, subtype = content_type.split("/")
    email.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)


def clean_recipient(recipient: str) -> str:
    """One bare address, or `UnsendableMessage`; a line break is never quietly removed."""
    if not isinstance(recipient, str) or _has_control(recipient):
        raise UnsendableMessage("The recipient's address contains a line break or control code.")
    try:
        address = Address(addr_spec=recipient.strip())
    except (HeaderParseError, ValueError, IndexError):
        raise UnsendableMessage(f"Not an email address: {recipient!r}") from None
    if not address.username or not address.domain:
        raise UnsendableMessage(f"Not an email address: {recipient!r}")
    return address.addr_spec


def one_line(text: str) -> str:
    """Text flattened to one line: every run of whitespace, line breaks included, is a space."""
    return " ".join("".join(" " if _is_control(char) else char for char in text).split())


def sender_domain(sender: str) -> str:
    """The domain of the sender's address, for Message-IDs; `localhost` when there is none."""
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    return domain if re.fullmatch(r"[A-Za-z0-9.-]+", domain) else "localhost"


def message_id(message: Composable, domain: str) -> str:
    """A Message-ID that stays the same on every attempt to send the same outbox row.

    A sender that crashes after the server accepted a message sends it again; receivers that
    drop repeated Message-IDs (Gmail does) then show it once. Rows not yet saved get a random
    one.
    """
    created = getattr(message, "created_at", None)
    if getattr(message, "id", None) is None or created is None:
        return make_msgid(idstring="clinic", domain=domain)
    return f"<outbox.{message.id}.{created:%Y%m%d%H%M%S%f}@{domain}>"


def _has_control(text: str) -> bool:
    return any(_is_control(char) for char in text)


def _is_control(char: str) -> bool:
    # Cc covers CR, LF, NUL, DEL and NEL; Zl and Zp are the Unicode line and paragraph breaks.
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")
