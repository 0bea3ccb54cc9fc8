"""sensitive data: drop what no feature uses, encrypt at rest what is kept

Drops ethnic identity, household income and health condition from candidate profiles (no
feature used them), and encrypts follow-up pay and problem text and staff TOTP secrets with
the keys in CHAMBA_DATA_KEY (models/crypto.py). The keys are the app's: `flask db upgrade`
reads them from the environment, and the migration stops, changing nothing, without them.

Revision ID: 0007
Revises: 0005
Created: 2026-12-06 11:00:00
"""
from decimal import Decimal

from alembic import op
import sqlalchemy as sa

from models.crypto import keyring_of


revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None

follow_ups = sa.table('follow_ups', sa.column('id', sa.Integer),
                      sa.column('monthly_pay_pen', sa.Text), sa.column('problem', sa.Text))
staff_totp = sa.table('staff_totp', sa.column('user_id', sa.Integer),
                      sa.column('secret', sa.Text))
CENT = Decimal('0.01')


def _amount(value) -> str | None:
    """The stored amount as the text EncryptedDecimal writes (two decimals)."""
    return None if value is None else str(Decimal(str(value)).quantize(CENT))


def upgrade():
    bind = op.get_bind()
    # Before any change: without the keys, stop here with the schema untouched.
    keyring = keyring_of(bind.dialect)

    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_candidate_profiles_income_not_negative'), type_='check')
        batch_op.drop_column('health_condition')
        batch_op.drop_column('household_income_pen')
        batch_op.drop_column('ethnic_identity')

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_follow_ups_pay_not_negative'), type_='check')
        batch_op.alter_column('monthly_pay_pen', existing_type=sa.Numeric(precision=10, scale=2),
                              type_=sa.Text(), existing_nullable=True)
    with op.batch_alter_table('staff_totp', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64), type_=sa.Text(),
                              existing_nullable=False)

    for row in bind.execute(sa.select(follow_ups)).all():
        pay = _amount(row.monthly_pay_pen)
        bind.execute(follow_ups.update().where(follow_ups.c.id == row.id).values(
            monthly_pay_pen=None if pay is None else keyring.encrypt(pay),
            problem=keyring.encrypt(row.problem or '')))
    for row in bind.execute(sa.select(staff_totp)).all():
        bind.execute(staff_totp.update().where(staff_totp.c.user_id == row.user_id)
                     .values(secret=keyring.encrypt(row.secret)))


def downgrade():
    bind = op.get_bind()
    keyring = keyring_of(bind.dialect)

    for row in bind.execute(sa.select(staff_totp)).all():
        bind.execute(staff_totp.update().where(staff_totp.c.user_id == row.user_id)
                     .values(secret=keyring.decrypt(row.secret)))
    for row in bind.execute(sa.select(follow_ups)).all():
        bind.execute(follow_ups.update().where(follow_ups.c.id == row.id).values(
            monthly_pay_pen=None if row.monthly_pay_pen is None
            else keyring.decrypt(row.monthly_pay_pen),
            problem=keyring.decrypt(row.problem) if row.problem else ''))

    with op.batch_alter_table('staff_totp', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.Text(), type_=sa.String(length=64),
                              existing_nullable=False)
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.alter_column('monthly_pay_pen', existing_type=sa.Text(),
                              type_=sa.Numeric(precision=10, scale=2), existing_nullable=True,
                              postgresql_using='monthly_pay_pen::numeric(10, 2)')
        batch_op.create_check_constraint('pay_not_negative',
                                         'monthly_pay_pen IS NULL OR monthly_pay_pen >= 0')

    # What was dropped comes back empty: the data itself is gone, as intended.
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ethnic_identity', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('household_income_pen', sa.Numeric(precision=10, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('health_condition', sa.String(length=200), nullable=True))
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'income_not_negative', 'household_income_pen IS NULL OR household_income_pen >= 0')
