"""garbage: cities, areas, collection schedules, sorting guide

Areas are never deleted by an import (retired_at marks them), so residents' area ids stay valid.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 04:25:59.998810
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('garbage_city',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('data_format', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('imported_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('covers_from', sa.Date(), nullable=True),
    sa.Column('covers_until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('garbage_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('sublabel', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('colour', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('how_to', sa.Text(), nullable=False),
    sa.Column('collected', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['garbage_city.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('city_id', 'key')
    )
    op.create_table('garbage_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('remarks', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['garbage_city.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('city_id', 'key')
    )
    op.create_table('garbage_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('top_level', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reading', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('search_key', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('kana_row', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['city_id'], ['garbage_city.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schedule_id'], ['garbage_schedule.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('city_id', 'key')
    )
    with op.batch_alter_table('garbage_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_garbage_area_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('garbage_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reading', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('search_key', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('notice', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['garbage_category.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['city_id'], ['garbage_city.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('garbage_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_garbage_item_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_garbage_item_city_id'), ['city_id'], unique=False)

    op.create_table('garbage_schedule_date',
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['garbage_category.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schedule_id'], ['garbage_schedule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('schedule_id', 'category_id', 'day')
    )
    with op.batch_alter_table('garbage_schedule_date', schema=None) as batch_op:
        batch_op.create_index('ix_garbage_schedule_date_day', ['day'], unique=False)

    op.create_table('garbage_schedule_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('nth', sa.Integer(), nullable=True),
    sa.Column('months', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['garbage_category.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schedule_id'], ['garbage_schedule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('garbage_schedule_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_garbage_schedule_rule_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_garbage_schedule_rule_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('garbage_substitution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('moved_from', sa.Date(), nullable=False),
    sa.Column('moved_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['garbage_category.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schedule_id'], ['garbage_schedule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('garbage_substitution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_garbage_substitution_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('garbage_suspension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('policy', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['garbage_schedule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('garbage_suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_garbage_suspension_schedule_id'), ['schedule_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('garbage_suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_garbage_suspension_schedule_id'))

    op.drop_table('garbage_suspension')
    with op.batch_alter_table('garbage_substitution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_garbage_substitution_schedule_id'))

    op.drop_table('garbage_substitution')
    with op.batch_alter_table('garbage_schedule_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_garbage_schedule_rule_schedule_id'))
        batch_op.drop_index(batch_op.f('ix_garbage_schedule_rule_category_id'))

    op.drop_table('garbage_schedule_rule')
    with op.batch_alter_table('garbage_schedule_date', schema=None) as batch_op:
        batch_op.drop_index('ix_garbage_schedule_date_day')

    op.drop_table('garbage_schedule_date')
    with op.batch_alter_table('garbage_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_garbage_item_city_id'))
        batch_op.drop_index(batch_op.f('ix_garbage_item_category_id'))

    op.drop_table('garbage_item')
    with op.batch_alter_table('garbage_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_garbage_area_schedule_id'))

    op.drop_table('garbage_area')
    op.drop_table('garbage_schedule')
    op.drop_table('garbage_category')
    op.drop_table('garbage_city')
