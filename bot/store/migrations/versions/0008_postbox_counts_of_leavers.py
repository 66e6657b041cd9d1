"""postbox notices keep the counts of residents who left

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 05:45:11.505656
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('postbox_notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_to_leavers', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('read_by_leavers', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('postbox_notice', schema=None) as batch_op:
        batch_op.drop_column('read_by_leavers')
        batch_op.drop_column('delivered_to_leavers')

