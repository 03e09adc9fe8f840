"""Staff accounts, their server-side sessions, and sign-in throttling state."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db


class Role(enum.StrEnum):
    ADMIN = "admin"
    FRONT_DESK = "front_desk"
    THERAPIST = "therapist"

    @property
    def label(self) -> str:
        return {"admin": "Administrator", "front_desk": "Front desk", "therapist": "Therapist"}[
            self.value
        ]


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; sign-in compares lower-cased input.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]

    sessions: Mapped[list["StaffSession"]] = relationship(back_populates="user")

    #: The session this request was authenticated by (set by the user loader, not a column).
    current_session = None

    # Flask-Login's protocol, spelled out instead of inheriting UserMixin so that the id
    # kept in the cookie is the session token, never the user's primary key.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.current_session.public_id if self.current_session else None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"


class StaffSession(db.Model):
    """One signed-in browser. Revoking the row ends that session even if the cookie is replayed."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    #: SHA-256 of the random token kept in the signed cookie.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    client_address: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship(back_populates="sessions")

    #: The raw token, known only in the request that created the session.
    public_id = None


class LoginThrottle(db.Model):
    """Sign-in attempts counted per key ("pair:<email>|<ip>", "address:<ip>",
    "account:<email>" or "browser:<id>"); see clinic/auth/throttle.py.

    Keys use the typed email whether or not an account exists, so throttling reveals nothing
    about which emails are registered.
    """

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    #: The last counted attempt; a key quiet for a whole window starts counting again.
    last_attempt_at: Mapped[datetime]
    #: Attempts counted since the key last started over (a success, or a quiet window).
    failures: Mapped[int] = mapped_column(default=0)
    #: No attempt on this key is checked before this instant (the growing delay).
    blocked_until: Mapped[datetime | None]
