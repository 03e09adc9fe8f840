"""Database wiring: SQLite pragmas, IMMEDIATE write transactions, one commit per request.

SQLite's default (a deferred BEGIN upgraded to a write lock later) fails at once with
"database is locked" when two writers meet in WAL mode, whatever the busy timeout. So the
driver's own transaction handling is switched off and SQLAlchemy emits BEGIN itself:
IMMEDIATE for requests that change state, deferred for reads.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from clinic.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def install_sqlite_behaviour(engine: Engine, busy_timeout_ms: int) -> None:
    """Give every SQLite connection WAL, a busy timeout, foreign keys and explicit BEGINs."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def keep_sqlite_files_private(database: str | None) -> None:
    """Create the SQLite file readable by its owner only (0600), and narrow an existing one.

    SQLite gives the `-wal` and `-shm` files the database file's own permissions, so those
    follow; any left over from an earlier, wider file are narrowed too. A path that cannot
    be created is left for the first query to report (a 503 on /healthz), not a crash here.
    """
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return
    path = Path(database)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if file.exists():
                file.chmod(0o600)
    except OSError:
        return


def begin_write() -> None:
    """Start the session's transaction as a writer (IMMEDIATE on SQLite, plain elsewhere).

    Call before the first statement of a transaction that will write; later statements in
    the same transaction are unaffected.
    """
    if has_request_context():
        g.begun_as_writer = True
    if db.session().in_transaction():
        # Already begun (only where a session outlives a request, as in tests that share
        # one with the test client): its mode can no longer change.
        return
    db.session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def in_a_reading_request() -> bool:
    """True inside a GET (or HEAD) whose transaction was not begun as a writer.

    Such a transaction cannot safely write on SQLite: once another connection has committed
    since its first read, the upgrade to a writer fails at once, whatever the busy timeout.
    """
    return (
        has_request_context()
        and not g.get("begun_as_writer", False)
        and not g.get("session_has_written", False)
    )


@event.listens_for(Session, "after_flush")
def _note_a_write(_session, _flush_context) -> None:
    """A session that has flushed a write holds the write lock already; another connection of
    the same request waiting for that lock would wait on itself, so later writes join it."""
    if has_request_context():
        g.session_has_written = True


@contextmanager
def short_write() -> Iterator[Connection]:
    """A transaction of its own, on a connection of its own, begun as a writer.

    For the odd row a read-only page must write (an audit entry for a record viewed): it
    waits its turn for SQLite's write lock and commits at once, leaving the page's own
    read transaction untouched.
    """
    with db.engine.connect() as connection:
        connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection


def upsert(model, values: dict, *, keys: list[str], changes: dict, where=None):
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET changes [WHERE where], one atomic statement
    on SQLite and PostgreSQL alike (a conflicting row that fails `where` is left as it is)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    return (
        insert(model)
        .values(**values)
        .on_conflict_do_update(index_elements=keys, set_=changes, where=where)
    )


def write_now(statement: Executable, *, rows: bool = False) -> list[Row]:
    """Execute one write now: in a short transaction of its own in a read-only request, else
    in the request's own (which already holds the write lock). With `rows`, what it RETURNS."""
    if in_a_reading_request():
        with short_write() as connection:
            result = connection.execute(statement)
            return result.all() if rows else []
    result = db.session.execute(statement)
    return result.all() if rows else []


def keep_changes_despite_error_status() -> None:
    """Commit this request's changes even though its response is a 4xx.

    For refusals that must leave a trace, such as a failed sign-in's throttle count and
    audit event. Whatever else the request flushed commits too, so call it only where
    that is all there is.
    """
    g.commit_despite_error_status = True


def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return False
    return True


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            keep_sqlite_files_private(engine.url.database)
            install_sqlite_behaviour(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @app.before_request
    def writers_begin_immediately() -> None:
        if request.method not in SAFE_METHODS:
            begin_write()

    @app.after_request
    def commit_unit_of_work(response: Response) -> Response:
        """The request commits once, only when it succeeded; services only flush."""
        if response.status_code < 400 or (
            response.status_code < 500 and g.get("commit_despite_error_status")
        ):
            db.session.commit()
        else:
            db.session.rollback()
        return response
