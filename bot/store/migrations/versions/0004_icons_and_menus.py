"""icons and menus: residents' icons, deployed rich menus

resident_icon hangs from resident (ON DELETE CASCADE: 退会 removes it); rich_menu records which
LINE rich menu serves each definition of richmenu/.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 04:31:17.464439
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.store.db


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('rich_menu',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('rich_menu_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('deployed_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('resident_icon',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('picture_url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('updated_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resident_id'),
    sa.UniqueConstraint('token')
    )


def downgrade() -> None:
    op.drop_table('resident_icon')
    op.drop_table('rich_menu')
