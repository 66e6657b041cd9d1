"""the residents who chose a language, indexed: a fan-out finds its languages among them

Revision ID: 0017_resident_language_index
Revises: 0016_category_translations
Create Date: 2026-12-08 09:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0017_resident_language_index'
down_revision: Union[str, None] = '0016_category_translations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Partial: most residents read Japanese (NULL), and only the others are looked up by it.
    op.create_index('ix_resident_language', 'resident', ['language'],
                    postgresql_where=sa.text('language IS NOT NULL'), sqlite_where=sa.text('language IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_resident_language', table_name='resident')
