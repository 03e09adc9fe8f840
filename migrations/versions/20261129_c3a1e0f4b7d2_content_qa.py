"""Ask our experts: slug redirects, article views, questions (reviewed after autogenerate).

Revision ID: c3a1e0f4b7d2
Revises: a4ef2fbd27f9
Create Date: 2026-11-29 05:00:00

Placeholder in the chain so that work in parallel keeps one head; filled in by its change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a1e0f4b7d2'
down_revision = 'a4ef2fbd27f9'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
