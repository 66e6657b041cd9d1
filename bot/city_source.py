"""The one source of the city a resident lives in: the city file (CITY_CONFIG) with the garbage
data that `portalbot garbage import` recorded (garbage_city: name, code; wards: the data's top
level where its format has one, none for one-level data such as Kanazawa's 校下・地区).

- Without CITY_CONFIG the bundled sample file only lends what the data cannot say (portal
  name, age groups, interests, the procedure catalogue); the city's name and wards come from
  the data, so Kanazawa's data never offers Hiroshima's wards.
- With CITY_CONFIG the file speaks, and its wards must be the data's: a contradiction is
  refused at start-up, naming both.
- No data imported yet: the file alone.
Registration, notice targeting, the staff console and the rich-menu images all read
`CitySource.current()`, which follows a new import without a restart.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session

from bot.city import City
from bot.store import garbage
from bot.store.db import reading_session


class CityMismatch(RuntimeError):
    """CITY_CONFIG and the imported garbage data describe different cities."""


@dataclass(frozen=True)
class ImportedCity:
    """What the imported data says about the city."""

    names: tuple[str, ...]  # of every imported data set, the latest last
    codes: tuple[str, ...]
    wards: tuple[str, ...]  # the data's top level, in data order; () for one-level data


def imported_city(session: Session) -> ImportedCity | None:
    rows = session.execute(
        select(garbage.GarbageCity.name, garbage.GarbageCity.code).order_by(garbage.GarbageCity.imported_at)
    ).all()
    if not rows:
        return None
    return ImportedCity(
        names=tuple(name for name, _ in rows), codes=tuple(code for _, code in rows),
        wards=tuple(garbage.top_levels(session=session)),
    )


def contradiction(config: City, config_path: str, data: ImportedCity) -> str | None:
    """Why the city file and the data cannot both be right, as the operator reads it."""
    if set(config.wards) == set(data.wards):
        return None
    said = "、".join(config.wards) or "no wards"
    found = "、".join(data.wards) or "no wards (one-level data)"
    return (f"CITY_CONFIG {config_path} ({config.city_name}) lists {said}, but the imported garbage data "
            f"({'、'.join(data.names)}) has {found}: fix the city file or import that city's data")


def city_for(config: City, *, configured: bool, data: ImportedCity | None) -> City:
    """The city residents see: the file's, with the data's name and wards where it speaks."""
    if data is None or configured:
        return config
    name = config.city_name if config.city_name in data.names else data.names[-1]
    return replace(config, city_name=name, wards=data.wards)


RECHECK = 1.0  # seconds a city read stays current: an import in another process shows within it


class CitySource:
    """The current city for a process; re-read when a garbage import changed garbage_city.

    Every event asks for it, so the check that garbage_city changed runs at most once a second
    (or at once after an import in this process: the console's, the CLI's)."""

    def __init__(self, config: City, *, engine: Engine | None, config_path: str | None = None) -> None:
        self.config, self.config_path, self.engine = config, config_path, engine
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._city = config
        self._checked: tuple[int, float] | None = None  # (imports here, monotonic time) of the last check

    @classmethod
    def fixed(cls, city: City) -> "CitySource":
        """A city that no data changes (tests of flows without a database's city)."""
        return cls(city, engine=None)

    def check(self) -> None:
        """At start-up: refuse a CITY_CONFIG that contradicts the imported data."""
        if self.engine is None or self.config_path is None:
            return
        with reading_session(self.engine) as session:
            data = _read(session, imported_city)
        reason = contradiction(self.config, self.config_path, data) if data else None
        if reason:
            raise CityMismatch(reason)

    def current(self, session: Session | None = None) -> City:
        if self.engine is None:
            return self.config
        imports = garbage.imports_in_this_process()
        checked = self._checked
        if checked is not None and checked[0] == imports and time.monotonic() - checked[1] < RECHECK:
            return self._city
        self._checked = (imports, time.monotonic())  # taken before reading: a later import re-reads
        if session is None:  # the console, the API: a reader of its own
            with reading_session(self.engine) as own:
                return self._current(own, _read(own, _signature))
        return self._current(session, _signature(session))  # an event's session: tables exist

    def _current(self, session: Session, seen: tuple | None) -> City:
        with self._lock:
            if seen != self._seen:
                data = imported_city(session) if seen else None
                self._city = city_for(self.config, configured=self.config_path is not None, data=data)
                self._seen = seen
            return self._city


def _signature(session: Session) -> tuple | None:
    """Changes with every import: how many data sets, the latest import's time."""
    count, latest = session.execute(
        select(func.count(), func.max(garbage.GarbageCity.imported_at)).select_from(garbage.GarbageCity)
    ).one()
    return (count, latest) if count else None


def _read(session: Session, query):
    """The query's answer; None on a database not migrated yet (no garbage tables)."""
    try:
        return query(session)
    except (OperationalError, ProgrammingError):
        session.rollback()
        return None
