"""Disaster mode: at most one disaster is on at a time (SPEC §2, issue 15).

While a row has `current = True` the bot is in disaster mode: the emergency notice goes out
(through the delivery ledger, ahead of every other fan-out), every follower's rich menu is the
disaster menu, reminders are paused. `current` is NULL once ended, so the unique index allows
any number of ended disasters and only one that is on. The menu switch is resumable: residents
are linked in ascending id order and `menu_through` is the last id done.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, Text, select, update
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime

# Stages of the background work of a disaster (the menu switch, then its undoing)
SWITCHING = "switching"  # emergency notice and disaster menu going out
SWITCHED = "switched"  # every follower reached
RESTORING = "restoring"  # ended: usual menus going back
RESTORED = "restored"


class Disaster(SQLModel, table=True):
    __tablename__ = "disaster"

    id: int | None = Field(default=None, primary_key=True)
    current: bool | None = Field(default=True, sa_column=Column(Boolean, unique=True, nullable=True))
    hazard: str = Field(max_length=32)
    title: str = Field(max_length=100)
    body: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    stage: str = Field(default=SWITCHING, max_length=16)
    menu_through: int | None = None  # last resident id whose menu this stage has set
    menu_linked: int = 0  # residents given the disaster menu
    menu_restored: int = 0  # residents given back their usual menu
    menu_failed: int = 0  # residents whose menu LINE refused to change
    worked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)  # a worker's heartbeat


def current_disaster(*, session: Session) -> Disaster | None:
    return session.scalars(select(Disaster).where(Disaster.current.is_(True))).first()


_ON = select(Disaster.id).where(Disaster.current.is_(True)).limit(1)  # built once: the webhook asks it


def disaster_on(*, session: Session) -> bool:
    """Whether a disaster is on, without loading it (the webhook asks whenever a menu changes)."""
    return session.connection().execute(_ON).first() is not None


def latest_disasters(*, session: Session, limit: int = 5) -> list[Disaster]:
    return list(session.scalars(select(Disaster).order_by(Disaster.started_at.desc(), Disaster.id.desc()).limit(limit)))


def unfinished(*, session: Session) -> list[int]:
    """Disasters whose menu work is not done: switching or restoring."""
    query = select(Disaster.id).where(Disaster.stage.in_((SWITCHING, RESTORING))).order_by(Disaster.id)
    return list(session.scalars(query))


def claim_work(*, session: Session, disaster_id: int, now: datetime, stale_before: datetime) -> bool:
    """Take the disaster's background work unless another worker's heartbeat is fresh."""
    claimed = session.execute(
        update(Disaster)
        .where(Disaster.id == disaster_id, Disaster.stage.in_((SWITCHING, RESTORING)),
               (Disaster.worked_at.is_(None)) | (Disaster.worked_at < stale_before))
        .values(worked_at=now)
    )
    return claimed.rowcount == 1
