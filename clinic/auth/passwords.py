"""Password hashing (Werkzeug's scrypt) and the rules a new password must meet."""

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

from clinic.core.errors import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 128

#: Compared against when the email is unknown, so both paths cost one hash check.
_DUMMY_HASH: dict[str, str] = {}


class WeakPassword(DomainError):
    status_code = 400


def _method() -> str:
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return "scrypt"


def hash_password(password: str) -> str:
    check_strength(password)
    return generate_password_hash(password, method=_method())


def verify(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown email) spend the same effort and fail."""
    if password_hash is None:
        method = _method()
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash("not-a-real-password", method=method)
        check_password_hash(_DUMMY_HASH[method], password)
        return False
    return check_password_hash(password_hash, password)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    if len(set(password)) < 4:
        raise WeakPassword("Use a password with more variety than a repeated character.")
