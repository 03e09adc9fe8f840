"""Counting failed sign-ins per account and per client address, in the database.

The counts live in a table rather than process memory, so every worker and host sees the
same numbers. A key is blocked once its failures in the current window reach the limit,
until the window ends; a successful sign-in clears the account's count.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from clinic.auth.models import LoginThrottle
from clinic.extensions import db


@dataclass(frozen=True)
class ThrottlePolicy:
    max_per_account: int
    max_per_address: int
    window: timedelta


def keys_for(email: str, address: str | None) -> dict[str, str]:
    keys = {"account": f"account:{email.strip().lower()[:254]}"}
    if address:
        keys["address"] = f"address:{address}"
    return keys


def _limit(policy: ThrottlePolicy, key: str) -> int:
    return policy.max_per_account if key.startswith("account:") else policy.max_per_address


def _rows(keys: list[str]) -> dict[str, LoginThrottle]:
    rows = db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    return {row.key: row for row in rows}


def retry_after(policy: ThrottlePolicy, keys: list[str], now: datetime) -> int | None:
    """Seconds until sign-in may be tried again, or None when no key is blocked."""
    waits = []
    for key, row in _rows(keys).items():
        window_end = row.window_started_at + policy.window
        if window_end > now and row.failures >= _limit(policy, key):
            waits.append(math.ceil((window_end - now).total_seconds()))
    return max(waits) if waits else None


def record_failure(policy: ThrottlePolicy, keys: list[str], now: datetime) -> None:
    rows = _rows(keys)
    for key in keys:
        row = rows.get(key)
        if row is None:
            db.session.add(LoginThrottle(key=key, window_started_at=now, failures=1))
        elif row.window_started_at + policy.window <= now:
            row.window_started_at, row.failures = now, 1
        else:
            row.failures += 1
    db.session.flush()


def clear(key: str) -> None:
    db.session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.key == key))
