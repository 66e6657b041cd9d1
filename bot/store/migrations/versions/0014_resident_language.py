"""the language each resident is answered in (issue 13)

Revision ID: 0014_resident_language
Revises: 0013_disaster_mode
Create Date: 2026-12-03 13:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0014_resident_language'
down_revision: Union[str, None] = '0013_disaster_mode'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # NULL: never chosen and not yet read from the LINE profile (answered in Japanese).
    with op.batch_alter_table('resident') as batch:
        batch.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('resident') as batch:
        batch.drop_column('language')
