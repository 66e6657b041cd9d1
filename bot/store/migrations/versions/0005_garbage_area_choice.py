"""residents choose a garbage area

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 04:49:53.197429
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('garbage_area_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_resident_garbage_area_id'), ['garbage_area_id'], unique=False)
        batch_op.create_foreign_key('fk_resident_garbage_area', 'garbage_area', ['garbage_area_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_constraint('fk_resident_garbage_area', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_resident_garbage_area_id'))
        batch_op.drop_column('garbage_area_id')

