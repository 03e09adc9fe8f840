"""`flask --app clinic outbox send [--loop]`: deliver the outbox's due messages."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from clinic.core import clock
from clinic.extensions import db
from clinic.notifications import outbox
from clinic.notifications.backends import backend_from_config


@click.group("outbox")
def outbox_group() -> None:
    """The email outbox."""


@outbox_group.command("send")
@click.option("--loop", is_flag=True, help="Keep sending until interrupted.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait, with --loop, when nothing was due.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Most messages to handle per round.",
)
@with_appcontext
def send_command(loop: bool, interval: float, limit: int) -> None:
    """Send the messages that are due, retrying failures later with a growing wait."""
    try:
        backend = backend_from_config(current_app.config)
    except ValueError as bad:
        raise click.ClickException(str(bad)) from None
    sender = current_app.config["MAIL_FROM"]
    worker_id = outbox.default_worker_id()
    if not loop:
        click.echo(_round(backend, sender, worker_id, limit).summary())
        return
    try:
        while True:
            try:
                report = _round(backend, sender, worker_id, limit)
            except SQLAlchemyError as failure:
                # A database restart should not end the sender; try again after the interval.
                db.session.rollback()
                click.echo(f"Outbox: database error ({failure.__class__.__name__}).", err=True)
                time.sleep(interval)
                continue
            if report.handled:
                click.echo(report.summary())
            if report.handled < limit:
                time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Outbox: stopped.")


def _round(backend, sender: str, worker_id: str, limit: int) -> outbox.Report:
    try:
        return outbox.send_due(backend, clock.now, worker_id, sender=sender, limit=limit)
    finally:
        db.session.remove()
