"""The clock as real processes on PostgreSQL (SPEC §1, §5): a second clock waits on the
advisory lock; the first is SIGKILLed in the middle of a fan-out; the second takes over, finds
the slot half sent and finishes it — every due resident gets exactly one reminder.

The residents' reminder time is two minutes ago, so the clock's start-up catch-up runs the slot
at once (no waiting for a minute to turn). The clocks run with TZ=America/New_York: the slot is
still read on Tokyo's clock.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from devtools.standin.server import StandinServer
from devtools.standin.state import Standin
from bot.store.db import make_engine
from bot.store.reminders import ReminderSlot
from tests.support.databases import empty_tables
from tests.reminders.support import due_residents

SECRET, TOKEN = "clock-test-secret", "clock-test-token"
RESIDENTS = 10_000  # 20 multicast requests
LATENCY = 1.5  # seconds per request at the stand-in, so the kill lands mid-fan-out even on a loaded machine
PORTALBOT = str(Path(sys.executable).with_name("portalbot"))


class Clock:
    """`portalbot clock` in a process of its own, its log lines collected."""

    def __init__(self, database_url: str, line_url: str) -> None:
        env = {**os.environ, "DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
               "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_URL": line_url, "LINE_DATA_API_URL": line_url,
               "SECRET_KEY": "clock-test", "TZ": "America/New_York",
               "DELIVERY_LEASE": "8"}  # a killed clock's batches return after 8 s
        env.pop("BOT_TIMEZONE", None)
        self.process = subprocess.Popen([PORTALBOT, "clock", "--lock-poll", "0.3"], env=env, text=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, words: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(words in line for line in self.lines):
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {words!r} in:\n" + "".join(self.lines)
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def test_a_second_clock_takes_over_a_killed_one_and_finishes_its_slot_exactly_once(postgres_url):
    engine = make_engine(postgres_url)
    clocks: list[Clock] = []
    with StandinServer(Standin(channel_secret=SECRET, access_token=TOKEN)) as line:
        try:
            users = due_residents(engine, line, RESIDENTS, prefix="clock")
            line.standin.faults.latency = LATENCY
            first = Clock(postgres_url, line.url)
            clocks.append(first)
            first.wait_for("clock started")
            second = Clock(postgres_url, line.url)
            clocks.append(second)
            second.wait_for("another clock is running")

            # Kill the first as soon as the fan-out has begun
            deadline = time.monotonic() + 60
            while line.standin.delivered_count() == 0:
                assert time.monotonic() < deadline and first.process.poll() is None, "".join(first.lines)
                time.sleep(0.01)
            first.process.kill()
            first.process.wait()
            delivered_at_kill = line.standin.delivered_count()
            assert 0 < delivered_at_kill < RESIDENTS

            second.wait_for("clock started")
            second.wait_for("done: {", timeout=90)  # "reminder slot ... done: {counts}"
            received = [len(line.standin.timeline(user)) for user in users]
            assert received.count(1) == RESIDENTS, (received.count(0), received.count(2))
            with Session(engine) as session:
                [slot] = session.scalars(select(ReminderSlot)).all()
                assert slot.status == "done"
            retried = [r for r in line.standin.all_requests if r.status == 409]
            print(f"delivered at the kill: {delivered_at_kill}; 409s on the takeover: {len(retried)}")
        finally:
            for clock in clocks:
                clock.stop()
            empty_tables(engine)
            engine.dispose()
