"""Sending recorded batches: claim, post, record — in as many threads and processes as wanted.

On PostgreSQL a sender claims a few pending batches with `FOR UPDATE SKIP LOCKED` and keeps
them locked while it posts them, so two senders never hold the same batch, and a sender that
dies releases its batches with its connection. On SQLite there is one sender (the clock).

What LINE answers decides a batch's fate:
    2xx, 409          sent (409: that retry key was accepted before)
    5xx, no answer    pending again after a backoff, same retry key; failed after max attempts
    429               pending again; every thread pauses (Retry-After, or a growing backoff)
    other 4xx         failed, with LINE's reason
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.engine import Engine

from bot.delivery.ledger import FAILED, NORMAL, PENDING, PLANNING, SENT, SKIPPED, DeliveryBatch, DeliveryJob
from bot.delivery.sender import Answer, Backoff, MulticastClient, RateLimiter
from bot.store.db import is_postgres, session_scope, utcnow

log = logging.getLogger(__name__)

CLAIM_SIZE = 8  # batches a thread holds at once
IDLE_POLL = 0.05  # seconds between looks while others hold the remaining batches


@dataclass
class DrainReport:
    """What this process did (other senders report their own)."""

    requests: int = 0
    sent_batches: int = 0
    sent_recipients: int = 0
    already_accepted: int = 0  # 409s: sent by an earlier attempt
    retried: int = 0
    throttled: int = 0
    failed_batches: int = 0
    failed_recipients: int = 0
    first_request_at: float | None = None  # time.monotonic()
    last_request_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def note_request(self) -> None:
        now = time.monotonic()
        with self._lock:
            self.requests += 1
            if self.first_request_at is None:
                self.first_request_at = now
            self.last_request_at = now


@dataclass
class _Claimed:
    id: int
    job_id: int
    retry_key: str
    recipients: str
    recipient_count: int
    attempts: int


class Deliverer:
    """Drains pending batches with `threads` sender threads sharing one limiter and one pool."""

    def __init__(
        self,
        engine: Engine,
        client: MulticastClient,
        *,
        limiter: RateLimiter | None = None,
        backoff: Backoff = Backoff(),
        threads: int = 4,
        claim_size: int = CLAIM_SIZE,
    ) -> None:
        self.engine = engine
        self.client = client
        self.limiter = limiter or RateLimiter()
        self.backoff = backoff
        # SQLite has no row locks to share batches by: one sender thread.
        self.threads = threads if is_postgres(engine) else 1
        self.claim_size = claim_size
        self._messages: dict[int, str] = {}
        self._throttles = 0
        self._lock = threading.Lock()

    def drain(
        self,
        *,
        origin: str | None = None,
        more_coming: Callable[[], bool] = lambda: False,
        stop: threading.Event | None = None,
        report: DrainReport | None = None,
        idle_poll: float = IDLE_POLL,
    ) -> DrainReport:
        """Send pending batches (of one origin, or all) until none is left and `more_coming()`
        is False (a planner still at work, or a worker that never ends), or `stop` is set."""
        report = report or DrainReport()
        stop = stop or threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            try:
                self._loop(origin, more_coming, stop, report, idle_poll)
            except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
                errors.append(error)
                stop.set()

        workers = [threading.Thread(target=run, name=f"delivery-{n}", daemon=True) for n in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if errors:
            raise errors[0]
        return report

    # --- one sender thread -----------------------------------------------------------------
    def _loop(self, origin: str | None, more_coming: Callable[[], bool], stop: threading.Event,
              report: DrainReport, idle_poll: float) -> None:
        while not stop.is_set():
            if self._send_some(origin, report):
                continue
            wait = self._wait_for_more(origin, more_coming, idle_poll)
            if wait is None:
                return
            stop.wait(wait)

    def _send_some(self, origin: str | None, report: DrainReport) -> bool:
        with self.engine.connect() as connection:  # Core, not the ORM: this runs 200 times a second
            if is_postgres(self.engine):
                # An outcome lost in a crash is harmless: the batch is posted again with its retry
                # key and LINE answers 409. So its commit need not wait for the disk.
                connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            claimed = self._claim(connection, origin)
            if not claimed:
                connection.rollback()
                return False
            if not is_postgres(self.engine):
                connection.commit()  # SQLite: do not hold the database's write lock while posting
            outcomes = [self._post(batch, report) for batch in claimed]
            connection.execute(RECORD_OUTCOME, outcomes)
            connection.commit()
        return True

    def _claim(self, connection, origin: str | None) -> list[_Claimed]:
        query = (
            select(DeliveryBatch.id, DeliveryBatch.job_id, DeliveryBatch.retry_key, DeliveryBatch.recipients,
                   DeliveryBatch.recipient_count, DeliveryBatch.attempts)
            .where(DeliveryBatch.status == PENDING,
                   or_(DeliveryBatch.not_before.is_(None), DeliveryBatch.not_before <= utcnow()))
            .where(DeliveryBatch.priority >= _priority_now(connection))
            .order_by(DeliveryBatch.priority.desc(), DeliveryBatch.id)
            .limit(self.claim_size)
            .with_for_update(skip_locked=True, of=DeliveryBatch)
        )
        if origin is not None:
            query = query.where(DeliveryBatch.job_id.in_(select(DeliveryJob.id).where(DeliveryJob.origin == origin)))
        claimed = [_Claimed(*row) for row in connection.execute(query)]
        missing = {batch.job_id for batch in claimed} - self._messages.keys()
        if missing:
            found = connection.execute(select(DeliveryJob.id, DeliveryJob.messages).where(DeliveryJob.id.in_(missing)))
            with self._lock:
                self._messages.update(dict(found.all()))
        return claimed

    def _post(self, batch: _Claimed, report: DrainReport) -> dict:
        self.limiter.acquire()
        report.note_request()
        answer = self.client.multicast(batch.recipients, self._messages[batch.job_id], batch.retry_key)
        return self._outcome(batch, answer, report)

    def _outcome(self, batch: _Claimed, answer: Answer, report: DrainReport) -> dict:
        now = utcnow()
        row = {"id": batch.id, "status": PENDING, "attempts": batch.attempts, "reason": None,
               "not_before": None, "request_id": answer.request_id, "finished_at": None,
               "recipients": batch.recipients}
        final = {"finished_at": now, "recipients": None}  # a final batch keeps only its count
        with report._lock:
            if answer.accepted:
                self._throttles = 0
                row.update(final, status=SENT, attempts=batch.attempts + 1,
                           reason="accepted before (409)" if answer.status == 409 else None)
                report.sent_batches += 1
                report.sent_recipients += batch.recipient_count
                report.already_accepted += answer.status == 409
            elif answer.throttled:
                self._throttles += 1
                pause = answer.retry_after or self.backoff.delay(self._throttles)
                self.limiter.pause(pause)
                row.update(reason="429 Too Many Requests", not_before=now + timedelta(seconds=pause))
                report.throttled += 1
            elif answer.retryable and batch.attempts + 1 < self.backoff.max_attempts:
                attempts = batch.attempts + 1
                row.update(attempts=attempts, reason=_reason(answer)[:300],
                           not_before=now + timedelta(seconds=self.backoff.delay(attempts)))
                report.retried += 1
            else:
                attempts = batch.attempts + 1
                reason = _reason(answer) if not answer.retryable else f"gave up after {attempts} attempts: {_reason(answer)}"
                row.update(final, status=FAILED, attempts=attempts, reason=reason[:300])
                report.failed_batches += 1
                report.failed_recipients += batch.recipient_count
                log.error("multicast batch %s failed: %s", batch.id, reason)
        return {f"b_{name}": value for name, value in row.items()}

    def _wait_for_more(self, origin: str | None, more_coming: Callable[[], bool], idle_poll: float) -> float | None:
        """Seconds to wait before looking again, or None when this origin is finished."""
        if more_coming():
            return idle_poll
        with session_scope(self.engine) as session:
            query = select(func.count(), func.min(DeliveryBatch.not_before)).where(DeliveryBatch.status == PENDING)
            if origin is not None:
                query = query.where(DeliveryBatch.job_id.in_(select(DeliveryJob.id).where(DeliveryJob.origin == origin)))
            pending, earliest = session.execute(query).one()
            if not pending:
                return None
        if earliest is None:
            return idle_poll  # held by another sender
        return min(1.0, max(idle_poll, (earliest - utcnow()).total_seconds()))


def _priority_now(connection) -> int:
    """The highest priority with work left: of a pending batch (held by another sender or
    backing off, too) or of a job still being planned. Nothing below it is claimed, so an
    emergency notice reaches everyone before a reminder slot running meanwhile goes on."""
    pending = select(func.max(DeliveryBatch.priority)).where(DeliveryBatch.status == PENDING).scalar_subquery()
    planning = select(func.max(DeliveryJob.priority)).where(
        DeliveryJob.status == PLANNING, DeliveryJob.priority > NORMAL).scalar_subquery()
    found = connection.execute(select(pending, planning)).one()
    return max((value for value in found if value is not None), default=NORMAL)


RECORD_OUTCOME = update(DeliveryBatch).where(DeliveryBatch.id == bindparam("b_id")).values(
    {column: bindparam(f"b_{column}") for column in
     ("status", "attempts", "reason", "not_before", "request_id", "finished_at", "recipients")})


def _reason(answer: Answer) -> str:
    if answer.status is None:
        return answer.message
    return f"HTTP {answer.status}: {answer.message}".rstrip(": ")


def skip_pending(engine: Engine, *, origin: str, reason: str) -> int:
    """Give up on an origin's batches not yet sent (a slot found too late); returns how many."""
    with session_scope(engine) as session:
        result = session.execute(
            update(DeliveryBatch)
            .where(DeliveryBatch.status == PENDING,
                   DeliveryBatch.job_id.in_(select(DeliveryJob.id).where(DeliveryJob.origin == origin)))
            .values(status=SKIPPED, reason=reason[:300], recipients=None, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


__all__ = ["Deliverer", "DrainReport", "SENT", "skip_pending"]
