"""Counting sign-in attempts, in the database, so that a guesser slows only themselves.

Each attempt is counted before the password is checked, with one atomic upsert per key
(INSERT ... ON CONFLICT DO UPDATE ... RETURNING, on SQLite and PostgreSQL alike): parallel
attempts cannot all read "4 failures" and each get a fifth check, and two first failures
cannot both insert the same key. The upsert skips a key that is blocked, so a refused attempt
changes nothing. From its limit on, every further failure on a key blocks it for a delay that
doubles each time (30 s, 1 min, 2 min, ... up to the window), and a key forgets its count once
it has been quiet for a whole window.

The keys (see `keys_for`) are the account *and* the address together, the address alone
(many emails guessed from one place), and the account from anywhere with a much higher limit.
A browser that signed in to the account recently (a signed cookie, `clinic.auth.devices`) is
counted on its own key instead, so a guesser elsewhere cannot lock its owner out.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from clinic.auth.models import LoginThrottle
from clinic.core.database import upsert
from clinic.extensions import db


@dataclass(frozen=True)
class ThrottlePolicy:
    #: Failures allowed for one account from one address (or one recognised browser).
    max_per_account: int
    #: Failures allowed from one address, whatever the emails.
    max_per_address: int
    window: timedelta
    #: Failures allowed for one account from unrecognised browsers everywhere together.
    max_per_account_anywhere: int = 50
    #: The first delay once a key reaches its limit; each further failure doubles it.
    first_delay: timedelta = timedelta(seconds=30)

    def limit(self, key: str) -> int:
        kind = key.partition(":")[0]
        return {
            "pair": self.max_per_account,
            "browser": self.max_per_account,
            "address": self.max_per_address,
            "account": self.max_per_account_anywhere,
        }[kind]

    def delay(self, key: str, failures: int) -> timedelta | None:
        """How long a key stays blocked after its `failures`-th failure (None: not at all)."""
        over = failures - self.limit(key)
        if over < 0:
            return None
        return min(self.first_delay * 2 ** min(over, 20), self.window)


def _email(email: str) -> str:
    return email.strip().lower()[:254]


def keys_for(email: str, address: str | None, browser: str | None = None) -> dict[str, str]:
    """The keys one attempt counts against; `browser` is a recognised browser's id, if any."""
    if browser:
        return {"browser": f"browser:{browser}"}
    keys = {"account": f"account:{_email(email)}"}
    if address:
        keys["pair"] = f"pair:{_email(email)}|{address}"
        keys["address"] = f"address:{address}"
    return keys


def _upsert(key: str, now: datetime, quiet_since: datetime):
    """Count one attempt on `key` unless it is blocked; RETURNING the new count."""
    table = LoginThrottle.__table__
    fresh = table.c.last_attempt_at <= quiet_since
    return upsert(
        table,
        {"key": key, "last_attempt_at": now, "failures": 1},
        keys=["key"],
        changes={
            "failures": db.case((fresh, 1), else_=table.c.failures + 1),
            "last_attempt_at": now,
            "blocked_until": None,
        },
        where=or_(table.c.blocked_until.is_(None), table.c.blocked_until <= now),
    ).returning(table.c.failures)


def _wait(keys: list[str], now: datetime) -> int:
    until = db.session.scalar(
        select(db.func.max(LoginThrottle.blocked_until)).where(LoginThrottle.key.in_(keys))
    )
    return max(1, math.ceil((until - now).total_seconds())) if until else 1


def attempt(policy: ThrottlePolicy, keys: list[str], now: datetime) -> int | None:
    """Count an attempt against every key; None if it may go ahead, else seconds to wait.

    A key reaching its limit is blocked at once for its delay, in case this attempt fails;
    `succeeded` lifts that again. Keys are taken in one order, so two attempts sharing keys
    on PostgreSQL wait for each other instead of deadlocking.
    """
    quiet_since = now - policy.window
    counted: dict[str, int] = {}
    for key in sorted(keys):
        failures = db.session.execute(_upsert(key, now, quiet_since)).scalar()
        if failures is None:
            return _wait(keys, now)
        counted[key] = failures
    for key, failures in counted.items():
        delay = policy.delay(key, failures)
        if delay is not None:
            db.session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key)
                .values(blocked_until=now + delay)
            )
    return None


def succeeded(policy: ThrottlePolicy, keys: dict[str, str]) -> None:
    """The attempt was right: its own keys start over, shared ones give the attempt back."""
    own = [keys[kind] for kind in ("pair", "browser") if kind in keys]
    shared = [keys[kind] for kind in ("account", "address") if kind in keys]
    if own:
        db.session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.key.in_(own)))
    for key in shared:
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(failures=LoginThrottle.failures - 1, blocked_until=None)
        )


def clear(key: str) -> None:
    db.session.execute(LoginThrottle.__table__.delete().where(LoginThrottle.key == key))
