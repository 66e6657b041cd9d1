"""The garbage flows' test data: Hiroshima (two levels, FY2025 calendar) and Kanazawa
(one level, weekday rules, sorting items) imported ONCE per backend into a database of their
own, which tests share read-only; after each test only the residents' side is emptied.

Use the `garbage_engine` fixture (import it into a test module, or use tests/garbage_flows/).
A test that changes garbage data uses the ordinary `engine` and a small city of its own
(`small_city`).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Iterator

import pytest
from sqlmodel import Session

from bot.garbage.dataset import AreaRecord, CityData, SortingItem
from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.schedule import Category, CategorySchedule, Schedule, WeekdayRule
from bot.store.db import make_engine
from bot.chat.replies import ListCard
from bot.store import garbage, garbage_choice, residents
from bot.store.garbage import replace_city
from bot.store.models import Conversation
from bot.store.migrate import upgrade
from tests.support.databases import create_postgres_database, drop_postgres_database, empty_tables, unavailable
from tests.garbage.garbage_support import HIROSHIMA, KANAZAWA
from tests.support.chat import Chat
from tests.support.portal import Portal, running_portal

GARBAGE_FLOWS = ("area", "calendar", "sorting")

# A day inside Hiroshima's FY2025 data, as a UTC instant (09:00 in Tokyo).
IN_HIROSHIMA_DATA = datetime(2025, 12, 1, 0, 0, tzinfo=timezone.utc)
AFTER_HIROSHIMA_DATA = datetime(2026, 11, 27, 0, 0, tzinfo=timezone.utc)  # "today" in the project


def hiroshima() -> CityData:
    return read_calendar(HIROSHIMA, code="hiroshima", name="広島市")


def kanazawa() -> CityData:
    return read_5374(KANAZAWA, code="kanazawa", name="金沢市")


# What each shared database holds: both cities (Hiroshima's wards are the picker's top level,
# Kanazawa's items the sorting guide's), or Kanazawa alone (one-level data).
DATASETS = {"sample": (hiroshima, kanazawa), "kanazawa": (kanazawa,)}


def import_cities(url: str, readers) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            for read in readers:
                replace_city(session=session, data=read())
            session.commit()
    finally:
        engine.dispose()


def empty_resident_tables(url: str) -> None:
    """Everything but the garbage data (which the tests only read)."""
    engine = make_engine(url)
    try:
        empty_tables(engine, keep=lambda name: name.startswith("garbage_"))
    finally:
        engine.dispose()


# Prepared databases by backend, shared by every module that imports these fixtures (each import
# is its own fixture definition to pytest; the data is still imported once per backend).
_prepared: dict[tuple[str, str], str] = {}
_users: dict[tuple[str, str], int] = {}


def _prepare(key: tuple[str, str], tmp_path_factory) -> str:
    dataset, backend = key
    if key not in _prepared:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('garbage') / f'{dataset}.db'}"
        else:
            try:
                url = create_postgres_database()
            except Exception as error:  # noqa: BLE001 - any failure means "no server here"
                unavailable(f"PostgreSQL is not reachable: {error}")
        upgrade(url)
        import_cities(url, DATASETS[dataset])
        _prepared[key] = url
    _users[key] = _users.get(key, 0) + 1
    return _prepared[key]


def _release(key: tuple[str, str]) -> None:
    _users[key] -= 1
    if _users[key] == 0:
        url = _prepared.pop(key)
        if key[1] == "postgres":
            drop_postgres_database(url)


@pytest.fixture(scope="session")
def garbage_sqlite_url(tmp_path_factory):
    yield _prepare(("sample", "sqlite"), tmp_path_factory)
    _release(("sample", "sqlite"))


@pytest.fixture(scope="session")
def garbage_postgres_url(tmp_path_factory):
    yield _prepare(("sample", "postgres"), tmp_path_factory)
    _release(("sample", "postgres"))


@pytest.fixture(scope="session")
def kanazawa_sqlite_url(tmp_path_factory):
    yield _prepare(("kanazawa", "sqlite"), tmp_path_factory)
    _release(("kanazawa", "sqlite"))


@pytest.fixture(scope="session")
def kanazawa_postgres_url(tmp_path_factory):
    yield _prepare(("kanazawa", "postgres"), tmp_path_factory)
    _release(("kanazawa", "postgres"))


@pytest.fixture(params=["sqlite", "postgres"])
def garbage_database_url(request) -> str:
    """A migrated database holding both sample cities, on each backend; residents emptied after."""
    url = request.getfixturevalue(f"garbage_{request.param}_url")
    yield url
    empty_resident_tables(url)


@pytest.fixture
def garbage_engine(garbage_database_url):
    engine = make_engine(garbage_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def kanazawa_engine(request):
    """Kanazawa alone (one-level data, weekday rules, sorting items), on each backend."""
    url = request.getfixturevalue(f"kanazawa_{request.param}_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    empty_resident_tables(url)


# --- a small city of one's own, for tests that change the data ---------------------------------

BURNABLE = Category(key="燃やすごみ", label="燃やすごみ", colour="#ea3b13")
BOTTLES = Category(key="びん", label="びん", colour="#2dc7aa")


def small_city(*towns: tuple[str, str, str]) -> CityData:
    """A ward-level city: (ward, town, reading) rows, 燃やすごみ every Monday and Thursday,
    びん on the 2nd Wednesday."""
    schedule = Schedule(categories=(
        CategorySchedule(BURNABLE, rules=(WeekdayRule(0), WeekdayRule(3))),
        CategorySchedule(BOTTLES, rules=(WeekdayRule(2, nth=2),)),
    ))
    return CityData(
        code="small", name="小さな市", data_format="5374", categories=[BURNABLE, BOTTLES],
        schedules={"all": schedule},
        areas=[AreaRecord(name=town, schedule_key="all", reading=reading, top_level=ward) for ward, town, reading in towns],
    )


def import_city(engine, data: CityData):
    with Session(engine) as session:
        report = replace_city(session=session, data=data)
        session.commit()
    return report


def hiroshima_date(day: date) -> datetime:
    """09:00 in Tokyo on `day`, as the UTC instant a flow receives."""
    return datetime(day.year, day.month, day.day, 0, 0, tzinfo=timezone.utc)


def walkable_city() -> CityData:
    """Small enough to import per test, big enough for every question of the garbage flows:
    two wards (one needing 次へ), readings in two kana rows, and a sorting guide."""
    towns = [("北区", f"北町{n}丁目", f"きたまち{n}ちょうめ") for n in range(1, 15)]
    towns += [("南区", f"南町{n}丁目", f"みなみまち{n}ちょうめ") for n in range(1, 4)]
    data = small_city(*towns)
    data.items = [
        SortingItem(name="生ごみ", category_key=BURNABLE.key, reading="なまごみ", notice="水気を切る"),
        SortingItem(name="ジャムのびん", category_key=BOTTLES.key, reading="じゃむのびん"),
    ]
    return data


def newcomer(engine, now: datetime = IN_HIROSHIMA_DATA) -> Chat:
    """A resident who has just followed, on `now`'s day."""
    chat = Chat(engine)
    chat.now = now
    chat.follow()
    return chat


def the_list(chat: Chat) -> ListCard:
    """The one list card of the last answer."""
    [card] = [m for m in chat.last.messages if isinstance(m, ListCard)]
    return card


def resident_in(engine, area: tuple[str | None, str], now: datetime = IN_HIROSHIMA_DATA) -> Chat:
    """A resident who has chosen `area` (ward, name)."""
    chat = newcomer(engine, now)
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        [chosen] = [a for a in garbage.areas_under(session=session, top_level=area[0]) if a.name == area[1]]
        garbage_choice.choose_area(session=session, resident=resident, area_id=chosen.id)
        session.commit()
    return chat


def schedule_of(engine, area: tuple[str | None, str]):
    with Session(engine) as session:
        [chosen] = [a for a in garbage.areas_under(session=session, top_level=area[0]) if a.name == area[1]]
        return garbage.load_area_schedule(session=session, area_id=chosen.id)


def where(engine, chat: Chat) -> tuple[str | None, str | None]:
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        conversation = session.get(Conversation, resident.id)
        return conversation.flow, conversation.state


NOW_IN_KANAZAWA = datetime(2026, 11, 27, 0, 0, tzinfo=timezone.utc)


@contextmanager
def portal_on(url: str, now: datetime) -> Iterator[Portal]:
    with running_portal(url) as portal:
        portal.app.extensions["portalbot"].handler.clock = lambda: now
        yield portal


def quick_replies(message: dict) -> list[str]:
    return [item["action"]["label"] for item in message.get("quickReply", {}).get("items", [])]


def flex_words(message: dict) -> str:
    assert message["type"] == "flex", message
    return json.dumps(message["contents"], ensure_ascii=False)


TODAY_IN_KANAZAWA = datetime(2026, 11, 27, 0, 0, tzinfo=timezone.utc)  # weekday rules: any year


ASANOGAWA = (None, "浅野川")


@pytest.fixture(params=["sqlite", "postgres"])
def kanazawa_url(request):
    """Kanazawa's data alone (shared, read-only garbage data; residents emptied after)."""
    from tests.garbage_flows.support import empty_resident_tables

    url = request.getfixturevalue(f"kanazawa_{request.param}_url")
    yield url
    empty_resident_tables(url)
