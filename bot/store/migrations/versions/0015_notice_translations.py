"""notices in other languages: a title and body per language, for staff notices and postbox notices (issue 13)

Revision ID: 0015_notice_translations
Revises: 0014_resident_language
Create Date: 2026-12-03 15:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0015_notice_translations'
down_revision: Union[str, None] = '0014_resident_language'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('staff_notice_translation',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['staff_notice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'language')
    )
    op.create_table('postbox_notice_translation',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['postbox_notice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'language')
    )


def downgrade() -> None:
    op.drop_table('postbox_notice_translation')
    op.drop_table('staff_notice_translation')
