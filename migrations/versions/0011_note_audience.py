"""internal and shared notes: who besides the CDE's team reads a stage note or a case note

Revision ID: 0011
Revises: 0005
Created: 2026-12-06 11:00:00

Every note written before this revision is internal: none was written for the employer, even
though the employer's applicant page showed the stage notes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = "0009"
branch_labels = None
depends_on = None

AUDIENCES = ('internal', 'employer')


def _audience(name):
    return sa.Column(name, sa.Enum(*AUDIENCES, name=name, native_enum=False,
                                   create_constraint=False, length=24),
                     nullable=False, server_default='internal')


def upgrade():
    with op.batch_alter_table('stage_events', schema=None) as batch_op:
        batch_op.add_column(_audience('note_audience'))
        batch_op.create_check_constraint('note_audience',
                                         "note_audience IN ('internal', 'employer')")
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.add_column(_audience('audience'))
        batch_op.create_check_constraint('audience', "audience IN ('internal', 'employer')")


def downgrade():
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_notes_audience'), type_='check')
        batch_op.drop_column('audience')
    with op.batch_alter_table('stage_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stage_events_note_audience'), type_='check')
        batch_op.drop_column('note_audience')
