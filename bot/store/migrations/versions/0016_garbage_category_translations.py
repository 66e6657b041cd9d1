"""garbage categories in other languages: what translations.csv gave (issue 13)

Revision ID: 0016_category_translations
Revises: 0015_notice_translations
Create Date: 2026-12-04 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# Not the file's name: alembic_version holds at most 32 characters on PostgreSQL.
revision: str = '0016_category_translations'
down_revision: Union[str, None] = '0015_notice_translations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # {"en": {"label": …, "how_to": …}, …}; data imported before has none ({}): the glossary,
    # else the Japanese, shows until the next import.
    with op.batch_alter_table('garbage_category') as batch:
        batch.add_column(sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('garbage_category') as batch:
        batch.drop_column('translations')
