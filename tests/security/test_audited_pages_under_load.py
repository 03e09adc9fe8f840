"""Pages that write an audit entry when read stay up while patients book (issue 17, item 2).

Real threads, each with its own client, against a real SQLite file and PostgreSQL: two
readers for each audited page (the patient's manage page, the front desk's patient page,
the therapist's intake summary) and two patients booking through every step at once. No
request may fail with a server error; a lost race for a time (409) is a booking's ordinary
answer, not a failure. SQLite used to answer 503 when a reader's transaction, begun before
another writer committed, tried to write its audit row. Meanwhile the clock moves on a
minute at a time, so the staff readers' sessions are touched (last seen) as they read.
"""

import threading
from collections import Counter
from types import SimpleNamespace

from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from tests.factories import confirm_booking_by_email
from tests.security.conftest import signed_in
from tests.web.test_booking_flow import DETAILS, SAFE_LOW_BACK, first_slot, post, reason

READS_PER_READER = 25
BOOKINGS_PER_CLIENT = 4


def _reader(client, url: str, tally: Counter, lock: threading.Lock) -> None:
    for _ in range(READS_PER_READER):
        status = client.get(url).status_code
        with lock:
            tally[(url, status)] += 1


def _booker(client, place, tally: Counter, lock: threading.Lock) -> None:
    for n in range(BOOKINGS_PER_CLIENT):
        steps = [
            reason(client, place),
            post(client, "/book/safety", SAFE_LOW_BACK),
            post(client, "/book/therapist", {"therapist": "any"}),
            post(client, "/book/time", {"slot": first_slot(client)}),
            post(client, "/book/details", {**DETAILS, "email": f"booker{n}@example.com"}),
            confirm_booking_by_email(client, f"booker{n}@example.com"),
        ]
        with lock:
            for response in steps:
                tally[("booking", response.status_code)] += 1


def _ticker(clock, done: threading.Event) -> None:
    # A minute every quarter second: sessions are touched often, yet a reader held up for a
    # few seconds by the write lock is not taken for idle (15 minutes) and signed out.
    while not done.wait(0.25):
        clock.advance(seconds=61)


def _run_together(app, world, clock) -> Counter:
    pages = {
        f"/visit/{world.b.token}/": "anonymous",
        f"/frontdesk/patients/{world.b.patient}": "front_desk",
        f"/staff/appointments/{world.b.appointment}/intake": "therapist_b",
    }
    tally, lock = Counter(), threading.Lock()
    threads = [
        threading.Thread(target=_reader, args=(signed_in(app, role), url, tally, lock))
        for url, role in pages.items()
        for _ in range(2)
    ]
    place = SimpleNamespace(location=SimpleNamespace(id=world.location))
    threads += [
        threading.Thread(target=_booker, args=(app.test_client(), place, tally, lock))
        for _ in range(2)
    ]
    done = threading.Event()
    ticker = threading.Thread(target=_ticker, args=(clock, done))
    for thread in [*threads, ticker]:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    done.set()
    ticker.join()
    return tally


def test_audited_pages_and_bookings_together_answer_without_a_server_error(
    app, world, clock, capsys
):
    tally = _run_together(app, world, clock)
    per_page = Counter()
    failures = Counter()
    for (what, status), count in tally.items():
        per_page[what] += count
        if status >= 500:
            failures[what] += count
    with capsys.disabled():
        database = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
        for what in sorted(per_page):
            print(f"\n[{database}] {what}: {per_page[what]} requests, {failures[what]} failed")
    assert not failures, dict(tally)
    reads = sum(count for (what, status), count in tally.items() if what != "booking")
    assert reads == 3 * 2 * READS_PER_READER
    assert all(status == 200 for (what, status) in tally if what != "booking"), dict(tally)
    with app.app_context():
        viewed = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.in_(["manage.view", "patient.view", "intake.view"]))
        )
    assert viewed == reads, (viewed, dict(tally))
