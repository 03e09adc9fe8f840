"""Faults injected during a run, and what each one left behind.

* `kill_worker`: SIGKILL one gunicorn worker; gunicorn should start another.
* `SqliteLock`: another connection holds `BEGIN EXCLUSIVE` on the database file for longer than
  the app's busy timeout; writers should answer 503 with Retry-After, never 500.
* `MailSink` and `deliver_outbox`: the SMTP server is down during the run (nothing listens on
  the configured port); afterwards an aiosmtpd server starts on that port and
  `flask outbox send` runs until the outbox is empty; each message must arrive exactly once.
"""

import os
import re
import signal
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from loadtest import server
from loadtest.browser import Sample
from loadtest.check import Verdict, _instant

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<outbox\.(\d+)\.", re.MULTILINE | re.IGNORECASE)
#: Longest wait for retries to come due once the SMTP server is back (the second retry
#: of a message comes 2 minutes after its first failure, plus up to 10% jitter).
MAIL_DEADLINE = 300


def kill_worker(gunicorn: server.Server) -> list[str]:
    """SIGKILL one worker, then wait (at most 20 s) for gunicorn to replace it."""
    before = gunicorn.workers()
    if not before:
        return ["FAIL  no gunicorn worker found to kill"]
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    while time.monotonic() - killed < 20:
        now = gunicorn.workers()
        fresh = [pid for pid in now if pid not in before]
        if fresh and len(now) == len(before):
            return [
                f"killed worker {victim} (SIGKILL); gunicorn started worker {fresh[0]}"
                f" {time.monotonic() - killed:.1f} s later"
            ]
        time.sleep(0.1)
    return [f"FAIL  worker {victim} was killed and not replaced within 20 s"]


@dataclass
class SqliteLock:
    """Hold an exclusive write lock on a SQLite file from a connection of our own."""

    path: Path
    hold_seconds: float
    acquired: float = 0.0
    released: float = 0.0
    error: str = ""

    def hold(self) -> None:
        try:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                connection.execute("BEGIN EXCLUSIVE")
                self.acquired = time.monotonic()
                time.sleep(self.hold_seconds)
                connection.execute("ROLLBACK")
                self.released = time.monotonic()
            finally:
                connection.close()
        except sqlite3.Error as failure:
            self.error = str(failure)

    def report(self, samples: list[Sample], busy_timeout: float) -> tuple[list[str], bool]:
        """What requests met while the lock was held (and up to one busy timeout after)."""
        if self.error or not self.released:
            return [f"FAIL  could not hold the lock: {self.error or 'never released'}"], False
        during = [
            s
            for s in samples
            if self.acquired <= s.started + s.seconds and s.started <= self.released
        ]
        statuses = Counter(s.status for s in during)
        busy = [s for s in during if s.status == 503]
        without_retry = sum(1 for s in busy if not s.retry_after)
        ok = statuses[500] == 0 and without_retry == 0
        lines = [
            f"{'ok    ' if ok else 'FAIL  '}held BEGIN EXCLUSIVE for {self.hold_seconds:.0f} s"
            f" (busy timeout {busy_timeout:.0f} s): {len(during)} requests overlapped it;"
            f" {len(busy)} answered 503 ({len(busy) - without_retry} with Retry-After),"
            f" {statuses[500]} answered 500",
            "      statuses meanwhile: "
            + ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(statuses.items())),
        ]
        return lines, ok


class _Collect:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.lock = threading.Lock()

    # aiosmtpd calls handlers by the SMTP verb's name.
    async def handle_DATA(self, _server, _session, envelope) -> str:
        with self.lock:
            self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted"


@dataclass
class MailSink:
    """An SMTP server on loopback that keeps what it receives (aiosmtpd, in a thread)."""

    port: int
    handler: _Collect = field(default_factory=_Collect)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname=server.HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def outbox_ids(self) -> Counter:
        with self.handler.lock:
            found = [MESSAGE_ID.search(message) for message in self.handler.messages]
        return Counter(int(match.group(1)) for match in found if match)


def _outbox_rows(url: str):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT id, status, next_attempt_at, attempts FROM outbox_message")
            ).all()
    finally:
        engine.dispose()


def attempt_while_down(env: dict[str, str]) -> str:
    """One `outbox send` round while nothing listens on the SMTP port."""
    return server.flask(env, "outbox", "send", "--limit", "10000").strip()


def deliver_outbox(env: dict[str, str], url: str, sink: MailSink) -> Verdict:
    """Start the SMTP server, send until the outbox is empty, check each arrived once."""
    verdict = Verdict()
    rows = _outbox_rows(url)
    attempted = sum(1 for row in rows if row.attempts)
    verdict.fact(
        f"while SMTP was down: {len(rows)} messages waiting in the outbox,"
        f" {attempted} of them tried and refused"
    )
    sink.start()
    deadline = time.monotonic() + MAIL_DEADLINE
    rounds = 0
    while time.monotonic() < deadline:
        server.flask(env, "outbox", "send", "--limit", "10000")
        rounds += 1
        waiting = [r for r in _outbox_rows(url) if r.status in ("pending", "sending")]
        if not waiting:
            break
        due = min(_instant(r.next_attempt_at) for r in waiting)
        pause = (due - datetime.now(UTC)).total_seconds() + 0.5
        time.sleep(min(max(pause, 0.5), max(deadline - time.monotonic(), 0)))
    rows = _outbox_rows(url)
    received = sink.outbox_ids()
    unsent = [r.id for r in rows if r.status != "sent"]
    twice = [id_ for id_, n in received.items() if n > 1]
    missing = [r.id for r in rows if received[r.id] == 0]
    strangers = [id_ for id_ in received if id_ not in {r.id for r in rows}]
    verdict.fact(f"SMTP server back: {rounds} `outbox send` rounds")
    verdict.require(not unsent, f"messages not marked sent: {len(unsent)} of {len(rows)}")
    verdict.require(
        not missing and not twice and not strangers,
        f"delivered exactly once: {len(rows) - len(missing) - len(twice)} of {len(rows)}"
        f" (missing {len(missing)}, twice {len(twice)}, unknown {len(strangers)})",
    )
    return verdict
