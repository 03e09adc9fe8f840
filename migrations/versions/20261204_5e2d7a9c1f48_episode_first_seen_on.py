"""The direct-access clock starts at the first attended visit: episode.first_seen_on. Every
episode takes the day of its first attended visit; an open episode never attended with no
held or booked visit left closes today.

A new column rather than an emptied started_on: making started_on nullable would rebuild the
table on SQLite, and dropping it with foreign keys on would empty appointment.episode_id.

Revision ID: 5e2d7a9c1f48
Revises: b7d41e9a2c53
Create Date: 2026-12-04 18:10:00

"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "5e2d7a9c1f48"
down_revision = "b7d41e9a2c53"
branch_labels = None
depends_on = None

ATTENDED = ("checked_in", "completed")
LIVE = ("held", "booked")


def upgrade():
    op.add_column("episode", sa.Column("first_seen_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    today = datetime.now(UTC).date()
    episodes = connection.execute(
        sa.text(
            "SELECT e.id, e.closed_on, l.timezone FROM episode e"
            " JOIN location l ON l.id = e.location_id"
        )
    ).all()
    for episode_id, closed_on, zone in episodes:
        visits = connection.execute(
            sa.text("SELECT starts_at, status FROM appointment WHERE episode_id = :id"),
            {"id": episode_id},
        ).all()
        attended = [_local_day(s, zone) for s, status in visits if status in ATTENDED]
        live = any(status in LIVE for _, status in visits)
        connection.execute(
            sa.text("UPDATE episode SET first_seen_on = :seen, closed_on = :closed WHERE id = :id"),
            {
                "id": episode_id,
                "seen": min(attended) if attended else None,
                "closed": closed_on if closed_on or attended or live else today,
            },
        )


def _local_day(starts_at, zone: str) -> date:
    if isinstance(starts_at, str):
        starts_at = datetime.fromisoformat(starts_at)
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=UTC)
    return starts_at.astimezone(ZoneInfo(zone)).date()


def downgrade():
    # SQLite (3.35+) drops a column in place: no table rebuild, so no foreign-key actions.
    op.drop_column("episode", "first_seen_on")
