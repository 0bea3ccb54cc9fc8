"""rate limits, erasure, consent hiding, sensitive data

Revision ID: 0002
Revises: 0001
Created: 2026-11-27 05:45:50.754816
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_counters',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Double(), nullable=False),
    sa.CheckConstraint('hits >= 0', name=op.f('ck_rate_limit_counters_hits_not_negative')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counters'))
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counters_expires_at'), ['expires_at'], unique=False)

    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('household_income_pen', sa.Numeric(precision=10, scale=2), nullable=True))
        batch_op.add_column(sa.Column('health_condition', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('age_band', sa.String(length=8), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        # An erased account may have neither phone nor e-mail.
        batch_op.drop_constraint(op.f('ck_users_has_login'), type_='check')
        batch_op.create_check_constraint(
            'has_login', 'email IS NOT NULL OR phone IS NOT NULL OR erased_at IS NOT NULL')
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'income_not_negative', 'household_income_pen IS NULL OR household_income_pen >= 0')



def downgrade():
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_candidate_profiles_income_not_negative'), type_='check')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_has_login'), type_='check')
        batch_op.create_check_constraint('has_login', 'email IS NOT NULL OR phone IS NOT NULL')
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.drop_column('age_band')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('health_condition')
        batch_op.drop_column('household_income_pen')

    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counters_expires_at'))

    op.drop_table('rate_limit_counters')
