"""The clock process: exactly one scheduler runs the periodic jobs (SPEC §1).

A second clock started by mistake waits on a lock (a PostgreSQL advisory lock, or a file
lock on SQLite) and takes over when the first one dies; the jobs themselves are idempotent.
"""
from __future__ import annotations

import fcntl
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.disaster.mode import run_disaster_work
from bot.notices.dispatch import dispatch_due_notices
from bot.staff.sessions import forget_expired_sessions
from bot.store import inbox
from bot.store.db import session_scope, utcnow

log = logging.getLogger(__name__)

CLOCK_LOCK_KEY = 53_74_2026  # any constant shared by every clock of this app


@contextmanager
def single_clock(engine: Engine, *, poll_seconds: float = 10.0) -> Iterator[None]:
    """Hold the one-clock lock for as long as the block runs; wait for it if taken."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": CLOCK_LOCK_KEY}).scalar():
                connection.rollback()
                log.info("another clock is running; waiting to take over")
                time.sleep(poll_seconds)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": CLOCK_LOCK_KEY})
                connection.commit()
        return
    path = Path(engine.url.database or "instance/portalbot.db").with_suffix(".clock.lock")
    with open(path, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                log.info("another clock is running; waiting to take over")
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def forget_old_events(engine: Engine) -> None:
    with session_scope(engine) as session:
        inbox.forget_handled(session=session, handled_before=utcnow() - inbox.MEMORY)


def report_follow_ups(engine: Engine, settings: Settings) -> None:
    """Follow-ups of まちの通報 that a web worker could not push (bot/reports/followups.py)."""
    from bot.line.messenger import LineMessenger
    from bot.reports.followups import send_follow_ups

    send_follow_ups(engine=engine, pusher=LineMessenger(settings, engine=engine))


def forget_abandoned_report_photos(engine: Engine) -> None:
    """Photos of reports left unsent: the flow expires after 30 minutes, so after a day no one
    can still send them."""
    from datetime import timedelta

    from bot.store.reports import forget_abandoned_photos

    with session_scope(engine) as session:
        forget_abandoned_photos(session=session, before=utcnow() - timedelta(days=1))


def schedule_jobs(
    scheduler: BaseScheduler, *, engine: Engine, handle_waiting: Callable[[], int], settings: Settings | None = None
) -> None:
    """Every periodic job of the bot, on one scheduler (in the city's time zone)."""
    scheduler.add_job(handle_waiting, "interval", minutes=1, id="inbox", max_instances=1, coalesce=True)
    scheduler.add_job(forget_old_events, "cron", hour=3, minute=17, args=[engine], id="inbox-forget", coalesce=True)
    scheduler.add_job(forget_abandoned_report_photos, "cron", hour=3, minute=37, args=[engine], id="report-photos-forget", coalesce=True)
    scheduler.add_job(forget_expired_sessions, "interval", minutes=30, args=[engine], id="staff-sessions-forget",
                      max_instances=1, coalesce=True)
    if settings is not None:
        _schedule_reminders(scheduler, engine=engine, settings=settings)
        scheduler.add_job(dispatch_due_notices, "cron", second=0, args=[engine, settings], id="notices", max_instances=1, coalesce=True)
        scheduler.add_job(report_follow_ups, "interval", minutes=1, args=[engine, settings], id="report-follow-ups", max_instances=1, coalesce=True)
        # Disaster work a dead web process left (emergency notice, menus): taken up each minute.
        scheduler.add_job(run_disaster_work, "cron", second=30, args=[engine, settings], id="disaster", max_instances=1,
                          coalesce=True)


def _schedule_reminders(scheduler: BaseScheduler, *, engine: Engine, settings: Settings) -> None:
    """Garbage reminders: each minute at second 0, and once at start to catch up (SPEC §5)."""
    from datetime import datetime

    from bot.delivery import deliverer_for
    from bot.reminders.slots import ReminderClock, forget_old_deliveries

    reminders = ReminderClock(engine, deliverer_for(settings, engine), tz=settings.timezone)
    scheduler.add_job(reminders.tick, "cron", second=0, id="reminders", max_instances=1, coalesce=True,
                      misfire_grace_time=50, next_run_time=datetime.now(scheduler.timezone))
    scheduler.add_job(forget_old_deliveries, "cron", hour=3, minute=27, args=[engine], id="reminders-forget",
                      coalesce=True)


def run_clock(engine: Engine, *, timezone: str, handle_waiting: Callable[[], int], settings: Settings | None = None,
              lock_poll_seconds: float = 10.0) -> None:
    with single_clock(engine, poll_seconds=lock_poll_seconds):
        scheduler = BlockingScheduler(timezone=timezone)
        schedule_jobs(scheduler, engine=engine, handle_waiting=handle_waiting, settings=settings)
        log.info("clock started (%s)", timezone)
        scheduler.start()
