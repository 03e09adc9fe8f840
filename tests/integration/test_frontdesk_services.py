"""The front desk's services on a real database: bookings by phone, status changes and the
direct-access actions, each through the domain rules and into the audit log."""

from datetime import date

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.booking.models import ManageToken
from clinic.extensions import db
from clinic.frontdesk import services
from clinic.frontdesk.tracker import Kind
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import Access, Episode
from clinic.scheduling import status, transitions
from clinic.scheduling.errors import SlotTaken
from clinic.scheduling.models import AppointmentStatus, SlotClaim
from tests import factories

TUESDAY = date(2026, 3, 3)
DETAILS = {
    "first_name": "Rosa",
    "last_name": "Phone",
    "email": "Rosa@Example.com",
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


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def book(world, clock, nonce="phone-1", hour=10, details=DETAILS):
    return services.book_for_patient(
        details,
        world.request(world.local(TUESDAY, hour), kind=world.follow_up),
        region="knee",
        nonce=nonce,
        now=clock.now(),
        actor=world.desk,
    )


def test_a_phone_booking_is_a_full_booking(world, clock):
    appointment = book(world, clock)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.patient.email == "rosa@example.com"
    episode = db.session.get(Episode, appointment.episode_id)
    assert episode.access == Access.DIRECT and episode.started_on == date(2026, 3, 2)
    assert episode.first_seen_on is None  # the clock waits for the first visit
    assert appointment.intake.region == "knee"
    assert count(ManageToken) == 1 and count(OutboxMessage) == 1
    assert count(SlotClaim) == 4  # 45 minutes plus a 15-minute buffer on a 15-minute grid
    actor = db.session.scalar(select(AuditEvent.actor_label))
    assert actor == world.desk.email


def test_the_same_nonce_books_once_and_sends_once(world, clock):
    first = book(world, clock)
    again = book(world, clock)
    assert again.id == first.id and count(OutboxMessage) == 1


def test_a_taken_time_is_refused_with_nearest_free_times(world, clock):
    book(world, clock)
    with pytest.raises(SlotTaken) as taken:
        book(world, clock, nonce="phone-2", details=DETAILS | {"email": "other@example.com"})
    assert taken.value.alternatives
    assert all(slot.start != world.local(TUESDAY, 10) for slot in taken.value.alternatives)


def test_moving_and_cancelling_tell_the_patient_once_each(world, clock):
    appointment = book(world, clock)
    services.reschedule(
        appointment,
        start=world.local(TUESDAY, 14),
        therapist_id=None,
        now=clock.now(),
        actor=world.desk,
    )
    services.cancel(appointment, reason="Called to cancel", now=clock.now(), actor=world.desk)
    services.cancel(appointment, reason="again", now=clock.now(), actor=world.desk)
    kinds = db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
    assert kinds == ["confirmation", "rescheduled", "cancelled"]
    assert appointment.cancel_reason == "Called to cancel" and count(SlotClaim) == 0


def test_status_changes_follow_the_machine_and_count_completed_visits(world, clock):
    appointment = book(world, clock)
    with pytest.raises(transitions.IllegalTransition):
        status.change_status(
            appointment, transitions.Action.COMPLETE, now=clock.now(), actor=world.desk
        )
    clock.advance(hours=24)
    status.change_status(appointment, transitions.Action.CHECK_IN, now=clock.now(), actor=None)
    status.change_status(appointment, transitions.Action.COMPLETE, now=clock.now(), actor=None)
    assert appointment.status == AppointmentStatus.COMPLETED
    assert db.session.get(Episode, appointment.episode_id).visits_used == 1
    assert count(SlotClaim) == 4  # a completed visit keeps its time


def test_episode_actions_are_checked_and_a_referral_ends_direct_access(world, clock):
    episode = factories.make_episode(world.patient, world.location, date(2026, 2, 2))
    today = date(2026, 3, 2)
    for bad in (date(2026, 3, 3), date(2026, 2, 1)):
        with pytest.raises(services.InvalidEpisodeAction):
            services.record_episode_action(
                episode,
                kind=Kind.REFERRAL,
                done_on=bad,
                today=today,
                now=clock.now(),
                actor=world.desk,
            )
    with pytest.raises(services.InvalidEpisodeAction):
        services.record_episode_action(
            episode, kind="lunch", done_on=today, today=today, now=clock.now(), actor=None
        )
    services.record_episode_action(
        episode, kind=Kind.PROGRESS_CHECK, done_on=today, today=today, now=clock.now(), actor=None
    )
    assert episode.access == Access.DIRECT
    services.record_episode_action(
        episode, kind=Kind.REFERRAL, done_on=today, today=today, now=clock.now(), actor=None
    )
    assert episode.access == Access.REFERRED
