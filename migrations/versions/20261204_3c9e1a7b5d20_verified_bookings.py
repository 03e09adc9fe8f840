"""Verified bookings: what a booking says about the patient, the front desk's "possible same
patient" queue, contact-detail history, the draft's confirm-by-email link, and outbox
messages whose private link is made at sending and whose body is dropped after delivery.

Revision ID: 3c9e1a7b5d20
Revises: b81e4c2d9a07
Create Date: 2026-12-04 16:42:21.281273

"""
from alembic import op
import sqlalchemy as sa


revision = '3c9e1a7b5d20'
down_revision = 'b81e4c2d9a07'
branch_labels = None
depends_on = None

REDACTED = "(The text of this message was removed after it was delivered.)"


def upgrade():
    op.create_table('patient_contact_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.String(length=254), nullable=True),
    sa.Column('new_value', sa.String(length=254), nullable=True),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_contact_change_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_contact_change'))
    )
    with op.batch_alter_table('patient_contact_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_contact_change_patient_id'), ['patient_id'], unique=False)

    op.create_table('possible_same_patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('existing_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('open', 'merged', 'kept_apart', name='match_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_possible_same_patient_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['existing_id'], ['patient.id'], name=op.f('fk_possible_same_patient_existing_id_patient'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_possible_same_patient_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_possible_same_patient')),
    sa.UniqueConstraint("patient_id", "existing_id", name=op.f("uq_possible_same_patient_patient_id_existing_id"))
    )
    with op.batch_alter_table('possible_same_patient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_possible_same_patient_existing_id'), ['existing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_possible_same_patient_status'), ['status'], unique=False)

    op.create_table('booking_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('guardian_name', sa.String(length=200), nullable=True),
    sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_booking_identity_appointment_id_appointment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_identity')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_booking_identity_appointment_id'))
    )
    with op.batch_alter_table('booking_identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_identity_email'), ['email'], unique=False)

    with op.batch_alter_table('booking_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verify_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_booking_draft_verify_hash'), ['verify_hash'])

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_appointment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_link_appointment_id'), ['link_appointment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_link_appointment_id_appointment'), 'appointment', ['link_appointment_id'], ['id'], ondelete='SET NULL')

    # Messages delivered before this revision still hold working links in their bodies:
    # drop them as the sender now does after every delivery (clinic.notifications.links).
    empty_list = "'[]'::json" if op.get_bind().dialect.name == "postgresql" else "'[]'"
    op.execute(
        sa.text(
            "UPDATE outbox_message SET body_text = :removed, body_html = NULL,"
            f" calendar_ics = NULL, attachments = {empty_list}, redacted_at = sent_at"
            " WHERE status = 'sent'"
        ).bindparams(removed=REDACTED)
    )



def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_link_appointment_id_appointment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_link_appointment_id'))
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('link_appointment_id')

    with op.batch_alter_table('booking_draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_booking_draft_verify_hash'), type_='unique')
        batch_op.drop_column('verify_hash')

    with op.batch_alter_table('booking_identity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_identity_email'))

    op.drop_table('booking_identity')
    with op.batch_alter_table('possible_same_patient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_possible_same_patient_status'))
        batch_op.drop_index(batch_op.f('ix_possible_same_patient_existing_id'))

    op.drop_table('possible_same_patient')
    with op.batch_alter_table('patient_contact_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_contact_change_patient_id'))

    op.drop_table('patient_contact_change')
