"""The delivery ledger: what is to be sent, in which requests, and what LINE answered (SPEC §5).

A *job* is one message to many residents (a reminder group of a slot, a staff notice), named by
a unique key. Its recipients are cut into *batches* of at most 500 — one multicast request each —
recorded before any request is made, each with its own `X-Line-Retry-Key`. A batch's recipients
are a JSON array of LINE user ids, so a million recipients are 2,000 rows, not a million; once a
batch is final its ids are cleared and only the count stays (anonymous statistics, SPEC §2.9).

Batch states: pending → sent | failed(reason) | skipped(reason). A pending batch may have been
sent already (a crash between LINE's answer and our record): it is sent again with the same
retry key, and LINE answers 409, which counts as sent.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime, utcnow

# Job states
PLANNING = "planning"  # batches are being recorded (committed in chunks; resumable)
PLANNED = "planned"  # every batch recorded
# Batch states
PENDING = "pending"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"
FINAL = (SENT, FAILED, SKIPPED)
# Priorities: batches of a higher priority are claimed first, and while any is pending or
# being planned, no lower one is posted (an emergency notice goes ahead of a fan-out running).
NORMAL = 0
EMERGENCY = 100


class DeliveryJob(SQLModel, table=True):
    """One message to many residents."""

    __tablename__ = "delivery_job"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    # What the job belongs to ("reminder_slot:2025-12-01T10:30Z", "notice:42"): a slot's or a
    # notice's jobs are found, sent and counted together by it.
    origin: str = Field(sa_column=Column(String(100), nullable=False, index=True))
    messages: str = Field(sa_column=Column(Text, nullable=False))  # JSON array of LINE messages
    priority: int = Field(default=NORMAL, sa_column=Column(Integer, nullable=False, server_default="0"))
    status: str = Field(default=PLANNING, max_length=16)
    # Recipients come in ascending key order; planning resumes after the last one recorded.
    planned_through: int | None = None
    recipients: int = 0
    batches: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    planned_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class DeliveryBatch(SQLModel, table=True):
    """One multicast request: its recipients, its retry key, and what became of it."""

    __tablename__ = "delivery_batch"
    __table_args__ = (
        UniqueConstraint("job_id", "position"),
        Index("ix_delivery_batch_status_id", "status", "id"),
        Index("ix_delivery_batch_status_priority", "status", "priority"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(sa_column=Column(Integer, ForeignKey("delivery_job.id", ondelete="CASCADE"), nullable=False))
    position: int  # 0, 1, 2… within the job
    retry_key: str = Field(sa_column=Column(String(36), unique=True, nullable=False))
    recipients: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON ids; None once final
    recipient_count: int
    priority: int = Field(default=NORMAL, sa_column=Column(Integer, nullable=False, server_default="0"))  # the job's
    status: str = Field(default=PENDING, max_length=16)
    attempts: int = 0
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)  # backing off
    reason: str | None = Field(default=None, max_length=300)
    request_id: str | None = Field(default=None, max_length=64)  # LINE's x-line-(accepted-)request-id
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # A sender's claim (bot/delivery/worker.py): it alone posts the batch until then.
    leased_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    leased_by: str | None = Field(default=None, max_length=64)


def drop_recipient(*, session: Session, line_user_id: str) -> int:
    """Take a resident who left (退会) out of every batch not yet sent, in their leaving's
    transaction; a batch left with nobody is skipped. Returns how many batches changed.

    A batch posted before and retried keeps its retry key: LINE answers 409 if it had it."""
    query = (
        select(DeliveryBatch)
        .where(DeliveryBatch.status == PENDING, DeliveryBatch.recipients.contains(f'"{line_user_id}"'))
        .with_for_update()
    )
    changed = 0
    for batch in session.scalars(query):
        kept = [user for user in json.loads(batch.recipients) if user != line_user_id]
        batch.recipient_count = len(kept)
        batch.recipients = json.dumps(kept, separators=(",", ":"))
        if not kept:
            batch.status, batch.reason, batch.recipients, batch.finished_at = SKIPPED, "recipients left", None, utcnow()
        session.add(batch)
        changed += 1
    return changed
