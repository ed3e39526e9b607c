"""payout data of persons, a note on pool judges

Revision ID: 0008_payout
Revises: 0007
Create Date: 2026-12-02 10:30:00

A person's resident ID number and the bank card or phone a prize is paid to (issue 13: the prize
list's payout columns), both optional; a pool judge's note (the judge pool import).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_payout'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('account', sa.String(length=32), nullable=True))
    with op.batch_alter_table('pool_judge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pool_judge', schema=None) as batch_op:
        batch_op.drop_column('note')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('account')
        batch_op.drop_column('id_number')
