"""accounts without phone or e-mail: usernames, DNI numbers, one phone shared by siblings

Revision ID: 0008
Revises: 0005
Created: 2026-12-06 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_username'), ['username'])
        # Siblings may share one phone: no longer unique, still looked up by it.
        batch_op.drop_constraint(batch_op.f('uq_users_phone'), type_='unique')
        batch_op.create_index(batch_op.f('ix_users_phone'), ['phone'], unique=False)
        batch_op.drop_constraint(op.f('ck_users_has_login'), type_='check')
        batch_op.create_check_constraint(
            'has_login', 'email IS NOT NULL OR phone IS NOT NULL OR username IS NOT NULL '
                         'OR erased_at IS NOT NULL')
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dni', sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_candidate_profiles_dni'), ['dni'])


def downgrade():
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_candidate_profiles_dni'), type_='unique')
        batch_op.drop_column('dni')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_has_login'), type_='check')
        batch_op.create_check_constraint(
            'has_login', 'email IS NOT NULL OR phone IS NOT NULL OR erased_at IS NOT NULL')
        batch_op.drop_index(batch_op.f('ix_users_phone'))
        batch_op.create_unique_constraint(batch_op.f('uq_users_phone'), ['phone'])
        batch_op.drop_constraint(batch_op.f('uq_users_username'), type_='unique')
        batch_op.drop_column('username')
