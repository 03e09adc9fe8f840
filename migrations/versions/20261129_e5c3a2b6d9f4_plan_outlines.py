"""Plan outlines: versions and publishing (reviewed after autogenerate).

Revision ID: e5c3a2b6d9f4
Revises: d4b2f1a5c8e3
Create Date: 2026-11-29 05:00:00

Placeholder in the chain so that work in parallel keeps one head; filled in by its change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5c3a2b6d9f4'
down_revision = 'd4b2f1a5c8e3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
