"""measured events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 06:16:11.418070
"""
from alembic import op
import sqlalchemy as sa
import scoring.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('heat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clock_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clock_stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_id', 'key')
    )
    with op.batch_alter_table('heat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_heat_stage_id'), ['stage_id'], unique=False)

    op.create_table('attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('value', scoring.types.ExactDecimal(length=40), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=True),
    sa.Column('watches', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('judge_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', 'number', 'revision')
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_entry_id'), ['entry_id'], unique=False)

    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heat_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lane', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('placing', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mark_status', sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f('ix_entry_heat_id'), ['heat_id'], unique=False)
        batch_op.create_foreign_key('fk_entry_heat', 'heat', ['heat_id'], ['id'], ondelete='SET NULL')




def downgrade() -> None:
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_constraint('fk_entry_heat', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_entry_heat_id'))
        batch_op.drop_column('mark_status')
        batch_op.drop_column('placing')
        batch_op.drop_column('lane')
        batch_op.drop_column('heat_id')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_entry_id'))

    op.drop_table('attempt')
    with op.batch_alter_table('heat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_heat_stage_id'))

    op.drop_table('heat')

