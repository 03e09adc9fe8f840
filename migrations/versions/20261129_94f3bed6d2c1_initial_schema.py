"""Initial schema: every noun of the domain model.

Reviewed after autogenerate: instants are plain timestamptz here (the app's UTCDateTime
decorator only adapts values), enums are VARCHAR with named CHECK constraints so the
same migration runs on SQLite and PostgreSQL.

Revision ID: 94f3bed6d2c1
Revises: 
Create Date: 2026-11-29 01:52:43.470381

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '94f3bed6d2c1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appointment_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('online_bookable', sa.Boolean(), nullable=False),
    sa.Column('new_patient_only', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('buffer_minutes >= 0', name=op.f('ck_appointment_type_buffer')),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_appointment_type_duration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_type')),
    sa.UniqueConstraint('slug', name=op.f('uq_appointment_type_slug'))
    )
    op.create_table('clinic_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('slot_grid_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('hold_minutes', sa.Integer(), nullable=False),
    sa.Column('cancel_cutoff_hours', sa.Integer(), nullable=False),
    sa.CheckConstraint('cancel_cutoff_hours >= 0', name=op.f('ck_clinic_settings_cutoff')),
    sa.CheckConstraint('hold_minutes > 0', name=op.f('ck_clinic_settings_hold')),
    sa.CheckConstraint('horizon_days > 0', name=op.f('ck_clinic_settings_horizon')),
    sa.CheckConstraint('id = 1', name=op.f('ck_clinic_settings_single_row')),
    sa.CheckConstraint('min_notice_minutes >= 0', name=op.f('ck_clinic_settings_notice')),
    sa.CheckConstraint('slot_grid_minutes IN (5, 10, 15, 20, 30, 60)', name=op.f('ck_clinic_settings_grid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_settings'))
    )
    op.create_table('location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('length(state) = 2', name=op.f('ck_location_state_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location')),
    sa.UniqueConstraint('slug', name=op.f('uq_location_slug'))
    )
    op.create_table('login_throttle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttle')),
    sa.UniqueConstraint('key', name=op.f('uq_login_throttle_key'))
    )
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('calendar_method', sa.String(length=16), nullable=True),
    sa.Column('calendar_ics', sa.Text(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', name='outbox_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=120), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('guardian_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient'))
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index('ix_patient_email_birth', ['email', 'date_of_birth'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'front_desk', 'therapist', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_event_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('episode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('access', sa.Enum('direct', 'referred', name='episode_access', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('visits_used', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.CheckConstraint('visits_used >= 0', name=op.f('ck_episode_visits')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_episode_location_id_location'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_episode_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episode'))
    )
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_episode_patient_id'), ['patient_id'], unique=False)

    op.create_table('staff_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_staff_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_session_token_hash'))
    )
    op.create_table('therapist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('credentials', sa.String(length=80), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('specialties', sa.JSON(), nullable=False),
    sa.Column('interests', sa.String(length=300), nullable=False),
    sa.Column('accepts_new_patients', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_therapist_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_therapist')),
    sa.UniqueConstraint('user_id', name=op.f('uq_therapist_user_id'))
    )
    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('busy_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('held', 'booked', 'checked_in', 'completed', 'cancelled', 'no_show', name='appointment_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source', sa.Enum('online', 'front_desk', name='appointment_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('screening_level', sa.Enum('clear', 'inform', 'physician', 'emergency', name='screening_level', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('ical_uid', sa.String(length=120), nullable=False),
    sa.Column('ical_sequence', sa.Integer(), nullable=False),
    sa.Column('hold_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('idempotency_nonce', sa.String(length=64), nullable=True),
    sa.Column('manage_token_hash', sa.String(length=64), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at <= busy_until', name=op.f('ck_appointment_busy_covers_visit')),
    sa.CheckConstraint('ical_sequence >= 0', name=op.f('ck_appointment_sequence')),
    sa.CheckConstraint('starts_at < ends_at', name=op.f('ck_appointment_start_before_end')),
    sa.ForeignKeyConstraint(['episode_id'], ['episode.id'], name=op.f('fk_appointment_episode_id_episode'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_appointment_location_id_location'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_appointment_patient_id_patient'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_appointment_therapist_id_therapist'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['type_id'], ['appointment_type.id'], name=op.f('fk_appointment_type_id_appointment_type'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment')),
    sa.UniqueConstraint('ical_uid', name=op.f('uq_appointment_ical_uid')),
    sa.UniqueConstraint('idempotency_nonce', name=op.f('uq_appointment_idempotency_nonce')),
    sa.UniqueConstraint('manage_token_hash', name=op.f('uq_appointment_manage_token_hash'))
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_status'), ['status'], unique=False)
        batch_op.create_index('ix_appointment_therapist_busy', ['therapist_id', 'starts_at', 'busy_until'], unique=False)

    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=160), nullable=False),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('key_points', sa.JSON(), nullable=False),
    sa.Column('answer_md', sa.Text(), nullable=False),
    sa.Column('see_doctor_if', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', name='article_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['therapist.id'], name=op.f('fk_article_author_id_therapist'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article')),
    sa.UniqueConstraint('slug', name=op.f('uq_article_slug'))
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_status'), ['status'], unique=False)

    op.create_table('availability_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('start_time < end_time', name=op.f('ck_availability_rule_start_before_end')),
    sa.CheckConstraint('valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to', name=op.f('ck_availability_rule_validity')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_availability_rule_weekday')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_availability_rule_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_availability_rule_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_rule'))
    )
    op.create_table('feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_feed_token_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feed_token_token_hash'))
    )
    with op.batch_alter_table('feed_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_token_therapist_id'), ['therapist_id'], unique=False)

    op.create_table('time_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('(therapist_id IS NULL) <> (location_id IS NULL)', name=op.f('ck_time_off_therapist_or_location')),
    sa.CheckConstraint('starts_at < ends_at', name=op.f('ck_time_off_start_before_end')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_time_off_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_time_off_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_off'))
    )
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_off_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_off_therapist_id'), ['therapist_id'], unique=False)

    op.create_table('intake',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.Column('question_set', sa.String(length=60), nullable=False),
    sa.Column('question_set_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'complete', name='intake_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('screening_level', sa.Enum('clear', 'inform', 'physician', 'emergency', name='intake_screening_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('physician_acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_intake_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_intake_appointment_id'))
    )
    op.create_table('plan_outline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('generated', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='plan_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_plan_outline_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_outline')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_plan_outline_appointment_id'))
    )
    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('new', 'answered', 'drafted', 'dismissed', name='question_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_question_article_id_article'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_status'), ['status'], unique=False)

    op.create_table('slot_claim',
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('cell_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_slot_claim_appointment_id_appointment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_slot_claim_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('therapist_id', 'cell_start', name=op.f('pk_slot_claim'))
    )
    with op.batch_alter_table('slot_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_claim_appointment_id'), ['appointment_id'], unique=False)

    op.create_table('plan_outline_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='plan_version_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_user_id'], ['user_account.id'], name=op.f('fk_plan_outline_version_author_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan_outline.id'], name=op.f('fk_plan_outline_version_plan_id_plan_outline'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_outline_version')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_plan_outline_version_plan_id_number'))
    )


def downgrade():
    op.drop_table('plan_outline_version')
    with op.batch_alter_table('slot_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slot_claim_appointment_id'))

    op.drop_table('slot_claim')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_status'))

    op.drop_table('question')
    op.drop_table('plan_outline')
    op.drop_table('intake')
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_off_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_time_off_location_id'))

    op.drop_table('time_off')
    with op.batch_alter_table('feed_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_token_therapist_id'))

    op.drop_table('feed_token')
    op.drop_table('availability_rule')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_status'))
        batch_op.drop_index(batch_op.f('ix_article_region'))

    op.drop_table('article')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_therapist_busy')
        batch_op.drop_index(batch_op.f('ix_appointment_status'))
        batch_op.drop_index(batch_op.f('ix_appointment_patient_id'))

    op.drop_table('appointment')
    op.drop_table('therapist')
    op.drop_table('staff_session')
    with op.batch_alter_table('episode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_episode_patient_id'))

    op.drop_table('episode')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('user_account')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_email_birth')

    op.drop_table('patient')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')

    op.drop_table('outbox_message')
    op.drop_table('login_throttle')
    op.drop_table('location')
    op.drop_table('clinic_settings')
    op.drop_table('appointment_type')
