"""The live SQLite database holds patients' health details: it and its -wal and -shm files
are readable by the clinic's own user only (0600), whatever the process's umask."""

import os
import stat

import pytest

from clinic import create_app
from clinic.extensions import db
from tests import factories


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def wide_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _app(path):
    return create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


def test_a_new_database_and_its_wal_and_shm_files_are_created_0600(tmp_path, wide_umask):
    path = tmp_path / "clinic.sqlite3"
    app = _app(path)
    with app.app_context():
        db.create_all()
        factories.make_settings()
        db.session.commit()
        # The -wal and -shm files exist while a connection holds the database open.
        files = [path, tmp_path / "clinic.sqlite3-wal", tmp_path / "clinic.sqlite3-shm"]
        assert {str(f.name): _mode(f) for f in files} == {f.name: 0o600 for f in files}
        db.engine.dispose()


def test_an_existing_world_readable_database_is_narrowed_at_start(tmp_path, wide_umask):
    path = tmp_path / "clinic.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    app = _app(path)
    assert _mode(path) == 0o600
    with app.app_context():
        db.engine.dispose()
