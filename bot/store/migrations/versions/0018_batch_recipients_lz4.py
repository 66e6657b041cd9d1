"""delivery batches' recipient lists compressed with lz4 where PostgreSQL has it

Revision ID: 0018_batch_recipients_lz4
Revises: 0017_resident_language_index
Create Date: 2026-12-08 09:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0018_batch_recipients_lz4'
down_revision: Union[str, None] = '0017_resident_language_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # A batch's ~18 kB of JSON ids is compressed when planned and read back when claimed: with
    # pglz (the default) that cost PostgreSQL ~0.3 s of CPU per million recipients on the
    # planner's path, with lz4 ~0.07 s. Only where the server was built with lz4 (PostgreSQL 14+).
    if _has_lz4():
        op.execute('ALTER TABLE delivery_batch ALTER COLUMN recipients SET COMPRESSION lz4')


def downgrade() -> None:
    if _has_lz4():
        op.execute('ALTER TABLE delivery_batch ALTER COLUMN recipients SET COMPRESSION DEFAULT')


def _has_lz4() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return False
    methods = bind.execute(sa.text(
        "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")).scalar()
    return 'lz4' in (methods or [])
