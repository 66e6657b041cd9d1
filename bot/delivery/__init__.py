"""Exactly-once fan-out of one message to many residents over LINE multicast (SPEC §5).

Shared by garbage reminders and staff notices; it knows nothing about either:

    job = plan_job(engine, key="notice:42", origin="notice:42", messages=[...LINE message dicts...],
                   recipients=((resident.id, resident.line_user_id) for ... ORDER BY resident.id))
    deliverer_for(settings, engine).drain(origin="notice:42")
    counts(session=session, origin="notice:42")   # {"sent": …, "failed": …, …} in recipients

A fan-out in the recipients' languages is one job per language (bot/delivery/languages.py:
`plan_in_languages`). See docs/delivery.md for how the ledger makes it exactly-once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.delivery.ledger import EMERGENCY, FAILED, NORMAL, PENDING, SENT, SKIPPED, DeliveryBatch, DeliveryJob
from bot.delivery.planner import MAX_RECIPIENTS, PlannedJob, encode_messages, plan_job, retry_key
from bot.delivery.sender import MULTICAST_RATE, Backoff, MulticastClient, RateLimiter
from bot.delivery.worker import LEASE, Deliverer, DrainReport, skip_pending
from bot.line.limits import channel_limiter


def deliverer_for(
    settings,
    engine: Engine,
    *,
    rate: float | None = MULTICAST_RATE,
    threads: int = 4,
    backoff: Backoff = Backoff(),
    timeout: float | None = None,
    lease: float | None = None,
) -> Deliverer:
    """A deliverer posting to the settings' Messaging API with its access token, drawing from
    the channel's multicast budget (shared by every sender on PostgreSQL) with `rate` as this
    process's own ceiling; `rate=None`: no limit at all (benchmarks against a loopback sink)."""
    client = MulticastClient(settings.line_api_url, settings.access_token, timeout=timeout, connections=threads)
    limiter = (channel_limiter(engine, "multicast", rates=settings.line_rate_limits, per_process=rate)
               if rate else RateLimiter(None))
    return Deliverer(engine, client, limiter=limiter, backoff=backoff, threads=threads,
                     lease=lease or getattr(settings, "delivery_lease", LEASE))


def counts(*, session: Session, origin: str) -> dict[str, int]:
    """Recipients by batch state for an origin: pending, sent, failed, skipped (all keys present)."""
    query = (
        select(DeliveryBatch.status, func.sum(DeliveryBatch.recipient_count))
        .join(DeliveryJob, DeliveryBatch.job_id == DeliveryJob.id)
        .where(DeliveryJob.origin == origin)
        .group_by(DeliveryBatch.status)
    )
    found = {status: int(total or 0) for status, total in session.execute(query)}
    return {status: found.get(status, 0) for status in (PENDING, SENT, FAILED, SKIPPED)}


def forget_finished(engine: Engine, *, origin_prefix: str, created_before: datetime) -> int:
    """Delete the jobs (and their batches) of origins starting with `origin_prefix` made before
    `created_before` and with nothing left to send; returns how many jobs went. Reminders use it
    so that the ledger does not grow by thousands of rows a day for ever; notices keep theirs,
    which the staff console counts."""
    unfinished = select(DeliveryBatch.job_id).where(DeliveryBatch.status == PENDING)
    with engine.begin() as connection:
        old = connection.execute(
            select(DeliveryJob.id).where(
                DeliveryJob.origin.startswith(origin_prefix, autoescape=True),
                DeliveryJob.created_at < created_before,
                DeliveryJob.id.not_in(unfinished),
            )
        ).scalars().all()
        for start in range(0, len(old), 500):
            part = old[start:start + 500]
            connection.execute(delete(DeliveryBatch).where(DeliveryBatch.job_id.in_(part)))
            connection.execute(delete(DeliveryJob).where(DeliveryJob.id.in_(part)))
    return len(old)


__all__ = [
    "EMERGENCY", "NORMAL", "MAX_RECIPIENTS", "MULTICAST_RATE", "Backoff", "Deliverer", "DrainReport", "MulticastClient", "PlannedJob",
    "RateLimiter", "counts", "deliverer_for", "encode_messages", "forget_finished", "plan_job", "retry_key",
    "skip_pending",
]
