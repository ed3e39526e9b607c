"""matches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 04:21:29.803609
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fixture',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=16), nullable=True),
    sa.Column('leg', sa.Integer(), nullable=False),
    sa.Column('home_entry_id', sa.Integer(), nullable=True),
    sa.Column('away_entry_id', sa.Integer(), nullable=True),
    sa.Column('home_source', sa.String(length=64), nullable=True),
    sa.Column('away_source', sa.String(length=64), nullable=True),
    sa.Column('venue', sa.String(length=100), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('forfeited_by_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('clock_running', sa.Boolean(), nullable=False),
    sa.Column('clock_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clock_elapsed_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['away_entry_id'], ['entry.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['forfeited_by_id'], ['entry.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['home_entry_id'], ['entry.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_id', 'key')
    )
    with op.batch_alter_table('fixture', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fixture_stage_id'), ['stage_id'], unique=False)

    op.create_table('player',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bo', sa.String(length=200), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', 'key')
    )
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_player_entry_id'), ['entry_id'], unique=False)

    op.create_table('appearance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fixture_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('on_field', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['fixture_id'], ['fixture.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fixture_id', 'player_id')
    )
    with op.batch_alter_table('appearance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appearance_fixture_id'), ['fixture_id'], unique=False)

    op.create_table('match_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fixture_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('player_id', sa.Integer(), nullable=True),
    sa.Column('other_player_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('clock_ms', sa.Integer(), nullable=False),
    sa.Column('undone', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fixture_id'], ['fixture.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_player_id'], ['player.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fixture_id', 'client_id'),
    sa.UniqueConstraint('fixture_id', 'number')
    )
    with op.batch_alter_table('match_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_event_fixture_id'), ['fixture_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('match_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_event_fixture_id'))

    op.drop_table('match_event')
    with op.batch_alter_table('appearance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appearance_fixture_id'))

    op.drop_table('appearance')
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_player_entry_id'))

    op.drop_table('player')
    with op.batch_alter_table('fixture', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fixture_stage_id'))

    op.drop_table('fixture')
