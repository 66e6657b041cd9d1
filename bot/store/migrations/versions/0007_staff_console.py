"""staff console: accounts, API tokens, audit log, sessions, sign-in failures, notices

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 05:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import bot.store.db


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('staff_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('department', sa.String(length=100), server_default='', nullable=False),
    sa.Column('created_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('disabled_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('staff_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', bot.store.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_login_failure_key_at', 'staff_login_failure', ['key', 'at'], unique=False)
    op.create_table('staff_session',
    sa.Column('id_digest', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id_digest')
    )
    op.create_index(op.f('ix_staff_session_expires_at'), 'staff_session', ['expires_at'], unique=False)
    op.create_table('staff_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=128), server_default='', nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('address', sa.String(length=64), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_staff_audit_at'), 'staff_audit', ['at'], unique=False)
    op.create_index(op.f('ix_staff_audit_staff_id'), 'staff_audit', ['staff_id'], unique=False)
    op.create_table('staff_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('target', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('send_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('started_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('finished_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('targeted', sa.Integer(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('postbox_notice_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['staff_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_notice_status_send_at', 'staff_notice', ['status', 'send_at'], unique=False)
    op.create_table('staff_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=64), server_default='', nullable=False),
    sa.Column('created_at', bot.store.db.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', bot.store.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest')
    )
    op.create_index(op.f('ix_staff_token_staff_id'), 'staff_token', ['staff_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_token_staff_id'), table_name='staff_token')
    op.drop_table('staff_token')
    op.drop_index('ix_staff_notice_status_send_at', table_name='staff_notice')
    op.drop_table('staff_notice')
    op.drop_index(op.f('ix_staff_audit_staff_id'), table_name='staff_audit')
    op.drop_index(op.f('ix_staff_audit_at'), table_name='staff_audit')
    op.drop_table('staff_audit')
    op.drop_index(op.f('ix_staff_session_expires_at'), table_name='staff_session')
    op.drop_table('staff_session')
    op.drop_index('ix_staff_login_failure_key_at', table_name='staff_login_failure')
    op.drop_table('staff_login_failure')
    op.drop_table('staff_account')
