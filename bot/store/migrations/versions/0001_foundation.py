"""foundation: residents, conversations, webhook inbox

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 04:21:31.461978
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('resident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('created_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('registered_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('nickname', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('age_group', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('ward', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('line_user_id')
    )
    op.create_table('webhook_event',
    sa.Column('webhook_event_id', sa.String(length=64), nullable=False),
    sa.Column('line_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.Column('received_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('handled_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('webhook_event_id')
    )
    with op.batch_alter_table('webhook_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_event_handled_at'), ['handled_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_event_line_user_id'), ['line_user_id'], unique=False)

    op.create_table('conversation',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('flow', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('offered', sa.JSON(), nullable=False),
    sa.Column('expires_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resident_id')
    )


def downgrade() -> None:
    op.drop_table('conversation')
    with op.batch_alter_table('webhook_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_event_line_user_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_event_handled_at'))

    op.drop_table('webhook_event')
    op.drop_table('resident')
