"""Who may do what: the whole role x permission matrix, written out by hand as a table."""

import pytest

from clinic.auth.models import Role
from clinic.auth.permissions import Permission, can_read_intake, has_permission, landing_endpoint

ADMIN, FRONT_DESK, THERAPIST = Role.ADMIN, Role.FRONT_DESK, Role.THERAPIST

#: The roles holding each permission. Written out, not derived from GRANTS, so a change to
#: the grants has to be made here too, on purpose.
MATRIX: dict[Permission, set[Role]] = {
    Permission.VIEW_ALL_SCHEDULES: {ADMIN, FRONT_DESK},
    Permission.MANAGE_BOOKINGS: {ADMIN, FRONT_DESK},
    Permission.MANAGE_HOURS: {ADMIN, FRONT_DESK},
    Permission.VIEW_OWN_SCHEDULE: {ADMIN, THERAPIST},
    Permission.READ_INTAKES: {ADMIN, THERAPIST},
    Permission.EDIT_PLANS: {ADMIN, THERAPIST},
    Permission.ANSWER_QUESTIONS: {ADMIN, THERAPIST},
    Permission.PUBLISH_CONTENT: {ADMIN, THERAPIST},
    Permission.MANAGE_USERS: {ADMIN},
    Permission.MANAGE_SETTINGS: {ADMIN},
    Permission.VIEW_AUDIT_LOG: {ADMIN},
}

CASES = [
    pytest.param(role, permission, role in holders, id=f"{role.value}-{permission.value}")
    for permission, holders in MATRIX.items()
    for role in Role
]


def test_the_matrix_covers_every_permission():
    assert set(MATRIX) == set(Permission)


@pytest.mark.parametrize(("role", "permission", "allowed"), CASES)
def test_role_has_exactly_the_permissions_in_the_matrix(role, permission, allowed):
    assert has_permission(role, permission) is allowed


@pytest.mark.parametrize(
    ("role", "endpoint"),
    [
        (ADMIN, "admin.home"),
        (FRONT_DESK, "frontdesk.home"),
        (THERAPIST, "therapist.home"),
    ],
)
def test_each_role_starts_on_its_own_page(role, endpoint):
    assert landing_endpoint(role) == endpoint


BOOKED_WITH = 7


def test_admin_can_read_any_intake():
    assert can_read_intake(ADMIN, own_therapist_id=None, booked_with_id=BOOKED_WITH)


def test_therapist_can_read_the_intake_of_their_own_appointment():
    assert can_read_intake(THERAPIST, own_therapist_id=BOOKED_WITH, booked_with_id=BOOKED_WITH)


def test_therapist_cannot_read_the_intake_of_another_therapists_appointment():
    assert not can_read_intake(THERAPIST, own_therapist_id=8, booked_with_id=BOOKED_WITH)


def test_front_desk_cannot_read_intake_answers():
    assert not can_read_intake(FRONT_DESK, own_therapist_id=None, booked_with_id=BOOKED_WITH)


def test_front_desk_cannot_read_intake_answers_even_with_a_matching_id():
    assert not can_read_intake(FRONT_DESK, own_therapist_id=BOOKED_WITH, booked_with_id=BOOKED_WITH)


def test_therapist_without_a_therapist_record_cannot_read_intakes():
    assert not can_read_intake(THERAPIST, own_therapist_id=None, booked_with_id=BOOKED_WITH)
