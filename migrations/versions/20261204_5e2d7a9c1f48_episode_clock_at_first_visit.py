"""The direct-access clock starts at the first attended visit: an episode's started_on is
empty until the patient is seen. Open episodes take the day of their first attended visit;
an open episode never attended is emptied, and closed if it has no live booking left.

Revision ID: 5e2d7a9c1f48
Revises: 3c9e1a7b5d20
Create Date: 2026-12-04 18:00:00

"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "5e2d7a9c1f48"
down_revision = "3c9e1a7b5d20"
branch_labels = None
depends_on = None

ATTENDED = ("checked_in", "completed")
LIVE = ("held", "booked")


def upgrade():
    with op.batch_alter_table("episode") as batch:
        batch.alter_column("started_on", existing_type=sa.Date(), nullable=True)
    connection = op.get_bind()
    today = datetime.now(UTC).date()
    episodes = connection.execute(
        sa.text(
            "SELECT e.id, l.timezone FROM episode e JOIN location l ON l.id = e.location_id"
            " WHERE e.closed_on IS NULL"
        )
    ).all()
    for episode_id, zone in episodes:
        visits = connection.execute(
            sa.text("SELECT starts_at, status FROM appointment WHERE episode_id = :id"),
            {"id": episode_id},
        ).all()
        attended = [_local_day(s, zone) for s, status in visits if status in ATTENDED]
        live = any(status in LIVE for _, status in visits)
        connection.execute(
            sa.text("UPDATE episode SET started_on = :start, closed_on = :closed WHERE id = :id"),
            {
                "id": episode_id,
                "start": min(attended) if attended else None,
                "closed": None if attended or live else today,
            },
        )


def _local_day(starts_at, zone: str) -> date:
    if isinstance(starts_at, str):
        starts_at = datetime.fromisoformat(starts_at)
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=UTC)
    return starts_at.astimezone(ZoneInfo(zone)).date()


def downgrade():
    connection = op.get_bind()
    connection.execute(
        sa.text(
            "UPDATE episode SET started_on = COALESCE(closed_on, CURRENT_DATE)"
            " WHERE started_on IS NULL"
        )
    )
    with op.batch_alter_table("episode") as batch:
        batch.alter_column("started_on", existing_type=sa.Date(), nullable=False)
