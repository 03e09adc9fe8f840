"""Backups: `flask backup PATH` and `flask restore PATH` on SQLite and PostgreSQL.

The round trip is the point: back up, change and delete data, restore, and find the original.
"""

import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role, User
from clinic.backup import database
from clinic.extensions import db
from clinic.patients.models import Patient
from clinic.practice.models import Location
from tests import factories
from tests.conftest import missing


@pytest.fixture
def pg_tools(app):
    """On PostgreSQL the client tools must exist (CI has them); SQLite needs nothing."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            try:
                database.find_pg_tool("pg_dump")
                database.find_pg_tool("pg_restore")
            except database.BackupError as absent:
                missing(absent.message)


@pytest.fixture
def clinic_data(app):
    with app.app_context():
        location = factories.make_location(name="Lakeshore")
        patient = factories.make_patient(first_name="Original", last_name="Person")
        factories.make_user(Role.FRONT_DESK, email="desk@clinic.example")
        db.session.commit()
        return {"location": location.id, "patient": patient.id}


def run(runner, *args, input=None):
    return runner.invoke(args=[str(a) for a in args], input=input)


def names(app, ids) -> tuple:
    with app.app_context():
        patient = db.session.get(Patient, ids["patient"])
        location = db.session.get(Location, ids["location"])
        users = db.session.scalars(select(User.email)).all()
        return (
            patient.first_name if patient else None,
            location.name if location else None,
            sorted(users),
        )


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def damage(app, ids) -> None:
    """What a restore must undo: a changed row, a deleted row and a new row."""
    with app.app_context():
        db.session.get(Patient, ids["patient"]).first_name = "Changed"
        db.session.delete(db.session.get(Location, ids["location"]))
        factories.make_user(Role.ADMIN, email="intruder@clinic.example")
        db.session.commit()
        db.session.remove()


def test_backup_and_restore_bring_back_changed_and_deleted_data(
    app, runner, tmp_path, pg_tools, clinic_data
):
    original = names(app, clinic_data)
    path = tmp_path / "clinic.backup"

    made = run(runner, "backup", path)
    assert made.exit_code == 0, made.output
    assert "Backed up" in made.output and path.exists()
    damage(app, clinic_data)
    assert names(app, clinic_data) != original

    restored = run(runner, "restore", path, "--yes")

    assert restored.exit_code == 0, restored.output
    assert names(app, clinic_data) == original
    # The backup's own entry is not in the backup; the restore's entry follows it.
    assert audit_actions(app)[-1] == "backup.restore"


def test_backup_is_audited_and_readable_by_its_owner_only(app, runner, tmp_path, pg_tools):
    path = tmp_path / "clinic.backup"

    result = run(runner, "backup", path)

    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "backup.create")
        ).one()
        assert event.details["file"] == str(path.resolve())
        assert event.details["bytes"] == path.stat().st_size > 0


def test_backup_never_overwrites_an_existing_file(runner, tmp_path, pg_tools):
    path = tmp_path / "clinic.backup"
    path.write_text("yesterday's backup")

    result = run(runner, "backup", path)

    assert result.exit_code != 0
    assert "already exists" in result.output
    assert path.read_text() == "yesterday's backup"


def test_backup_into_a_missing_folder_is_refused_clearly(runner, tmp_path, pg_tools):
    result = run(runner, "backup", tmp_path / "no-such-folder" / "clinic.backup")

    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_restore_asks_first_and_changes_nothing_when_told_no(
    app, runner, tmp_path, pg_tools, clinic_data
):
    path = tmp_path / "clinic.backup"
    assert run(runner, "backup", path).exit_code == 0
    damage(app, clinic_data)
    damaged = names(app, clinic_data)

    result = run(runner, "restore", path, input="n\n")

    assert result.exit_code != 0
    assert "Replace everything in" in result.output
    assert names(app, clinic_data) == damaged


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path, pg_tools, clinic_data):
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all\n" * 100)
    before = names(app, clinic_data)

    result = run(runner, "restore", path, "--yes")

    assert result.exit_code != 0
    assert "failed" in result.output or "not a usable SQLite backup" in result.output
    assert names(app, clinic_data) == before


def test_missing_pg_dump_is_a_clear_error(app, runner, tmp_path, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite backups need no outside tools")
    monkeypatch.setattr(database.Path, "glob", lambda self, pattern: iter(()))
    monkeypatch.setattr(database.shutil, "which", lambda name: None)

    result = run(runner, "backup", tmp_path / "clinic.backup")

    assert result.exit_code != 0
    assert "pg_dump was not found" in result.output
    assert not (tmp_path / "clinic.backup").exists()


def test_sqlite_backup_is_consistent_while_the_app_writes(app, tmp_path):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the online backup API is SQLite's")
        live = Path(db.engine.url.database)
        url = db.engine.url
    stop = threading.Event()
    written = []

    def writer():
        connection = sqlite3.connect(live, timeout=30, isolation_level=None)
        n = 0
        while not stop.is_set():
            connection.execute(
                "INSERT INTO audit_event (at, actor_label, action, details) "
                "VALUES ('2026-03-02 15:00:00', 'system', 'test.write', '{}')"
            )
            n += 1
            written.append(n)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            stop.wait(0.01)
        done = database.backup(url, tmp_path / "during-writes.sqlite3")
    finally:
        stop.set()
        thread.join()

    with sqlite3.connect(done.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = copy.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    assert 50 <= copied <= len(written)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == len(written)
