"""What an operator watches: Prometheus metrics, served at GET /metrics (bearer METRICS_TOKEN).

The families are counted where things happen (the webhook, bot/line/http.py's calls, the
delivery worker, reminder slots, notices, card links, reports); the delivery backlog is read
from the ledger at scrape time. Labels are bounded words — an event type, an endpoint's path
template, an HTTP status, a slot's time, a report category — never a resident.

Under gunicorn every worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (to an empty
directory, before the processes start) prometheus-client writes each process's values to files
there and a scrape adds them up (its "multiprocess mode"); without it, /metrics shows this
process's values only, which is what one development process needs.
"""
from __future__ import annotations

import hmac
import os
import re
import time
from datetime import datetime
from typing import Callable, Iterable

from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram,
                               disable_created_metrics, generate_latest)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

PREFIX = "portalbot"
disable_created_metrics()  # a *_created series beside every counter says nothing an operator needs

WEBHOOK_EVENTS = Counter(f"{PREFIX}_webhook_events", "Webhook events received, by type", ["type"])
WEBHOOK_SECONDS = Histogram(f"{PREFIX}_webhook_response_seconds", "Time to answer LINE's webhook request",
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5))
HANDLING_SECONDS = Histogram(f"{PREFIX}_event_handling_seconds",
                             "Handling of one webhook request's events after the answer: flows, saves, replies",
                             buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
ANSWERS = Counter(f"{PREFIX}_answers", "Answers to residents' events, by how they went (reply or push)", ["via"])
LINE_CALLS = Counter(f"{PREFIX}_line_api_calls", "Calls to LINE's APIs, by endpoint and HTTP status", ["endpoint", "status"])
RETRIES = Counter(f"{PREFIX}_line_retries", "LINE requests to be sent again, by endpoint class and why", ["endpoint", "reason"])
REMINDERS_SENT = Counter(f"{PREFIX}_reminders_sent", "Garbage reminders sent (recipients), by slot (city time)", ["slot"])
NOTICES_SENT = Counter(f"{PREFIX}_notices_sent", "Staff notices sent (recipients)")
NOTICES_FINISHED = Counter(f"{PREFIX}_notices_finished", "Staff notices whose delivery finished")
CARD_LINKS = Counter(f"{PREFIX}_card_links", "My Number Card links through xID, by outcome", ["outcome"])
REPORTS = Counter(f"{PREFIX}_reports", "まちの通報 received, by category", ["category"])

EVENT_TYPES = frozenset({"message", "follow", "unfollow", "postback", "join", "leave", "beacon", "accountLink",
                         "memberJoined", "memberLeft", "things", "unsend", "videoPlayComplete"})
_WORD = re.compile(r"^(?:v\d|[a-z]+(?:[_-][a-z]+)*)$")  # "v2", "message", "bulk", "rich_menu"


def webhook_events(events: Iterable[dict]) -> None:
    for event in events:
        kind = event.get("type") if isinstance(event, dict) else None
        WEBHOOK_EVENTS.labels(kind if kind in EVENT_TYPES else "other").inc()


def handled(fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` (a webhook request's handling, run after the answer), timed into HANDLING_SECONDS."""

    def run():
        started = time.perf_counter()
        try:
            return fn()
        finally:
            HANDLING_SECONDS.observe(time.perf_counter() - started)

    return run


def endpoint_of(path: str) -> str:
    """A path as a label: ids (users, messages, rich menus) become {id}, so no resident shows."""
    path = path.split("?", 1)[0]
    return "/".join(part if not part or part.startswith("{") or (_WORD.match(part) and len(part) <= 24) else "{id}"
                    for part in path.split("/"))


def line_call(path: str, status: int | None) -> None:
    LINE_CALLS.labels(endpoint_of(path), str(status) if status is not None else "no_answer").inc()


def retry(endpoint: str, reason: str) -> None:
    RETRIES.labels(endpoint, reason).inc()


# --- the backlog, read at scrape time -------------------------------------------------------------


class DeliveryBacklog:
    """Pending batches of the delivery ledger and how long the oldest has waited."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] | None = None) -> None:
        self.engine, self.clock = engine, clock

    def collect(self):
        from bot.delivery.ledger import PENDING, DeliveryBatch, DeliveryJob
        from bot.store.db import utcnow

        query = (select(func.count(DeliveryBatch.id), func.min(DeliveryJob.created_at))
                 .join(DeliveryJob, DeliveryBatch.job_id == DeliveryJob.id)
                 .where(DeliveryBatch.status == PENDING))
        with self.engine.connect() as connection:
            pending, oldest = connection.execute(query).one()
        age = max(0.0, ((self.clock or utcnow)() - oldest).total_seconds()) if oldest is not None else 0.0
        yield GaugeMetricFamily(f"{PREFIX}_delivery_batches_pending", "Multicast batches not yet sent", value=pending)
        yield GaugeMetricFamily(f"{PREFIX}_delivery_oldest_pending_seconds",
                                "Age of the job of the oldest batch still pending (0: none)", value=age)


def exposition(engine: Engine) -> bytes:
    """Every family in Prometheus text format: all processes' (multiprocess mode) or this one's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    backlog = CollectorRegistry()
    backlog.register(DeliveryBacklog(engine))
    return text + generate_latest(backlog)


def init_app(app, *, token: str | None, engine: Engine) -> None:
    """GET /metrics: 404 without a token configured (nothing to find), 401 with a wrong one."""
    from flask import Response, abort, request

    @app.get("/metrics")
    def metrics():
        if not token:
            abort(404)
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return Response("unauthorized\n", status=401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(exposition(engine), mimetype=CONTENT_TYPE_LATEST)
