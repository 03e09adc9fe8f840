"""Reminders and questionnaire nudges: due ones go once, whatever runs them and how often."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from clinic.booking import tokens
from clinic.intake import services as intake_services
from clinic.intake.models import IntakeStatus
from clinic.notifications import links, reminders
from clinic.notifications.models import OutboxMessage
from clinic.scheduling import booking
from tests import factories

TUESDAY = date(2026, 3, 3)  # the clock starts Monday 09:00 in Chicago


@pytest.fixture
def visit(db_session, clock):
    world = factories.make_bookable_clinic()
    world.appointment = booking.book(
        world.request(world.local(TUESDAY, 10)),
        patient=world.patient,
        nonce="v",
        now=clock.now(),
        actor=None,
    )
    world.intake = intake_services.start(world.appointment, "knee", clock.now())
    db_session.commit()
    return world


def queued(db_session) -> list[OutboxMessage]:
    return db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_the_nudge_comes_48_hours_before_and_the_reminder_24(visit, clock, db_session):
    report = reminders.send_due(clock.now())  # 25 hours before
    assert (report.reminders, report.nudges) == (0, 1)
    clock.advance(hours=2)  # 23 hours before
    report = reminders.send_due(clock.now())
    assert (report.reminders, report.nudges) == (1, 0)
    assert [m.kind for m in queued(db_session)] == ["intake_nudge", "reminder"]


def test_running_again_sends_nothing_twice(visit, clock, db_session):
    clock.advance(hours=2)
    reminders.send_due(clock.now())
    db_session.commit()
    again = reminders.send_due(clock.now())
    assert (again.reminders, again.nudges) == (0, 0)
    assert len(queued(db_session)) == 2


def test_a_complete_questionnaire_gets_no_nudge_and_no_link(visit, clock, db_session):
    visit.intake.status = IntakeStatus.COMPLETE
    clock.advance(hours=2)
    reminders.send_due(clock.now())
    [reminder] = queued(db_session)
    assert reminder.kind == "reminder"
    assert "questionnaire isn't finished" not in reminder.body_text


def test_cancelled_and_past_appointments_get_nothing(visit, clock, db_session):
    booking.cancel(visit.appointment, now=clock.now())
    clock.advance(hours=2)
    assert reminders.send_due(clock.now()) == reminders.ReminderReport(0, 0)
    clock.advance(days=3)
    assert reminders.send_due(clock.now()) == reminders.ReminderReport(0, 0)


def test_each_reminder_carries_a_working_link_and_no_health_details(app, visit, clock, db_session):
    clock.advance(hours=2)
    reminders.send_due(clock.now())
    # Queued with a placeholder: the link is made when the email is sent.
    assert all(f"/visit/{links.MARKER}/" in m.body_text for m in queued(db_session))
    delivered = factories.deliver_mail(app)
    assert len(delivered) == 2
    for message in delivered:
        text = factories.text_of(message)
        token = re.search(r"/visit/([A-Za-z0-9_-]+)/", text).group(1)
        assert tokens.find(token, clock.now()).id == visit.appointment.id
        assert "knee" not in (message["Subject"] + text).lower()


def test_the_cli_is_idempotent(visit, clock, runner, app):
    clock.advance(hours=2)
    first = runner.invoke(args=["reminders", "send"])
    assert first.exit_code == 0, first.output
    assert "Queued 1 reminders and 1 questionnaire nudges." in first.output
    second = runner.invoke(args=["reminders", "send"])
    assert "Queued 0 reminders and 0 questionnaire nudges." in second.output


def test_a_moved_visit_is_reminded_again(visit, clock, db_session):
    clock.advance(hours=2)
    reminders.send_due(clock.now())
    booking.reschedule(
        visit.appointment, start=visit.local(TUESDAY, 14), now=clock.now(), online=False
    )
    clock.advance(hours=4)  # 23 hours before the new time
    report = reminders.send_due(clock.now())
    assert report.reminders == 1
