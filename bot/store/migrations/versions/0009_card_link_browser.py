"""card link attempts are bound to the browser that started them; xID's answer waits for the
resident's confirmation in LINE

Revision ID: 0009_card_link_browser
Revises: 0008
Create Date: 2026-12-02 06:10:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import bot.store.db


revision: str = '0009_card_link_browser'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # An attempt in flight when this runs has no browser on record: its callback is refused.
    with op.batch_alter_table('card_link_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser_hash', sa.String(length=64), server_default='', nullable=False))

    op.create_table('card_link_approval',
    sa.Column('browser_hash', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('xid_subject', sa.String(length=255), nullable=False),
    sa.Column('expires_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('browser_hash')
    )
    with op.batch_alter_table('card_link_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_link_approval_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_link_approval_resident_id'), ['resident_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('card_link_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_link_approval_resident_id'))
        batch_op.drop_index(batch_op.f('ix_card_link_approval_expires_at'))
    op.drop_table('card_link_approval')
    with op.batch_alter_table('card_link_request', schema=None) as batch_op:
        batch_op.drop_column('browser_hash')
