"""Several `portalbot delivery work` processes on PostgreSQL share one LINE rate limit and come
and go during a fan-out (issue 17): a slot's batches are planned, one sender starts, two more
join, the first is SIGKILLed half-way. The stand-in enforces LINE's multicast limit scaled down
to 20 requests/s and notes when every request arrived; the senders share 17/s (a margin, as LINE
advises: evenly spaced turns put 18 in a closed second, and arrival jitter one or two more) and
each is capped at 8/s by its own `--rate`.

What must hold: the stand-in never sees more than 20 requests in any one second; joining
senders make the fan-out faster (8/s alone, up to the shared 17/s with three); the killed sender's
leased batches go to the others once its lease lapses; every resident gets exactly one message.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from bot.delivery.ledger import PENDING, SENT, DeliveryBatch
from bot.delivery.sender import MULTICAST_PATH
from bot.reminders.slots import plan_slot
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin
from bot.store.db import make_engine
from tests.support.databases import empty_tables
from tests.reminders.support import due_residents, two_minutes_ago

SECRET, TOKEN = "senders-test-secret", "senders-test-token"
RESIDENTS = 4_000
BATCH = 20  # recipients per multicast: 200 requests
LINE_LIMIT = 20  # the stand-in's multicast limit, requests per second
SHARED = 17  # what the senders share (LINE_RATE_LIMITS)
PER_PROCESS = 8  # each sender's --rate
LEASE = 4.0
PORTALBOT = str(Path(sys.executable).with_name("portalbot"))


class Sender:
    """`portalbot delivery work` in a process of its own, its log lines collected."""

    def __init__(self, database_url: str, line_url: str) -> None:
        env = {**os.environ, "DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
               "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_URL": line_url, "LINE_DATA_API_URL": line_url,
               "SECRET_KEY": "senders-test", "LINE_RATE_LIMITS": f"multicast={SHARED}"}
        self.process = subprocess.Popen(
            [PORTALBOT, "delivery", "work", "--threads", "2", "--rate", str(PER_PROCESS), "--lease", str(LEASE)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stderr), daemon=True).start()

    @property
    def started(self) -> bool:
        return any("started:" in line for line in self.lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def wait_until(condition, what: str, senders: list[Sender], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        for sender in senders:
            assert sender.process.poll() is None, f"a sender stopped while waiting for {what}:\n" + "".join(sender.lines)
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def rate_between(arrivals: list[float], start: float, end: float) -> float:
    """Requests per second among the arrivals from `start` to `end` (intervals, not posts)."""
    inside = [at for at in arrivals if start <= at < end]
    return (len(inside) - 1) / (inside[-1] - inside[0])


def test_three_senders_share_the_limit_and_a_killed_one_loses_and_repeats_nothing(postgres_url):
    engine = make_engine(postgres_url)
    line_limits = {MULTICAST_PATH: LINE_LIMIT}
    senders: list[Sender] = []
    with StandinServer(Standin(channel_secret=SECRET, access_token=TOKEN, rate_limits=line_limits)) as line:
        try:
            slot = two_minutes_ago()
            users = due_residents(engine, line, RESIDENTS, prefix="senders", slot=slot)
            [job] = plan_slot(engine, at=slot, tz="Asia/Tokyo", batch_size=BATCH)
            assert job.batches == RESIDENTS // BATCH
            arrivals = lambda: line.standin.arrivals.get(MULTICAST_PATH, [])  # noqa: E731

            first = Sender(postgres_url, line.url)
            senders.append(first)
            wait_until(lambda: len(arrivals()) >= 12, "the first sender's requests", senders)
            alone = rate_between(arrivals(), arrivals()[0], time.monotonic())
            senders += [Sender(postgres_url, line.url), Sender(postgres_url, line.url)]
            wait_until(lambda: all(s.started for s in senders), "the other senders", senders)
            joined = time.monotonic()

            wait_until(lambda: line.standin.delivered_count() >= RESIDENTS // 2 and time.monotonic() > joined + 3,
                       "half the residents", senders)
            first.process.kill()  # SIGKILL: its leased batches stay leased until the lease lapses
            first.process.wait()
            killed = time.monotonic()
            together = rate_between(arrivals(), joined + 0.5, killed)
            with Session(engine) as session:
                held = session.scalar(select(func.count()).where(DeliveryBatch.status == PENDING,
                                                                 DeliveryBatch.leased_until.is_not(None)))

            def all_sent() -> bool:
                with Session(engine) as session:
                    return not session.scalar(select(func.count()).where(DeliveryBatch.status != SENT))

            wait_until(all_sent, "every batch sent", senders[1:], timeout=90)

            busiest = line.standin.busiest_second(MULTICAST_PATH)
            start = arrivals()[0]
            print("per second:", [sum(int(at - start) == n for at in arrivals()) for n in range(int(arrivals()[-1] - start) + 1)],
                  f"joined at {joined - start:.1f} s, killed at {killed - start:.1f} s")
            print(f"alone {alone:.1f}/s, together {together:.1f}/s, busiest second {busiest}, "
                  f"batches held by the killed sender or in flight: {held}, "
                  f"409s: {sum(r.status == 409 for r in line.standin.all_requests)}")
            received = [len(line.standin.timeline(user)) for user in users]
            assert received.count(1) == RESIDENTS, (received.count(0), received.count(2))
            assert busiest <= LINE_LIMIT, f"{busiest} multicasts within one second"
            assert [r.status for r in line.standin.all_requests if r.status == 429] == []
            assert alone <= PER_PROCESS + 1, alone  # one sender: its own --rate
            assert together > 1.4 * alone, (alone, together)  # three: faster, up to the shared limit
            assert together <= SHARED + 1, together
        finally:
            for sender in senders:
                sender.stop()
            empty_tables(engine)
            engine.dispose()
