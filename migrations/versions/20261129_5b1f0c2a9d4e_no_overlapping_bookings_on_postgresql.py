"""On PostgreSQL, an exclusion constraint: booked time of one therapist never overlaps.

A second guard behind the slot claims (which work on every database). Holds are left out
because a lapsed hold must block nobody and "lapsed" depends on the current time.
SQLite has no exclusion constraints; there this migration does nothing.

Revision ID: 5b1f0c2a9d4e
Revises: 94f3bed6d2c1
Create Date: 2026-11-29 02:05:00

"""

from alembic import op

revision = "5b1f0c2a9d4e"
down_revision = "94f3bed6d2c1"
branch_labels = None
depends_on = None

NAME = "ex_appointment_no_overlapping_bookings"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        f"ALTER TABLE appointment ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(therapist_id WITH =, tstzrange(starts_at, busy_until, '[)') WITH &&) "
        "WHERE (status IN ('booked', 'checked_in', 'completed', 'no_show'))"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_constraint(NAME, "appointment")
