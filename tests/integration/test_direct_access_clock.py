"""The direct-access clock on a real database: it starts at the first attended visit, not at
booking, and an episode whose patient was never seen closes with its last booking."""

from datetime import UTC, date, datetime

import pytest

from clinic.auth.models import Role
from clinic.extensions import db
from clinic.frontdesk import episodes, services
from clinic.patients.models import Episode
from clinic.scheduling import status, transitions
from tests import factories

BOOKED_ON = date(2026, 3, 2)  # the fixed clock's Monday
THREE_WEEKS_ON = date(2026, 3, 23)
DETAILS = {
    "first_name": "Rosa",
    "last_name": "Later",
    "email": "rosa.later@example.com",
    "phone": "312 555 0142",
    "date_of_birth": "1970-01-31",
}


@pytest.fixture
def world(app, clock):
    with app.test_request_context():
        world = factories.make_bookable_clinic()
        world.desk = factories.make_user(Role.FRONT_DESK)
        db.session.commit()
        yield world


def book(world, clock, day=THREE_WEEKS_ON, nonce="later-1"):
    return services.book_for_patient(
        DETAILS,
        world.request(world.local(day, 10), kind=world.follow_up),
        region="knee",
        nonce=nonce,
        now=clock.now(),
        actor=world.desk,
    )


def tracked_ids(clock) -> list[int]:
    return [row.episode.id for row in episodes.tracked(clock.now())]


def check_in(appointment, clock) -> None:
    clock.current = appointment.starts_at
    status.change_status(appointment, transitions.Action.CHECK_IN, now=clock.now(), actor=None)


def test_a_booking_three_weeks_ahead_starts_no_clock_until_the_patient_is_seen(world, clock):
    appointment = book(world, clock)
    episode = db.session.get(Episode, appointment.episode_id)
    assert episode.started_on == BOOKED_ON and episode.first_seen_on is None
    assert episode.id not in tracked_ids(clock)

    check_in(appointment, clock)
    assert episode.first_seen_on == THREE_WEEKS_ON
    row = next(r for r in episodes.tracked(clock.now()) if r.episode.id == episode.id)
    assert row.assessment.status.days_used == 0  # Illinois: day 0 of 15 business days


def test_a_later_visit_does_not_move_a_started_clock(world, clock):
    first = book(world, clock, day=date(2026, 3, 3), nonce="first")
    check_in(first, clock)
    second = book(world, clock, day=date(2026, 3, 10), nonce="second")
    check_in(second, clock)
    assert db.session.get(Episode, second.episode_id).first_seen_on == date(2026, 3, 3)


def test_cancelling_the_last_booking_of_a_patient_never_seen_closes_the_episode(world, clock):
    first = book(world, clock, nonce="first")
    second = book(world, clock, day=date(2026, 3, 24), nonce="second")
    episode = db.session.get(Episode, first.episode_id)
    assert second.episode_id == episode.id

    services.cancel(first, reason="Feeling better", now=clock.now(), actor=world.desk)
    assert episode.closed_on is None  # one visit is still booked

    services.cancel(second, reason="Feeling better", now=clock.now(), actor=world.desk)
    assert episode.closed_on == BOOKED_ON
    assert episode.id not in tracked_ids(clock)


def test_cancelling_a_seen_patients_next_visit_keeps_the_episode_open(world, clock):
    first = book(world, clock, day=date(2026, 3, 3), nonce="first")
    check_in(first, clock)
    second = book(world, clock, day=date(2026, 3, 10), nonce="second")
    services.cancel(second, reason="Travelling", now=clock.now(), actor=world.desk)
    episode = db.session.get(Episode, first.episode_id)
    assert episode.closed_on is None and episode.id in tracked_ids(clock)


def test_illinois_business_days_skip_thanksgiving_on_the_tracker(world, clock):
    episode = factories.make_episode(world.patient, world.location, date(2026, 11, 20))
    db.session.commit()
    clock.current = datetime(2026, 11, 30, 15, tzinfo=UTC)  # Monday after Thanksgiving
    row = next(r for r in episodes.tracked(clock.now()) if r.episode.id == episode.id)
    # Nov 23-25, 27 and 30 count; Thursday 26 (Thanksgiving) does not.
    assert row.assessment.status.days_used == 5
    notify = row.assessment.duties[0]
    assert notify.due == date(2026, 11, 30)  # 5 business days from Friday 20, skipping the 26th
