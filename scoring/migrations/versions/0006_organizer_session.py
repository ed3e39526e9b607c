"""organizer sessions (server-side, revoked at logout)

Revision ID: 0006_organizer_session
Revises: 0005
Create Date: 2026-11-30 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import scoring.types


revision = '0006_organizer_session'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organizer_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organizer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', scoring.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organizer_id'], ['organizer.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organizer_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_session_organizer_id'), ['organizer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('organizer_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_session_organizer_id'))
    op.drop_table('organizer_session')
