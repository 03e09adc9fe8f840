"""Private links made when a message is sent, not when it is queued.

A queued message that carries a patient's private link holds only `MARKER` where the token
goes. The sender makes a fresh token (only its hash is stored) inside the transaction that
claims the message, puts it into the copy it sends, and after delivery the stored body is
dropped (`outbox`). So no working link ever rests in the outbox, nor in a backup of it.
"""

from datetime import datetime

from clinic.booking import tokens
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import Appointment

#: Stands in for the token in a queued body; URL-safe, so url_for leaves it as it is.
MARKER = "link-is-made-when-this-email-is-sent"
#: What the stored body says once the message is delivered.
REDACTED = "(The text of this message was removed after it was delivered.)"


def mint(message: OutboxMessage, now: datetime) -> dict[str, str | None]:
    """The message's text with a new working link in place of the marker (nothing stored but
    the token's hash); the message's own text when it carries no link."""
    texts = {"body_text": message.body_text, "body_html": message.body_html}
    appointment = (
        db.session.get(Appointment, message.link_appointment_id)
        if message.link_appointment_id
        else None
    )
    if appointment is None or MARKER not in (message.body_text or ""):
        return texts
    token = tokens.issue(appointment, now)
    return {name: text.replace(MARKER, token) if text else text for name, text in texts.items()}


def redacted(now: datetime) -> dict:
    """Column values that drop a delivered message's body and attachments, keeping metadata
    (kind, recipient, subject, times, the invite's METHOD)."""
    return {
        "body_text": REDACTED,
        "body_html": None,
        "calendar_ics": None,
        "attachments": [],
        "redacted_at": now,
    }
