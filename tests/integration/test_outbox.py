"""The outbox against a real SMTP server (aiosmtpd on loopback), on SQLite and PostgreSQL.

Mail is parsed as a client would parse it; concurrency is real: senders are forked processes
sharing the test database and the SMTP server, and what arrived is counted by the
X-Clinic-Outbox-Id header each message carries.
"""

import email
import itertools
import multiprocessing
import socket
import threading
import time
from collections import Counter
from datetime import date, timedelta
from email import policy
from queue import Empty

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from clinic.core import clock as clock_module
from clinic.core.database import begin_write
from clinic.extensions import db
from clinic.invites import calendar_for, ics
from clinic.notifications import outbox
from clinic.notifications.backends import SmtpBackend
from clinic.notifications.models import OutboxMessage, OutboxStatus
from clinic.notifications.outbox import LEASE, MAX_ATTEMPTS, Report, backoff
from clinic.scheduling import booking
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories

SENDER = "Lakeshore & Peaks Physical Therapy <hello@clinic.example>"
TUESDAY = date(2026, 3, 3)  # the day after the fixed clock's Monday
#: Seconds a forked sender may take before the test gives up on it.
TIMEOUT = 60
_numbers = itertools.count(1)


# An SMTP server on loopback that keeps what it receives


class Inbox:
    """An aiosmtpd handler that keeps every message's raw bytes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._raw: list[bytes] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._raw.append(envelope.original_content or envelope.content)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            raw = list(self._raw)
        return [email.message_from_bytes(data, policy=policy.default) for data in raw]

    def outbox_ids(self) -> Counter:
        return Counter(int(message["X-Clinic-Outbox-Id"]) for message in self.messages())


class SmtpServer:
    def __init__(self, port: int):
        self.port, self.inbox = port, Inbox()
        self._controller: Controller | None = None

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    """A loopback port nobody listens on (until a server is started on it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    server = SmtpServer(free_port()).start()
    yield server
    server.stop()


# Writing and sending messages


def queue_message(**overrides) -> OutboxMessage:
    """A plain message due now, added to the session and flushed."""
    n = next(_numbers)
    now = clock_module.now()
    fields = {
        "kind": "test",
        "recipient": f"patient{n}@example.com",
        "subject": f"Message {n}",
        "body_text": f"Hello, this is message {n}.\n",
        "body_html": f"<p>Hello, this is message {n}.</p>",
        "next_attempt_at": now,
        "created_at": now,
    } | overrides
    message = OutboxMessage(**fields)
    db.session.add(message)
    db.session.flush()
    return message


def invite_message(appointment: Appointment, token: str, kind: str) -> OutboxMessage:
    """The appointment's invite (REQUEST, or CANCEL once cancelled), as the outbox holds it."""
    now = clock_module.now()
    method, calendar = calendar_for.invitation(appointment, token, now)
    return queue_message(
        kind=kind,
        dedupe_key=f"{kind}:{appointment.id}:{appointment.ical_sequence}",
        recipient=appointment.patient.email,
        subject=f"Your appointment is {kind}",
        calendar_method=method,
        calendar_ics=calendar.decode(),
    )


def book_with_invite(app) -> tuple[int, str]:
    """Book a visit and queue its invite in one transaction, as a booking request does."""
    with app.test_request_context(method="POST"):
        begin_write()
        world = factories.make_bookable_clinic()
        appointment = booking.book(
            world.request(world.local(TUESDAY, 10)),
            patient=world.patient,
            nonce="outbox-test",
            now=clock_module.now(),
            actor=None,
        )
        # The manage-link token only appears in the invite's description text here.
        token = "manage-link-token"
        invite_message(appointment, token, "booked")
        db.session.commit()
        return appointment.id, token


def cancel_with_invite(app, appointment_id: int, token: str) -> None:
    with app.test_request_context(method="POST"):
        begin_write()
        appointment = db.session.get(Appointment, appointment_id)
        booking.cancel(appointment, now=clock_module.now())
        invite_message(appointment, token, "cancelled")
        db.session.commit()


def deliver(port: int, worker_id: str = "test-sender", **options) -> Report:
    """One `send_due` run through SMTP on loopback, in the caller's app context."""
    db.session.rollback()  # the outbox starts its own transactions
    backend = SmtpBackend("127.0.0.1", port, timeout=5)
    return outbox.send_due(backend, clock_module.now, worker_id, sender=SENDER, **options)


def rows() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def calendar_part(message):
    return next(part for part in message.walk() if part.get_content_type() == "text/calendar")


def method_line(calendar_text: str) -> str:
    return next(line for line in calendar_text.splitlines() if line.startswith("METHOD:"))[7:]


# Delivery through SMTP


def test_a_booking_invite_arrives_with_the_imip_tree_and_matching_methods(app, smtp_server):
    appointment_id, token = book_with_invite(app)
    cancel_with_invite(app, appointment_id, token)

    with app.app_context():
        report = deliver(smtp_server.port)
        booked, cancelled = rows()

    assert report == Report(sent=2)
    received = {message["X-Clinic-Outbox-Id"]: message for message in smtp_server.inbox.messages()}
    for row, method in ((booked, "REQUEST"), (cancelled, "CANCEL")):
        message = received[str(row.id)]
        assert message["To"] == row.recipient
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = message.iter_parts()
        assert [part.get_content_type() for part in alternative.iter_parts()] == [
            "text/plain",
            "text/html",
            "text/calendar",
        ]
        part = calendar_part(message)
        assert part.get_param("method") == method_line(part.get_content()) == method
        assert attachment.get_filename() == "invite.ics"
        assert method_line(attachment.get_content().decode()) == method
    assert sorted(smtp_server.inbox.recipients) == [[booked.recipient], [cancelled.recipient]]


def test_with_smtp_down_the_booking_stands_and_the_message_waits_until_the_server_is_back(
    app, clock
):
    port = free_port()  # nothing listens here yet
    appointment_id, _token = book_with_invite(app)

    with app.app_context():
        report = deliver(port)
        (message,) = rows()
        appointment = db.session.get(Appointment, appointment_id)
        assert appointment.status == AppointmentStatus.BOOKED
        assert report == Report(retried=1)
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert "ConnectionRefusedError" in message.last_error
        assert message.next_attempt_at > clock.now()
        assert message.claimed_by is None and message.sent_at is None
        db.session.rollback()
        assert deliver(port) == Report(), "retried before its wait was over"

    server = SmtpServer(port).start()
    try:
        clock.advance(minutes=2)
        with app.app_context():
            assert deliver(port) == Report(sent=1)
            assert deliver(port) == Report()
            (message,) = rows()
        assert message.status == OutboxStatus.SENT
        assert message.sent_at == clock.now()
        assert message.attempts == 2
        assert server.inbox.outbox_ids() == {message.id: 1}
    finally:
        server.stop()


def test_after_the_last_attempt_a_message_fails_and_retry_gives_it_one_more_go(
    app, clock, smtp_server
):
    with app.app_context():
        queue_message(attempts=MAX_ATTEMPTS - 1)
        db.session.commit()
        assert deliver(free_port()) == Report(failed=1)
        (message,) = rows()
        assert message.status == OutboxStatus.FAILED
        assert message.attempts == MAX_ATTEMPTS

        clock.advance(hours=12)
        assert deliver(smtp_server.port) == Report(), "a failed message is not retried by itself"
        (message,) = rows()
        message_id = message.id
        outbox.retry(message, clock.now())
        db.session.commit()
        assert deliver(smtp_server.port) == Report(sent=1)

    assert smtp_server.inbox.outbox_ids() == {message_id: 1}


def test_only_a_failed_message_can_be_retried(app):
    with app.app_context():
        message = queue_message()
        with pytest.raises(outbox.NotRetryable):
            outbox.retry(message, clock_module.now())


def test_an_unsendable_message_fails_at_once_and_does_not_hold_up_the_others(app, smtp_server):
    with app.app_context():
        bad = queue_message(recipient="robin@example.com\r\nBcc: victim@example.com")
        good = queue_message()
        db.session.commit()
        bad_id, good_id = bad.id, good.id

        report = deliver(smtp_server.port)
        failed, sent = rows()

    assert report == Report(sent=1, failed=1)
    assert (failed.id, failed.status, failed.attempts) == (bad_id, OutboxStatus.FAILED, 1)
    assert failed.last_error.startswith("Unsendable: The recipient's address contains")
    assert "\n" not in failed.last_error and "Hello" not in failed.last_error
    assert sent.status == OutboxStatus.SENT
    assert smtp_server.inbox.outbox_ids() == {good_id: 1}


def test_backoff_doubles_from_a_minute_and_stops_at_six_hours():
    assert [backoff(n) for n in range(1, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert backoff(9) == timedelta(minutes=256)
    assert backoff(10) == backoff(1000) == timedelta(hours=6)
    assert backoff(1, jitter=1.0) == timedelta(seconds=66)


# Claims


def test_a_claim_is_committed_before_sending_and_no_other_sender_can_take_it(app, clock):
    with app.app_context():
        now = clock.now()
        due = [queue_message(next_attempt_at=now - timedelta(minutes=k)).id for k in (1, 3, 2)]
        queue_message(next_attempt_at=now + timedelta(minutes=1))
        queue_message(status=OutboxStatus.SENT, sent_at=now)
        queue_message(status=OutboxStatus.FAILED, attempts=MAX_ATTEMPTS)
        db.session.commit()

        claims = outbox.claim_due(now, 10, "sender-a")
        db.session.remove()  # a fresh session sees only what was committed
        claimed = {row.id: row for row in rows() if row.status == OutboxStatus.SENDING}

        assert [claim.id for claim in claims] == [due[1], due[2], due[0]]  # oldest first
        assert sorted(claimed) == sorted(due)
        assert {(row.claimed_by, row.claimed_at) for row in claimed.values()} == {("sender-a", now)}
        db.session.rollback()
        assert outbox.claim_due(now, 10, "sender-b") == []


def test_a_crashed_senders_claim_is_taken_over_once_the_lease_has_run_out(app, clock, smtp_server):
    with app.app_context():
        now = clock.now()
        abandoned = queue_message(
            status=OutboxStatus.SENDING, claimed_by="crashed", claimed_at=now - LEASE
        )
        working = queue_message(
            status=OutboxStatus.SENDING, claimed_by="alive", claimed_at=now - timedelta(minutes=1)
        )
        db.session.commit()
        abandoned_id, working_id = abandoned.id, working.id

        assert deliver(smtp_server.port, worker_id="rescuer") == Report(sent=1)
        taken_over, untouched = rows()

    assert (taken_over.id, taken_over.status) == (abandoned_id, OutboxStatus.SENT)
    assert taken_over.claimed_by == "rescuer"
    assert (untouched.id, untouched.status, untouched.claimed_by) == (
        working_id,
        OutboxStatus.SENDING,
        "alive",
    )
    assert smtp_server.inbox.outbox_ids() == {abandoned_id: 1}


def test_a_sender_that_fell_behind_its_lease_claims_again_instead_of_sending(
    app, clock, smtp_server
):
    later = clock.now() + LEASE
    calls = itertools.count()

    def slow_clock():
        # The claim is taken now; by the time the sender gets to the message, its lease is up.
        return clock.now() if next(calls) == 0 else later

    with app.app_context():
        message_id = queue_message().id
        db.session.commit()
        backend = SmtpBackend("127.0.0.1", smtp_server.port, timeout=5)
        report = outbox.send_due(backend, slow_clock, "slow", sender=SENDER)
        (message,) = rows()

    assert report == Report(sent=1, stale=1)
    assert (message.status, message.claimed_at, message.attempts) == (OutboxStatus.SENT, later, 1)
    assert smtp_server.inbox.outbox_ids() == {message_id: 1}


def test_an_outcome_is_not_recorded_over_a_claim_another_sender_has_taken(app, clock, smtp_server):
    with app.app_context():
        queue_message()
        db.session.commit()
        (claim,) = outbox.claim_due(clock.now(), 1, "stalled")
        clock.advance(minutes=6)
        assert len(outbox.claim_due(clock.now(), 1, "rescuer")) == 1

        backend = SmtpBackend("127.0.0.1", smtp_server.port, timeout=5)
        outcome = outbox.send_claimed(claim, backend, clock.now(), SENDER)
        (message,) = rows()

    assert outcome == "stale"
    assert (message.status, message.claimed_by, message.attempts) == (
        OutboxStatus.SENDING,
        "rescuer",
        0,
    )


def test_claiming_inside_an_open_transaction_is_refused(app, clock):
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(OutboxMessage))
        with pytest.raises(RuntimeError, match="commit or roll back first"):
            outbox.claim_due(clock.now(), 10, "sender")


# Senders in parallel


def race_senders(app, port: int, workers: int, batch: int) -> list[Report]:
    """Fork `workers` senders, released together, each running send_due to completion."""
    context = multiprocessing.get_context("fork")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # children must not share the parent's pooled connections
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [
        context.Process(
            target=_sender, args=(app, port, number, batch, barrier, results), daemon=True
        )
        for number in range(workers)
    ]
    for process in processes:
        process.start()
    collected = []
    try:
        for _ in processes:
            collected.append(results.get(timeout=TIMEOUT))
    except Empty:
        raise AssertionError(f"only {len(collected)} senders reported") from None
    finally:
        for process in processes:
            process.join(timeout=TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
        results.close()
    errors = [result for result in collected if isinstance(result, str)]
    assert not errors, errors
    return collected


def _sender(app, port, number, batch, barrier, results) -> None:
    try:
        with app.app_context():
            db.engine.dispose(close=False)
            barrier.wait(TIMEOUT)
            results.put(deliver(port, worker_id=f"sender-{number}", batch=batch))
            db.session.remove()
            db.engine.dispose()
    except Exception as error:
        results.put(f"sender-{number}: {type(error).__name__}: {error}")


@pytest.mark.parametrize("workers", [2, 4])
def test_senders_racing_in_separate_processes_deliver_each_message_exactly_once(
    app, smtp_server, workers
):
    with app.app_context():
        ids = [queue_message().id for _ in range(40)]
        db.session.commit()

    reports = race_senders(app, smtp_server.port, workers=workers, batch=3)

    with app.app_context():
        final = rows()
        senders = Counter(row.claimed_by for row in final)
    assert smtp_server.inbox.outbox_ids() == dict.fromkeys(ids, 1)
    assert sum(report.sent for report in reports) == len(ids)
    assert all(report.retried == report.failed == report.stale == 0 for report in reports)
    assert {(row.status, row.attempts) for row in final} == {(OutboxStatus.SENT, 1)}
    print(f"\noutbox race, {workers} senders: messages sent per sender {sorted(senders.values())}")


# The command


def test_outbox_send_writes_eml_files_with_the_file_backend(app, runner, tmp_path):
    app.config["MAIL_BACKEND"] = "file"
    with app.app_context():
        ids = [queue_message().id for _ in range(2)]
        db.session.commit()

    with app.app_context():
        result = runner.invoke(args=["outbox", "send"])
        again = runner.invoke(args=["outbox", "send", "--limit", "5"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Outbox: 2 sent, 0 to retry, 0 failed."
    assert again.output.strip() == "Outbox: 0 sent, 0 to retry, 0 failed."
    mail = tmp_path / "mail"
    files = sorted(mail.glob("*.eml"))
    assert sorted(mail.iterdir()) == files  # no temporary files left behind
    parsed = [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]
    assert sorted(int(message["X-Clinic-Outbox-Id"]) for message in parsed) == ids
    assert all(path.read_bytes().count(b"\r\n") > 5 for path in files)


def test_outbox_send_refuses_an_unknown_backend(app, runner):
    app.config["MAIL_BACKEND"] = "pigeon"
    with app.app_context():
        result = runner.invoke(args=["outbox", "send"])

    assert result.exit_code == 1
    assert "MAIL_BACKEND must be 'file' or 'smtp'" in result.output


# Throughput


def test_throughput_of_one_sender_against_a_local_smtp_server(app, clock, smtp_server):
    count = 200
    visit = ics.VisitEvent(
        uid="booking-1@clinic.example",
        sequence=0,
        start=clock.now() + timedelta(days=1),
        end=clock.now() + timedelta(days=1, hours=1),
        summary="Physical therapy evaluation, Test Clinic PT",
        location="Test Clinic PT, 1 Main St",
        description="To reschedule or cancel: https://clinic.example/visit/x/",
        status="CONFIRMED",
        organizer_email="desk@clinic.example",
        organizer_name="Test Clinic PT",
        attendee_email="patient@example.com",
        attendee_name="Pat Example",
    )
    calendar = ics.request(visit, clock.now()).decode()
    with app.app_context():
        for _ in range(count):
            queue_message(calendar_method="REQUEST", calendar_ics=calendar)
        db.session.commit()
        dialect = db.engine.dialect.name

        started = time.perf_counter()
        report = deliver(smtp_server.port, limit=count)
        elapsed = time.perf_counter() - started

    assert report == Report(sent=count)
    assert len(smtp_server.inbox.outbox_ids()) == count
    print(f"\noutbox_throughput_msgs_per_s: {count / elapsed:.0f} [{dialect}, invites, one sender]")


def test_outbox_send_loop_keeps_sending_until_interrupted(app, runner, monkeypatch):
    app.config["MAIL_BACKEND"] = "file"
    with app.app_context():
        queue_message()
        db.session.commit()
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt
        with app.app_context():
            queue_message()
            db.session.commit()

    monkeypatch.setattr("clinic.notifications.cli.time.sleep", sleep)
    with app.app_context():
        result = runner.invoke(args=["outbox", "send", "--loop", "--interval", "3"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Outbox: 1 sent, 0 to retry, 0 failed.",
        "Outbox: 1 sent, 0 to retry, 0 failed.",
        "Outbox: stopped.",
    ]
    assert naps == [3, 3]
