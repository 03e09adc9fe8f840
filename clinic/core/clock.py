"""The one place the current time comes from.

Code asks `clock.now()`; tests install a `FixedClock` on the app so every "now" agrees.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that says the same instant until moved; for tests and demos."""

    current: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 15, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


_system = SystemClock()


def now() -> datetime:
    """The current instant (aware, UTC), from the app's clock when one is installed."""
    if has_app_context():
        return current_app.extensions.get("clinic.clock", _system).now()
    return _system.now()


def install(app, clock) -> None:
    app.extensions["clinic.clock"] = clock
