"""Sign-in throttle: growing delays (blocked_until) and a count that forgets after a quiet
window (last_attempt_at, formerly the window's start).

Revision ID: b7d41e9a2c53
Revises: f7e5b3c8a1d6
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op


revision = "b7d41e9a2c53"
down_revision = "f7e5b3c8a1d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.alter_column("window_started_at", new_column_name="last_attempt_at")
        batch_op.add_column(
            sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_column("blocked_until")
        batch_op.alter_column("last_attempt_at", new_column_name="window_started_at")
