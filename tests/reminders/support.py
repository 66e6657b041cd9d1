"""Helpers of the reminder tests: residents with areas and settings, areas by collections."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlmodel import Session

from bot.delivery import Backoff, Deliverer, MulticastClient, RateLimiter
from bot.garbage.dataset import AreaRecord, CityData
from bot.garbage.schedule import Category, CategorySchedule, Schedule, WeekdayRule
from devtools.standin.state import user_id_for
from bot.store import garbage
from bot.store.garbage import areas_under, replace_city
from bot.store.models import Resident
from bot.store.reminders import ReminderMode, ReminderSetting, change_reminder

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
                 day_before: str | None = None, same_day: str | None = None, language: str | None = None) -> int:
    """A resident of the area with 前日 / 当日 on at those times (None: left off), reading `language`."""
    with Session(engine) as session:
        resident = Resident(line_user_id=line_user_id, following=following, garbage_area_id=area_id, language=language)
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


def every_day_city() -> CityData:
    """One area whose 燃やすごみ goes out every day: whatever today is, tomorrow is a collection day."""
    burnable = Category(key="燃やすごみ", label="燃やすごみ", how_to="朝8時までに出してください。")
    schedule = Schedule(categories=(CategorySchedule(burnable, rules=tuple(WeekdayRule(d) for d in range(7))),))
    return CityData(code="daily", name="毎日市", data_format="5374", categories=[burnable],
                    schedules={"all": schedule}, areas=[AreaRecord(name="中央", schedule_key="all")])


def two_minutes_ago() -> datetime:
    """The slot a starting clock's catch-up runs at once."""
    return datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=2)


def due_residents(engine, line, count: int, *, prefix: str, slot: datetime | None = None) -> list[str]:
    """`count` residents the stand-in knows, with 前日 on at `slot` (two minutes ago), in an area
    collecting every day."""
    slot = slot or two_minutes_ago()
    local = slot.astimezone(ZoneInfo("Asia/Tokyo"))
    with Session(engine) as session:
        replace_city(session=session, data=every_day_city())
        session.commit()
        [area] = [a.id for a in areas_under(session=session, top_level=None)]
    users = [user_id_for(f"{prefix}{n}") for n in range(count)]
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
