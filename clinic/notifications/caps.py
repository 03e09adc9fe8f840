"""Per-recipient caps on the emails anyone on the internet can make the clinic send.

A booking's code, "email me my booking link" and the ask form's acknowledgement each go to an
address the sender typed. Without a cap a script could bury someone's inbox in genuine clinic
mail. The count is of outbox rows (delivered ones keep their metadata), so it holds across
workers and restarts.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.notifications.models import OutboxMessage

WINDOW = timedelta(hours=24)
#: The kinds of message the public can trigger, counted together.
PUBLIC_KINDS = ("verify_email", "booking_link", "question_received")


def sent_recently(recipient: str, now: datetime, kinds=PUBLIC_KINDS) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            func.lower(OutboxMessage.recipient) == recipient.strip().lower(),
            OutboxMessage.kind.in_(kinds),
            OutboxMessage.created_at > now - WINDOW,
        )
    )


def may_send(recipient: str, now: datetime) -> bool:
    """False once this address has had its share of public-triggered email today."""
    return sent_recently(recipient, now) < current_app.config["PUBLIC_EMAILS_PER_RECIPIENT"]
