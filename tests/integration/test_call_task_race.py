"""One open "call this patient" task per booking, even when two requests race: real threads,
each its own connection and transaction, on SQLite and PostgreSQL."""

import threading
import time
from datetime import date

from sqlalchemy import func, select

from clinic.alerts import services as alerts
from clinic.alerts.models import CallTask
from clinic.core import clock
from clinic.core.database import begin_write
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import Appointment, ScreeningLevel
from tests import factories


def test_two_racing_warnings_open_one_task_and_send_one_alert(app):
    with app.app_context():
        world = factories.make_bookable_clinic()
        appointment = factories.make_booking(world, world.local(date(2026, 3, 4), 10), "race")
        db.session.commit()
        appointment_id = appointment.id

    first_wrote = threading.Event()
    results, errors = [], []

    def warn(level: ScreeningLevel, hold_open: bool) -> None:
        try:
            with app.app_context():
                if not hold_open:
                    first_wrote.wait(5)
                begin_write()
                found = db.session.get(Appointment, appointment_id)
                task = alerts.call_patient(found, level, clock.now())
                if hold_open:
                    # The first request's task is written but not committed while the second
                    # looks for an open task and tries to open its own.
                    first_wrote.set()
                    time.sleep(0.5)
                db.session.commit()
                results.append(task.id)
        except Exception as error:
            errors.append(error)
            first_wrote.set()

    threads = [
        threading.Thread(target=warn, args=(ScreeningLevel.PHYSICIAN, True)),
        threading.Thread(target=warn, args=(ScreeningLevel.EMERGENCY, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert errors == []
    with app.app_context():
        tasks = db.session.scalars(select(CallTask)).all()
        alerts_sent = db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == "staff_alert")
        )
    assert len(tasks) == 1 and results == [tasks[0].id, tasks[0].id]
    assert tasks[0].level == ScreeningLevel.EMERGENCY  # the graver warning raised it
    assert alerts_sent == 1
