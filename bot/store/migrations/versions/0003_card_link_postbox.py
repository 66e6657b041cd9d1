"""card link and postbox: xID links, single-use link attempts, postbox notices and entries

Only xID's opaque subject and times are stored; link attempts keep a hash of their state.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:29:34.256055
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import bot.store.db


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('postbox_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('sent_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('staff_notice_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('postbox_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postbox_notice_staff_notice_id'), ['staff_notice_id'], unique=False)

    op.create_table('card_link',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('xid_subject', sa.String(length=255), nullable=False),
    sa.Column('linked_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('postbox_consented_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resident_id'),
    sa.UniqueConstraint('xid_subject')
    )
    op.create_table('card_link_request',
    sa.Column('state_hash', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=128), nullable=False),
    sa.Column('code_verifier', sa.String(length=128), nullable=False),
    sa.Column('expires_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('state_hash')
    )
    with op.batch_alter_table('card_link_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_link_request_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_link_request_resident_id'), ['resident_id'], unique=False)

    op.create_table('postbox_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('delivered_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('read_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['postbox_notice.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('notice_id', 'resident_id')
    )
    with op.batch_alter_table('postbox_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postbox_entry_resident_id'), ['resident_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('postbox_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postbox_entry_resident_id'))

    op.drop_table('postbox_entry')
    with op.batch_alter_table('card_link_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_link_request_resident_id'))
        batch_op.drop_index(batch_op.f('ix_card_link_request_expires_at'))

    op.drop_table('card_link_request')
    op.drop_table('card_link')
    with op.batch_alter_table('postbox_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postbox_notice_staff_notice_id'))

    op.drop_table('postbox_notice')
