"""Flask commands: `create-user` and `seed-demo`."""

import sys

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from clinic.auth import services as auth_services
from clinic.auth.models import Role
from clinic.auth.passwords import WeakPassword, check_strength
from clinic.backup.cli import backup_command, restore_command
from clinic.core import clock
from clinic.core.database import begin_write
from clinic.core.errors import DomainError
from clinic.extensions import db
from clinic.notifications import reminders
from clinic.notifications.cli import outbox_group


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in Role]),
    help="What the person does at the clinic.",
)
def create_user_command(email: str, role: str) -> None:
    """Create a staff account. The password is prompted for, or read from stdin."""
    password = _read_password()
    try:
        check_strength(password)
        begin_write()
        user = auth_services.create_user(email, password, Role(role))
        db.session.commit()
    except (WeakPassword, DomainError) as refused:
        db.session.rollback()
        raise click.ClickException(refused.message) from None
    click.echo(f"Created {user.role.label.lower()} {user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the fictional demo clinic. Safe to run again: nothing is duplicated."""
    from clinic.demo import seed

    try:
        begin_write()
        report = seed.load()
        db.session.commit()
    except SQLAlchemyError as failure:
        db.session.rollback()
        raise click.ClickException(
            f"Could not load demo data ({failure.__class__.__name__}). "
            "Has `flask --app clinic db upgrade` been run?"
        ) from None
    click.echo(report.summary())


@click.group("reminders")
def reminders_group() -> None:
    """Appointment reminders (meant for cron)."""


@reminders_group.command("send")
@with_appcontext
def send_reminders_command() -> None:
    """Queue the reminders and questionnaire nudges now due; each goes once."""
    begin_write()
    report = reminders.send_due(clock.now())
    db.session.commit()
    click.echo(f"Queued {report.reminders} reminders and {report.nudges} questionnaire nudges.")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(outbox_group)
    app.cli.add_command(reminders_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
