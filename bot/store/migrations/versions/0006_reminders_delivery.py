"""garbage reminder settings and slots; the delivery ledger (jobs, batches)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 04:57:21.586868
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import bot.store.db


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('reminder_setting',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('day_before_on', sa.Boolean(), nullable=False),
    sa.Column('day_before_time', sa.Time(), nullable=False),
    sa.Column('same_day_on', sa.Boolean(), nullable=False),
    sa.Column('same_day_time', sa.Time(), nullable=False),
    sa.Column('updated_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resident_id')
    )
    with op.batch_alter_table('reminder_setting', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_setting_day_before', ['day_before_on', 'day_before_time'], unique=False)
        batch_op.create_index('ix_reminder_setting_same_day', ['same_day_on', 'same_day_time'], unique=False)

    op.create_table('reminder_slot',
    sa.Column('at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('started_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('finished_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('at')
    )

    op.create_table('delivery_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('origin', sa.String(length=100), nullable=False),
    sa.Column('messages', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('planned_through', sa.Integer(), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('planned_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('delivery_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_job_origin'), ['origin'], unique=False)

    op.create_table('delivery_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('not_before', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('finished_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['delivery_job.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job_id', 'position'),
    sa.UniqueConstraint('retry_key')
    )
    with op.batch_alter_table('delivery_batch', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_batch_status_id', ['status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_table('delivery_batch')
    op.drop_table('delivery_job')
    op.drop_table('reminder_slot')
    op.drop_table('reminder_setting')
