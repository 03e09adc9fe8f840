"""A page view's count gives up quickly when SQLite's write lock is held, and leaves the
connection's busy timeout as it found it."""

import sqlite3
import time
from datetime import date

import pytest

from clinic.content import stats
from clinic.content.models import Article, ArticleStatus
from clinic.extensions import db


@pytest.fixture
def article(app, db_session, clock, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's file lock only")
    found = Article(
        slug="a-question",
        question="A question?",
        summary="A summary.",
        answer_md="An answer.",
        region="knee",
        status=ArticleStatus.PUBLISHED,
        created_at=clock.now(),
    )
    db_session.add(found)
    db_session.commit()
    return found


def test_a_count_under_a_held_lock_is_dropped_quickly(app, db_session, article, database_url):
    locker = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        counted = stats.count_view(article.id, date(2026, 3, 2))
        waited = time.monotonic() - started
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert counted is False
    # The app's own busy timeout is 5 s; the count waits a tenth of a second.
    assert waited < app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000 / 2
    with db.engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == app.config["SQLITE_BUSY_TIMEOUT_MS"]
    assert stats.count_view(article.id, date(2026, 3, 2)) is True
