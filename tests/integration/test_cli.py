"""The `create-user` and `seed-demo` commands, run through Flask's CLI runner."""

from collections import Counter, defaultdict
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from clinic.auth.models import Role, User
from clinic.core.regions import REGIONS
from clinic.demo import data
from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling.models import Appointment, AppointmentType, TimeOff

EMAIL = "new.person@clinic.example"
NEW_PASSWORD = "a long enough passphrase"
LANDING = {Role.ADMIN: "/admin/", Role.FRONT_DESK: "/frontdesk/", Role.THERAPIST: "/therapist/"}


def flask(app, runner, *args: str, input: str | None = None):
    """Run `flask --app clinic <args>`. The real `flask` command pushes an app context for
    every command; `app.cli` under the test runner does not, so this does it the same way."""
    with app.app_context():
        return runner.invoke(args=list(args), input=input)


def create_user(app, runner, email=EMAIL, role="front_desk", password=NEW_PASSWORD):
    return flask(app, runner, "create-user", email, "--role", role, input=f"{password}\n")


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


# create-user


def test_create_user_makes_an_account_whose_password_signs_in(app, runner, auth):
    result = create_user(app, runner)

    assert result.exit_code == 0, result.output
    assert f"Created front desk {EMAIL}." in result.output
    response = auth.sign_in(EMAIL, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/frontdesk/"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        pytest.param("short-pw", "Use at least 12 characters.", id="too-short"),
        pytest.param("abcd" * 33, "Use at most 128 characters.", id="too-long"),
        pytest.param("a" * 16, "more variety", id="one-repeated-character"),
    ],
)
def test_create_user_refuses_a_weak_password_and_creates_nothing(app, runner, password, message):
    result = create_user(app, runner, password=password)

    assert result.exit_code == 1
    assert message in result.output
    assert count_users(app) == 0


@pytest.mark.parametrize("again", [EMAIL, EMAIL.upper()], ids=["same", "different-case"])
def test_create_user_refuses_an_email_that_already_has_an_account(app, runner, again):
    assert create_user(app, runner).exit_code == 0

    result = create_user(app, runner, email=again)

    assert result.exit_code == 1
    assert f"A user with the email {EMAIL} already exists." in result.output
    assert count_users(app) == 1


def test_create_user_refuses_an_unknown_role_with_a_usage_error(app, runner):
    result = create_user(app, runner, role="receptionist")

    assert result.exit_code == 2
    assert "Invalid value for '--role'" in result.output
    assert count_users(app) == 0


# seed-demo


@pytest.fixture
def seeded(app, runner):
    """The demo clinic, loaded once; the command's result."""
    result = flask(app, runner, "seed-demo")
    assert result.exit_code == 0, result.output
    return result


def test_seed_demo_run_twice_adds_nothing_the_second_time(app, runner, seeded):
    first = row_counts(app)

    again = flask(app, runner, "seed-demo")

    assert again.exit_code == 0, again.output
    assert "nothing new" in again.output
    assert row_counts(app) == first
    assert first["appointment"] > 0


@pytest.mark.parametrize("days_later", range(7))
def test_no_demo_visit_sits_in_its_therapists_time_off_or_a_closure(
    app, runner, clock, db_session, days_later
):
    # Each weekday as the seeding day: visits moved past a weekend must not land in time off.
    clock.advance(days=days_later)
    assert flask(app, runner, "seed-demo").exit_code == 0
    clashes = db.session.scalars(
        select(Appointment).join(
            TimeOff,
            (
                (TimeOff.therapist_id == Appointment.therapist_id)
                | (TimeOff.location_id == Appointment.location_id)
            )
            & (TimeOff.starts_at < Appointment.ends_at)
            & (TimeOff.ends_at > Appointment.starts_at),
        )
    ).all()
    assert clashes == []


def test_demo_clinic_has_two_locations_in_different_states_and_time_zones(seeded, db_session):
    locations = db_session.scalars(select(Location)).all()

    assert len(locations) == 2
    assert len({location.state for location in locations}) == 2
    assert len({location.timezone for location in locations}) == 2
    for location in locations:
        ZoneInfo(location.timezone)


def test_demo_clinic_has_six_therapists_with_credentials_bios_and_specialties(seeded, db_session):
    therapists = db_session.scalars(select(Therapist)).all()

    assert len(therapists) == 6
    for therapist in therapists:
        assert therapist.credentials, therapist.display_name
        assert therapist.bio, therapist.display_name
        assert therapist.specialties, therapist.display_name
        assert set(therapist.specialties) <= set(REGIONS), therapist.display_name
        assert therapist.user is not None, therapist.display_name


def test_demo_appointment_types_match_the_spec(seeded, db_session):
    types = {kind.slug: kind for kind in db_session.scalars(select(AppointmentType))}

    assert types["initial-evaluation"].duration_minutes == 60
    assert types["initial-evaluation"].online_bookable
    assert types["follow-up"].duration_minutes == 45
    assert types["re-evaluation"].duration_minutes == 45


def test_demo_clinic_has_one_demo_user_per_role(seeded, db_session):
    roles = Counter(db_session.scalars(select(User.role)))

    assert roles == {Role.ADMIN: 1, Role.FRONT_DESK: 1, Role.THERAPIST: 6}


@pytest.mark.parametrize("role", [pytest.param(role, id=role.value) for role in Role])
def test_demo_sign_ins_printed_by_seed_demo_work(seeded, auth, role):
    [(email, password)] = [
        (line.split()[1], line.split()[2])
        for line in seeded.output.splitlines()
        if line.split()[:1] == [role.value]
    ]
    assert password == data.DEMO_PASSWORDS[role.value]

    response = auth.sign_in(email, password)

    assert response.status_code == 302
    assert response.headers["Location"] == LANDING[role]


def test_demo_clinic_has_some_time_off_and_a_closure(seeded, db_session):
    time_off = db_session.scalars(select(TimeOff)).all()

    assert any(entry.therapist_id is not None for entry in time_off)
    assert any(entry.location_id is not None for entry in time_off)


def test_demo_appointments_are_in_the_future_and_never_overlap_per_therapist(
    seeded, db_session, clock
):
    appointments = db_session.scalars(select(Appointment).order_by(Appointment.starts_at)).all()
    by_therapist = defaultdict(list)
    for appointment in appointments:
        by_therapist[appointment.therapist_id].append(appointment)

    assert appointments
    assert all(appointment.starts_at > clock.now() for appointment in appointments)
    for visits in by_therapist.values():
        for earlier, later in pairwise(visits):
            assert later.starts_at >= earlier.busy_until, (earlier.id, later.id)
