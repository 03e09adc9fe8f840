"""Plan outlines: each version says whether the generator or a therapist made it.

Revision ID: e5c3a2b6d9f4
Revises: d4b2f1a5c8e3
Create Date: 2026-11-29 05:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5c3a2b6d9f4'
down_revision = 'd4b2f1a5c8e3'
branch_labels = None
depends_on = None


def upgrade():
    # Existing versions predate the generator's own versions: they were saved by people.
    with op.batch_alter_table('plan_outline_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'source',
            sa.Enum('generator', 'therapist', name='plan_version_source', native_enum=False,
                    create_constraint=True, length=9),
            nullable=False,
            server_default='therapist',
        ))
    with op.batch_alter_table('plan_outline_version', schema=None) as batch_op:
        batch_op.alter_column('source', server_default=None)


def downgrade():
    with op.batch_alter_table('plan_outline_version', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('ck_plan_outline_version_plan_version_source'), type_='check'
        )
        batch_op.drop_column('source')
