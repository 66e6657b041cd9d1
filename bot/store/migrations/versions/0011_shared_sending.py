"""one LINE rate limit shared by every sender; leases on claimed delivery batches

Revision ID: 0011_shared_sending
Revises: 0009_card_link_browser
Create Date: 2026-12-02 06:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import bot.store.db


revision: str = '0011_shared_sending'
down_revision: Union[str, None] = '0009_card_link_browser'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'line_rate_limit',
        sa.Column('endpoint_class', sa.String(length=40), nullable=False),
        sa.Column('next_at', sa.Float(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('endpoint_class'),
    )
    with op.batch_alter_table('delivery_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leased_until', bot.store.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('leased_by', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('delivery_batch', schema=None) as batch_op:
        batch_op.drop_column('leased_by')
        batch_op.drop_column('leased_until')
    op.drop_table('line_rate_limit')
