"""Copying the whole database to a file and back.

SQLite: the online backup API copies every page inside one read transaction, so the copy is
a consistent snapshot even while the app writes (WAL lets writers go on meanwhile).
PostgreSQL: `pg_dump --format=custom` (a consistent snapshot by itself) and `pg_restore
--clean --if-exists --single-transaction`, so a failed restore leaves the database as it was.

Backup files hold health data: they are created readable by their owner only (0600).
"""

import os
import shutil
import sqlite3

# pg_dump and pg_restore run from argument lists, never through a shell.
import subprocess  # nosec B404
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from clinic.core.errors import DomainError

#: Tables every clinic database has; a file without them is not a clinic backup.
CLINIC_TABLES = frozenset({"user_account", "audit_event", "appointment"})


class BackupError(DomainError):
    """A backup or restore that cannot go ahead, with what to do about it."""


@dataclass(frozen=True)
class Done:
    path: Path
    size: int
    dialect: str


def _private_file(path: Path) -> None:
    """Create an empty file only the owner can read, refusing to overwrite anything."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(
            f"{path} already exists. Choose a new file name (e.g. with the date in it)."
        ) from None
    except OSError as failure:
        raise BackupError(f"Cannot create {path}: {failure.strerror}.") from None


def _sqlite_file(url: URL) -> Path:
    if url.database in (None, "", ":memory:") or "mode=memory" in str(url):
        raise BackupError(
            "The configured SQLite database lives in memory; there is nothing to copy."
        )
    return Path(url.database)


def _check_sqlite(connection: sqlite3.Connection, what: str) -> None:
    (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if not names >= CLINIC_TABLES:
        raise BackupError(f"{what} is not a clinic database (its tables are missing).")


def _sqlite_backup(source_file: Path, target: Path) -> None:
    if not source_file.is_file():
        raise BackupError(f"The database file {source_file} does not exist.")
    with (
        closing(sqlite3.connect(source_file, timeout=30)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)  # all pages in one step: one read transaction, one snapshot
        _check_sqlite(copy, "The backup")


def _sqlite_restore(backup_file: Path, database_file: Path) -> None:
    with closing(sqlite3.connect(backup_file.as_uri() + "?mode=ro", uri=True)) as backup:
        _check_sqlite(backup, str(backup_file))
        with closing(sqlite3.connect(database_file, timeout=30)) as live:
            backup.backup(live)
            _check_sqlite(live, "The restored database")


def find_pg_tool(name: str, configured_dir: str | None = None) -> str:
    """The newest pg_dump/pg_restore: PG_BIN_DIR if set, else Debian's versioned directories
    (newer client tools read older servers, not the reverse), else the PATH."""
    candidates = []
    if configured_dir:
        candidates.append(Path(configured_dir) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(part) for part in p.parts[-3].split(".") if part.isdigit()],
        reverse=True,
    )
    candidates.extend(versions)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} was not found. Install the PostgreSQL client tools "
        "(apt-get install postgresql-client) or set PG_BIN_DIR to the directory holding it."
    )


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    # The command is an argument list of a found tool and our own paths: no shell, no input.
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else 'no output'}")


def backup(url: URL, target: Path, pg_bin_dir: str | None = None) -> Done:
    """Write a consistent copy of the database at `url` to a new file `target`."""
    target = target.expanduser().resolve()
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    dialect = url.get_backend_name()
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of {dialect} databases are not supported.")
    tool = find_pg_tool("pg_dump", pg_bin_dir) if dialect == "postgresql" else None
    source = _sqlite_file(url) if dialect == "sqlite" else None
    _private_file(target)
    try:
        if dialect == "sqlite":
            try:
                _sqlite_backup(source, target)
            except sqlite3.DatabaseError as failure:
                raise BackupError(f"The SQLite backup failed: {failure}.") from None
        else:
            uri, env = _libpq(url)
            _run([tool, "--format=custom", f"--file={target}", f"--dbname={uri}"], env, "pg_dump")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Done(target, target.stat().st_size, dialect)


def restore(url: URL, source: Path, pg_bin_dir: str | None = None) -> Done:
    """Replace the database at `url` with the contents of a backup made by `backup()`.

    Stop the app (and cron jobs) first: a restore must not race live writes.
    """
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    dialect = url.get_backend_name()
    if dialect == "sqlite":
        try:
            _sqlite_restore(source, _sqlite_file(url))
        except sqlite3.DatabaseError as failure:
            raise BackupError(f"{source} is not a usable SQLite backup ({failure}).") from None
    elif dialect == "postgresql":
        tool = find_pg_tool("pg_restore", pg_bin_dir)
        uri, env = _libpq(url)
        _run(
            [
                tool,
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                f"--dbname={uri}",
                str(source),
            ],
            env,
            "pg_restore",
        )
    else:
        raise BackupError(f"Restoring {dialect} databases is not supported.")
    return Done(source, source.stat().st_size, dialect)
