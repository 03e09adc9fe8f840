"""Parallel wrong passwords for one account, from real processes at the same instant
(issue 17, item 5): exactly the limit's worth of password checks, the rest 429, and no
500 from two first failures inserting the same key. On both databases."""

import multiprocessing

from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import LoginThrottle, Role
from clinic.extensions import db
from tests import factories
from tests.conftest import TEST_NOW

PROCESSES = 8
EMAIL = "raced@clinic.example"


def _guess(url: str, barrier, results) -> None:
    """One process (forked, with nothing open): its own app and connection pool, one wrong
    password at the barrier."""
    from clinic import create_app
    from clinic.core.clock import FixedClock
    from tests.conftest import csrf_token_from

    app = create_app(
        {"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "CLOCK": FixedClock(TEST_NOW)}
    )
    client = app.test_client()
    token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
    barrier.wait(timeout=60)
    response = client.post(
        "/staff/sign-in",
        data={"email": EMAIL, "password": "not the password!", "csrf_token": token},
    )
    results.put(response.status_code)
    with app.app_context():
        db.engine.dispose()


def test_parallel_wrong_passwords_get_exactly_the_limits_checks(app, database_url):
    with app.app_context():
        factories.make_user(Role.FRONT_DESK, email=EMAIL)
        db.session.commit()
        db.engine.dispose()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_guess, args=(database_url, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    statuses = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)

    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    assert statuses == [401] * limit + [429] * (PROCESSES - limit)
    with app.app_context():
        checked = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "auth.sign_in_failed")
        )
        pair = db.session.scalar(select(LoginThrottle).where(LoginThrottle.key.like("pair:%")))
    assert checked == limit
    assert pair.failures == limit and pair.blocked_until is not None
