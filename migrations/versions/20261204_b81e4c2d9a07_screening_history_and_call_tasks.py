"""Screening history, urgency and warnings on the intake, and the front desk's call tasks.

Revision ID: b81e4c2d9a07
Revises: f7e5b3c8a1d6
Create Date: 2026-12-04 17:00:00

screening_record keeps every screening result with its answers and time (from the booking's
safety step, the questionnaire after booking and the desk). The intake gains the urgency of a
see-a-doctor result, the gravest warning ever given, when answers were changed after a warning,
and whether a clinician should review the booking before the visit. call_task is the front
desk's "call this patient", acknowledged by a named person.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b81e4c2d9a07'
down_revision = 'f7e5b3c8a1d6'
branch_labels = None
depends_on = None

LEVELS = ('clear', 'inform', 'physician', 'emergency')
URGENCIES = ('today', 'few_days')


def upgrade():
    op.create_table('screening_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('draft_ref', sa.String(length=64), nullable=True),
    sa.Column('source', sa.Enum('booking', 'intake', 'front_desk', name='screening_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('level', sa.Enum(*LEVELS, name='screening_record_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('urgency', sa.Enum(*URGENCIES, name='screening_record_urgency', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mistake_reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_screening_record_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_record'))
    )
    with op.batch_alter_table('screening_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_record_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_record_draft_ref'), ['draft_ref'], unique=False)

    op.create_table('call_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum(*LEVELS, name='call_task_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_name', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user_account.id'], name=op.f('fk_call_task_acknowledged_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_call_task_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_task'))
    )
    with op.batch_alter_table('call_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_task_appointment_id'), ['appointment_id'], unique=False)
        # One open task per booking, even for two requests racing.
        batch_op.create_index('uq_call_task_open', ['appointment_id'], unique=True, sqlite_where=sa.text('acknowledged_at IS NULL'), postgresql_where=sa.text('acknowledged_at IS NULL'))

    with op.batch_alter_table('intake', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgency', sa.Enum(*URGENCIES, name='intake_urgency', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('warned_level', sa.Enum(*LEVELS, name='intake_warned_level', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('changed_after_warning_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_before_visit', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('intake', schema=None) as batch_op:
        # The enum columns' CHECK constraints go first, or SQLite's rebuilt table keeps them.
        batch_op.drop_constraint(op.f('ck_intake_intake_warned_level'), type_='check')
        batch_op.drop_constraint(op.f('ck_intake_intake_urgency'), type_='check')
        batch_op.drop_column('review_before_visit')
        batch_op.drop_column('changed_after_warning_at')
        batch_op.drop_column('warned_level')
        batch_op.drop_column('urgency')

    with op.batch_alter_table('call_task', schema=None) as batch_op:
        batch_op.drop_index('uq_call_task_open')
        batch_op.drop_index(batch_op.f('ix_call_task_appointment_id'))
    op.drop_table('call_task')

    with op.batch_alter_table('screening_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_record_draft_ref'))
        batch_op.drop_index(batch_op.f('ix_screening_record_appointment_id'))
    op.drop_table('screening_record')
