"""Who may do what: pure functions of a role (and ownership), used by views and templates.

Kept free of Flask so the whole access matrix can be tested as a table.
"""

from enum import StrEnum

from clinic.auth.models import Role


class Permission(StrEnum):
    VIEW_ALL_SCHEDULES = "view_all_schedules"
    MANAGE_BOOKINGS = "manage_bookings"
    MANAGE_HOURS = "manage_hours"
    VIEW_OWN_SCHEDULE = "view_own_schedule"
    READ_INTAKES = "read_intakes"
    EDIT_PLANS = "edit_plans"
    ANSWER_QUESTIONS = "answer_questions"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    PUBLISH_CONTENT = "publish_content"
    VIEW_AUDIT_LOG = "view_audit_log"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.FRONT_DESK: frozenset(
        {Permission.VIEW_ALL_SCHEDULES, Permission.MANAGE_BOOKINGS, Permission.MANAGE_HOURS}
    ),
    Role.THERAPIST: frozenset(
        {
            Permission.VIEW_OWN_SCHEDULE,
            Permission.READ_INTAKES,
            Permission.EDIT_PLANS,
            Permission.ANSWER_QUESTIONS,
            Permission.PUBLISH_CONTENT,
        }
    ),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in GRANTS.get(role, frozenset())


def can_read_intake(role: Role, own_therapist_id: int | None, booked_with_id: int) -> bool:
    """Minimum necessary: admins, and the therapist the appointment is booked with.

    The front desk sees an intake's status and screening level, never its answers.
    """
    if role == Role.ADMIN:
        return True
    return (
        role == Role.THERAPIST
        and own_therapist_id is not None
        and (own_therapist_id == booked_with_id)
    )


def landing_endpoint(role: Role) -> str:
    """Where each role starts after signing in."""
    return {
        Role.ADMIN: "admin.home",
        Role.FRONT_DESK: "frontdesk.home",
        Role.THERAPIST: "therapist.home",
    }[role]
