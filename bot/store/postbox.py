"""The digital postbox (SPEC §2.8): notices, what each resident received, what they have read.

A notice reaches only residents who linked their card and consented to the postbox. The staff
console makes a notice with `create_postbox_notice` (and its other languages with
`translate_postbox_notice`), fills postboxes with `deliver_postbox_notice` (which says whom to
push the title to) and shows `read_counts`; `in_language` shows notices as a reader of one
language sees them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Iterable

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel

from bot.store.cardlink import CardLink
from bot.store.db import UTCDateTime, resident_fk
from bot.store.models import Resident

PAGE_SIZE = 9  # a carousel of nine notices, and a tenth bubble for もっと見る
NOTICE_TITLE_MAX = 100
NOTICE_BODY_MAX = 4000
DEPARTMENT_MAX = 100


class PostboxNotice(SQLModel, table=True):
    """An official notice for postboxes. `staff_notice_id` ties it to the staff console's notice."""

    __tablename__ = "postbox_notice"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(String(NOTICE_TITLE_MAX), nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    department: str = Field(sa_column=Column(String(DEPARTMENT_MAX), nullable=False))
    sent_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    staff_notice_id: int | None = Field(default=None, index=True)
    # 退会 deletes a resident's postbox entries; their counts stay here, anonymous.
    delivered_to_leavers: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    read_by_leavers: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class PostboxNoticeTranslation(SQLModel, table=True):
    """A postbox notice's title and body in another language (copied from the staff notice's):
    a resident who reads that language sees them in the postbox and in the push."""

    __tablename__ = "postbox_notice_translation"

    notice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("postbox_notice.id", ondelete="CASCADE"), primary_key=True)
    )
    language: str = Field(sa_column=Column(String(16), primary_key=True))
    title: str = Field(sa_column=Column(String(NOTICE_TITLE_MAX), nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))


class PostboxEntry(SQLModel, table=True):
    """A notice in one resident's postbox, and whether they have read it."""

    __tablename__ = "postbox_entry"
    __table_args__ = (UniqueConstraint("notice_id", "resident_id"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(sa_column=Column(Integer, ForeignKey("postbox_notice.id", ondelete="CASCADE"), nullable=False))
    resident_id: int = Field(sa_column=resident_fk(index=True))
    delivered_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class PostboxState(Enum):
    """Which step, if any, still stands between a resident and their postbox."""

    NOT_REGISTERED = "not_registered"
    NOT_LINKED = "not_linked"
    NO_CONSENT = "no_consent"
    OPEN = "open"


def postbox_state(*, session: Session, resident: Resident) -> PostboxState:
    if not resident.registered:
        return PostboxState.NOT_REGISTERED
    link = session.get(CardLink, resident.id)
    if link is None:
        return PostboxState.NOT_LINKED
    if link.postbox_consented_at is None:
        return PostboxState.NO_CONSENT
    return PostboxState.OPEN


def create_postbox_notice(
    *,
    session: Session,
    title: str,
    body: str,
    department: str,
    sent_at: datetime,
    staff_notice_id: int | None = None,
) -> PostboxNotice:
    """A new notice; refuses an empty or over-long title (100), body (4,000) or department."""
    for name, value, limit in (("title", title, NOTICE_TITLE_MAX), ("body", body, NOTICE_BODY_MAX), ("department", department, DEPARTMENT_MAX)):
        if not value or not value.strip() or len(value) > limit:
            raise ValueError(f"{name} must be 1–{limit} characters")
    notice = PostboxNotice(title=title, body=body, department=department, sent_at=sent_at, staff_notice_id=staff_notice_id)
    session.add(notice)
    session.flush()
    return notice


def translate_postbox_notice(*, session: Session, notice_id: int, translations: dict[str, tuple[str, str]]) -> None:
    """Give the notice its title and body in other languages: language code → (title, body)."""
    session.add_all(PostboxNoticeTranslation(notice_id=notice_id, language=code, title=title, body=body)
                    for code, (title, body) in translations.items())
    session.flush()


def in_language(*, session: Session, notices: list[PostboxNotice], language: str) -> list[PostboxNotice]:
    """The notices as a resident who reads `language` sees them: with the title and body of
    their translation into it where there is one (unsaved copies), as written otherwise."""
    ids = [notice.id for notice in notices]
    if not ids:
        return []
    found = {row.notice_id: row for row in session.scalars(select(PostboxNoticeTranslation).where(
        PostboxNoticeTranslation.notice_id.in_(ids), PostboxNoticeTranslation.language == language))}
    return [_translated(notice, found[notice.id]) if notice.id in found else notice for notice in notices]


def _translated(notice: PostboxNotice, translation: PostboxNoticeTranslation) -> PostboxNotice:
    return PostboxNotice(id=notice.id, title=translation.title, body=translation.body, department=notice.department,
                         sent_at=notice.sent_at, staff_notice_id=notice.staff_notice_id)


def deliver_postbox_notice(
    *,
    session: Session,
    notice_id: int,
    now: datetime,
    resident_ids: Iterable[int] | None = None,
) -> list[str]:
    """Put the notice in the postboxes of the given residents (default: every open postbox).

    Only residents with a link and consent receive it; running it again adds nobody twice.
    Returns the LINE user ids to push the title to: residents newly given the notice who still
    follow the account.
    """
    eligible = (
        select(Resident.id, Resident.line_user_id, Resident.following)
        .join(CardLink, CardLink.resident_id == Resident.id)
        .where(CardLink.postbox_consented_at.is_not(None), Resident.registered_at.is_not(None))
    )
    if resident_ids is not None:
        wanted = list(resident_ids)
        if not wanted:
            return []
        eligible = eligible.where(Resident.id.in_(wanted))
    rows = session.execute(eligible).all()
    if not rows:
        return []
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(PostboxEntry)
        .values([{"notice_id": notice_id, "resident_id": row.id, "delivered_at": now} for row in rows])
        .on_conflict_do_nothing(index_elements=["notice_id", "resident_id"])
        .returning(PostboxEntry.resident_id)
    )
    fresh = set(session.scalars(statement).all())
    return [row.line_user_id for row in rows if row.id in fresh and row.following]


@dataclass(frozen=True)
class PostboxItem:
    notice: PostboxNotice
    unread: bool


@dataclass(frozen=True)
class PostboxPage:
    items: list[PostboxItem]
    page: int
    has_more: bool


def postbox_for(*, session: Session, resident_id: int, page: int = 0, per_page: int = PAGE_SIZE) -> PostboxPage:
    """The resident's notices, newest first, a page at a time, with unread flags."""
    page = max(page, 0)
    query = (
        select(PostboxNotice, PostboxEntry.read_at)
        .join(PostboxEntry, PostboxEntry.notice_id == PostboxNotice.id)
        .where(PostboxEntry.resident_id == resident_id)
        .order_by(PostboxNotice.sent_at.desc(), PostboxNotice.id.desc())
        .offset(page * per_page)
        .limit(per_page + 1)
    )
    rows = session.execute(query).all()
    items = [PostboxItem(notice=notice, unread=read_at is None) for notice, read_at in rows[:per_page]]
    return PostboxPage(items=items, page=page, has_more=len(rows) > per_page)


def unread_count(*, session: Session, resident_id: int) -> int:
    query = select(func.count()).select_from(PostboxEntry).where(
        PostboxEntry.resident_id == resident_id, PostboxEntry.read_at.is_(None)
    )
    return session.scalar(query) or 0


def read_notice(*, session: Session, resident_id: int, notice_id: int, now: datetime) -> PostboxNotice | None:
    """The notice, marked read — only if it is in this resident's postbox; otherwise None."""
    entry = session.scalars(
        select(PostboxEntry)
        .where(PostboxEntry.resident_id == resident_id, PostboxEntry.notice_id == notice_id)
        .with_for_update()
    ).first()
    if entry is None:
        return None
    if entry.read_at is None:
        entry.read_at = now
        session.add(entry)
    return session.get(PostboxNotice, notice_id)


@dataclass(frozen=True)
class ReadCount:
    delivered: int
    read: int


def read_counts(*, session: Session, notice_ids: Iterable[int]) -> dict[int, ReadCount]:
    """Delivered and read counts per notice (anonymous numbers, for the staff console)."""
    ids = list(notice_ids)
    if not ids:
        return {}
    query = (
        select(
            PostboxNotice.id,
            func.count(PostboxEntry.id) + PostboxNotice.delivered_to_leavers,
            func.count(PostboxEntry.read_at) + PostboxNotice.read_by_leavers,
        )
        .outerjoin(PostboxEntry, and_(PostboxEntry.notice_id == PostboxNotice.id))
        .where(PostboxNotice.id.in_(ids))
        .group_by(PostboxNotice.id, PostboxNotice.delivered_to_leavers, PostboxNotice.read_by_leavers)
    )
    return {notice_id: ReadCount(delivered, read) for notice_id, delivered, read in session.execute(query)}


def keep_counts_of_leaver(*, session: Session, resident_id: int) -> None:
    """退会 deletes the resident's postbox entries: the notices keep them as anonymous counts."""
    entries = select(PostboxEntry.notice_id).where(PostboxEntry.resident_id == resident_id)
    session.execute(
        update(PostboxNotice)
        .where(PostboxNotice.id.in_(entries))
        .values(delivered_to_leavers=PostboxNotice.delivered_to_leavers + 1)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(PostboxNotice)
        .where(PostboxNotice.id.in_(entries.where(PostboxEntry.read_at.is_not(None))))
        .values(read_by_leavers=PostboxNotice.read_by_leavers + 1)
        .execution_options(synchronize_session=False)
    )
