"""LINE's rate limits, one budget per endpoint class for every process that sends.

LINE counts a channel's requests per endpoint class, whichever machine sends them. So every
sender — the clock, the web's "send now", each `portalbot delivery work`, and the pushes and
rich-menu links of other features — takes its turn from one place:

    limiter = channel_limiter(engine, "multicast", per_process=200)
    limiter.acquire()        # blocks until this request may go
    limiter.pause(5.0)       # after a 429: every sender of the class waits

PostgreSQL (several machines): one row per endpoint class holds `next_at`, the earliest moment
(the database's clock, epoch seconds) at which the class's next request may go. Taking a turn is
one UPDATE — `next_at = greatest(next_at, now) + 1/rate`, returning the turn taken — and the
caller sleeps until its turn. Requests are so spaced evenly across all senders, by one clock,
and no one-second window holds more than the rate: a token bucket of one token (no bursts,
which is what LINE's per-second limits need). The row lock is held for one statement, not while
posting; 200 turns a second are 200 short updates. A 429 pushes `next_at` forward: everyone
slows down, not only the sender that got it.

SQLite (one machine): the class's rate spaced within the process (`RateLimiter`).

Not chosen: Redis through the `limits` library (when REDIS_URL is set). Its moving and fixed
windows allow a full window's requests in a burst at a window's edge (twice the rate across two
windows' boundary), it has no way to hold every sender back after a 429 but a second key of our
own, and it adds a service to run and watch, for a budget PostgreSQL — which every
multi-machine deployment already shares — keeps in one row.

`--rate` of `portalbot delivery work` stays an upper bound per process (`per_process`).
"""
from __future__ import annotations

import threading
import time
from typing import Protocol

from sqlalchemy import Column, Float, String, text
from sqlalchemy.engine import Engine
from sqlmodel import Field, SQLModel

from bot.store.db import is_postgres

# Requests per second per channel, from the Messaging API reference's rate-limit table
# (developers.line.biz/en/reference/messaging-api/#rate-limits): multicast 200 per second;
# narrowcast and broadcast 60 per hour; every endpoint the table does not name, 2,000 per second
# ("Other API endpoints") — push, and the bulk rich-menu link and unlink (`/bulk/link`,
# `/bulk/unlink`, 500 users a request), which the table does not name. (Its "3 requests per
# hour" is the rich-menu *batch* endpoint, `/v2/bot/richmenu/batch`, which replaces menus
# for everyone linked to one and which this bot does not use.) LINE advises a margin below
# its limits ("limiters set to the limit itself may still exceed it, depending on when
# requests reach the platform"): 5 %. Override with LINE_RATE_LIMITS="multicast=150,push=1000".
LINE_LIMITS = {
    "multicast": 200.0,  # POST /v2/bot/message/multicast
    "narrowcast": 60 / 3600,  # 60 requests per hour
    "broadcast": 60 / 3600,
    "push": 2000.0,  # "other endpoints"
    "richmenu_bulk_link": 2000.0,  # "other endpoints": POST /v2/bot/richmenu/bulk/link and /bulk/unlink
}
MARGIN = 0.95
ENDPOINT_CLASSES = {
    "/v2/bot/message/multicast": "multicast",
    "/v2/bot/message/narrowcast": "narrowcast",
    "/v2/bot/message/broadcast": "broadcast",
    "/v2/bot/message/push": "push",
    "/v2/bot/richmenu/bulk/link": "richmenu_bulk_link",
    "/v2/bot/richmenu/bulk/unlink": "richmenu_bulk_link",
}


def default_rates() -> dict[str, float]:
    return {name: rate * MARGIN for name, rate in LINE_LIMITS.items()}


def parse_rates(value: str | None) -> dict[str, float]:
    """LINE_RATE_LIMITS ("multicast=150,push=1000", requests per second) over the defaults."""
    rates = default_rates()
    for part in (value or "").split(","):
        if not part.strip():
            continue
        name, _, number = part.partition("=")
        name = name.strip()
        if name not in LINE_LIMITS:
            raise RuntimeError(f"LINE_RATE_LIMITS: unknown endpoint class {name!r} (known: {', '.join(LINE_LIMITS)})")
        try:
            rate = float(number)
        except ValueError:
            raise RuntimeError(f"LINE_RATE_LIMITS: {name} needs a number of requests per second, not {number!r}") from None
        if rate <= 0:
            raise RuntimeError(f"LINE_RATE_LIMITS: {name} must be above 0")
        rates[name] = rate
    return rates


class Limiter(Protocol):
    def acquire(self) -> None: ...
    def pause(self, seconds: float) -> None: ...


class LineRateLimit(SQLModel, table=True):
    """The shared turn of one endpoint class (PostgreSQL deployments)."""

    __tablename__ = "line_rate_limit"

    endpoint_class: str = Field(sa_column=Column(String(40), primary_key=True))
    next_at: float = Field(default=0.0, sa_column=Column(Float, nullable=False, server_default="0"))


class RateLimiter:
    """At most `rate` requests per second in this process, evenly spaced; `None` = no limit.
    `pause()` holds every thread back (after a 429)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            time.sleep(at - now)

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)


_NOW = "extract(epoch from clock_timestamp())"
_TAKE_TURN = text(
    f"UPDATE line_rate_limit SET next_at = greatest(next_at, {_NOW}) + :interval "
    f"WHERE endpoint_class = :name RETURNING next_at - :interval - {_NOW}"
)
_PAUSE = text(f"UPDATE line_rate_limit SET next_at = greatest(next_at, {_NOW} + :seconds) WHERE endpoint_class = :name")
_ENSURE = text("INSERT INTO line_rate_limit (endpoint_class, next_at) VALUES (:name, 0) ON CONFLICT DO NOTHING")


class SharedRateLimiter:
    """One endpoint class's turns, taken from its row in PostgreSQL by every process."""

    def __init__(self, engine: Engine, endpoint_class: str, rate: float) -> None:
        if not is_postgres(engine):
            raise ValueError("the shared rate limit lives in PostgreSQL; SQLite deployments use RateLimiter")
        self.engine, self.endpoint_class, self.interval = engine, endpoint_class, 1.0 / rate
        with engine.begin() as connection:
            connection.execute(_ENSURE, {"name": endpoint_class})

    def acquire(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")  # a lost turn is harmless
            wait = connection.execute(_TAKE_TURN, {"name": self.endpoint_class, "interval": self.interval}).scalar_one()
            connection.commit()
        if wait > 0:
            time.sleep(wait)

    def pause(self, seconds: float) -> None:
        with self.engine.begin() as connection:
            connection.execute(_PAUSE, {"name": self.endpoint_class, "seconds": seconds})


class BothLimits:
    """The shared budget, and this process's own upper bound on top."""

    def __init__(self, *limiters: Limiter) -> None:
        self.limiters = limiters

    def acquire(self) -> None:
        for limiter in self.limiters:
            limiter.acquire()

    def pause(self, seconds: float) -> None:
        for limiter in self.limiters:
            limiter.pause(seconds)


def channel_limiter(engine: Engine, endpoint_class: str, *, rates: dict[str, float] | None = None,
                    per_process: float | None = None) -> Limiter:
    """The limiter a sender of `endpoint_class` draws from: shared on PostgreSQL (with
    `per_process` as this process's own ceiling), in-process on SQLite."""
    rate = (rates or default_rates())[endpoint_class]
    if not is_postgres(engine):
        return RateLimiter(min(rate, per_process) if per_process else rate)
    shared = SharedRateLimiter(engine, endpoint_class, rate)
    if per_process and per_process < rate:
        return BothLimits(RateLimiter(per_process), shared)
    return shared
