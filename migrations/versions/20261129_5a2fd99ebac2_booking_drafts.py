"""Booking drafts: a booking in progress, kept server-side (reviewed after autogenerate).

Revision ID: 5a2fd99ebac2
Revises: 5b1f0c2a9d4e
Create Date: 2026-11-29 03:05:06.306861

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a2fd99ebac2'
down_revision = '5b1f0c2a9d4e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booking_draft',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_booking_draft_appointment_id_appointment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_booking_draft')),
    sa.UniqueConstraint('nonce', name=op.f('uq_booking_draft_nonce'))
    )
    with op.batch_alter_table('booking_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_draft_expires_at'), ['expires_at'], unique=False)



def downgrade():
    with op.batch_alter_table('booking_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_draft_expires_at'))

    op.drop_table('booking_draft')
