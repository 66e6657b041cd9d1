"""The tables of the resident side. Garbage tables live in bot/store/garbage.py.

Personal data is kept to what the guide asks for; never a My Number, a name from xID or
an address. Leaving (退会) deletes the resident row and everything hanging from it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from bot.store.db import UTCDateTime, utcnow


def _time(nullable: bool = True, **kwargs) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, **kwargs)


class Resident(SQLModel, table=True):
    """A LINE user who has talked to the bot; registered once registered_at is set."""

    __table_args__ = (
        # The few who chose a language other than Japanese: a fan-out finds which languages its
        # recipients read among them (bot/delivery/languages.py) instead of reading every row.
        Index("ix_resident_language", "language", postgresql_where=text("language IS NOT NULL"),
              sqlite_where=text("language IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    line_user_id: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    following: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    registered_at: datetime | None = _time()
    nickname: str | None = Field(default=None, max_length=20)
    age_group: str | None = Field(default=None, max_length=16)
    ward: str | None = Field(default=None, max_length=64)
    interests: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The language the bot answers in (bot/chat/language.py); None: not known yet (Japanese).
    # Read from the LINE profile on the first follow, changed in 設定 → 言語 / Language.
    language: str | None = Field(default=None, max_length=16)
    # The chosen garbage collection area. Areas are retired, not deleted, on re-import, so a
    # vanished area stays recognisable until the resident chooses again.
    garbage_area_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("garbage_area.id"), nullable=True, index=True)
    )

    @property
    def registered(self) -> bool:
        return self.registered_at is not None


class Conversation(SQLModel, table=True):
    """Where a resident is in a flow, kept apart from the resident's own data.

    `offered` maps the labels of the buttons last shown to their postback data, so that typing
    a label does what tapping it does.
    """

    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), primary_key=True)
    )
    flow: str | None = Field(default=None, max_length=32)
    state: str | None = Field(default=None, max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    offered: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    expires_at: datetime | None = _time()


class WebhookEvent(SQLModel, table=True):
    """Inbox of webhook events: de-duplicates redeliveries, and keeps an event until handled.

    The payload is dropped once handled: typed messages may hold personal data.
    """

    __tablename__ = "webhook_event"

    webhook_event_id: str = Field(sa_column=Column(String(64), primary_key=True))
    line_user_id: str | None = Field(default=None, max_length=64, index=True)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    handled_at: datetime | None = _time(index=True)
