"""Manage tokens in their own table, several per appointment (reviewed after autogenerate).

Revision ID: a4ef2fbd27f9
Revises: 5a2fd99ebac2
Create Date: 2026-11-29 03:34:30.656225

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4ef2fbd27f9'
down_revision = '5a2fd99ebac2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('manage_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_manage_token_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manage_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_manage_token_token_hash'))
    )
    with op.batch_alter_table('manage_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manage_token_appointment_id'), ['appointment_id'], unique=False)

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_appointment_manage_token_hash'), type_='unique')
        batch_op.drop_column('manage_token_hash')



def downgrade():
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manage_token_hash', sa.VARCHAR(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_appointment_manage_token_hash'), ['manage_token_hash'])

    with op.batch_alter_table('manage_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manage_token_appointment_id'))

    op.drop_table('manage_token')
