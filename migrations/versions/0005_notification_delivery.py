"""notification delivery: SMS and WhatsApp channels, preferences, inbound messages

Revision ID: 0005
Revises: 0004
Created: 2026-12-06 07:58:07.174261
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = "0004"
branch_labels = None
depends_on = None

CHANNELS = "channel IN ('inapp', 'sms', 'email', 'whatsapp')"
STATUSES = "status IN ('queued', 'sending', 'sent', 'delivered', 'failed')"
PURPOSES = "purpose IN ('processing', 'visibility', 'sensitive', 'messages')"
METHODS = "method IN ('online', 'written', 'oral', 'sms')"


def upgrade():
    op.create_table('message_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=9), nullable=True),
    sa.Column('sms', sa.Boolean(), nullable=False),
    sa.Column('whatsapp', sa.Boolean(), nullable=False),
    sa.Column('job_alerts', sa.Boolean(), nullable=False),
    sa.Column('last_job_alert_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_message_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_message_preferences'))
    )
    with op.batch_alter_table('message_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_preferences_phone'), ['phone'], unique=False)

    op.create_table('inbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('inapp', 'sms', 'email', 'whatsapp', name='inbound_channel', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=320), nullable=False),
    sa.Column('gateway_id', sa.String(length=128), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=24), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_inbound_messages_notification_id_notifications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inbound_messages_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_messages')),
    sa.UniqueConstraint('channel', 'gateway_id', name=op.f('uq_inbound_messages_channel_gateway_id'))
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_messages_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_messages_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_messages_user_id'), ['user_id'], unique=False)

    # The old status and channel lists must go before 'pending' can become 'queued'.
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_channel'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_status'), type_='check')
    op.execute("UPDATE notifications SET status = 'queued' WHERE status = 'pending'")

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=24), nullable=False, server_default='notice'))
        batch_op.add_column(sa.Column('to_phone', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('territory_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vacancy_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ref_code', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answer', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('gateway_id', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('segments', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('cost_pen', sa.Numeric(precision=10, scale=4), nullable=False, server_default='0'))
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_notifications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_gateway_id'), ['gateway_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_to_phone'), ['to_phone'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_idempotency_key'), ['idempotency_key'])
        batch_op.create_foreign_key(batch_op.f('fk_notifications_application_id_applications'), 'applications', ['application_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_notifications_territory_id_territories'), 'territories', ['territory_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_notifications_vacancy_id_vacancies'), 'vacancies', ['vacancy_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_notifications_follow_up_id_follow_ups'), 'follow_ups', ['follow_up_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint('channel', CHANNELS)
        batch_op.create_check_constraint('status', STATUSES)
        batch_op.create_check_constraint('segments_not_negative', 'segments >= 0')
        batch_op.create_check_constraint('has_recipient',
                                         'user_id IS NOT NULL OR to_phone IS NOT NULL')

    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_consents_purpose'), type_='check')
        batch_op.drop_constraint(op.f('ck_consents_method'), type_='check')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_check_constraint('purpose', PURPOSES)
        batch_op.create_check_constraint('method', METHODS)


def downgrade():
    op.execute("DELETE FROM consents WHERE purpose = 'messages' OR method = 'sms'")
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_consents_purpose'), type_='check')
        batch_op.drop_constraint(op.f('ck_consents_method'), type_='check')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'purpose', "purpose IN ('processing', 'visibility', 'sensitive')")
        batch_op.create_check_constraint('method', "method IN ('online', 'written', 'oral')")

    op.execute("DELETE FROM notifications WHERE user_id IS NULL OR channel = 'whatsapp'")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_has_recipient'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_segments_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_status'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_channel'), type_='check')
    op.execute("UPDATE notifications SET status = 'pending' WHERE status IN ('queued', 'sending')")
    op.execute("UPDATE notifications SET status = 'sent' WHERE status = 'delivered'")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_follow_up_id_follow_ups'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notifications_vacancy_id_vacancies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notifications_territory_id_territories'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notifications_application_id_applications'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_notifications_idempotency_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_notifications_to_phone'))
        batch_op.drop_index(batch_op.f('ix_notifications_gateway_id'))
        batch_op.drop_index('ix_notifications_due')
        batch_op.alter_column('user_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        for column in ('cost_pen', 'segments', 'delivered_at', 'status_reason', 'gateway_id',
                       'claimed_by', 'claimed_at', 'next_attempt_at', 'answer', 'answered_at',
                       'ref_code', 'payload', 'vacancy_id', 'follow_up_id', 'application_id',
                       'territory_id', 'to_phone', 'kind', 'idempotency_key'):
            batch_op.drop_column(column)
        batch_op.create_check_constraint('channel', "channel IN ('inapp', 'sms', 'email')")
        batch_op.create_check_constraint('status', "status IN ('pending', 'sent', 'failed')")

    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_messages_user_id'))
        batch_op.drop_index(batch_op.f('ix_inbound_messages_received_at'))
        batch_op.drop_index(batch_op.f('ix_inbound_messages_phone'))
    op.drop_table('inbound_messages')
    with op.batch_alter_table('message_preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_preferences_phone'))
    op.drop_table('message_preferences')
