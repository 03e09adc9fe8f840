"""Rate limits per client address (Flask-Limiter): the cheap outer guard on sign-in, slot
holds, the ask form and the public API.

Each limit is read from the app's config on every request (`RATELIMIT_SIGN_IN`, ...), so
operators tune them without code. A breach raises Flask-Limiter's `RateLimitExceeded`, a
`TooManyRequests`, which `clinic.core.errors` renders as the 429 page or JSON; the limiter's
own headers add `Retry-After`. The counters live in `RATELIMIT_STORAGE_URI`: memory for one
process, a shared Redis or memcached for several workers. See docs/security.md.

The database throttles behind these (failed sign-ins per account, questions per address)
are different controls and stay: they count what matters across all workers even when this
guard is off or per-process.
"""

import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, current_app, request

from clinic.audit.record import count_refusal, record
from clinic.core.database import keep_changes_despite_error_status
from clinic.extensions import limiter


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _window_start(limit) -> datetime:
    """The start of the limiter's current fixed window for `limit` (on the limiter's clock)."""
    length = limit.limit.get_expiry()
    return datetime.fromtimestamp(time.time() // length * length, UTC)


def _audit_breach(limit) -> None:
    """A refused burst leaves one trace in the audit log per address, limit and window, at
    its first refusal; every refusal adds one to that window's count (rate_limit_refusal)."""
    scope, limit_text, window_start = request.endpoint or "", str(limit.limit), _window_start(limit)
    if count_refusal(scope, limit_text, window_start) == 1:
        record(
            "ratelimit.refused",
            details={"scope": scope, "limit": limit_text, "window_start": window_start.isoformat()},
        )
    keep_changes_despite_error_status()


def _limit(setting: str, scope: str, message: str, methods: list[str] | None = None):
    """One shared limit read from `setting`, audited when refused, answering `message`."""
    return limiter.shared_limit(
        _configured(setting),
        scope=scope,
        on_breach=_audit_breach,
        methods=methods,
        error_message=message,
    )


#: Staff sign-in attempts (the form post), per address.
sign_in = _limit(
    "RATELIMIT_SIGN_IN",
    "sign-in",
    "Too many sign-in attempts from your network. Please wait and try again.",
    ["POST"],
)
#: Choosing a time, which holds a slot for everyone else: the booking step and rescheduling
#: share one count, so neither can be used to hold the whole week.
holds = _limit(
    "RATELIMIT_HOLD",
    "holds",
    "Too many times chosen in a short while. Please wait a minute and try again.",
    ["POST"],
)
#: Questions sent through the public ask form.
ask = _limit(
    "RATELIMIT_ASK",
    "ask",
    "Too many questions from your network just now. Please try again later.",
    ["POST"],
)
#: "Email me my booking link" requests.
lost_link = _limit(
    "RATELIMIT_LINK",
    "link",
    "Too many requests for booking links from your network. Please try again later.",
    ["POST"],
)
#: Every call to /api/v1/, counted together.
api = _limit(
    "RATELIMIT_API",
    "api",
    "Too many requests to the API. Slow down and retry after the time given.",
)


def init_app(app: Flask) -> None:
    limiter.init_app(app)
    config = app.config
    if (
        config["CLINIC_ENV"] == "production"
        and config["RATELIMIT_ENABLED"]
        and config["RATELIMIT_STORAGE_URI"].startswith("memory://")
    ):
        app.logger.warning(
            "Rate limits are counted in this process's memory (RATELIMIT_STORAGE_URI=memory://)."
            " With several workers each counts on its own: set a redis:// or memcached:// URL."
        )
