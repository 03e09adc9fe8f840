"""Front desk: direct-access tracker actions and appointment changes (reviewed after autogenerate).

Revision ID: d4b2f1a5c8e3
Revises: c3a1e0f4b7d2
Create Date: 2026-11-29 05:00:00

The episode_action table: what the front desk recorded as done for a direct-access episode
(progress check passed, referral, plan sign-off, prescriber consulted, rule verified,
notification sent). Appointment changes need no new columns.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4b2f1a5c8e3'
down_revision = 'c3a1e0f4b7d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('episode_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('progress_check', 'referral', 'plan_sign_off', 'consult', 'verified', 'notification')", name=op.f('ck_episode_action_kind')),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_episode_action_episode_id_episode'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_episode_action_recorded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episode_action'))
    )
    with op.batch_alter_table('episode_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_episode_action_episode_id'), ['episode_id'], unique=False)


def downgrade():
    with op.batch_alter_table('episode_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_episode_action_episode_id'))

    op.drop_table('episode_action')
