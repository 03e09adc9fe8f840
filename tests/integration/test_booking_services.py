"""Booking services on a real database: every rule re-checked, the time claimed or refused."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.scheduling import booking, claims
from clinic.scheduling.availability import Reason
from clinic.scheduling.errors import (
    AppointmentClosed,
    SlotNotBookable,
    SlotTaken,
    TherapistUnavailable,
    TypeNotBookable,
    WrongDuration,
)
from clinic.scheduling.models import AppointmentStatus, SlotClaim, TimeOff
from tests import factories

MONDAY = date(2026, 3, 2)  # the fixed clock reads 09:00 on this day in Chicago
TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def world(db_session):
    clinic = factories.make_bookable_clinic()
    db_session.commit()
    return clinic


def hold(world, start, clock, nonce="form-1", **extra):
    return booking.hold(world.request(start, **extra), nonce=nonce, now=clock.now())


def test_hold_then_confirm_books_the_time(world, clock):
    held = hold(world, world.local(TUESDAY, 10), clock)
    assert held.status == AppointmentStatus.HELD
    assert held.hold_expires_at == clock.now() + timedelta(minutes=10)
    booked = booking.confirm(held, patient=world.patient, now=clock.now())
    assert booked.status == AppointmentStatus.BOOKED and booked.hold_expires_at is None
    assert booked.busy_until == world.local(TUESDAY, 11, 15)
    assert claims.count(booked) == 5  # 10:00-11:15 on a 15-minute grid


@pytest.mark.parametrize(
    ("day", "hour", "minute", "reason"),
    [
        (MONDAY - timedelta(days=1), 10, 0, Reason.PAST),
        (MONDAY, 10, 0, Reason.INSIDE_NOTICE),
        (MONDAY + timedelta(days=70), 10, 0, Reason.BEYOND_HORIZON),
        (TUESDAY, 10, 7, Reason.OFF_GRID),
        (TUESDAY, 16, 30, Reason.OUTSIDE_HOURS),
        (TUESDAY, 7, 0, Reason.OUTSIDE_HOURS),
        (MONDAY + timedelta(days=5), 10, 0, Reason.OUTSIDE_HOURS),
    ],
    ids=[
        "past",
        "inside-notice",
        "beyond-horizon",
        "off-grid",
        "runs-past-closing",
        "before-opening",
        "saturday",
    ],
)
def test_each_broken_rule_is_refused_with_its_own_reason(world, clock, day, hour, minute, reason):
    with pytest.raises(SlotNotBookable) as refused:
        hold(world, world.local(day, hour, minute), clock)
    assert refused.value.reason == reason
    assert refused.value.message == SlotNotBookable.MESSAGES[reason]


def test_front_desk_may_book_inside_the_online_notice(world, clock):
    start = world.local(MONDAY, 10)
    made = booking.book(
        world.request(start), patient=world.patient, nonce="desk-1", now=clock.now(), actor=None
    )
    assert made.status == AppointmentStatus.BOOKED


def test_time_off_and_closures_refuse_the_time(world, clock, db_session):
    db_session.add(
        TimeOff(
            therapist_id=world.therapist.id,
            starts_at=world.local(TUESDAY, 12),
            ends_at=world.local(TUESDAY, 14),
            reason="Dentist",
        )
    )
    db_session.add(
        TimeOff(
            location_id=world.location.id,
            starts_at=world.local(TUESDAY + timedelta(days=1), 0),
            ends_at=world.local(TUESDAY + timedelta(days=2), 0),
            reason="Holiday",
        )
    )
    db_session.flush()
    for start in (world.local(TUESDAY, 11), world.local(TUESDAY + timedelta(days=1), 10)):
        with pytest.raises(SlotNotBookable) as refused:
            hold(world, start, clock)
        assert refused.value.reason == Reason.TIME_OFF


def test_wrong_duration_is_refused(world, clock):
    start = world.local(TUESDAY, 10)
    with pytest.raises(WrongDuration):
        hold(world, start, clock, end=start + timedelta(minutes=30))


def test_inactive_therapist_and_wrong_location_are_refused(world, clock, db_session):
    other_place = factories.make_location()
    with pytest.raises(TherapistUnavailable):
        booking.hold(
            booking.SlotRequest(
                world.therapist.id, other_place.id, world.kind.id, world.local(TUESDAY, 10)
            ),
            nonce="x",
            now=clock.now(),
        )
    world.therapist.active = False
    with pytest.raises(TherapistUnavailable):
        hold(world, world.local(TUESDAY, 10), clock)


def test_therapist_not_taking_new_patients_is_refused_online_only(world, clock):
    world.therapist.accepts_new_patients = False
    with pytest.raises(TherapistUnavailable, match="new patients"):
        hold(world, world.local(TUESDAY, 10), clock)
    booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="d",
        now=clock.now(),
        actor=None,
    )


def test_type_not_bookable_online_is_refused_online_but_booked_by_the_desk(world, clock):
    start = world.local(TUESDAY, 10)
    with pytest.raises(TypeNotBookable):
        hold(world, start, clock, kind=world.follow_up)
    made = booking.book(
        world.request(start, kind=world.follow_up),
        patient=world.patient,
        nonce="desk",
        now=clock.now(),
        actor=None,
    )
    assert made.ends_at - made.starts_at == timedelta(minutes=45)


def test_the_buffer_after_a_visit_is_kept_free(world, clock):
    booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="a",
        now=clock.now(),
        actor=None,
    )
    with pytest.raises(SlotTaken):
        hold(world, world.local(TUESDAY, 11), clock)
    assert hold(world, world.local(TUESDAY, 11, 15), clock).status == AppointmentStatus.HELD


def test_a_taken_time_offers_the_nearest_free_times(world, clock):
    start = world.local(TUESDAY, 10)
    hold(world, start, clock, nonce="first")
    with pytest.raises(SlotTaken) as lost:
        hold(world, start, clock, nonce="second")
    assert lost.value.status_code == 409
    assert "just taken" in lost.value.message
    nearest = lost.value.alternatives
    assert nearest and all(abs(s.start - start) <= timedelta(hours=2) for s in nearest)
    assert all(
        s.start >= start + timedelta(minutes=75) or s.start + timedelta(minutes=75) <= start
        for s in nearest
    )


def test_the_same_form_submitted_twice_returns_the_booking_already_made(world, clock, db_session):
    request = world.request(world.local(TUESDAY, 10))
    first = booking.book(request, patient=world.patient, nonce="same", now=clock.now(), actor=None)
    again = booking.book(request, patient=world.patient, nonce="same", now=clock.now(), actor=None)
    assert again.id == first.id
    held_again = booking.hold(request, nonce="same", now=clock.now())
    assert held_again.id == first.id and held_again.status == AppointmentStatus.BOOKED


def test_holding_again_from_the_same_form_moves_the_hold(world, clock):
    first = hold(world, world.local(TUESDAY, 10), clock)
    moved = hold(world, world.local(TUESDAY, 14), clock)
    assert moved.id == first.id and moved.starts_at == world.local(TUESDAY, 14)
    assert hold(world, world.local(TUESDAY, 10), clock, nonce="other").status == "held"


def test_a_lapsed_hold_blocks_nobody(world, clock):
    start = world.local(TUESDAY, 10)
    stale = hold(world, start, clock, nonce="slow")
    clock.advance(minutes=11)
    fresh = hold(world, start, clock, nonce="fast")
    assert fresh.status == AppointmentStatus.HELD
    with pytest.raises(SlotTaken):
        booking.confirm(stale, patient=world.patient, now=clock.now())
    assert claims.count(fresh) == 5


def test_a_lapsed_hold_whose_time_is_still_free_is_renewed_on_confirm(world, clock):
    held = hold(world, world.local(TUESDAY, 10), clock)
    clock.advance(minutes=30)
    booked = booking.confirm(held, patient=world.patient, now=clock.now())
    assert booked.status == AppointmentStatus.BOOKED and claims.count(booked) == 5


def test_confirming_twice_is_harmless(world, clock):
    held = hold(world, world.local(TUESDAY, 10), clock)
    booking.confirm(held, patient=world.patient, now=clock.now())
    booking.confirm(held, patient=world.patient, now=clock.now())
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "appointment.book")
        )
        == 1
    )


def test_reschedule_frees_the_old_time_and_takes_the_new(world, clock):
    made = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="a",
        now=clock.now(),
        actor=None,
    )
    booking.reschedule(made, start=world.local(TUESDAY, 14), now=clock.now(), online=True)
    assert made.starts_at == world.local(TUESDAY, 14) and made.ical_sequence == 1
    assert hold(world, world.local(TUESDAY, 10), clock, nonce="b").status == "held"
    cells = db.session.scalars(
        select(SlotClaim.cell_start).where(SlotClaim.appointment_id == made.id)
    ).all()
    assert min(cells) == world.local(TUESDAY, 14)


def test_rescheduling_into_a_taken_time_keeps_the_original(world, clock, db_session):
    mine = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="mine",
        now=clock.now(),
        actor=None,
    )
    booking.book(
        world.request(world.local(TUESDAY, 14)),
        patient=world.patient,
        nonce="theirs",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    with pytest.raises(SlotTaken):
        booking.reschedule(mine, start=world.local(TUESDAY, 14), now=clock.now(), online=True)
    db_session.refresh(mine)
    assert mine.starts_at == world.local(TUESDAY, 10) and mine.ical_sequence == 0
    assert claims.count(mine) == 5


def test_cancelling_frees_the_time_and_twice_is_harmless(world, clock):
    made = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="a",
        now=clock.now(),
        actor=None,
    )
    booking.cancel(made, now=clock.now(), reason="Feeling better")
    booking.cancel(made, now=clock.now(), reason="again")
    assert made.status == AppointmentStatus.CANCELLED and made.ical_sequence == 1
    assert made.cancel_reason == "Feeling better" and claims.count(made) == 0
    assert hold(world, world.local(TUESDAY, 10), clock, nonce="b").status == "held"


def test_a_cancelled_or_completed_visit_cannot_be_moved(world, clock):
    made = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="a",
        now=clock.now(),
        actor=None,
    )
    booking.cancel(made, now=clock.now())
    with pytest.raises(AppointmentClosed):
        booking.reschedule(made, start=world.local(TUESDAY, 14), now=clock.now(), online=False)
    done = booking.book(
        world.request(world.local(TUESDAY, 12)),
        patient=world.patient,
        nonce="b",
        now=clock.now(),
        actor=None,
    )
    done.status = AppointmentStatus.COMPLETED
    with pytest.raises(AppointmentClosed):
        booking.cancel(done, now=clock.now())


def test_booking_changes_are_audited(world, clock):
    made = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="a",
        now=clock.now(),
        actor=None,
    )
    booking.reschedule(made, start=world.local(TUESDAY, 14), now=clock.now(), online=False)
    booking.cancel(made, now=clock.now())
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == made.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["appointment.book", "appointment.reschedule", "appointment.cancel"]


def test_naive_datetimes_are_refused(world, clock):
    with pytest.raises(ValueError, match="aware"):
        hold(world, datetime(2026, 3, 3, 10, 0), clock)  # noqa: DTZ001 - the point of the test
