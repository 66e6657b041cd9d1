"""Helpers of the reminder tests: residents with areas and settings, areas by collections."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.delivery import Backoff, Deliverer, MulticastClient, RateLimiter
from bot.store import garbage
from bot.store.models import Resident
from bot.store.reminders import ReminderMode, change_reminder

TOKYO = ZoneInfo("Asia/Tokyo")


def local(day: date, hh_mm: str) -> datetime:
    """That minute of `day` on the city's clock, as an aware datetime."""
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=TOKYO)


def collecting(engine, day: date) -> dict[int, list[str]]:
    with Session(engine) as session:
        return {area: [c.label for c in found] for area, found in garbage.areas_collecting_on(session=session, date=day).items()}


def area_without_collection(engine, day: date) -> int:
    with Session(engine) as session:
        every = [a.id for a in garbage.areas_under(session=session, top_level=None)]
    return next(area for area in every if area not in collecting(engine, day))


def add_resident(engine, line_user_id: str, *, area_id: int | None, following: bool = True,
                 day_before: str | None = None, same_day: str | None = None) -> int:
    """A resident of the area with 前日 / 当日 on at those times (None: left off)."""
    with Session(engine) as session:
        resident = Resident(line_user_id=line_user_id, following=following, garbage_area_id=area_id)
        session.add(resident)
        session.flush()
        for mode, at in ((ReminderMode.DAY_BEFORE, day_before), (ReminderMode.SAME_DAY, same_day)):
            if at is not None:
                change_reminder(session=session, resident_id=resident.id, mode=mode, on=True, at=time.fromisoformat(at))
        session.commit()
        return resident.id


def deliverer_to(line, engine, token: str, *, threads: int = 2) -> Deliverer:
    client = MulticastClient(line.url, token, timeout=2.0, connections=threads)
    return Deliverer(engine, client, limiter=RateLimiter(None), backoff=Backoff(base=0.01, cap=0.05), threads=threads)


def day_after(day: date) -> date:
    return day + timedelta(days=1)
