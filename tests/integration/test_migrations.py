"""Migrations: exactly one head, and an empty database upgrades to exactly the models' schema."""

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from clinic import create_app
from clinic.extensions import db
from clinic.scheduling.models import AppointmentStatus
from tests import factories
from tests.conftest import missing

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def test_migrations_have_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_migration_files_are_date_prefixed():
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert path.name[:8].isdigit() and path.name[8] == "_", path.name


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A brand-new, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        missing("PostgreSQL is not available (set TEST_DATABASE_URL, or run `make test`)")
    name = f"clinic_migrate_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(empty_database):
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, "head")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        # Autogenerate against the upgraded database finds nothing left to do.
        command.check(config)
        if db.engine.dialect.name == "postgresql":
            constraints = {
                c["name"] for c in sa.inspect(db.engine).get_check_constraints("appointment")
            }
            with db.engine.connect() as connection:
                exclusions = (
                    connection.exec_driver_sql(
                        "SELECT conname FROM pg_constraint WHERE contype = 'x'"
                    )
                    .scalars()
                    .all()
                )
            assert "ex_appointment_no_overlapping_bookings" in exclusions, constraints
        command.downgrade(config, "base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_the_verified_bookings_revision_drops_the_bodies_of_delivered_messages(empty_database):
    """Links delivered before links were made at sending rested in the outbox: gone now."""
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, "f7e5b3c8a1d6")
        insert = sa.text(
            "INSERT INTO outbox_message (kind, dedupe_key, recipient, subject, body_text,"
            " body_html, calendar_method, calendar_ics, attachments, status, attempts,"
            " next_attempt_at, sent_at, created_at) VALUES (:kind, :key, 'a@example.com', 's',"
            " 'Open https://x.example/visit/SECRETtokenSECRETtokenSECRET1/', '<a>link</a>',"
            " 'REQUEST', 'BEGIN:VCALENDAR', '[]', :status, 1, :at, :sent, :at)"
        )
        at = "2026-03-02 15:00:00+00:00"
        with db.engine.begin() as connection:
            for status, sent in (("sent", at), ("pending", None)):
                values = {"kind": "confirmation", "key": status, "status": status}
                connection.execute(insert, values | {"at": at, "sent": sent})
        command.upgrade(config, "head")
        with db.engine.connect() as connection:
            rows = dict(
                connection.execute(
                    sa.text(
                        "SELECT status, body_text || coalesce(calendar_ics, '') FROM outbox_message"
                    )
                ).all()
            )
        assert "SECRET" not in rows["sent"] and "removed" in rows["sent"]
        assert "SECRET" in rows["pending"]  # sent later, then dropped by the sender
        db.engine.dispose()


def test_the_episode_clock_revision_starts_clocks_at_the_first_attended_visit(empty_database):
    """Open episodes take their first attended day; unseen ones are emptied, and closed when
    nothing is left booked."""
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, "b7d41e9a2c53")
        world = factories.make_bookable_clinic()
        booked_on = date(2026, 3, 2)
        # Raw rows: the model already has the column this revision adds.
        insert = sa.text(
            "INSERT INTO episode (patient_id, location_id, started_on, access, visits_used)"
            " VALUES (:patient, :location, :on, 'direct', 0)"
        )
        values = {"patient": world.patient.id, "location": world.location.id, "on": booked_on}
        for _ in range(3):
            db.session.execute(insert, values)
        seen, waiting, gone = db.session.scalars(sa.text("SELECT id FROM episode ORDER BY id"))
        statuses = [
            (seen, 4, AppointmentStatus.COMPLETED),
            (seen, 11, AppointmentStatus.BOOKED),
            (waiting, 12, AppointmentStatus.BOOKED),
            (gone, 13, AppointmentStatus.CANCELLED),
        ]
        for episode, day, status in statuses:
            start = world.local(date(2026, 3, day), 17, 30)  # 23:30 UTC: the local day counts
            factories.make_appointment(
                world.therapist,
                world.location,
                world.kind,
                start,
                episode_id=episode,
                status=status,
            )
        db.session.commit()
        command.upgrade(config, "head")
        rows = {
            row.id: row
            for row in db.session.execute(
                sa.text("SELECT id, first_seen_on, closed_on FROM episode")
            )
        }
        assert str(rows[seen].first_seen_on) == "2026-03-04" and rows[seen].closed_on is None
        assert rows[waiting].first_seen_on is None and rows[waiting].closed_on is None
        assert rows[gone].first_seen_on is None and rows[gone].closed_on is not None
        db.session.remove()
        db.engine.dispose()
