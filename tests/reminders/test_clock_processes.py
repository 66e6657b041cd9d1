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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlmodel import Session

from bot.standin.server import StandinServer
from bot.standin.state import Standin, user_id_for
from bot.store.db import make_engine
from bot.store.models import Resident
from bot.store.reminders import ReminderSetting, ReminderSlot
from bot.garbage.dataset import AreaRecord, CityData
from bot.garbage.schedule import Category, CategorySchedule, Schedule, WeekdayRule
from bot.store.garbage import areas_under, replace_city
from tests.conftest import empty_tables

SECRET, TOKEN = "clock-test-secret", "clock-test-token"
RESIDENTS = 10_000  # 20 multicast requests
LATENCY = 1.5  # seconds per request at the stand-in, so the kill lands mid-fan-out even on a loaded machine
PORTALBOT = str(Path(sys.executable).with_name("portalbot"))


class Clock:
    """`portalbot clock` in a process of its own, its log lines collected."""

    def __init__(self, database_url: str, line_url: str) -> None:
        env = {**os.environ, "DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": SECRET,
               "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_URL": line_url, "LINE_DATA_API_URL": line_url,
               "SECRET_KEY": "clock-test", "TZ": "America/New_York"}
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


def every_day_city() -> CityData:
    """One area whose 燃やすごみ goes out every day: whatever today is, tomorrow is a collection day."""
    burnable = Category(key="燃やすごみ", label="燃やすごみ", how_to="朝8時までに出してください。")
    schedule = Schedule(categories=(CategorySchedule(burnable, rules=tuple(WeekdayRule(d) for d in range(7))),))
    return CityData(code="daily", name="毎日市", data_format="5374", categories=[burnable],
                    schedules={"all": schedule}, areas=[AreaRecord(name="中央", schedule_key="all")])


def due_residents(engine, line) -> list[str]:
    """RESIDENTS residents with 前日 on two minutes ago, in an area collecting every day."""
    slot = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=2)
    local = slot.astimezone(ZoneInfo("Asia/Tokyo"))
    with Session(engine) as session:
        replace_city(session=session, data=every_day_city())
        session.commit()
        [area] = [a.id for a in areas_under(session=session, top_level=None)]
    users = [user_id_for(f"clock{n}") for n in range(RESIDENTS)]
    for user in users:
        line.standin.add_user(user)
    with Session(engine) as session:
        session.execute(insert(Resident), [{"line_user_id": u, "following": True, "garbage_area_id": area,
                                            "interests": [], "created_at": slot} for u in users])
        ids = session.scalars(select(Resident.id).where(Resident.line_user_id.in_(users))).all()
        session.execute(insert(ReminderSetting), [{"resident_id": i, "day_before_on": True,
                                                   "day_before_time": local.time(), "same_day_on": False,
                                                   "same_day_time": local.time(), "updated_at": slot} for i in ids])
        session.commit()
    return users


def test_a_second_clock_takes_over_a_killed_one_and_finishes_its_slot_exactly_once(postgres_url):
    engine = make_engine(postgres_url)
    clocks: list[Clock] = []
    with StandinServer(Standin(channel_secret=SECRET, access_token=TOKEN)) as line:
        try:
            users = due_residents(engine, line)
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
