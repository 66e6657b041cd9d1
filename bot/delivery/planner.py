"""Planning a job: cutting its recipients into recorded batches before anything is sent.

Batches are committed in chunks, so senders can start on the first ones while the rest are
still being cut. Recipients come as (key, LINE user id) pairs in ascending key order — a
resident id does — and the job remembers the last key of each committed chunk, so a planner
killed half-way resumes exactly after it: no recipient lands in two batches, none is left out.
Given as a query, the recipients are read on PostgreSQL in one streamed pass (a server-side
cursor, 500 rows a fetch) and each fetch becomes a batch: the first is ready at once, and the
database only joins and orders (cutting there instead — row_number, a sort by batch, array_agg —
cost it twice the CPU, in parts re-scanning the join, bench/README.md "Fan-out"). A job already
planned is left alone, which is what makes planning a slot twice harmless.
"""
from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import Select, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.delivery.ledger import NORMAL, PLANNED, PLANNING, DeliveryBatch, DeliveryJob
from bot.store.db import is_postgres, session_scope, utcnow

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
    recipients: Iterable[tuple[int, str]] | Select,
    batch_size: int = MAX_RECIPIENTS,
    chunk_batches: int = CHUNK_BATCHES,
    priority: int = NORMAL,
) -> PlannedJob:
    """Record `messages` to `recipients` as job `key` (idempotent; resumes a half-planned job).

    `recipients`: (key, LINE user id) pairs in ascending key order, e.g. (resident.id,
    line_user_id) — as an iterable, or better as a query selecting those two columns: on
    PostgreSQL the query's rows are then streamed in one pass, a batch per fetch, while the
    first batches are already being sent.
    Returns the job's totals; when another planner is at work on the same job, what it has
    recorded so far (that planner finishes it). A job of a higher `priority` (an emergency
    notice) is sent before any batch of a lower one, even of a fan-out already under way.
    """
    if not 1 <= batch_size <= MAX_RECIPIENTS:
        raise ValueError(f"a multicast takes 1 to {MAX_RECIPIENTS} recipients")
    job = open_job(engine, key=key, origin=origin, messages=messages, priority=priority)
    if job.status == PLANNED:
        return _summary(job)
    cursor = _Cursor(job)
    if isinstance(recipients, Select) and is_postgres(engine):
        batches = _batched_in_database(engine, recipients, after=job.planned_through, batch_size=batch_size)
    else:
        if isinstance(recipients, Select):
            recipients = _read_all(engine, recipients)
        batches = _batched(_after(recipients, job.planned_through), batch_size)
    chunk: list[_Batch] = []
    for batch in batches:
        chunk.append(batch)
        if len(chunk) == chunk_batches:
            if not _record(engine, cursor, chunk, last=False):
                batches.close()
                return cursor.summary()
            chunk = []
    _record(engine, cursor, chunk, last=True)
    return cursor.summary()


@dataclass(frozen=True)
class _Batch:
    last_key: int
    count: int
    recipients: str  # JSON array of LINE user ids


def _batched(recipients: Iterator[tuple[int, str]], batch_size: int) -> Iterator[_Batch]:
    while True:
        part = list(itertools.islice(recipients, batch_size))
        if not part:
            return
        yield _as_batch(part)


def _as_batch(part) -> _Batch:
    """(key, LINE user id) rows in key order as one batch."""
    return _Batch(part[-1][0], len(part), json.dumps([user for _, user in part], separators=(",", ":")))


def _batched_in_database(engine: Engine, recipients: Select, *, after: int | None, batch_size: int) -> Iterator[_Batch]:
    """The query's rows after `after` in key order, read in one pass on a connection of its
    own (batches are committed meanwhile), a batch per fetch of `batch_size` rows."""
    found = recipients.subquery()
    key, user = found.c[0], found.c[1]
    query = select(key, user).order_by(key)
    if after is not None:
        query = query.where(key > after)
    with engine.connect() as connection:
        rows = connection.execute(query.execution_options(stream_results=True, yield_per=batch_size))
        for part in rows.partitions():
            yield _as_batch(part)


def _read_all(engine: Engine, recipients: Select) -> list[tuple[int, str]]:
    """SQLite: one writer at a time, so the rows are read before any batch is written."""
    with Session(engine) as session:
        return [(row[0], row[1]) for row in session.execute(recipients)]


def open_job(engine: Engine, *, key: str, origin: str, messages: list[dict] | str, priority: int = NORMAL) -> DeliveryJob:
    """The job `key`, recorded (still to be planned) if it is new. A job being planned holds back
    every batch of a lower priority (bot/delivery/worker.py), so opening several jobs before
    planning them holds lower ones back until the last is planned."""
    messages = messages if isinstance(messages, str) else encode_messages(messages)
    with session_scope(engine) as session:
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.key == key)).first()
        if job is not None:
            return job
    try:
        with session_scope(engine) as session:
            job = DeliveryJob(key=key, origin=origin, messages=messages, priority=priority)
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


def _record(engine: Engine, cursor: _Cursor, chunk: list[_Batch], *, last: bool) -> bool:
    """Record one chunk of batches (and, if `last`, the job as planned). False when another
    planner got there first: the job is no longer where this one left it.

    Core, not the ORM: a million recipients are fifty chunks on the planner's path, which is
    the fan-out's slowest."""
    with engine.begin() as connection:
        job = connection.execute(
            select(DeliveryJob.key, DeliveryJob.status, DeliveryJob.planned_through, DeliveryJob.recipients,
                   DeliveryJob.batches, DeliveryJob.priority)
            .where(DeliveryJob.id == cursor.job_id).with_for_update()
        ).one()
        if job.status == PLANNED or (job.planned_through, job.batches) != (cursor.planned_through, cursor.batches):
            cursor.planned_through, cursor.recipients, cursor.batches = job.planned_through, job.recipients, job.batches
            return False
        rows = [
            {"job_id": cursor.job_id, "position": job.batches + n, "retry_key": retry_key(job.key, job.batches + n),
             "recipients": batch.recipients, "recipient_count": batch.count, "priority": job.priority}
            for n, batch in enumerate(chunk)
        ]
        if rows:
            connection.execute(insert(DeliveryBatch), rows)
        progress = {"planned_through": chunk[-1].last_key if chunk else job.planned_through,
                    "recipients": job.recipients + sum(batch.count for batch in chunk),
                    "batches": job.batches + len(rows)}
        finished = {"status": PLANNED, "planned_at": utcnow()} if last else {}
        connection.execute(update(DeliveryJob).where(DeliveryJob.id == cursor.job_id).values(**progress, **finished))
        cursor.planned_through, cursor.recipients, cursor.batches = (
            progress["planned_through"], progress["recipients"], progress["batches"])
    return True


def _summary(job: DeliveryJob) -> PlannedJob:
    return PlannedJob(job.id, job.key, job.recipients, job.batches)


__all__ = ["MAX_RECIPIENTS", "PLANNING", "PlannedJob", "encode_messages", "open_job", "plan_job", "retry_key"]
