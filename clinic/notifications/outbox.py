"""Sending the outbox: claim what is due, send it, record the outcome, each step committed.

Messages are written to the outbox in the transaction of the change that caused them, so a
booking never waits for, or fails with, the mail server. A sender then works in three short
transactions per message, none of them open while talking to SMTP:

1. **Claim.** Due rows (pending and due, or `sending` under a claim older than the lease)
   become `sending` with `claimed_by`/`claimed_at`, and that is committed before anything is
   sent. On PostgreSQL the rows are picked with ``SELECT ... FOR UPDATE SKIP LOCKED``, so
   concurrent senders take disjoint rows without waiting; on SQLite the transaction starts
   with ``BEGIN IMMEDIATE`` (`begin_write`), so only one sender selects and updates at a time.
2. **Send** through the backend.
3. **Record** sent, or the error with a backoff, or failed after `MAX_ATTEMPTS` — but only
   while the claim is still this sender's (a compare-and-set on status and `claimed_by`).

What this guarantees, honestly:

* **Exactly once among concurrent senders.** A row is claimed by one sender at a time, and a
  live sender never sends a claim older than the lease (it skips it, and may claim it again).
* **At least once at the SMTP boundary.** A sender that dies after the server accepted a
  message but before "sent" was committed leaves its claim behind; once the lease (5 minutes)
  has run out another sender takes it and the patient gets the message twice. No protocol
  between a database and an SMTP server can close that gap. The Message-ID is stable per row
  (`mime.message_id`), so receivers that drop repeats (Gmail does) show it once.
* Claims are taken `batch` at a time with a 10-second SMTP timeout, so a live sender finishes
  a batch well inside the lease; a longer lease only delays recovery from a crash.
"""

import os
import random
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from clinic.core.database import begin_write
from clinic.core.domain import DomainError
from clinic.extensions import db
from clinic.notifications import links, mime
from clinic.notifications.backends import MailBackend
from clinic.notifications.models import OutboxMessage, OutboxStatus

#: A claim older than this is taken as abandoned by a crashed sender.
LEASE = timedelta(minutes=5)
#: Attempts before a message is marked failed (the waits add up to about two hours).
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
#: Longest last_error kept; errors name the exception and the server's reply, never the body.
ERROR_LENGTH = 500

SENT, RETRIED, FAILED, STALE = "sent", "retried", "failed", "stale"


class NotRetryable(DomainError):
    status_code = 409


@dataclass(frozen=True)
class Claim:
    """A claimed message as plain values: composed and sent with no transaction open."""

    id: int
    kind: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    calendar_method: str | None
    calendar_ics: str | None
    attachments: list[dict[str, Any]]
    attempts: int
    created_at: datetime
    claimed_by: str
    claimed_at: datetime

    @classmethod
    def of(cls, message: OutboxMessage) -> "Claim":
        return cls(**{name: getattr(message, name) for name in cls.__dataclass_fields__})


@dataclass
class Report:
    """What one `send_due` run did. `stale` counts claims it found too old to send."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    stale: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.stale

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        line = f"Outbox: {self.sent} sent, {self.retried} to retry, {self.failed} failed"
        return line + (f", {self.stale} stale claims left" if self.stale else "") + "."


def default_worker_id() -> str:
    """Unique per sender process and run: host, pid and a random suffix."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


def backoff(attempts: int, jitter: float = 0.0) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1 min, 2, 4 ... at most 6 h.

    `jitter` in [0, 1] stretches the wait by up to 10% so that retries spread out.
    """
    wait = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20)
    return min(wait * (1 + 0.1 * jitter), LONGEST_WAIT)


def _due(now: datetime, lease: timedelta):
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at <= now - lease),
    )


def _start_writing() -> None:
    if db.session().in_transaction():
        # begin_write() only makes a *new* transaction IMMEDIATE on SQLite; joining one that
        # has already read would break the claim's atomicity.
        raise RuntimeError("The outbox starts its own transactions: commit or roll back first.")
    begin_write()


def claim_due(now: datetime, limit: int, worker_id: str, lease: timedelta = LEASE) -> list[Claim]:
    """Claim up to `limit` due messages for `worker_id` and commit, returning them."""
    _start_writing()
    # FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's compiler leaves it out, and there the
    # IMMEDIATE transaction already makes this select-then-update atomic.
    query = (
        select(OutboxMessage)
        .where(_due(now, lease))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    claims = []
    try:
        for message in db.session.scalars(query).all():
            message.status = OutboxStatus.SENDING
            message.claimed_by = worker_id
            message.claimed_at = now
            # The private link is made now, in this transaction, and lives only in the claim.
            claims.append(replace(Claim.of(message), **links.mint(message, now)))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return claims


def send_claimed(claim: Claim, backend: MailBackend, now: datetime, sender: str) -> str:
    """Compose and send one claimed message, then record the outcome and commit.

    Returns "sent", "retried", "failed" or "stale" (the claim was taken over meanwhile, so
    nothing was recorded).
    """
    try:
        backend.send(mime.compose(claim, sender, now))
    except mime.UnsendableMessage as refused:
        # Malformed at the source: no retry can help.
        return _record_failure(claim, now, f"Unsendable: {refused.message}", give_up=True)
    except Exception as error:
        return _record_failure(claim, now, f"{type(error).__name__}: {error}")
    recorded = _record(
        claim, status=OutboxStatus.SENT, sent_at=now, last_error=None, **links.redacted(now)
    )
    return SENT if recorded else STALE


def _record_failure(claim: Claim, now: datetime, error: str, give_up: bool = False) -> str:
    attempts = claim.attempts + 1
    give_up = give_up or attempts >= MAX_ATTEMPTS
    # Spreads retries over time; nothing secret or guessable depends on it.
    jitter = random.random()  # noqa: S311  # nosec B311
    recorded = _record(
        claim,
        status=OutboxStatus.FAILED if give_up else OutboxStatus.PENDING,
        last_error=mime.one_line(error)[:ERROR_LENGTH],
        next_attempt_at=now if give_up else now + backoff(attempts, jitter),
        claimed_by=None,
        claimed_at=None,
    )
    if not recorded:
        return STALE
    return FAILED if give_up else RETRIED


def _record(claim: Claim, **values: Any) -> bool:
    """Write an outcome if the claim is still ours; True when it was."""
    _start_writing()
    try:
        result = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == claim.id,
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_by == claim.claimed_by,
            )
            .values(attempts=OutboxMessage.attempts + 1, **values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result.rowcount == 1


def send_due(
    backend: MailBackend,
    now_fn: Callable[[], datetime],
    worker_id: str,
    *,
    sender: str,
    limit: int = 100,
    batch: int = 10,
    lease: timedelta = LEASE,
) -> Report:
    """Send up to `limit` due messages, claiming `batch` at a time. Safe to run in parallel."""
    report = Report()
    with backend:
        while report.handled < limit:
            claims = claim_due(now_fn(), min(batch, limit - report.handled), worker_id, lease)
            if not claims:
                break
            for claim in claims:
                now = now_fn()
                if now - claim.claimed_at >= lease:
                    # Another sender may have taken it over already; leave it to the next claim.
                    report.count(STALE)
                    continue
                report.count(send_claimed(claim, backend, now, sender))
    return report


def retry(message: OutboxMessage, now: datetime) -> None:
    """Give a failed message one more attempt, now (for the admin page). The caller commits.

    Its attempts are kept, so if this attempt fails too it is marked failed again.
    """
    if message.status != OutboxStatus.FAILED:
        raise NotRetryable("Only a message that failed can be retried.")
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    message.claimed_by = None
    message.claimed_at = None
    db.session.flush()
