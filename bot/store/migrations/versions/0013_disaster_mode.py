"""disaster mode: evacuation sites, the disaster row, delivery priority

Revision ID: 0013_disaster_mode
Revises: 0012_resident_reports
Create Date: 2026-12-02 06:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0013_disaster_mode'
down_revision: Union[str, None] = '0012_resident_reports'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('shelter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_kana', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('hazards', sa.JSON(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('updated_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_shelter_position', 'shelter', ['latitude', 'longitude'])
    op.create_table('disaster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=True),
    sa.Column('hazard', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('started_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('ended_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('menu_through', sa.Integer(), nullable=True),
    sa.Column('menu_linked', sa.Integer(), nullable=False),
    sa.Column('menu_restored', sa.Integer(), nullable=False),
    sa.Column('menu_failed', sa.Integer(), nullable=False),
    sa.Column('worked_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('current')
    )
    # Delivery priority (emergency notices are claimed first). Kept apart from the claim and
    # lease mechanics: only a column on jobs and batches, and an index for the claim order.
    with op.batch_alter_table('delivery_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('delivery_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_delivery_batch_status_priority', ['status', 'priority'])


def downgrade() -> None:
    with op.batch_alter_table('delivery_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_batch_status_priority')
        batch_op.drop_column('priority')
    with op.batch_alter_table('delivery_job', schema=None) as batch_op:
        batch_op.drop_column('priority')
    op.drop_table('disaster')
    op.drop_index('ix_shelter_position', table_name='shelter')
    op.drop_table('shelter')
