"""The outbox sender's throughput: one sender, a real SMTP server on loopback (aiosmtpd).

Prints `outbox_send_per_s_<db>`: confirmation-sized messages (text, HTML and an invite)
delivered per second by one `send_due` run, claim and record included. Asserts only that
every message arrived exactly once.
"""

from datetime import timedelta
from time import perf_counter

from sqlalchemy import delete

from clinic.core.clock import FixedClock
from clinic.extensions import db
from clinic.invites import ics
from clinic.notifications import outbox
from clinic.notifications.backends import SmtpBackend
from clinic.notifications.models import OutboxMessage
from tests.benchmarks import dataset
from tests.integration.test_outbox import SENDER, SmtpServer, free_port

MESSAGES = 500


def _queue(now) -> None:
    event = ics.VisitEvent(
        uid="bench@clinic.example",
        sequence=0,
        start=now,
        end=now + timedelta(hours=1),
        summary="Physical therapy evaluation, Lakeshore & Peaks Physical Therapy",
        location="1 Example Street, Chicago, IL 60601",
        description="What to bring: photo ID. Manage your booking: https://clinic.example/visit/x/",
        status="CONFIRMED",
        organizer_email="hello@clinic.example",
        organizer_name="Lakeshore & Peaks Physical Therapy",
        attendee_email="pat@example.com",
        attendee_name="Pat Example",
    )
    calendar = ics.request(event, now).decode()
    body = "Hello Pat,\n\nYour appointment is booked.\n" + "What to bring: photo ID.\n" * 20
    db.session.add_all(
        OutboxMessage(
            kind="bench",
            recipient=f"patient{n}@example.com",
            subject="Your appointment at Lakeshore & Peaks Physical Therapy is booked",
            body_text=body,
            body_html="<p>" + body.replace("\n", "<br>") + "</p>",
            calendar_method="REQUEST",
            calendar_ics=calendar,
            next_attempt_at=now,
            created_at=now,
        )
        for n in range(MESSAGES)
    )
    db.session.commit()


def test_outbox_throughput(bench):
    server = SmtpServer(free_port()).start()
    clock = FixedClock(dataset.NOW)
    try:
        with bench.app.app_context():
            _queue(clock.now())
            started = perf_counter()
            report = outbox.send_due(
                SmtpBackend("127.0.0.1", server.port, timeout=5),
                clock.now,
                "bench-sender",
                sender=SENDER,
                limit=MESSAGES,
                batch=50,
            )
            elapsed = perf_counter() - started
            db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind == "bench"))
            db.session.commit()
    finally:
        server.stop()
    assert report.sent == MESSAGES
    assert sorted(server.inbox.outbox_ids().values()) == [1] * MESSAGES
    print(f"outbox_send_per_s_{bench.label}: {MESSAGES / elapsed:.1f}")
