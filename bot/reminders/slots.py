"""Reminder slots: who is due at a minute of the city's clock, planned and sent exactly once.

A slot is a (date, minute) in the city's time zone. For each mode due at that minute (前日 →
collections tomorrow, 当日 → today), the areas with a collection that day are grouped by what
is collected; each group is one delivery job per language — one message, rendered once in that
language — whose recipients are the following residents of those areas with that mode on at
that minute who read it (bot/delivery/languages.py).

Running a slot twice sends nothing more: the slot row says it is done, job keys are unique, and
each batch carries the same retry key however often it is planned or posted.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot import metrics
from bot.delivery import MAX_RECIPIENTS, Deliverer, DrainReport, PlannedJob, counts, forget_finished, skip_pending
from bot.delivery.languages import plan_in_languages
from bot.garbage.schedule import Category
from bot.line.render import render
from bot.reminders.message import reminder_reply
from bot.store import disasters, garbage
from bot.store import reminders as store
from bot.store.db import session_scope, utcnow
from bot.store.reminders import SLOT_DONE, SLOT_SENDING, SLOT_SKIPPED, ReminderMode, ReminderSlot

log = logging.getLogger(__name__)

LATE_LIMIT = timedelta(minutes=30)  # a slot found later than this is skipped, not sent
LOOKBACK = timedelta(hours=24)  # how far back a starting clock looks for missed slots
PAUSED = "paused: disaster mode"


def slot_minute(moment: datetime) -> datetime:
    """The slot a moment falls in: that minute, in UTC."""
    if moment.tzinfo is None:
        raise ValueError("a slot needs an aware datetime")
    return moment.astimezone(timezone.utc).replace(second=0, microsecond=0)


SLOT_ORIGIN = "reminder_slot:"
LEDGER_DAYS = 30  # how long a slot's deliveries stay in the ledger (the slot's own row stays)


def slot_origin(at: datetime) -> str:
    """The delivery ledger's origin of a slot's jobs."""
    return SLOT_ORIGIN + slot_minute(at).strftime("%Y-%m-%dT%H:%MZ")


def forget_old_deliveries(engine: Engine, *, now: datetime | None = None) -> int:
    """Drop the ledger's record of slots sent more than LEDGER_DAYS ago (the clock, nightly).
    The slot rows themselves stay: they are what stops a slot from going out twice."""
    before = (now or utcnow()) - timedelta(days=LEDGER_DAYS)
    return forget_finished(engine, origin_prefix=SLOT_ORIGIN, created_before=before)


@dataclass
class SlotReport:
    at: datetime
    status: str  # done | skipped | already done | already skipped | paused (disaster mode)
    jobs: list[PlannedJob] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # recipients by batch state
    drained: DrainReport | None = None


# --- planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderGroup:
    """Areas whose residents get the same reminder at a slot."""

    mode: ReminderMode
    day: date
    categories: tuple[Category, ...]
    area_ids: tuple[int, ...]

    def job_key(self, at: datetime) -> str:
        what = json.dumps([[c.key, c.label, c.how_to] for c in self.categories], ensure_ascii=False)
        digest = hashlib.sha256(what.encode()).hexdigest()[:16]
        return f"reminder:{slot_minute(at):%Y-%m-%dT%H:%MZ}:{self.mode}:{digest}"

    def messages(self, _language: str) -> list[dict]:
        """The reminder as LINE messages, in the language being spoken."""
        return render(reminder_reply(self.mode, self.day, list(self.categories)))


def reminder_groups(*, session: Session, at: datetime, tz: str) -> list[ReminderGroup]:
    """What is due at the slot: one group per (mode, categories collected that day)."""
    local = at.astimezone(ZoneInfo(tz))
    groups = []
    for mode in store.modes_due(session=session, at=local.time().replace(second=0, microsecond=0)):
        day = local.date() + timedelta(days=mode.days_ahead)
        by_categories: dict[tuple[Category, ...], list[int]] = {}
        for area_id, collected in sorted(garbage.areas_collecting_on(session=session, date=day).items()):
            by_categories.setdefault(tuple(collected), []).append(area_id)
        groups += [ReminderGroup(mode, day, categories, tuple(areas)) for categories, areas in by_categories.items()]
    return groups


def plan_slot(engine: Engine, *, at: datetime, tz: str, batch_size: int = MAX_RECIPIENTS) -> list[PlannedJob]:
    """Record every batch of the slot (resuming a half-planned slot; a planned one is kept).
    `batch_size`: recipients per multicast (LINE takes 500; tests take fewer, for more requests)."""
    with session_scope(engine) as session:
        groups = reminder_groups(session=session, at=at, tz=tz)
    local_time = at.astimezone(ZoneInfo(tz)).time().replace(second=0, microsecond=0)
    jobs = []
    for group in groups:  # a group none of whose residents is due makes no job
        recipients = store.due_query(mode=group.mode, at=local_time, area_ids=list(group.area_ids))
        jobs += plan_in_languages(engine, key=group.job_key(at), origin=slot_origin(at), recipients=recipients,
                                  messages=group.messages, batch_size=batch_size)
    return jobs


# --- running a slot -------------------------------------------------------------------------------


def run_slot(engine: Engine, deliverer: Deliverer, *, at: datetime, tz: str, again_if_skipped: bool = False) -> SlotReport:
    """Plan and send the slot at `at`, returning when every batch is final. A done slot sends
    nothing; a skipped one only when `again_if_skipped` (an operator re-running it)."""
    at = slot_minute(at)
    status = _begin(engine, at, again_if_skipped)
    if status is not None:
        return SlotReport(at, status)
    report = SlotReport(at, SLOT_DONE)
    planner_error: list[BaseException] = []

    def planner() -> None:
        try:
            report.jobs = plan_slot(engine, at=at, tz=tz)
        except BaseException as error:  # noqa: BLE001 - re-raised below
            planner_error.append(error)

    thread = threading.Thread(target=planner, name="reminder-planner", daemon=True)
    thread.start()
    report.drained = deliverer.drain(origin=slot_origin(at), more_coming=thread.is_alive)
    thread.join()
    if planner_error:
        raise planner_error[0]
    with session_scope(engine) as session:
        report.counts = counts(session=session, origin=slot_origin(at))
        slot = session.get(ReminderSlot, at)
        slot.status, slot.finished_at = SLOT_DONE, utcnow()
    # Once per slot, whichever processes sent its batches: the slot is done once.
    metrics.REMINDERS_SENT.labels(f"{at.astimezone(ZoneInfo(tz)):%H:%M}").inc(report.counts.get("sent", 0))
    log.info("reminder slot %s done: %s", at.isoformat(), report.counts)
    return report


def _begin(engine: Engine, at: datetime, again_if_skipped: bool) -> str | None:
    """Mark the slot as being sent; or say why not (already done / skipped)."""
    try:
        with session_scope(engine) as session:
            slot = session.get(ReminderSlot, at)
            if slot is None and disasters.disaster_on(session=session):
                # Paused in disaster mode: a slot not yet begun is recorded as skipped (a slot
                # already under way goes on, after the emergency notice).
                session.add(ReminderSlot(at=at, status=SLOT_SKIPPED, reason=PAUSED, finished_at=utcnow()))
                return "paused (disaster mode)"
            if slot is None:
                session.add(ReminderSlot(at=at))
                return None
            if slot.status == SLOT_DONE:
                return "already done"
            if slot.status == SLOT_SKIPPED and not again_if_skipped:
                return "already skipped"
            slot.status, slot.reason, slot.finished_at = SLOT_SENDING, None, None
            return None
    except IntegrityError:  # another process began it a moment ago: help it finish
        return None


def skip_slot(engine: Engine, *, at: datetime, reason: str) -> None:
    """Record a slot as skipped (found too late); batches already planned and unsent go too."""
    at = slot_minute(at)
    skip_pending(engine, origin=slot_origin(at), reason=reason)
    try:
        with session_scope(engine) as session:
            slot = session.get(ReminderSlot, at) or ReminderSlot(at=at)
            if slot.status == SLOT_DONE:
                return
            slot.status, slot.reason, slot.finished_at = SLOT_SKIPPED, reason[:200], utcnow()
            session.add(slot)
    except IntegrityError:
        pass  # someone else recorded it


# --- the clock's minute --------------------------------------------------------------------------


class ReminderClock:
    """The clock's reminder job: each minute, the slots due since its last look.

    On its first look it finishes slots left half-sent and catches up minutes missed while no
    clock ran (since the latest slot, at most `LOOKBACK`): under `LATE_LIMIT` late they are
    sent, older ones recorded as skipped. Only minutes at which some resident has a reminder
    on make a slot.
    """

    def __init__(self, engine: Engine, deliverer: Deliverer, *, tz: str,
                 late_limit: timedelta = LATE_LIMIT, lookback: timedelta = LOOKBACK) -> None:
        self.engine, self.deliverer, self.tz = engine, deliverer, tz
        self.late_limit, self.lookback = late_limit, lookback
        self.checked_through: datetime | None = None
        self._lock = threading.Lock()

    def tick(self, now: datetime | None = None) -> list[SlotReport]:
        with self._lock:  # a slow fan-out and the next minute's tick never overlap
            current = slot_minute(now or utcnow())
            reports = []
            if self.checked_through is None:
                reports += self._finish_unfinished(current)
                start = self._startup_start(current)
            else:
                start = self.checked_through
            reports += self._run_minutes(start, current)
            self.checked_through = max(current, self.checked_through or current)
            return reports

    def _finish_unfinished(self, current: datetime) -> list[SlotReport]:
        reports = []
        with session_scope(self.engine) as session:
            unfinished = store.unfinished_slots(session=session)
        for at in unfinished:
            if current - at < self.late_limit:
                log.info("finishing reminder slot %s", at.isoformat())
                reports.append(run_slot(self.engine, self.deliverer, at=at, tz=self.tz))
            else:
                skip_slot(self.engine, at=at, reason="unfinished and more than 30 minutes late")
        return reports

    def _startup_start(self, current: datetime) -> datetime:
        with session_scope(self.engine) as session:
            latest = store.latest_slot_at(session=session)
        if latest is None:
            return current - self.late_limit  # a new install: nothing to record as skipped
        return max(latest, current - self.lookback)

    def _run_minutes(self, start: datetime, current: datetime) -> list[SlotReport]:
        """Slots in (start, current]: sent if not too late, else skipped."""
        if current <= start:
            return []
        with session_scope(self.engine) as session:
            times = store.reminder_times(session=session)
        if not times:
            return []
        zone = ZoneInfo(self.tz)
        reports = []
        minute = start + timedelta(minutes=1)
        while minute <= current:
            if minute.astimezone(zone).time().replace(tzinfo=None) in times:
                if current - minute < self.late_limit:
                    reports.append(run_slot(self.engine, self.deliverer, at=minute, tz=self.tz))
                else:
                    log.warning("reminder slot %s missed by more than 30 minutes: skipped", minute.isoformat())
                    skip_slot(self.engine, at=minute, reason="missed by more than 30 minutes")
            minute += timedelta(minutes=1)
        return reports
