"""Accounts and the audit log: on PostgreSQL, audit events refuse UPDATE and DELETE.

The app already refuses to change or delete an audit event (ORM events in
clinic.audit.models); this trigger holds the same line for anything connecting with the
app's credentials (psql, a script). One update stays allowed: the foreign key's ON DELETE
SET NULL, which blanks actor_user_id when a user row is deleted and changes nothing else.
TRUNCATE is not a row operation and is not blocked (the test suite empties tables with it);
retention purges are a database administrator's job (docs/operations.md).
SQLite has no stored procedures; there this migration does nothing.

Revision ID: f7e5b3c8a1d6
Revises: e5c3a2b6d9f4
Create Date: 2026-11-29 05:30:00

"""

from alembic import op

revision = "f7e5b3c8a1d6"
down_revision = "e5c3a2b6d9f4"
branch_labels = None
depends_on = None

FUNCTION = "audit_event_append_only"
TRIGGER = "tr_audit_event_append_only"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.actor_user_id IS NULL
               AND to_jsonb(NEW) - 'actor_user_id' = to_jsonb(OLD) - 'actor_user_id' THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_event")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
