"""Sending recorded batches: claim, post, record — in as many threads and processes as wanted.

A sender *leases* a few pending batches: one statement marks them `leased_by` it until
`leased_until` (PostgreSQL: the candidates are picked `FOR UPDATE SKIP LOCKED`, so two senders
never lease the same batch) and commits, then posts them and records what LINE answered —
only for batches it still holds. No transaction stays open while posting. A sender that dies
(SIGKILL, a lost machine) holds its batches until the lease runs out; then anyone takes them
and posts them again with the same retry key: LINE answers 409 for the ones it had accepted,
which counts as sent. A sender does not post a batch once half its lease is gone (a slow limiter
queue): it lets the lease lapse instead, so it and the next holder rarely post at once — and
if they do, the retry key still makes it one message.

What LINE answers decides a batch's fate:
    2xx, 409          sent (409: that retry key was accepted before)
    5xx, no answer    pending again after a backoff, same retry key; failed after max attempts
    429               pending again; every sender pauses (Retry-After, or a growing backoff)
    other 4xx         failed, with LINE's reason
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from sqlalchemy import Update, and_, bindparam, func, or_, select, update
from sqlalchemy.engine import Engine

from bot import metrics
from bot.delivery.ledger import FAILED, NORMAL, PENDING, PLANNING, SENT, SKIPPED, DeliveryBatch, DeliveryJob
from bot.delivery.sender import MULTICAST_RATE, Answer, Backoff, MulticastClient
from bot.line.limits import Limiter, RateLimiter
from bot.logs import request_id
from bot.store.db import UTCDateTime, is_postgres, session_scope, utcnow

log = logging.getLogger(__name__)

CLAIM_SIZE = 8  # batches a thread holds at once
IDLE_POLL = 0.05  # seconds between looks while others hold the remaining batches
LEASE = 30.0  # seconds a sender holds the batches it claimed; a dead sender's return after it


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
    post_by: float = 0.0  # time.monotonic() after which this sender leaves the batch to others


class Deliverer:
    """Drains pending batches with `threads` sender threads sharing one limiter and one pool."""

    def __init__(
        self,
        engine: Engine,
        client: MulticastClient,
        *,
        limiter: Limiter | None = None,
        backoff: Backoff = Backoff(),
        threads: int = 4,
        claim_size: int = CLAIM_SIZE,
        lease: float = LEASE,
    ) -> None:
        self.engine = engine
        self.client = client
        self.limiter = limiter or RateLimiter(MULTICAST_RATE)
        self.backoff = backoff
        # SQLite has one writer at a time: one sender thread.
        self.threads = threads if is_postgres(engine) else 1
        self.claim_size = claim_size
        self.lease = lease
        # Who holds a lease: a machine and process name, no resident in it.
        self.sender_id = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._messages: dict[int, str] = {}
        self._leases: dict[bool, Update] = {}
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
        claimed = self._claim(origin)
        if not claimed:
            return False
        with request_id():  # one id per claim: its posts, LINE's answers and their record
            self._send_claimed(claimed, report)
        return True

    def _send_claimed(self, claimed: list["_Claimed"], report: DrainReport) -> None:
        outcomes, unposted = [], []
        for batch in claimed:
            outcome = self._post(batch, report) if not unposted else None
            if outcome is None:
                unposted.append(batch.id)
            else:
                outcomes.append(outcome)
        with self.engine.connect() as connection:  # Core, not the ORM: this runs 200 times a second
            if is_postgres(self.engine):
                # An outcome lost in a crash is harmless: the batch is posted again with its retry
                # key and LINE answers 409. So its commit need not wait for the disk.
                connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            finished = [outcome for outcome in outcomes if "b_recipients" in outcome]
            retried = [outcome for outcome in outcomes if "b_recipients" not in outcome]
            if finished:
                connection.execute(RECORD_FINAL, finished)
            if retried:
                connection.execute(RECORD_RETRY, retried)
            if unposted:  # given back at once rather than when the lease lapses
                connection.execute(self._release(DeliveryBatch.id.in_(unposted)))
            connection.commit()

    def _claim(self, origin: str | None) -> list[_Claimed]:
        """Lease up to `claim_size` pending batches (oldest first) that nobody holds."""
        now = utcnow()
        lease = self._lease_statement(of_origin=origin is not None)
        values = {"now": now, "leased_until": now + timedelta(seconds=self.lease), "sender": self.sender_id}
        if origin is not None:
            values["origin"] = origin
        post_by = time.monotonic() + self.lease / 2
        with self.engine.connect() as connection:
            claimed = sorted((_Claimed(*row, post_by=post_by) for row in connection.execute(lease, values)),
                             key=lambda b: b.id)
            missing = {batch.job_id for batch in claimed} - self._messages.keys()
            if missing:
                found = connection.execute(select(DeliveryJob.id, DeliveryJob.messages).where(DeliveryJob.id.in_(missing)))
                with self._lock:
                    self._messages.update(dict(found.all()))
            connection.commit()
        return claimed

    def _lease_statement(self, *, of_origin: bool) -> Update:
        """The claiming statement, built once per sender: it runs hundreds of times a second,
        and building and compiling it anew each time cost more CPU than posting the batches."""
        if of_origin not in self._leases:
            self._leases[of_origin] = _lease(claim_size=self.claim_size, of_origin=of_origin)
        return self._leases[of_origin]

    def _post(self, batch: _Claimed, report: DrainReport) -> dict | None:
        if time.monotonic() > batch.post_by:
            return None  # half the lease gone: given back, someone else takes it
        self.limiter.acquire()
        if time.monotonic() > batch.post_by:
            return None  # waited too long for a turn
        report.note_request()
        answer = self.client.multicast(batch.recipients, self._messages[batch.job_id], batch.retry_key)
        return self._outcome(batch, answer, report)

    def release(self) -> int:
        """Give back the batches this sender holds (stopping cleanly); returns how many."""
        with self.engine.begin() as connection:
            return connection.execute(self._release()).rowcount or 0

    def _release(self, *which):
        return (update(DeliveryBatch)
                .where(DeliveryBatch.leased_by == self.sender_id, DeliveryBatch.status == PENDING, *which)
                .values(leased_by=None, leased_until=None))

    def _outcome(self, batch: _Claimed, answer: Answer, report: DrainReport) -> dict:
        now = utcnow()
        row = {"id": batch.id, "status": PENDING, "attempts": batch.attempts, "reason": None,
               "not_before": None, "request_id": answer.request_id, "finished_at": None}
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
                metrics.retry("multicast", "throttled")
            elif answer.retryable and batch.attempts + 1 < self.backoff.max_attempts:
                attempts = batch.attempts + 1
                row.update(attempts=attempts, reason=_reason(answer)[:300],
                           not_before=now + timedelta(seconds=self.backoff.delay(attempts)))
                report.retried += 1
                metrics.retry("multicast", "no answer" if answer.status is None else "server error")
            else:
                attempts = batch.attempts + 1
                reason = _reason(answer) if not answer.retryable else f"gave up after {attempts} attempts: {_reason(answer)}"
                row.update(final, status=FAILED, attempts=attempts, reason=reason[:300])
                report.failed_batches += 1
                report.failed_recipients += batch.recipient_count
                log.error("multicast batch %s failed: %s", batch.id, reason)
        row["sender"] = self.sender_id
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


# The highest priority with work left: of a pending batch (held by another sender or backing
# off, too) or of a job still being planned. Nothing below it is claimed, so an emergency notice
# reaches everyone before a reminder slot running meanwhile goes on.
_PENDING_TOP = (select(func.coalesce(func.max(DeliveryBatch.priority), NORMAL))
                .where(DeliveryBatch.status == PENDING).correlate(None).scalar_subquery())
_PLANNING_TOP = (select(func.coalesce(func.max(DeliveryJob.priority), NORMAL))
                 .where(DeliveryJob.status == PLANNING, DeliveryJob.priority > NORMAL).correlate(None).scalar_subquery())
PRIORITY_NOW = and_(DeliveryBatch.priority >= _PENDING_TOP, DeliveryBatch.priority >= _PLANNING_TOP)


def _lease(*, claim_size: int, of_origin: bool) -> Update:
    """Lease the oldest `claim_size` batches of the highest priority now that are pending, not
    backing off and not held (`FOR UPDATE SKIP LOCKED`: two senders never take the same one) —
    of one origin if `of_origin` — to `:sender` until `:leased_until`; `:now` is the time."""
    now = bindparam("now", type_=UTCDateTime)
    candidates = (
        select(DeliveryBatch.id)
        .where(DeliveryBatch.status == PENDING,
               or_(DeliveryBatch.not_before.is_(None), DeliveryBatch.not_before <= now),
               or_(DeliveryBatch.leased_until.is_(None), DeliveryBatch.leased_until <= now))
        .where(PRIORITY_NOW)
        .order_by(DeliveryBatch.priority.desc(), DeliveryBatch.id)
        .limit(claim_size)
        .with_for_update(skip_locked=True)
    )
    if of_origin:
        candidates = candidates.where(
            DeliveryBatch.job_id.in_(select(DeliveryJob.id).where(DeliveryJob.origin == bindparam("origin"))))
    return (
        update(DeliveryBatch)
        .where(DeliveryBatch.id.in_(candidates.scalar_subquery()))
        .values(leased_by=bindparam("sender"), leased_until=bindparam("leased_until", type_=UTCDateTime))
        .returning(DeliveryBatch.id, DeliveryBatch.job_id, DeliveryBatch.retry_key, DeliveryBatch.recipients,
                   DeliveryBatch.recipient_count, DeliveryBatch.attempts)
    )


def _record_outcome(*columns: str):
    """The outcome of a post, written only to a batch this sender still holds: once its lease
    lapsed, the next holder records it."""
    return update(DeliveryBatch).where(and_(
        DeliveryBatch.id == bindparam("b_id"), DeliveryBatch.leased_by == bindparam("b_sender"),
        DeliveryBatch.status == PENDING,
    )).values({column: bindparam(f"b_{column}") for column in columns} | {"leased_by": None, "leased_until": None})


_OUTCOME = ("status", "attempts", "reason", "not_before", "request_id", "finished_at")
RECORD_FINAL = _record_outcome(*_OUTCOME, "recipients")  # sent or failed: the list goes, the count stays
# A batch to be posted again keeps the recipients it has now, not those this sender read when it
# claimed it: a resident who left (退会) meanwhile was taken out by drop_recipient and stays out.
RECORD_RETRY = _record_outcome(*_OUTCOME)


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
