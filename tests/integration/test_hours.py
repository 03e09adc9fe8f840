"""Hours, time off and closures: no change silently strands a booked appointment."""

from datetime import date, time, timedelta

import pytest

from clinic.scheduling import booking, hours
from clinic.scheduling.errors import WouldStrandAppointments
from clinic.scheduling.models import AvailabilityRule
from tests import factories

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def world(db_session, clock):
    clinic = factories.make_bookable_clinic()
    clinic.visit = booking.book(
        clinic.request(clinic.local(TUESDAY, 13)),
        patient=clinic.patient,
        nonce="visit",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    return clinic


def tuesday_rule(world) -> AvailabilityRule:
    return next(rule for rule in world.rules if rule.weekday == TUESDAY.weekday())


def test_shortening_hours_under_a_booking_is_refused_with_the_list(world, clock):
    rule = tuesday_rule(world)
    with pytest.raises(WouldStrandAppointments) as refused:
        hours.save_rule(
            therapist_id=rule.therapist_id,
            location_id=rule.location_id,
            weekday=rule.weekday,
            start=time(8),
            end=time(12),
            rule=rule,
            now=clock.now(),
        )
    assert [a.id for a in refused.value.appointments] == [world.visit.id]
    assert "1 booked appointment" in refused.value.message
    assert rule.end_time == time(17)


def test_confirmed_change_is_saved_and_lists_appointments_for_follow_up(world, clock):
    rule = tuesday_rule(world)
    _, change = hours.save_rule(
        therapist_id=rule.therapist_id,
        location_id=rule.location_id,
        weekday=rule.weekday,
        start=time(8),
        end=time(12),
        rule=rule,
        confirm=True,
        now=clock.now(),
    )
    assert rule.end_time == time(12)
    assert [a.id for a in change.stranded] == [world.visit.id]


def test_removing_the_day_strands_its_bookings(world, clock):
    with pytest.raises(WouldStrandAppointments):
        hours.remove_rule(tuesday_rule(world), now=clock.now())
    change = hours.remove_rule(tuesday_rule(world), confirm=True, now=clock.now())
    assert [a.id for a in change.stranded] == [world.visit.id]


def test_changes_that_keep_bookings_inside_hours_need_no_confirmation(world, clock):
    rule = tuesday_rule(world)
    _, change = hours.save_rule(
        therapist_id=rule.therapist_id,
        location_id=rule.location_id,
        weekday=rule.weekday,
        start=time(12),
        end=time(18),
        rule=rule,
        now=clock.now(),
    )
    assert change.stranded == []
    _, added = hours.save_rule(
        therapist_id=rule.therapist_id,
        location_id=rule.location_id,
        weekday=5,
        start=time(9),
        end=time(12),
        now=clock.now(),
    )
    assert added.stranded == []


def test_time_off_over_a_booking_is_refused_unless_confirmed(world, clock):
    args = dict(
        starts_at=world.local(TUESDAY, 12),
        ends_at=world.local(TUESDAY, 15),
        therapist_id=world.therapist.id,
        reason="Dentist",
        now=clock.now(),
    )
    with pytest.raises(WouldStrandAppointments):
        hours.add_time_off(**args)
    _, change = hours.add_time_off(confirm=True, **args)
    assert [a.id for a in change.stranded] == [world.visit.id]


def test_a_closure_over_a_booking_is_refused_unless_confirmed(world, clock):
    args = dict(
        starts_at=world.local(TUESDAY, 0),
        ends_at=world.local(TUESDAY + timedelta(1), 0),
        location_id=world.location.id,
        reason="Holiday",
        now=clock.now(),
    )
    with pytest.raises(WouldStrandAppointments):
        hours.add_time_off(**args)
    closure, _ = hours.add_time_off(confirm=True, **args)
    assert closure.therapist_id is None


def test_time_off_elsewhere_strands_nothing(world, clock):
    _, change = hours.add_time_off(
        starts_at=world.local(TUESDAY, 8),
        ends_at=world.local(TUESDAY, 12),
        therapist_id=world.therapist.id,
        now=clock.now(),
    )
    assert change.stranded == []


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(time(12), time(12), "start time must be before"), (time(17), time(8), "start time")],
)
def test_hours_that_end_before_they_start_are_refused(world, clock, start, end, message):
    with pytest.raises(hours.InvalidHours, match=message):
        hours.save_rule(
            therapist_id=world.therapist.id,
            location_id=world.location.id,
            weekday=5,
            start=start,
            end=end,
            now=clock.now(),
        )


def test_time_off_needs_one_owner_and_a_real_span(world, clock):
    start = world.local(TUESDAY, 8)
    with pytest.raises(hours.InvalidHours, match="either a therapist or a location"):
        hours.add_time_off(starts_at=start, ends_at=start + timedelta(hours=1), now=clock.now())
    with pytest.raises(hours.InvalidHours, match="start before it ends"):
        hours.add_time_off(
            starts_at=start, ends_at=start, therapist_id=world.therapist.id, now=clock.now()
        )
