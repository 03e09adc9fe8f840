"""Browsers that signed in to an account recently: a signed cookie set at each sign-in.

The cookie maps a digest of each account's email (at most five accounts, for a shared front
desk computer) to a random id. A sign-in from such a browser is throttled on that id alone
(clinic/auth/throttle.py), so guesses sent from anywhere else never lock its owner out,
while guesses sent from the browser itself still slow it down. The signature (the app's
secret key) and the 30-day age limit keep a made-up or stale cookie from counting.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = timedelta(days=30)
MAX_ACCOUNTS = 5
_SALT = "recent-browser"


def cookie_name() -> str:
    """`__Host-` prefixed wherever the session cookie is (production), for the same reasons."""
    prefix = "__Host-" if current_app.config["SESSION_COOKIE_NAME"].startswith("__Host-") else ""
    return f"{prefix}clinic_browser"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


def _known() -> dict[str, str]:
    raw = request.cookies.get(cookie_name())
    if not raw:
        return {}
    try:
        known = _serializer().loads(raw, max_age=int(MAX_AGE.total_seconds()))
    except BadSignature:
        return {}
    if not isinstance(known, dict):
        return {}
    return {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)}


def browser_id(email: str) -> str | None:
    """This browser's id for the account, if it signed in to it within the last 30 days."""
    return _known().get(_digest(email))


def remember(response: Response, email: str) -> None:
    """Mark this browser as one that signed in to the account (refreshing its 30 days)."""
    known = _known()
    digest = _digest(email)
    browser = known.pop(digest, None) or secrets.token_urlsafe(16)
    kept = list(known.items())[-(MAX_ACCOUNTS - 1) :]
    response.set_cookie(
        cookie_name(),
        _serializer().dumps(dict([*kept, (digest, browser)])),
        max_age=int(MAX_AGE.total_seconds()),
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
        path="/",
    )
