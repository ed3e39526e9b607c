"""audit hash chain

Revision ID: 0007
Revises: 0006_organizer_session
Create Date: 2026-12-02 07:10:00

The audit entries get `prev_hash` and `hash` (scoring.audit); the entries already there are chained
here, in id order, one chain per stage and one for the entries with no stage, as if they had been
written with the chain.
"""
from alembic import op
import sqlalchemy as sa

from scoring.audit import content_hash
from scoring.types import UtcDateTime


revision = '0007'
down_revision = '0006_organizer_session'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_audit_entry_chain', ['stage_id', 'id'], unique=False)
        batch_op.drop_index('ix_audit_entry_stage_id')  # the chain's index serves every lookup by stage
    audit = sa.table('audit_entry', sa.column('id', sa.Integer), sa.column('at', UtcDateTime()),
                     sa.column('actor', sa.String), sa.column('action', sa.String), sa.column('stage_id', sa.Integer),
                     sa.column('entry_id', sa.Integer), sa.column('client_id', sa.String), sa.column('detail', sa.JSON),
                     sa.column('stage_seq', sa.Integer), sa.column('note', sa.Text),
                     sa.column('prev_hash', sa.String), sa.column('hash', sa.String))
    connection = op.get_bind()
    heads = {}
    for row in connection.execute(sa.select(audit).order_by(audit.c.id)).all():
        prev = heads.get(row.stage_id)
        heads[row.stage_id] = content_hash(row.at, row.actor, row.action, row.stage_id, row.entry_id, row.client_id,
                                           row.detail, row.stage_seq, row.note, prev)
        connection.execute(audit.update().where(audit.c.id == row.id).values(prev_hash=prev, hash=heads[row.stage_id]))


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_stage_id', ['stage_id'], unique=False)
        batch_op.drop_index('ix_audit_entry_chain')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
