"""One database's run: set up, measure /healthz, load with faults, check, clean up."""

import shutil
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from loadtest import check, faults, report, server
from loadtest.browser import Browser, Recorder
from loadtest.front_desk import FrontDesk
from loadtest.mailbox import Mailbox
from loadtest.people import Ledger, Patient, read_catalogue

FAULTS = ("kill-worker", "smtp-down", "sqlite-lock")
#: When each fault starts, as a share of the run.
KILL_AT, MAIL_AT, LOCK_AT = 0.35, 0.5, 0.65
#: The lock is held this much longer than the app's busy timeout.
LOCK_EXTRA_SECONDS = 5.0
BUSY_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Options:
    seconds: float = 60
    users: int = 50
    databases: tuple[str, ...] = ("sqlite", "postgresql")
    faults: frozenset[str] = frozenset(FAULTS)
    healthz_seconds: float = 5
    workers: int = 2
    max_requests: int = 500_000
    keep: bool = False
    rate_limits: bool = False


@dataclass
class Outcome:
    label: str
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def verdict(self, verdict: check.Verdict) -> None:
        for line in verdict.lines:
            self.say("  " + line)
        self.failures += verdict.failures


def run_database(kind: str, options: Options) -> Outcome:
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix=f"clinic-load-{kind}-"))
        if not options.keep:
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        if kind == "sqlite":
            database = server.sqlite_database(workdir)
        else:
            database = server.postgres_database(stack)
        outcome = Outcome(database.label)
        outcome.say(
            f"\n=== {database.label}: {options.users} patients + 1 front desk,"
            f" {options.seconds:g} s, gunicorn --workers {options.workers} ==="
        )
        port = server.free_port()
        smtp_port = server.free_port() if "smtp-down" in options.faults else None
        env = server.app_environment(database, workdir, port, smtp_port, options.rate_limits)
        env["SQLITE_BUSY_TIMEOUT_MS"] = str(int(BUSY_TIMEOUT_SECONDS * 1000))
        server.flask(env, "db", "upgrade")
        seeded = server.flask(env, "seed-demo").splitlines()[0]
        outcome.say(f"database: {database.url.split('@')[-1]}; {seeded}")
        first_new = check.baseline(database.url)
        gunicorn = server.Server(env, port)
        stack.callback(gunicorn.stop)
        gunicorn.start(options.workers, workdir)
        sink = faults.MailSink(smtp_port) if smtp_port else None
        if sink:
            stack.callback(sink.stop)
        _load(outcome, options, gunicorn, database, env, first_new)
        if sink:
            outcome.say("mail (SMTP down for the run, then back):")
            outcome.verdict(faults.deliver_outbox(env, database.url, sink))
        gunicorn.stop()
        _server_errors(outcome, gunicorn.log)
        if options.keep:
            outcome.say(f"kept: {workdir}")
        return outcome


def _load(outcome, options, gunicorn, database, env, first_new) -> None:
    base = gunicorn.base_url
    healthz = _healthz_rate(base, options.users, options.healthz_seconds)
    catalogue = read_catalogue(base, Recorder())
    recorder, ledger = Recorder(), Ledger()
    started = time.monotonic()
    deadline = started + options.seconds
    mailbox = Mailbox(database.url)
    people = [
        Patient(
            base, recorder, ledger, catalogue, deadline, options.max_requests, seed, mailbox=mailbox
        )
        for seed in range(options.users)
    ]
    people.append(FrontDesk(base, recorder, ledger, catalogue, deadline, options.max_requests, 999))
    threads = [threading.Thread(target=p.run, daemon=True) for p in people]
    for thread in threads:
        thread.start()
    fault_lines: list[str] = []
    lock = _lock_for(options, database)
    injector = threading.Thread(
        target=_faults, args=(options, gunicorn, env, started, fault_lines, lock), daemon=True
    )
    injector.start()
    for thread in [*threads, injector]:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 60)
    mailbox.close()
    samples = list(recorder.samples)
    # Requests still in flight at the deadline finish after it: count until the last one.
    elapsed = max([deadline, *(s.started + s.seconds for s in samples)]) - started
    summary = report.summarize(samples, elapsed)
    outcome.say(
        f"requests: {summary.requests} in {elapsed:.1f} s = {summary.per_second:.1f} req/s"
        f"; /healthz alone: {healthz:.1f} req/s"
        f" (the app's pages cost {healthz / max(summary.per_second, 0.1):.1f}x a trivial"
        " route)"
    )
    for line in summary.lines:
        outcome.say("  " + line)
    outcome.say("answers by status: " + report.status_line(summary.statuses))
    outcome.say(
        f"bookings made: {ledger.confirmed} confirmed to patients"
        f" ({ledger.confirm_unknown} confirmations lost their answer);"
        f" front-desk moves: {len(ledger.moves)}"
    )
    ended = ledger.outcomes.most_common()
    outcome.say("how visits ended: " + ", ".join(f"{k}: {v}" for k, v in ended))
    _judge_statuses(outcome, summary.statuses, "kill-worker" in options.faults)
    if fault_lines or lock:
        outcome.say("faults:")
        for line in fault_lines:
            outcome.say("  " + line)
            if line.startswith("FAIL"):
                outcome.failures.append(line)
        if lock:
            lines, ok = lock.report(samples, BUSY_TIMEOUT_SECONDS)
            for line in lines:
                outcome.say("  " + line)
            if not ok:
                outcome.failures.append(lines[0])
    outcome.say("independent check (plain SQL):")
    outcome.verdict(check.check(database.url, ledger, first_new))


def _lock_for(options: Options, database: server.Database) -> faults.SqliteLock | None:
    if "sqlite-lock" not in options.faults or database.sqlite_path is None:
        return None
    return faults.SqliteLock(database.sqlite_path, BUSY_TIMEOUT_SECONDS + LOCK_EXTRA_SECONDS)


def _faults(options, gunicorn, env, started, lines: list[str], lock) -> None:
    """Run each asked-for fault at its moment, in this thread, noting what happened."""
    plan = []
    if "kill-worker" in options.faults:
        plan.append((KILL_AT, lambda: lines.extend(faults.kill_worker(gunicorn))))
    if "smtp-down" in options.faults and options.seconds >= 20:
        # One sender round against the dead port; too short a run leaves no time for retries.
        def attempt() -> None:
            lines.append("outbox sender while SMTP is down: " + faults.attempt_while_down(env))

        plan.append((MAIL_AT, attempt))
    if lock is not None:
        plan.append((LOCK_AT, lock.hold))
    for at, action in sorted(plan, key=lambda step: step[0]):
        pause = started + at * options.seconds - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        action()


def _judge_statuses(outcome: Outcome, statuses: Counter, worker_killed: bool) -> None:
    if statuses[500]:
        outcome.failures.append(f"{statuses[500]} answers were 500")
        outcome.say(f"FAIL  {statuses[500]} answers were 500")
    if statuses[0] and not worker_killed:
        outcome.failures.append(f"{statuses[0]} requests got no answer")
        outcome.say(f"FAIL  {statuses[0]} requests got no answer, and no worker was killed")


def _healthz_rate(base: str, users: int, seconds: float) -> float:
    """Requests per second on /healthz with the same number of clients, nothing else."""
    recorder = Recorder()
    deadline = time.monotonic() + seconds

    def hammer() -> None:
        browser = Browser(base, recorder)
        while time.monotonic() < deadline:
            try:
                browser.get("/healthz", "GET /healthz")
            except OSError:
                time.sleep(0.05)

    started = time.monotonic()
    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    ok = sum(1 for s in recorder.samples if s.status == 200)
    return ok / (time.monotonic() - started)


def _server_errors(outcome: Outcome, log: Path | None) -> None:
    """Show the tracebacks gunicorn logged, if any (a 500 leaves one)."""
    if log is None or not log.exists():
        return
    text = log.read_text(errors="replace")
    if "Traceback" not in text:
        return
    tail = text[text.find("Traceback") :].splitlines()[:40]
    outcome.say("gunicorn logged tracebacks; the first:")
    for line in tail:
        outcome.say("    " + line)
