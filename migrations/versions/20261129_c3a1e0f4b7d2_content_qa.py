"""Ask our experts: slug redirects, article views, questions (reviewed after autogenerate).

Revision ID: c3a1e0f4b7d2
Revises: a4ef2fbd27f9
Create Date: 2026-11-29 05:00:00

Old slugs answer with a permanent redirect; views are counted per article per day with
nothing about the reader; questions keep their private answer; the ask form's rate limit
counts per hashed client address so every worker agrees.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a1e0f4b7d2'
down_revision = 'a4ef2fbd27f9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_rate_limit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_rate_limit')),
    sa.UniqueConstraint('key', name=op.f('uq_question_rate_limit_key'))
    )
    op.create_table('article_daily_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_article_daily_views_article_id_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_daily_views')),
    sa.UniqueConstraint('article_id', 'day', name=op.f('uq_article_daily_views_article_id_day'))
    )
    op.create_table('article_slug_redirect',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('old_slug', sa.String(length=160), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_article_slug_redirect_article_id_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_slug_redirect')),
    sa.UniqueConstraint('old_slug', name=op.f('uq_article_slug_redirect_old_slug'))
    )
    with op.batch_alter_table('article_slug_redirect', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_slug_redirect_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_question_answered_by_id_user_account'), 'user_account', ['answered_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_answered_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('answer')

    with op.batch_alter_table('article_slug_redirect', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_slug_redirect_article_id'))

    op.drop_table('article_slug_redirect')
    op.drop_table('article_daily_views')
    op.drop_table('question_rate_limit')
