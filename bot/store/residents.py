"""Store functions for residents and their conversations."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from bot.store import conversations
from bot.store.conversations import ConversationState
from bot.store.models import Conversation, Resident


# Built once: every webhook event runs it (building it per call cost as much as running it).
_LOCK = select(Resident).where(Resident.line_user_id == bindparam("line_user_id")).with_for_update()


def lock_resident(*, session: Session, line_user_id: str) -> Resident:
    """The resident for this LINE user, created if new, locked until the transaction ends.

    The row lock serializes events of one resident across web workers (on SQLite the
    transaction's IMMEDIATE write lock does the same).
    """
    who = {"line_user_id": line_user_id}
    resident = session.execute(_LOCK, who).scalar()
    if resident is None:  # a newcomer: create the row (another worker may be doing the same)
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(Resident).values(line_user_id=line_user_id, interests=[]).on_conflict_do_nothing())
        resident = session.execute(_LOCK, who).scalar_one()
    return resident


# Both rows locked, not FOR UPDATE OF resident: on PostgreSQL a SELECT … FOR UPDATE that waited
# for a lock returns the newest version of the rows it locked, but an unlocked join partner as
# it was before the wait (the other worker's answer would be lost).
_LOCK_WITH_CONVERSATION = (
    select(Resident, *conversations.COLUMNS)
    .join(Conversation, Conversation.resident_id == Resident.id)
    .where(Resident.line_user_id == bindparam("line_user_id"))
    .with_for_update()
)


def lock_with_conversation(*, session: Session, line_user_id: str) -> tuple[Resident, ConversationState]:
    """`lock_resident`, and where the resident is in the flows (save it with
    `conversations.save`): one statement for anyone who has talked to the bot before."""
    row = session.execute(_LOCK_WITH_CONVERSATION, {"line_user_id": line_user_id}).first()
    if row is None:  # new, or no conversation yet
        resident = lock_resident(session=session, line_user_id=line_user_id)
        return resident, conversations.load(session=session, resident_id=resident.id)
    return row[0], conversations.from_row(row[0].id, tuple(row[1:]))


def find_resident(*, session: Session, line_user_id: str) -> Resident | None:
    return session.scalars(select(Resident).where(Resident.line_user_id == line_user_id)).first()


def register(
    *,
    session: Session,
    resident: Resident,
    nickname: str,
    age_group: str | None,
    ward: str | None,
    interests: list[str],
    now: datetime,
) -> None:
    resident.nickname = nickname
    resident.age_group = age_group
    resident.ward = ward
    resident.interests = list(interests)
    resident.registered_at = now
    session.add(resident)


def set_following(*, session: Session, line_user_id: str, following: bool) -> None:
    session.execute(update(Resident).where(Resident.line_user_id == line_user_id).values(following=following))
