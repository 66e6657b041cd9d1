"""Staff notices: what staff compose, whom it targets, when it goes, and how it went."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from bot.store.postbox import DEPARTMENT_MAX, NOTICE_BODY_MAX, NOTICE_TITLE_MAX
from bot.store.db import UTCDateTime, utcnow

TITLE_MAX = NOTICE_TITLE_MAX  # 100, as the postbox keeps it
BODY_MAX = NOTICE_BODY_MAX  # 4,000


class NoticeKind(str, Enum):
    INFO = "info"  # お知らせ: pushed in full to followers
    POST = "post"  # POST: into postboxes of card-linked, consented residents; the push shows the title

    @property
    def label(self) -> str:
        return {"info": "お知らせ", "post": "POST"}[self.value]


class NoticeStatus(str, Enum):
    SCHEDULED = "scheduled"  # waiting for its time (now, for 今すぐ配信)
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"scheduled": "予約済み", "sending": "配信中", "sent": "配信済み", "cancelled": "取り消し"}[self.value]


class StaffNotice(SQLModel, table=True):
    __tablename__ = "staff_notice"
    __table_args__ = (Index("ix_staff_notice_status_send_at", "status", "send_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(8), nullable=False))
    title: str = Field(sa_column=Column(String(TITLE_MAX), nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    department: str = Field(sa_column=Column(String(DEPARTMENT_MAX), nullable=False))
    # {"wards": [...], "area_ids": [...], "interests": [...], "age_groups": [...]}; all empty = everyone
    target: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    send_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    targeted: int = Field(default=0, nullable=False)  # residents it reached (postboxes, for POST)
    sent: int = Field(default=0, nullable=False)  # LINE messages accepted
    failed: int = Field(default=0, nullable=False)  # LINE messages refused
    postbox_notice_id: int | None = Field(default=None, nullable=True)  # POST: the postbox's copy

    @property
    def notice_kind(self) -> NoticeKind:
        return NoticeKind(self.kind)

    @property
    def notice_status(self) -> NoticeStatus:
        return NoticeStatus(self.status)


class NoticeTranslation(SQLModel, table=True):
    """A notice's title and body in another language, given by staff (issue 13). Residents who
    read that language get it; the others, the Japanese of the notice itself."""

    __tablename__ = "staff_notice_translation"

    notice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_notice.id", ondelete="CASCADE"), primary_key=True)
    )
    language: str = Field(sa_column=Column(String(16), primary_key=True))  # a code of bot/chat/language.py
    title: str = Field(sa_column=Column(String(TITLE_MAX), nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
