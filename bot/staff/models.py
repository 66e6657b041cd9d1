"""Staff tables: accounts, API tokens, the audit log, console sessions, failed sign-ins.

Staff emails are staff data and are kept; passwords and API tokens never are — only an
argon2id hash of a password, and a SHA-256 digest of a token (tokens are 256-bit random,
so a fast digest is enough) and of a session id.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, LargeBinary, String
from sqlmodel import Field, SQLModel

from bot.store.db import UTCDateTime, utcnow

EMAIL_MAX = 254
DEPARTMENT_MAX = 100


class Role(str, Enum):
    """What a staff member may do; each role may do what the ones below it may."""

    VIEWER = "viewer"  # read-only: notices, counts, statistics, garbage data
    EDITOR = "editor"  # compose, send and cancel notices; upload garbage data
    ADMIN = "admin"  # and manage staff accounts, read the audit log

    @property
    def rank(self) -> int:
        return [Role.VIEWER, Role.EDITOR, Role.ADMIN].index(self)

    def may(self, needed: "Role") -> bool:
        return self.rank >= needed.rank

    @property
    def label(self) -> str:
        return {"viewer": "閲覧者", "editor": "編集者", "admin": "管理者"}[self.value]


class StaffAccount(SQLModel, table=True):
    __tablename__ = "staff_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(EMAIL_MAX), unique=True, nullable=False))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    role: str = Field(sa_column=Column(String(16), nullable=False))
    department: str = Field(default="", sa_column=Column(String(DEPARTMENT_MAX), nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class StaffToken(SQLModel, table=True):
    """A bearer token for the JSON API; shown once when issued, kept only as a digest."""

    __tablename__ = "staff_token"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    digest: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    hint: str = Field(sa_column=Column(String(16), nullable=False))  # the token's first characters
    label: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class StaffAudit(SQLModel, table=True):
    """One staff action: who, what, when (and from where)."""

    __tablename__ = "staff_audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    staff_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    staff_email: str = Field(sa_column=Column(String(EMAIL_MAX), nullable=False))
    action: str = Field(sa_column=Column(String(64), nullable=False))
    target: str = Field(default="", sa_column=Column(String(128), nullable=False, server_default=""))
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    address: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))


class StaffSession(SQLModel, table=True):
    """A console session, kept server-side; the browser holds only its random id."""

    __tablename__ = "staff_session"

    id_digest: str = Field(sa_column=Column(String(64), primary_key=True))
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class StaffLoginFailure(SQLModel, table=True):
    """A failed sign-in, counted per account and per address (`key` is a digest of either)."""

    __tablename__ = "staff_login_failure"
    __table_args__ = (Index("ix_staff_login_failure_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(64), nullable=False))
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
