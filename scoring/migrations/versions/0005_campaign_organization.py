"""campaign organization

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 06:33:51.928147
"""
from alembic import op
import sqlalchemy as sa
import scoring.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('venue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bo', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'key')
    )
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_venue_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('organizer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bo', sa.String(length=200), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('pool_judge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bo', sa.String(length=200), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pool_judge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_judge_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('advance', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'position')
    )
    with op.batch_alter_table('tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tier_event_id'), ['event_id'], unique=False)

    op.create_table('award_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=True),
    sa.Column('prize', scoring.types.ExactDecimal(length=40), nullable=True),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_id', 'position')
    )
    with op.batch_alter_table('award_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_level_stage_id'), ['stage_id'], unique=False)

    op.create_table('award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['level_id'], ['award_level.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_id', 'entry_id')
    )
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_stage_id'), ['stage_id'], unique=False)

    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_entry_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_entry_person_id'), ['person_id'], unique=False)
        batch_op.create_foreign_key('fk_entry_source', 'entry', ['source_entry_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('fk_entry_person', 'person', ['person_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pool_judge_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('conflict_override', sa.Text(), nullable=True))
        batch_op.create_foreign_key('fk_judge_pool', 'pool_judge', ['pool_judge_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tier_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('venue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_stage_tier_id'), ['tier_id'], unique=False)
        batch_op.create_foreign_key('fk_stage_venue', 'venue', ['venue_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('fk_stage_tier', 'tier', ['tier_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('fk_stage_unit', 'unit', ['unit_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_constraint('fk_stage_unit', type_='foreignkey')
        batch_op.drop_constraint('fk_stage_tier', type_='foreignkey')
        batch_op.drop_constraint('fk_stage_venue', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stage_tier_id'))
        batch_op.drop_column('ends_at')
        batch_op.drop_column('starts_at')
        batch_op.drop_column('venue_id')
        batch_op.drop_column('unit_id')
        batch_op.drop_column('tier_id')

    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.drop_constraint('fk_judge_pool', type_='foreignkey')
        batch_op.drop_column('conflict_override')
        batch_op.drop_column('pool_judge_id')

    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_constraint('fk_entry_person', type_='foreignkey')
        batch_op.drop_constraint('fk_entry_source', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_entry_person_id'))
        batch_op.drop_column('source_entry_id')
        batch_op.drop_column('person_id')

    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_stage_id'))

    op.drop_table('award')
    with op.batch_alter_table('award_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_level_stage_id'))

    op.drop_table('award_level')
    with op.batch_alter_table('tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tier_event_id'))

    op.drop_table('tier')
    with op.batch_alter_table('pool_judge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_judge_campaign_id'))

    op.drop_table('pool_judge')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_campaign_id'))

    op.drop_table('person')
    op.drop_table('organizer')
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_venue_campaign_id'))

    op.drop_table('venue')
