"""Residents' icons (SPEC §2.7): the bytes of an image they sent, or their LINE profile picture.

An icon is personal data: it lives in its own table, hanging from the resident (deleted on 退会),
so any web worker can serve it. It is served at /icons/<token>, where the token is random,
unguessable and new with every change (LINE caches Flex images by URL).
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import defer
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime

TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters


class ResidentIcon(SQLModel, table=True):
    __tablename__ = "resident_icon"

    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), primary_key=True)
    )
    token: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    content_type: str | None = Field(default=None, max_length=32)  # image/jpeg or image/png
    data: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    picture_url: str | None = Field(default=None, max_length=1000)  # the LINE profile picture
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


def icon_of(*, session: Session, resident_id: int) -> ResidentIcon | None:
    """The resident's icon as My Page shows it: its token and LINE picture, not the image's
    bytes (loaded only if asked for)."""
    return session.get(ResidentIcon, resident_id, options=[defer(ResidentIcon.data)])


def icon_by_token(*, session: Session, token: str) -> ResidentIcon | None:
    return session.scalars(select(ResidentIcon).where(ResidentIcon.token == token)).first()


def set_uploaded_icon(*, session: Session, resident_id: int, data: bytes, content_type: str, now: datetime) -> ResidentIcon:
    return _replace(session, resident_id, now, data=data, content_type=content_type, picture_url=None)


def set_line_picture(*, session: Session, resident_id: int, picture_url: str, now: datetime) -> ResidentIcon:
    return _replace(session, resident_id, now, data=None, content_type=None, picture_url=picture_url)


def _replace(session: Session, resident_id: int, now: datetime, **values) -> ResidentIcon:
    icon = session.get(ResidentIcon, resident_id) or ResidentIcon(resident_id=resident_id, token="", updated_at=now)
    for name, value in values.items():
        setattr(icon, name, value)
    icon.token = secrets.token_urlsafe(TOKEN_BYTES)
    icon.updated_at = now
    session.add(icon)
    return icon
