"""Accounts and the audit log: hardening (reviewed after autogenerate).

Revision ID: f7e5b3c8a1d6
Revises: e5c3a2b6d9f4
Create Date: 2026-11-29 05:30:00

Placeholder in the chain; filled in by its change, or left without operations.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7e5b3c8a1d6'
down_revision = 'e5c3a2b6d9f4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
