"""The audit log: append-only through the app (and on PostgreSQL in the database), the admin's
page with filters and pages, and the CSV export (formula-safe, itself audited)."""

import csv
import html
import io
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import delete, func, select, update

from clinic import create_app
from clinic.audit import log
from clinic.audit.models import AuditEvent, AuditLogIsAppendOnly
from clinic.audit.record import record
from clinic.auth.models import Role
from clinic.extensions import db
from tests import factories
from tests.conftest import TEST_NOW, AuthActions, missing

WRONG = "not the password at all"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def add_events(app, *specs):
    """Audit events given as (action, actor_label, minutes before TEST_NOW, subject id)."""
    with app.app_context():
        for action, actor, minutes_ago, subject_id in specs:
            db.session.add(
                AuditEvent(
                    at=TEST_NOW - timedelta(minutes=minutes_ago),
                    actor_label=actor,
                    action=action,
                    subject_type="appointment" if subject_id else None,
                    subject_id=subject_id,
                    details={},
                )
            )
        db.session.commit()


def shown_actions(response) -> list[str]:
    body = response.get_data(as_text=True)
    return [chunk.split("</code>")[0] for chunk in body.split("<td><code>")[1:]]


@pytest.fixture
def admin(app, auth):
    with app.app_context():
        factories.make_location(timezone="America/Chicago")
        db.session.commit()
    email = auth.sign_in_as(Role.ADMIN)
    return email


# Append-only through the app


def test_changing_a_loaded_audit_event_is_refused(db_session):
    event = record("auth.sign_in", actor_label="someone@clinic.example")
    db_session.commit()

    event.action = "auth.nothing_happened"
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()
    db_session.rollback()

    assert db_session.get(AuditEvent, event.id).action == "auth.sign_in"


def test_deleting_a_loaded_audit_event_is_refused(db_session):
    event = record("auth.sign_in", actor_label="someone@clinic.example")
    db_session.commit()

    db_session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()
    db_session.rollback()

    assert db_session.get(AuditEvent, event.id) is not None


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(lambda: update(AuditEvent).values(action="x"), id="orm-update"),
        pytest.param(lambda: delete(AuditEvent), id="orm-delete"),
        pytest.param(lambda: AuditEvent.__table__.update().values(action="x"), id="core-update"),
        pytest.param(lambda: AuditEvent.__table__.delete(), id="core-delete"),
    ],
)
def test_bulk_updates_and_deletes_of_audit_events_are_refused(db_session, statement):
    record("auth.sign_in", actor_label="someone@clinic.example")
    db_session.commit()

    with pytest.raises(AuditLogIsAppendOnly):
        db_session.execute(statement())
    db_session.rollback()

    assert db_session.scalar(select(func.count()).select_from(AuditEvent)) == 1


# Append-only in PostgreSQL itself (the migration's trigger)


@pytest.fixture
def migrated_postgres():
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        missing("PostgreSQL is not available (set TEST_DATABASE_URL, or run `make test`)")
    name = f"clinic_audit_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        command.upgrade(config, "head")
        yield db.engine, config
        db.engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


def test_postgresql_refuses_to_change_or_delete_audit_events(migrated_postgres):
    engine, config = migrated_postgres
    with engine.begin() as connection:
        user_id = connection.exec_driver_sql(
            "INSERT INTO user_account (email, password_hash, role, active, created_at) "
            "VALUES ('gone@clinic.example', 'x', 'front_desk', true, now()) RETURNING id"
        ).scalar()
        connection.exec_driver_sql(
            "INSERT INTO audit_event (at, actor_user_id, actor_label, action, details) "
            "VALUES (now(), %(user)s, 'gone@clinic.example', 'auth.sign_in', '{}')",
            {"user": user_id},
        )
    for statement in (
        "UPDATE audit_event SET action = 'auth.nothing'",
        "DELETE FROM audit_event",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as c:
            c.exec_driver_sql(statement)

    # Deleting a user still works: the foreign key only blanks the event's actor id.
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "DELETE FROM user_account WHERE id = %(user)s", {"user": user_id}
        )
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT actor_user_id, actor_label, action FROM audit_event"
        ).one()
    assert tuple(row) == (None, "gone@clinic.example", "auth.sign_in")

    command.downgrade(config, "e5c3a2b6d9f4")
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_event")  # the trigger is gone


# The admin's page


def test_audit_log_lists_events_newest_first_in_the_clinics_zone(app, client, admin):
    add_events(app, ("appointment.book", "patient", 30, 7), ("intake.view", "doc@x.example", 10, 7))

    response = client.get("/admin/audit")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    actions = shown_actions(response)
    assert actions[:3] == ["auth.sign_in", "intake.view", "appointment.book"]
    body = text(response)
    assert "America/Chicago" in body
    assert "2026-03-02 08:30:00" in body  # 14:30 UTC shown in Chicago (CST)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("action=auth", ["auth.sign_in", "auth.sign_in_failed"], id="dotted-prefix"),
        pytest.param("action=auth.sign_in", ["auth.sign_in"], id="exact"),
        pytest.param("action=AUTH.SIGN*", ["auth.sign_in", "auth.sign_in_failed"], id="star"),
        pytest.param(
            "action=appointment.c*", ["appointment.check_in", "appointment.cancel"], id="star2"
        ),
        pytest.param("action=auth_", [], id="like-wildcards-are-literal"),
        pytest.param("actor=Desk@Clinic.Example", ["appointment.check_in"], id="actor"),
        pytest.param("subject_type=appointment&subject_id=8", ["appointment.cancel"], id="subject"),
        pytest.param(
            "date_from=2026-03-01&date_to=2026-03-01", ["appointment.cancel"], id="local-day"
        ),
        pytest.param(
            "date_from=2026-03-02&action=appointment", ["appointment.check_in"], id="from-today"
        ),
    ],
)
def test_audit_log_filters(app, client, admin, query, expected):
    add_events(
        app,
        # 2026-03-02 05:30 UTC is still Sunday 1 March in Chicago.
        ("appointment.cancel", "patient", 570, 8),
        ("auth.sign_in_failed", "nobody@clinic.example", 60, None),
        ("appointment.check_in", "desk@clinic.example", 20, 7),
    )

    response = client.get(f"/admin/audit?{query}")

    assert response.status_code == 200
    assert shown_actions(response) == expected


def test_audit_log_pages_by_id_with_older_and_newest_links(app, client, admin):
    add_events(app, *[(f"test.event_{n:03}", "system", 200 - n, None) for n in range(120)])

    first = client.get("/admin/audit?action=test")
    older = first.get_data(as_text=True).split('href="')
    next_links = [link.split('"')[0] for link in older if "before=" in link.split('"')[0]]
    second = client.get(html.unescape(next_links[0]))
    third_link = next(
        link.split('"')[0]
        for link in second.get_data(as_text=True).split('href="')
        if "before=" in link.split('"')[0]
    )
    third = client.get(html.unescape(third_link))

    assert shown_actions(first)[0] == "test.event_119" and len(shown_actions(first)) == 50
    assert shown_actions(second)[0] == "test.event_069" and len(shown_actions(second)) == 50
    assert shown_actions(third)[-1] == "test.event_000" and len(shown_actions(third)) == 20
    assert "Older events" not in text(third) and "Newest events" in text(third)
    assert "action=test" in third_link


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            "date_from=2026-03-05&date_to=2026-03-01",
            "The end date is before the start date.",
            id="backwards",
        ),
        pytest.param("date_from=2026-13-45", "Enter a date like 2026-03-02.", id="bad-date"),
        pytest.param("subject_id=abc", "Enter a whole number, like 42.", id="bad-id"),
        pytest.param("subject_id=-3", "Enter a whole number of 1 or more.", id="negative-id"),
        pytest.param(
            "subject_id=99999999999999999999", "Enter a whole number of 1 or more.", id="huge-id"
        ),
        pytest.param("action=" + "a" * 61, "Use at most 60 characters.", id="long-action"),
    ],
)
def test_bad_filters_answer_400_with_a_message_and_keep_what_was_typed(
    client, admin, query, message
):
    response = client.get(f"/admin/audit?{query}&actor=kept@clinic.example")

    assert response.status_code == 400
    assert message in text(response)
    assert 'value="kept@clinic.example"' in response.get_data(as_text=True)
    assert client.get(f"/admin/audit/export.csv?{query}").status_code == 400


def test_audit_log_escapes_what_people_typed(app, client, admin):
    add_events(app, ("auth.sign_in_failed", '<script>alert(1)</script>"', 5, None))

    body = client.get("/admin/audit").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_audit_log_is_never_changed_over_post(client, admin):
    assert client.post("/admin/audit").status_code in (400, 405)


# The CSV export


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_is_the_filtered_view_formula_safe_and_itself_audited(app, client, admin):
    add_events(
        app,
        ("auth.sign_in_failed", '=HYPERLINK("http://evil.example","x")', 30, None),
        ("auth.sign_in_failed", "+1-555", 20, None),
        ("appointment.cancel", "patient", 10, 4),
    )

    response = client.get("/admin/audit/export.csv?action=auth.sign_in_failed")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert [row["Actor"] for row in rows] == ["'+1-555", '\'=HYPERLINK("http://evil.example","x")']
    assert rows[0]["Time (clinic)"] == "2026-03-02T08:40:00-06:00"
    assert rows[0]["Time (UTC)"] == "2026-03-02T14:40:00+00:00"
    with app.app_context():
        export = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "audit.export")
        ).one()
        assert export.actor_label == admin
        assert export.details == {"filters": {"action": "auth.sign_in_failed"}, "rows": 2}


def test_export_larger_than_the_cap_is_refused_with_advice(app, client, admin, monkeypatch):
    monkeypatch.setattr(log, "EXPORT_CAP", 2)
    add_events(app, *[("test.event", "system", n, None) for n in range(3)])

    response = client.get("/admin/audit/export.csv?action=test")

    assert response.status_code == 422
    assert "more than the 2 one export can hold" in text(response)
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "audit.export")
        ).all()


def test_export_is_for_admins_only(auth, client):
    auth.sign_in_as(Role.FRONT_DESK)

    assert client.get("/admin/audit/export.csv").status_code == 403


# What gets audited


def test_account_events_are_findable_by_their_prefix(app, client, admin):
    AuthActions(app, app.test_client()).sign_in(admin, WRONG)

    response = client.get("/admin/audit?action=auth")

    assert set(shown_actions(response)) == {"auth.sign_in", "auth.sign_in_failed"}


def test_export_filename_carries_the_local_time(client, admin):
    response = client.get("/admin/audit/export.csv")

    stamp = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).strftime("%Y%m%d")
    assert f"audit-log-{stamp}-0900.csv" in response.headers["Content-Disposition"]
