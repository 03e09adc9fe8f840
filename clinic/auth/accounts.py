"""Changing accounts: one's own password, and an admin creating, re-roling and disabling staff.

Every change first re-asks the acting person's password (re-authentication, throttled like
sign-in), is written to the audit log, and ends the affected user's sessions on the server
whenever it changes who they are or what they may do.
"""

from dataclasses import dataclass

from sqlalchemy import select

from clinic.audit.record import client_address, record
from clinic.auth import passwords, services, throttle
from clinic.auth.models import Role, StaffSession, User
from clinic.core import clock
from clinic.core.errors import DomainError
from clinic.extensions import db
from clinic.practice.models import Therapist


class AccountError(DomainError):
    """A refused account change; `field` names the form field the message belongs to."""

    status_code = 422

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ReauthenticationFailed(AccountError):
    status_code = 401


class ReauthenticationThrottled(AccountError):
    status_code = 429

    def __init__(self, retry_after: int):
        super().__init__(services.SignInThrottled(retry_after).message)
        self.retry_after = retry_after


REAUTH_REFUSED = "That isn't your current password."
NEW_PROFILE = "new"


@dataclass(frozen=True)
class TherapistProfile:
    """Which therapist record a therapist's account is linked to: an existing, unlinked one
    (`therapist_id`), or a new one with a display name and credentials."""

    therapist_id: int | None = None
    display_name: str = ""
    credentials: str = ""


@dataclass(frozen=True)
class NewStaff:
    email: str
    role: Role
    password: str
    profile: TherapistProfile = TherapistProfile()


def reauthenticate(user: User, password: str, purpose: str) -> None:
    """Check the signed-in person's own password again before a sensitive change.

    Attempts count against the same throttle as sign-in (this account from this address, the
    address, the account), so a stolen session cannot be used to guess the password.
    """
    now = clock.now()
    policy = services.throttle_policy()
    keys = throttle.keys_for(user.email, client_address())
    wait = throttle.attempt(policy, list(keys.values()), now)
    if wait is not None:
        record("auth.reauth_throttled", actor=user, details={"purpose": purpose})
        raise ReauthenticationThrottled(wait)
    if not passwords.verify(user.password_hash, password):
        record("auth.reauth_failed", actor=user, details={"purpose": purpose})
        raise ReauthenticationFailed(REAUTH_REFUSED, field="current_password")
    throttle.succeeded(policy, keys)


def change_own_password(user: User, current: str, new: str) -> StaffSession:
    """Set a new password, end every session of the user, and open a fresh one for this browser."""
    reauthenticate(user, current, "password_change")
    if passwords.verify(user.password_hash, new):
        raise AccountError("Choose a password different from your current one.", "new_password")
    try:
        user.password_hash = passwords.hash_password(new)
    except passwords.WeakPassword as weak:
        raise AccountError(weak.message, "new_password") from None
    ended = services.revoke_all_sessions(user)
    record("auth.password_change", actor=user, subject=user, details={"sessions_ended": ended})
    return services.start_session(user)


def _link_profile(user: User, profile: TherapistProfile) -> int:
    """Give a therapist's account its therapist record; returns the record's id."""
    if profile.therapist_id is not None:
        therapist = db.session.get(Therapist, profile.therapist_id)
        if therapist is None or therapist.user_id not in (None, user.id):
            raise AccountError(
                "That therapist profile is linked to another account. Choose another.",
                "therapist_profile",
            )
    else:
        if not profile.display_name.strip():
            raise AccountError("Enter the name patients will see.", "display_name")
        if not profile.credentials.strip():
            raise AccountError("Enter the therapist's credentials, e.g. PT, DPT.", "credentials")
        therapist = Therapist(
            display_name=profile.display_name.strip(),
            credentials=profile.credentials.strip(),
            bio="",
            specialties=[],
        )
        db.session.add(therapist)
    therapist.user = user
    db.session.flush()
    return therapist.id


def therapist_id_of(user: User) -> int | None:
    return db.session.scalar(select(Therapist.id).where(Therapist.user_id == user.id))


def create_staff(actor: User, admin_password: str, new: NewStaff) -> User:
    reauthenticate(actor, admin_password, "user.create")
    if services.find_user(new.email) is not None:
        raise AccountError("There is already an account with that email.", "email")
    try:
        user = services.create_user(new.email, new.password, new.role)
    except passwords.WeakPassword as weak:
        raise AccountError(weak.message, "new_password") from None
    details = {"role": new.role.value}
    if new.role == Role.THERAPIST:
        details["therapist_id"] = _link_profile(user, new.profile)
    record("user.create", actor=actor, subject=user, details=details)
    return user


def _other_active_admins(user: User) -> int:
    """Active admins besides `user`, with their rows locked so two admins demoting each other
    at once cannot both succeed (on SQLite, write transactions are serialised anyway)."""
    ids = db.session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.active, User.id != user.id)
        .with_for_update()
    ).all()
    return len(ids)


def _keep_an_admin(user: User, doing: str) -> None:
    if user.role == Role.ADMIN and user.active and _other_active_admins(user) == 0:
        raise AccountError(
            f"{user.email} is the only active administrator, so you can't {doing}. "
            "Make someone else an administrator first."
        )


def change_role(actor: User, admin_password: str, user: User, role: Role, profile=None) -> bool:
    """Give a user another role and end their sessions; False when the role was already theirs."""
    reauthenticate(actor, admin_password, "user.role_change")
    if role == user.role:
        return False
    if role != Role.ADMIN:
        _keep_an_admin(user, "change their role")
    details: dict = {"from": user.role.value, "to": role.value}
    if role == Role.THERAPIST and therapist_id_of(user) is None:
        details["therapist_id"] = _link_profile(user, profile or TherapistProfile())
    user.role = role
    details["sessions_ended"] = services.revoke_all_sessions(user)
    record("user.role_change", actor=actor, subject=user, details=details)
    return True


def set_active(actor: User, admin_password: str, user: User, active: bool) -> bool:
    """Enable or disable an account; disabling ends its sessions. False when nothing changed."""
    reauthenticate(actor, admin_password, "user.enable" if active else "user.disable")
    if user.active == active:
        return False
    if not active:
        if user.id == actor.id:
            raise AccountError(
                "You can't disable your own account. Ask another administrator to do it."
            )
        _keep_an_admin(user, "disable their account")
    user.active = active
    details = {}
    if not active:
        details["sessions_ended"] = services.revoke_all_sessions(user)
    therapist = db.session.scalar(select(Therapist).where(Therapist.user_id == user.id))
    if therapist is not None:
        # A disabled therapist takes no new bookings anywhere (online, API, front desk);
        # the front desk's day page lists their upcoming visits to move.
        therapist.active = active
        details["therapist_bookable"] = active
    record("user.enable" if active else "user.disable", actor=actor, subject=user, details=details)
    return True


def staff_list() -> list[User]:
    """Every account, by role and then email."""
    return db.session.scalars(select(User).order_by(User.role, User.email)).all()


def unlinked_therapists() -> list[Therapist]:
    return db.session.scalars(
        select(Therapist).where(Therapist.user_id.is_(None)).order_by(Therapist.display_name)
    ).all()
