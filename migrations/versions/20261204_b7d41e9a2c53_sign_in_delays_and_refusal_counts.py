"""Sign-in throttle: growing delays (blocked_until) and a count that forgets after a quiet
window (last_attempt_at, formerly the window's start); rate_limit_refusal counts refused
requests per address, limit and window, so the audit log gets one event for each.

Revision ID: b7d41e9a2c53
Revises: 3c9e1a7b5d20
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op


revision = "b7d41e9a2c53"
down_revision = "3c9e1a7b5d20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_refusal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("limit", sa.String(length=60), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_refusal")),
        sa.UniqueConstraint(
            "address",
            "scope",
            "limit",
            "window_start",
            name=op.f("uq_rate_limit_refusal_address_scope_limit_window_start"),
        ),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.alter_column("window_started_at", new_column_name="last_attempt_at")
        batch_op.add_column(
            sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    op.drop_table("rate_limit_refusal")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_column("blocked_until")
        batch_op.alter_column("last_attempt_at", new_column_name="window_started_at")
