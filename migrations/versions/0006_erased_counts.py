"""erased counts: what people who erased their data still add to the figures

Revision ID: 0006
Revises: 0005
Created: 2026-12-06 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erased_counts',
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.CheckConstraint('n >= 1', name=op.f('ck_erased_counts_n_positive')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_erased_counts_territory_id_territories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('territory_id', 'metric', 'day', 'days', name=op.f('pk_erased_counts'))
    )


def downgrade():
    op.drop_table('erased_counts')
