"""Garbage reminder settings and reminder slots (SPEC §2.4, §5).

A resident's settings are one row (created on the first change; defaults until then) that goes
with the resident on 退会. A *slot* is one minute of the city's clock at which reminders were
due: its row says whether it was sent, or skipped because the clock found it too late.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, Select, Time, select, union
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime, utcnow
from bot.store.models import Resident

DAY_BEFORE_TIME = time(20, 0)
SAME_DAY_TIME = time(6, 30)


class ReminderMode(StrEnum):
    DAY_BEFORE = "day_before"  # 前日: the evening before a collection day
    SAME_DAY = "same_day"  # 当日: the morning of it

    @property
    def days_ahead(self) -> int:
        """How far ahead of the slot's date the collection is."""
        return 1 if self is ReminderMode.DAY_BEFORE else 0


class ReminderSetting(SQLModel, table=True):
    __tablename__ = "reminder_setting"
    # "Who is due at 19:30?" reads one of these indexes.
    __table_args__ = (
        Index("ix_reminder_setting_day_before", "day_before_on", "day_before_time"),
        Index("ix_reminder_setting_same_day", "same_day_on", "same_day_time"),
    )

    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), primary_key=True)
    )
    day_before_on: bool = False
    day_before_time: time = Field(default=DAY_BEFORE_TIME, sa_column=Column(Time, nullable=False))
    same_day_on: bool = False
    same_day_time: time = Field(default=SAME_DAY_TIME, sa_column=Column(Time, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


# Slot states
SLOT_SENDING = "sending"
SLOT_DONE = "done"
SLOT_SKIPPED = "skipped"


class ReminderSlot(SQLModel, table=True):
    """A minute at which reminders were due; `at` is that minute in UTC."""

    __tablename__ = "reminder_slot"

    at: datetime = Field(sa_type=UTCDateTime, primary_key=True)
    status: str = Field(default=SLOT_SENDING, max_length=16)
    reason: str | None = Field(default=None, max_length=200)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminders:
    """A resident's reminder settings as the flow shows them (defaults when never changed)."""

    day_before_on: bool = False
    day_before_time: time = DAY_BEFORE_TIME
    same_day_on: bool = False
    same_day_time: time = SAME_DAY_TIME

    def is_on(self, mode: ReminderMode) -> bool:
        return self.day_before_on if mode is ReminderMode.DAY_BEFORE else self.same_day_on

    def time_of(self, mode: ReminderMode) -> time:
        return self.day_before_time if mode is ReminderMode.DAY_BEFORE else self.same_day_time


def reminders_of(*, session: Session, resident_id: int) -> Reminders:
    row = session.get(ReminderSetting, resident_id)
    if row is None:
        return Reminders()
    return Reminders(row.day_before_on, row.day_before_time, row.same_day_on, row.same_day_time)


def change_reminder(
    *, session: Session, resident_id: int, mode: ReminderMode, on: bool | None = None, at: time | None = None
) -> Reminders:
    """Turn one mode on or off and/or set its time; returns the settings after the change."""
    row = session.get(ReminderSetting, resident_id) or ReminderSetting(resident_id=resident_id)
    if on is not None:
        setattr(row, f"{mode}_on", on)
    if at is not None:
        setattr(row, f"{mode}_time", at.replace(second=0, microsecond=0))
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return reminders_of(session=session, resident_id=resident_id)


# --- who is due ---------------------------------------------------------------------------------


def due_query(*, mode: ReminderMode, at: time, area_ids: list[int]) -> Select:
    """(resident id, LINE user id) of following residents of these areas with `mode` on at
    `at`, in resident id order (the delivery planner cuts and resumes by it)."""
    on, when = getattr(ReminderSetting, f"{mode}_on"), getattr(ReminderSetting, f"{mode}_time")
    return (
        select(Resident.id, Resident.line_user_id)
        .join(ReminderSetting, ReminderSetting.resident_id == Resident.id)
        .where(on.is_(True), when == at, Resident.following.is_(True), Resident.garbage_area_id.in_(area_ids))
        .order_by(Resident.id)
    )


def reminder_times(*, session: Session) -> set[time]:
    """Every time of day at which some resident has a reminder on."""
    query = union(
        select(ReminderSetting.day_before_time.label("at")).where(ReminderSetting.day_before_on.is_(True)).distinct(),
        select(ReminderSetting.same_day_time.label("at")).where(ReminderSetting.same_day_on.is_(True)).distinct(),
    )
    return {_as_time(value) for value in session.scalars(select(query.subquery().c.at))}


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def modes_due(*, session: Session, at: time) -> list[ReminderMode]:
    """The modes some resident has on at this time of day."""
    found = []
    for mode in ReminderMode:
        on, when = getattr(ReminderSetting, f"{mode}_on"), getattr(ReminderSetting, f"{mode}_time")
        if session.execute(select(ReminderSetting.resident_id).where(on.is_(True), when == at).limit(1)).first():
            found.append(mode)
    return found


# --- slots ------------------------------------------------------------------------------------


def get_slot(*, session: Session, at: datetime) -> ReminderSlot | None:
    return session.get(ReminderSlot, at)


def latest_slot_at(*, session: Session) -> datetime | None:
    return session.scalars(select(ReminderSlot.at).order_by(ReminderSlot.at.desc()).limit(1)).first()


def unfinished_slots(*, session: Session) -> list[datetime]:
    return list(session.scalars(select(ReminderSlot.at).where(ReminderSlot.status == SLOT_SENDING).order_by(ReminderSlot.at)))
