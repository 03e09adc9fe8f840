"""Configuration for each environment, read from the process environment.

`create_app()` picks the class named by `CLINIC_ENV` (development unless told otherwise);
tests pass a mapping of overrides instead.
"""

import os
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CLINIC_INSTANCE_PATH", BASE_DIR / "instance"))

#: Secret keys that must never run a production site.
WEAK_SECRET_KEYS = frozenset(
    {"", "dev", "development", "changeme", "secret", "dev-only-not-secret"}
)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    CLINIC_ENV = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'clinic.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    #: Seconds SQLite waits for another writer before giving up with "database is locked".
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 1024 * 1024)
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "clinic_session"
    #: Staff sessions end after this many idle minutes, and after this many hours regardless.
    STAFF_IDLE_MINUTES = _int("STAFF_IDLE_MINUTES", 15)
    STAFF_ABSOLUTE_HOURS = _int("STAFF_ABSOLUTE_HOURS", 12)
    #: Failed sign-ins allowed for one account from one address (or from one browser that
    #: signed in to it recently), from one address whatever the emails, and for one account
    #: from unrecognised browsers everywhere. Past a limit each failure blocks that key for a
    #: delay that doubles (LOGIN_FIRST_DELAY_SECONDS, then twice that, ... up to the window);
    #: a key quiet for a whole window starts again. See clinic/auth/throttle.py.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = _int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
    LOGIN_MAX_FAILURES_PER_ADDRESS = _int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
    LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE = _int("LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE", 50)
    LOGIN_FIRST_DELAY_SECONDS = _int("LOGIN_FIRST_DELAY_SECONDS", 30)
    LOGIN_THROTTLE_WINDOW_SECONDS = _int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60)
    #: Where patients reach the site; links in emails sent by commands (cron) start with it.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    #: Host names the app answers to besides PUBLIC_BASE_URL's (comma-separated); any other
    #: Host header is refused with 400. See clinic.core.urls.
    EXTRA_TRUSTED_HOSTS = os.environ.get("EXTRA_TRUSTED_HOSTS", "")
    #: Online bookings are confirmed only once the email is proved: a 6-digit code (or the
    #: link in the same email) valid this many minutes, this many wrong tries, this many
    #: codes per booking at least this many seconds apart. See docs/booking.md.
    BOOKING_CODE_MINUTES = _int("BOOKING_CODE_MINUTES", 15)
    BOOKING_CODE_TRIES = _int("BOOKING_CODE_TRIES", 5)
    BOOKING_CODE_SENDS = _int("BOOKING_CODE_SENDS", 3)
    BOOKING_CODE_RESEND_SECONDS = _int("BOOKING_CODE_RESEND_SECONDS", 60)
    #: Upcoming evaluations one email address (or one patient) may hold at once online.
    BOOKING_MAX_UPCOMING = _int("BOOKING_MAX_UPCOMING", 2)
    #: A details form sent sooner than this after it was shown is taken for a script.
    BOOKING_MIN_FORM_SECONDS = _int("BOOKING_MIN_FORM_SECONDS", 3)
    #: Emails anyone can make the clinic send (codes, "email me my link", question received)
    #: to one address in 24 hours; confirmations are capped by BOOKING_MAX_UPCOMING instead.
    PUBLIC_EMAILS_PER_RECIPIENT = _int("PUBLIC_EMAILS_PER_RECIPIENT", 5)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_FROM = os.environ.get(
        "MAIL_FROM", "Lakeshore & Peaks Physical Therapy <hello@clinic.example>"
    )
    #: Where "call this patient" alerts go (a staff inbox); empty: the clinic's contact email.
    CLINIC_ALERT_EMAIL = os.environ.get("CLINIC_ALERT_EMAIL", "")
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = _int("SMTP_PORT", 25)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_SECURITY = os.environ.get("SMTP_SECURITY", "none")  # none, starttls or tls
    #: Strict-Transport-Security max-age in seconds; 0 sends no header (plain-HTTP development).
    HSTS_MAX_AGE = _int("HSTS_MAX_AGE", 0)
    #: Flask-Limiter, the per-address guard in front of sign-in, holds, the ask form and the API.
    #: memory:// counts inside one process: with several workers or hosts use a shared store
    #: (redis://host:6379 or memcached://host:11211), or each worker counts on its own.
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "true").lower() in ("1", "true", "yes")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "10 per minute; 60 per hour")
    RATELIMIT_HOLD = os.environ.get("RATELIMIT_HOLD", "10 per minute; 60 per hour")
    RATELIMIT_ASK = os.environ.get("RATELIMIT_ASK", "5 per minute; 20 per hour")
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "120 per minute")
    RATELIMIT_LINK = os.environ.get("RATELIMIT_LINK", "5 per minute; 20 per hour")
    #: How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host. 0 trusts
    #: none: behind a proxy every client would share its address in the rate limits, the
    #: sign-in throttle and the audit log, so set it to the number of proxies there.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)


class DevelopmentConfig(Config):
    CLINIC_ENV = "development"
    #: `make run` serves 127.0.0.1:5000; a developer may type localhost for the same server.
    EXTRA_TRUSTED_HOSTS = os.environ.get("EXTRA_TRUSTED_HOSTS", "localhost")


class TestingConfig(Config):
    CLINIC_ENV = "testing"
    TESTING = True
    # A key for the test suite only; production refuses to start without a real one.
    SECRET_KEY = "testing-only-secret-key-not-for-production"  # noqa: S105  # nosec B105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    #: Password hashing cost is lowered in tests only; production keeps Werkzeug's defaults.
    # A hashing method's name and cost, not a password.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105  # nosec B105
    #: Off so other tests may repeat requests freely; tests/web/test_rate_limits.py turns it on.
    RATELIMIT_ENABLED = False
    #: The test client's default host, beside PUBLIC_BASE_URL's 127.0.0.1.
    EXTRA_TRUSTED_HOSTS = "localhost"
    #: The tests' clock stands still; tests/security/test_booking_abuse.py sets it.
    BOOKING_MIN_FORM_SECONDS = 0


class ProductionConfig(Config):
    CLINIC_ENV = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SESSION_COOKIE_SECURE = True
    #: The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain: no subdomain
    #: or plain-HTTP page can plant or overwrite the staff session cookie.
    SESSION_COOKIE_NAME = "__Host-clinic_session"
    PREFERRED_URL_SCHEME = "https"
    HSTS_MAX_AGE = _int("HSTS_MAX_AGE", 365 * 24 * 3600)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
