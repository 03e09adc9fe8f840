"""Signing staff in and out, and the server-side sessions behind their cookies."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from clinic.audit.record import client_address, record
from clinic.auth import passwords, throttle
from clinic.auth.models import Role, StaffSession, User
from clinic.core import clock
from clinic.core.database import in_a_reading_request, write_now
from clinic.core.errors import DomainError
from clinic.extensions import db

BAD_CREDENTIALS = "That email and password don't match an active staff account."


class SignInRefused(DomainError):
    status_code = 401


class SignInThrottled(DomainError):
    status_code = 429

    def __init__(self, retry_after: int):
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            f"Too many failed sign-ins. Please wait about {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again."
        )
        self.retry_after = retry_after


def throttle_policy() -> throttle.ThrottlePolicy:
    config = current_app.config
    return throttle.ThrottlePolicy(
        max_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(seconds=config["LOGIN_THROTTLE_WINDOW_SECONDS"]),
        max_per_account_anywhere=config["LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE"],
        first_delay=timedelta(seconds=config["LOGIN_FIRST_DELAY_SECONDS"]),
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(email: str, password: str, role: Role) -> User:
    email = email.strip().lower()
    if find_user(email) is not None:
        raise DomainError(f"A user with the email {email} already exists.")
    user = User(
        email=email,
        password_hash=passwords.hash_password(password),
        role=role,
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str, browser: str | None = None) -> User:
    """Check credentials under the throttle; return the user with a new session attached.

    Every failure gives the same message, whether the email is unknown, the password wrong
    or the account disabled, and costs the same password check. `browser` is the id of a
    browser that signed in to this account recently (clinic.auth.devices), if it is one.
    """
    now = clock.now()
    policy = throttle_policy()
    keys = throttle.keys_for(email, client_address(), browser)
    wait = throttle.attempt(policy, list(keys.values()), now)
    if wait is not None:
        record("auth.sign_in_throttled", actor_label=email.strip().lower()[:254])
        raise SignInThrottled(wait)
    user = find_user(email)
    ok = passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        record("auth.sign_in_failed", actor_label=email.strip().lower()[:254])
        raise SignInRefused(BAD_CREDENTIALS)
    throttle.succeeded(policy, keys)
    user.last_login_at = now
    start_session(user)
    record("auth.sign_in", actor=user)
    return user


def start_session(user: User) -> StaffSession:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session = StaffSession(
        user=user,
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        client_address=client_address(),
    )
    session.public_id = token
    db.session.add(session)
    db.session.flush()
    user.current_session = session
    return session


def load_session_user(token: str) -> User | None:
    """The user behind a cookie's token, if that session is live; touches its last-seen time."""
    session = db.session.scalar(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token))
    )
    if session is None or session.revoked_at is not None or not session.user.active:
        return None
    now = clock.now()
    config = current_app.config
    idle = timedelta(minutes=config["STAFF_IDLE_MINUTES"])
    absolute = timedelta(hours=config["STAFF_ABSOLUTE_HOURS"])
    if now - session.last_seen_at > idle or now - session.created_at > absolute:
        return None
    if now - session.last_seen_at > timedelta(seconds=60):
        # Touch at most once a minute: enough for the idle timeout, far fewer writes.
        touch(session, now)
    session.public_id = token
    session.user.current_session = session
    return session.user


def touch(session: StaffSession, now) -> None:
    """Move a session's last-seen time; in a read-only page, in a short write of its own."""
    if in_a_reading_request():
        write_now(
            StaffSession.__table__.update()
            .where(StaffSession.id == session.id)
            .values(last_seen_at=now)
        )
        set_committed_value(session, "last_seen_at", now)
    else:
        session.last_seen_at = now


def end_session(user: User) -> None:
    """Revoke the current session on the server; its cookie is worthless from now on."""
    if user.current_session is not None:
        user.current_session.revoked_at = clock.now()
        record("auth.sign_out", actor=user)


def revoke_all_sessions(user: User) -> int:
    """End every live session of a user (disabling, password change)."""
    now = clock.now()
    result = db.session.execute(
        StaffSession.__table__.update()
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
