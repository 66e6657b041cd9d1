"""Resident reports (まちの通報): what was reported, its photo, its status history.

A report is the city's record: it keeps its content when the reporter leaves (退会), but the
link to the resident is cut (`reporter_id` set to NULL), so nothing leads back to a LINE user
and no follow-up is pushed afterwards. A photo being collected in the flow hangs from the
resident (deleted with them) until the report is sent; then it hangs from the report.
Receipt numbers come from a counter per city, so a number is never given twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import Column, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime

COMMENT_MAX = 500
ADDRESS_MAX = 200
NOTE_MAX = 500


class ReportStatus(str, Enum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"received": "受付", "in_progress": "対応中", "done": "完了", "rejected": "対応不可"}[self.value]

    @property
    def next(self) -> tuple["ReportStatus", ...]:
        """Where a report may go from here: 受付 → 対応中 → 完了, or 対応不可 (with a reason)."""
        return {
            ReportStatus.RECEIVED: (ReportStatus.IN_PROGRESS, ReportStatus.DONE, ReportStatus.REJECTED),
            ReportStatus.IN_PROGRESS: (ReportStatus.DONE, ReportStatus.REJECTED),
        }.get(self, ())


# Follow-up push states of a status change
PUSH_PENDING = "pending"  # to be pushed (with the update's retry key)
PUSH_SENT = "sent"
PUSH_NONE = "none"  # no one to tell: a guest's report, a reporter who left or blocked the bot


class ReportCounter(SQLModel, table=True):
    """The last receipt number given in a city."""

    __tablename__ = "report_counter"

    city: str = Field(sa_column=Column(String(64), primary_key=True))
    last_number: int = Field(default=0, sa_column=Column(Integer, nullable=False))


class Report(SQLModel, table=True):
    __tablename__ = "report"

    id: int | None = Field(default=None, primary_key=True)
    city: str = Field(sa_column=Column(String(64), nullable=False))
    number: int = Field(sa_column=Column(Integer, nullable=False))
    category: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    status: str = Field(default=ReportStatus.RECEIVED.value, sa_column=Column(String(16), nullable=False, index=True))
    # The place reported (never the reporter's address): a sent location, or typed words.
    latitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    longitude: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    address: str = Field(default="", sa_column=Column(String(ADDRESS_MAX), nullable=False, server_default=""))
    ward: str | None = Field(default=None, sa_column=Column(String(64), nullable=True, index=True))  # read from the address
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    reporter_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("resident.id", ondelete="SET NULL"), nullable=True, index=True)
    )
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)

    __table_args__ = (UniqueConstraint("city", "number"),)

    @property
    def receipt(self) -> str:
        return receipt_number(self.number)

    @property
    def report_status(self) -> ReportStatus:
        return ReportStatus(self.status)


class ReportPhoto(SQLModel, table=True):
    """A report's photo, EXIF removed (bot/reports/photos.py). While the resident is still
    writing the report it belongs to them (`resident_id`); once sent, to the report."""

    __tablename__ = "report_photo"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("report.id", ondelete="CASCADE"), nullable=True, unique=True)
    )
    resident_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), nullable=True, index=True)
    )
    content_type: str = Field(sa_column=Column(String(32), nullable=False))
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int
    height: int
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class ReportUpdate(SQLModel, table=True):
    """One status change by staff: the history of a report, and the follow-up push it owes."""

    __tablename__ = "report_update"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=Column(Integer, ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True))
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    previous: str = Field(sa_column=Column(String(16), nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    staff_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True)
    )
    staff_email: str = Field(default="", sa_column=Column(String(254), nullable=False, server_default=""))
    push: str = Field(default=PUSH_NONE, sa_column=Column(String(16), nullable=False, index=True))
    pushed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


def receipt_number(number: int) -> str:
    return f"R-{number:06d}"


def parse_receipt(text: str) -> int | None:
    text = text.strip().upper()
    if text.startswith("R-") and text[2:].isdecimal():
        return int(text[2:])
    return None


@dataclass(frozen=True)
class NewReport:
    category: str
    latitude: float | None
    longitude: float | None
    address: str
    ward: str | None
    comment: str
    photo_id: int | None


# --- the resident's side ---------------------------------------------------------------------

def keep_pending_photo(*, session: Session, resident_id: int, data: bytes, content_type: str, width: int, height: int,
                       now: datetime) -> int:
    """Keep a photo for the report being written; an earlier unsent one of this resident goes."""
    forget_pending_photos(session=session, resident_id=resident_id)
    photo = ReportPhoto(resident_id=resident_id, content_type=content_type, data=data, width=width, height=height,
                        created_at=now)
    session.add(photo)
    session.flush()
    return photo.id


def forget_pending_photos(*, session: Session, resident_id: int) -> None:
    session.execute(
        ReportPhoto.__table__.delete().where(ReportPhoto.resident_id == resident_id, ReportPhoto.report_id.is_(None))
    )


def forget_abandoned_photos(*, session: Session, before: datetime) -> int:
    """Photos of reports never sent (cancelled, or left to expire) and kept since before `before`."""
    return session.execute(
        ReportPhoto.__table__.delete().where(ReportPhoto.report_id.is_(None), ReportPhoto.created_at < before)
    ).rowcount


def reports_since(*, session: Session, resident_id: int, since: datetime) -> int:
    query = select(func.count()).select_from(Report).where(Report.reporter_id == resident_id, Report.created_at >= since)
    return session.scalar(query) or 0


def create_report(*, session: Session, city: str, resident_id: int, new: NewReport, now: datetime) -> Report:
    report = Report(
        city=city, number=_next_number(session, city), category=new.category, latitude=new.latitude,
        longitude=new.longitude, address=new.address, ward=new.ward, comment=new.comment, reporter_id=resident_id,
        created_at=now, updated_at=now,
    )
    session.add(report)
    session.flush()
    if new.photo_id is not None:
        # Only the resident's own unsent photo: a stale id from an old conversation attaches nothing.
        session.execute(
            update(ReportPhoto)
            .where(ReportPhoto.id == new.photo_id, ReportPhoto.resident_id == resident_id, ReportPhoto.report_id.is_(None))
            .values(report_id=report.id, resident_id=None)
            .execution_options(synchronize_session=False)
        )
    forget_pending_photos(session=session, resident_id=resident_id)
    return report


def _next_number(session: Session, city: str) -> int:
    """The next receipt number of the city; the counter row stays locked until commit."""
    bump = update(ReportCounter).where(ReportCounter.city == city).values(last_number=ReportCounter.last_number + 1)
    if session.execute(bump).rowcount == 0:
        try:
            with session.begin_nested():
                session.add(ReportCounter(city=city, last_number=1))
            return 1
        except IntegrityError:  # another worker made the row first: count on it
            session.execute(bump)
    return session.scalar(select(ReportCounter.last_number).where(ReportCounter.city == city))


def reports_of(*, session: Session, resident_id: int, limit: int = 5) -> list[Report]:
    query = select(Report).where(Report.reporter_id == resident_id).order_by(Report.created_at.desc(), Report.id.desc())
    return list(session.scalars(query.limit(limit)))


def unlink_reporter(*, session: Session, resident_id: int) -> None:
    """退会: the reports stay for the city's records, with no way back to the resident."""
    session.execute(
        update(Report).where(Report.reporter_id == resident_id).values(reporter_id=None)
        .execution_options(synchronize_session=False)
    )
    forget_pending_photos(session=session, resident_id=resident_id)


# --- the staff side --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportFilter:
    status: str | None = None
    category: str | None = None
    ward: str | None = None
    since: datetime | None = None  # created at or after
    until: datetime | None = None  # created before

    def apply(self, query):
        if self.status:
            query = query.where(Report.status == self.status)
        if self.category:
            query = query.where(Report.category == self.category)
        if self.ward:
            query = query.where(Report.ward == self.ward)
        if self.since:
            query = query.where(Report.created_at >= self.since)
        if self.until:
            query = query.where(Report.created_at < self.until)
        return query


def list_reports(*, session: Session, where: ReportFilter = ReportFilter(), limit: int | None = None,
                 offset: int = 0) -> list[Report]:
    query = where.apply(select(Report)).order_by(Report.created_at.desc(), Report.id.desc()).offset(offset)
    return list(session.scalars(query.limit(limit) if limit else query))


def photo_ids(*, session: Session, report_ids: list[int]) -> set[int]:
    """Which of these reports have a photo."""
    if not report_ids:
        return set()
    return set(session.scalars(select(ReportPhoto.report_id).where(ReportPhoto.report_id.in_(report_ids))))


def get_report(*, session: Session, report_id: int) -> Report | None:
    return session.get(Report, report_id)


def photo_of(*, session: Session, report_id: int) -> ReportPhoto | None:
    return session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report_id)).first()


def history(*, session: Session, report_id: int) -> list[ReportUpdate]:
    query = select(ReportUpdate).where(ReportUpdate.report_id == report_id).order_by(ReportUpdate.at, ReportUpdate.id)
    return list(session.scalars(query))


class StatusChangeError(ValueError):
    """A status change that cannot be made; the message says why, in Japanese."""


def change_status(*, session: Session, report_id: int, status: ReportStatus, note: str, staff_id: int | None,
                  staff_email: str, now: datetime) -> ReportUpdate:
    """Move the report on (the row is locked), record it in the history, and owe the reporter a
    follow-up push (bot/reports/followups.py decides at sending whether anyone can hear it)."""
    report = session.get(Report, report_id, with_for_update=True)
    if report is None:
        raise LookupError(report_id)
    note = note.replace("\r\n", "\n").strip()
    current = report.report_status
    if status not in current.next:
        raise StatusChangeError(f"「{current.label}」の通報は「{status.label}」にできません")
    if status is ReportStatus.REJECTED and not note:
        raise StatusChangeError("対応不可にするときは、理由を入力してください")
    if len(note) > NOTE_MAX:
        raise StatusChangeError(f"住民へのメモは{NOTE_MAX}文字以内で入力してください（{len(note)}文字でした）")
    update_row = ReportUpdate(
        report_id=report.id, at=now, status=status.value, previous=current.value, note=note, staff_id=staff_id,
        staff_email=staff_email, push=PUSH_PENDING if report.reporter_id is not None else PUSH_NONE,
    )
    report.status, report.updated_at = status.value, now
    session.add_all([report, update_row])
    session.flush()
    return update_row


def pending_pushes(*, session: Session, limit: int = 100) -> list[tuple[ReportUpdate, Report]]:
    query = (
        select(ReportUpdate, Report).join(Report, Report.id == ReportUpdate.report_id)
        .where(ReportUpdate.push == PUSH_PENDING).order_by(ReportUpdate.id).limit(limit)
    )
    return [(u, r) for u, r in session.execute(query)]


def mark_pushed(*, session: Session, update_id: int, outcome: str, now: datetime) -> None:
    session.execute(
        update(ReportUpdate).where(ReportUpdate.id == update_id, ReportUpdate.push == PUSH_PENDING)
        .values(push=outcome, pushed_at=now if outcome == PUSH_SENT else None)
        .execution_options(synchronize_session=False)
    )
