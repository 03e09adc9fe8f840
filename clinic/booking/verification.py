"""Proving the email before a booking is confirmed: a 6-digit code, or the link beside it.

The review step sends both to the address typed on the details step. The code is typed in
the same browser; the link confirms from wherever the email is read. Only a keyed hash of
the code and a SHA-256 of the link's token are kept (on the draft), the code works for
`BOOKING_CODE_MINUTES` and `BOOKING_CODE_TRIES` wrong tries, and the held time is kept as
long as the code is valid. Whoever proves the address is the person the booking's private
link is sent to; nobody else ever sees that link (see docs/booking.md).
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import select

from clinic.booking.models import BookingDraft
from clinic.core.domain import DomainError
from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.notifications import caps
from clinic.notifications.models import OutboxMessage
from clinic.scheduling import reads

SUBJECT = "Confirm your booking at {clinic}"


class CodeRefused(DomainError):
    status_code = 429


def _setting(name: str) -> int:
    return current_app.config[name]


def _mac(draft: BookingDraft, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{draft.id_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pending(draft: BookingDraft) -> dict:
    return draft.data.get("verify") or {}


def is_verified(draft: BookingDraft) -> bool:
    email = (draft.data.get("details") or {}).get("email")
    return bool(email) and draft.data.get("verified_email") == email


def code_expires(draft: BookingDraft) -> datetime | None:
    raw = pending(draft).get("expires_at")
    return datetime.fromisoformat(raw) if raw else None


def wait_before_resend(draft: BookingDraft, now: datetime) -> int:
    """Seconds until another code may be sent (0: now)."""
    raw = pending(draft).get("sent_at")
    if not raw:
        return 0
    ready = datetime.fromisoformat(raw) + timedelta(seconds=_setting("BOOKING_CODE_RESEND_SECONDS"))
    return max(0, int((ready - now).total_seconds()))


def send_code(draft: BookingDraft, now: datetime) -> None:
    """Email a new code and link to the draft's address, keeping the hold while it is valid.

    Refused (CodeRefused) when asked again too soon, after `BOOKING_CODE_SENDS` codes, or
    when the address has had its share of public-triggered email today.
    """
    email = draft.data["details"]["email"]
    state = pending(draft)
    # Codes are counted per booking, whichever address they went to: a corrected address
    # gets its own code, but changing it back and forth earns no more.
    sends = state.get("sends", 0)
    if wait_before_resend(draft, now) and state.get("email") == email:
        raise CodeRefused("We've just sent a code. Please wait a minute before asking again.")
    if sends >= _setting("BOOKING_CODE_SENDS"):
        raise CodeRefused(
            "We've sent as many codes as we can for this booking. Please call the clinic."
        )
    if not caps.may_send(email, now):
        raise CodeRefused(
            "We can't send more email to this address today. Please call the clinic to book."
        )
    code = f"{secrets.randbelow(10**6):06d}"
    link = secrets.token_urlsafe(24)
    expires = now + timedelta(minutes=_setting("BOOKING_CODE_MINUTES"))
    draft.verify_hash = _digest(link)
    draft.data = {
        **draft.data,
        "verify": {
            "email": email,
            "mac": _mac(draft, code),
            "expires_at": expires.isoformat(),
            "tries": 0,
            "sends": sends + 1,
            "sent_at": now.isoformat(),
        },
    }
    appointment = draft.appointment
    hold_ends = appointment.hold_expires_at
    if hold_ends is not None and now < hold_ends < expires:
        appointment.hold_expires_at = expires  # the time stays held while the code is good
    _queue(draft, email, code, link, now)


def _queue(draft: BookingDraft, email: str, code: str, link: str, now: datetime) -> None:
    from clinic.booking.confirmation import review  # the same summary the review page shows

    clinic = reads.settings()
    context = {
        "clinic": clinic,
        "code": code,
        "minutes": _setting("BOOKING_CODE_MINUTES"),
        "confirm_url": external_url("booking.verify_link", token=link),
        "summary": review(draft, now),
    }
    sends = draft.data["verify"]["sends"]
    db.session.add(
        OutboxMessage(
            kind="verify_email",
            dedupe_key=f"verify:{draft.id_hash[:40]}:{sends}",
            recipient=email,
            subject=SUBJECT.format(clinic=clinic.name),
            body_text=render_template("emails/verify_email.txt", **context),
            body_html=render_template("emails/verify_email.html", **context),
            next_attempt_at=now,
            created_at=now,
        )
    )


def check_code(draft: BookingDraft, typed: str, now: datetime) -> str | None:
    """None when `typed` is the code; otherwise what to tell the person."""
    state = pending(draft)
    if not state.get("mac") or state.get("email") != draft.data["details"]["email"]:
        return "Send yourself a code first."
    if now >= datetime.fromisoformat(state["expires_at"]):
        return "That code has expired. Send yourself a new one."
    if state["tries"] >= _setting("BOOKING_CODE_TRIES"):
        return "That code was entered wrongly too many times. Send yourself a new one."
    code = "".join(typed.split())
    well_formed = len(code) == 6 and code.isascii() and code.isdigit()
    if well_formed and hmac.compare_digest(state["mac"], _mac(draft, code)):
        return None
    tries = state["tries"] + 1
    draft.data = {**draft.data, "verify": {**state, "tries": tries}}
    left = _setting("BOOKING_CODE_TRIES") - tries
    if left <= 0:
        return "That code was entered wrongly too many times. Send yourself a new one."
    return f"That isn't the code we sent. {left} {'try' if left == 1 else 'tries'} left."


def by_link(token: str, now: datetime) -> BookingDraft | None:
    """The draft whose confirm-by-email link this is, while its code is still valid."""
    if not 20 <= len(token) <= 64:
        return None
    draft = db.session.scalar(
        select(BookingDraft).where(BookingDraft.verify_hash == _digest(token))
    )
    if draft is None or draft.expires_at <= now:
        return None
    expires = code_expires(draft)
    if (
        expires is None
        or now >= expires
        or pending(draft).get("email") != (draft.data.get("details") or {}).get("email")
    ):
        return None
    return draft


def mark_verified(draft: BookingDraft, now: datetime) -> None:
    """The address is proved: the code and link stop working."""
    draft.verify_hash = None
    state = {**pending(draft), "mac": None}
    draft.data = {
        **draft.data,
        "verify": state,
        "verified_email": draft.data["details"]["email"],
        "verified_at": now.isoformat(),
    }
