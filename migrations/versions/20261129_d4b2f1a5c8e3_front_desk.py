"""Front desk: direct-access tracker actions and appointment changes (reviewed after autogenerate).

Revision ID: d4b2f1a5c8e3
Revises: c3a1e0f4b7d2
Create Date: 2026-11-29 05:00:00

Placeholder in the chain so that work in parallel keeps one head; filled in by its change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4b2f1a5c8e3'
down_revision = 'c3a1e0f4b7d2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
