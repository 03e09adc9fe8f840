"""`flask --app clinic backup PATH` and `flask --app clinic restore PATH [--yes]`."""

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from clinic.audit.record import record
from clinic.backup import database
from clinic.core.database import begin_write
from clinic.extensions import db


def _where() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _audit(action: str, done: database.Done) -> None:
    begin_write()
    record(
        action,
        actor_label="system",
        details={
            "file": str(done.path),
            "bytes": done.size,
            "database": done.dialect,
            "os_user": getpass.getuser(),
        },
    )
    db.session.commit()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the whole database to the new file PATH, consistently, while the app runs.

    SQLite uses its online backup API; PostgreSQL uses pg_dump's custom format (-Fc). The file
    holds health data: encrypt it before it leaves this machine (docs/operations.md).
    """
    try:
        done = database.backup(db.engine.url, path, current_app.config.get("PG_BIN_DIR"))
    except database.BackupError as refused:
        raise click.ClickException(refused.message) from None
    _audit("backup.create", done)
    click.echo(f"Backed up {_where()} to {done.path} ({done.size:,} bytes, readable by you only).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking first.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with the backup in PATH. Stop the app first."""
    if not yes:
        click.confirm(
            f"Replace everything in {_where()} with the backup {path}? "
            "Changes made since that backup will be lost",
            abort=True,
        )
    # No pooled connection of ours may hold a lock while the database is replaced.
    db.session.remove()
    db.engine.dispose()
    try:
        done = database.restore(db.engine.url, path, current_app.config.get("PG_BIN_DIR"))
    except database.BackupError as refused:
        raise click.ClickException(refused.message) from None
    db.engine.dispose()
    _audit("backup.restore", done)
    click.echo(f"Restored {_where()} from {done.path}.")
