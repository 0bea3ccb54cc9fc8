"""admin runs the programme: course place and capacity, recorded completions, travel legs

Revision ID: 0009
Revises: 0005
Created: 2026-12-06 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=160), server_default='', nullable=False))
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_trainings_capacity_range'),
                                         'capacity IS NULL OR capacity BETWEEN 1 AND 1000')

    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attended', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_enrollments_recorded_by_id_users'), 'users',
                                    ['recorded_by_id'], ['id'], ondelete='SET NULL')

    # Seeded from matcher/data/travel_hours.csv by `flask load-taxonomy` (districts first).
    op.create_table('travel_legs',
    sa.Column('from_ubigeo', sa.String(length=6), nullable=False),
    sa.Column('to_ubigeo', sa.String(length=6), nullable=False),
    sa.Column('hours', sa.Double(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=160), nullable=False),
    sa.CheckConstraint('hours > 0 AND hours <= 200', name=op.f('ck_travel_legs_hours_range')),
    sa.CheckConstraint('from_ubigeo <> to_ubigeo', name=op.f('ck_travel_legs_two_places')),
    sa.ForeignKeyConstraint(['from_ubigeo'], ['districts.ubigeo'], name=op.f('fk_travel_legs_from_ubigeo_districts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_ubigeo'], ['districts.ubigeo'], name=op.f('fk_travel_legs_to_ubigeo_districts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('from_ubigeo', 'to_ubigeo', name=op.f('pk_travel_legs'))
    )


def downgrade():
    op.drop_table('travel_legs')
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrollments_recorded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('attended')
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_trainings_capacity_range'), type_='check')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('capacity')
        batch_op.drop_column('place')
