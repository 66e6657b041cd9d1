"""Planning a job: cutting its recipients into recorded batches before anything is sent.

Batches are committed in chunks, so senders can start on the first ones while the rest are
still being cut (a million recipients take a few seconds to read). Recipients come as
(key, LINE user id) pairs in ascending key order — a resident id does — and the job remembers
the last key of each committed chunk, so a planner killed half-way resumes exactly after it:
no recipient lands in two batches, none is left out. A job already planned is left alone,
which is what makes planning a slot twice harmless.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.delivery.ledger import PLANNED, PLANNING, DeliveryBatch, DeliveryJob
from bot.store.db import session_scope, utcnow

MAX_RECIPIENTS = 500  # LINE's multicast limit per request
CHUNK_BATCHES = 40  # batches recorded per transaction
RETRY_KEY_NAMESPACE = uuid.UUID("5e1d7c3a-9b0f-4c1e-8a51-7a0b2c3d4e5f")


def retry_key(job_key: str, position: int) -> str:
    """The X-Line-Retry-Key of a job's batch: the same whoever plans it, however often."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"{job_key}#{position}"))


def encode_messages(messages: list[dict]) -> str:
    """LINE message objects as the JSON the multicast body carries."""
    return json.dumps(messages, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class PlannedJob:
    id: int
    key: str
    recipients: int
    batches: int


def plan_job(
    engine: Engine,
    *,
    key: str,
    origin: str,
    messages: list[dict] | str,
    recipients: Iterable[tuple[int, str]],
    batch_size: int = MAX_RECIPIENTS,
    chunk_batches: int = CHUNK_BATCHES,
) -> PlannedJob:
    """Record `messages` to `recipients` as job `key` (idempotent; resumes a half-planned job).

    `recipients`: (key, LINE user id) in ascending key order, e.g. (resident.id, line_user_id).
    Returns the job's totals; when another planner is at work on the same job, what it has
    recorded so far (that planner finishes it).
    """
    if not 1 <= batch_size <= MAX_RECIPIENTS:
        raise ValueError(f"a multicast takes 1 to {MAX_RECIPIENTS} recipients")
    body = messages if isinstance(messages, str) else encode_messages(messages)
    job = _job(engine, key=key, origin=origin, messages=body)
    if job.status == PLANNED:
        return _summary(job)
    cursor = _Cursor(job)
    pending: list[tuple[int, str]] = []
    chunk_size = batch_size * chunk_batches
    for recipient in _after(recipients, job.planned_through):
        pending.append(recipient)
        if len(pending) == chunk_size:
            if not _record(engine, cursor, pending, batch_size, last=False):
                return cursor.summary()
            pending = []
    _record(engine, cursor, pending, batch_size, last=True)
    return cursor.summary()


def _job(engine: Engine, *, key: str, origin: str, messages: str) -> DeliveryJob:
    with session_scope(engine) as session:
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.key == key)).first()
        if job is not None:
            return job
    try:
        with session_scope(engine) as session:
            job = DeliveryJob(key=key, origin=origin, messages=messages)
            session.add(job)
            session.flush()
            return job
    except IntegrityError:  # another planner created it a moment ago
        with session_scope(engine) as session:
            return session.scalars(select(DeliveryJob).where(DeliveryJob.key == key)).one()


def _after(recipients: Iterable[tuple[int, str]], planned_through: int | None) -> Iterator[tuple[int, str]]:
    previous = planned_through
    for recipient in recipients:
        if planned_through is not None and recipient[0] <= planned_through:
            continue
        if previous is not None and recipient[0] <= previous:
            raise ValueError("recipients must come in ascending key order, each once")
        previous = recipient[0]
        yield recipient


class _Cursor:
    """Where this planner is in the job; checked against the row before each chunk."""

    def __init__(self, job: DeliveryJob) -> None:
        self.job_id, self.key = job.id, job.key
        self.planned_through, self.recipients, self.batches = job.planned_through, job.recipients, job.batches

    def summary(self) -> PlannedJob:
        return PlannedJob(self.job_id, self.key, self.recipients, self.batches)


def _record(engine: Engine, cursor: _Cursor, chunk: list[tuple[int, str]], batch_size: int, *, last: bool) -> bool:
    """Record one chunk's batches (and, if `last`, the job as planned). False when another
    planner got there first: the job is no longer where this one left it."""
    with session_scope(engine) as session:
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.id == cursor.job_id).with_for_update()).one()
        if job.status == PLANNED or (job.planned_through, job.batches) != (cursor.planned_through, cursor.batches):
            cursor.planned_through, cursor.recipients, cursor.batches = job.planned_through, job.recipients, job.batches
            return False
        rows = []
        for start in range(0, len(chunk), batch_size):
            ids = [line_user_id for _, line_user_id in chunk[start:start + batch_size]]
            position = cursor.batches + len(rows)
            rows.append({"job_id": job.id, "position": position, "retry_key": retry_key(job.key, position),
                         "recipients": json.dumps(ids, separators=(",", ":")), "recipient_count": len(ids)})
        if rows:
            session.execute(insert(DeliveryBatch), rows)
        if chunk:
            job.planned_through = chunk[-1][0]
        job.recipients += len(chunk)
        job.batches += len(rows)
        if last:
            job.status, job.planned_at = PLANNED, utcnow()
        session.add(job)
        cursor.planned_through, cursor.recipients, cursor.batches = job.planned_through, job.recipients, job.batches
    return True


def _summary(job: DeliveryJob) -> PlannedJob:
    return PlannedJob(job.id, job.key, job.recipients, job.batches)


__all__ = ["MAX_RECIPIENTS", "PLANNING", "PlannedJob", "encode_messages", "plan_job", "retry_key"]
