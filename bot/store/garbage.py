"""Garbage tables and the store functions over them (SPEC §4).

A city's data (categories, collection schedules, sorting items) is replaced whole on each
import. Areas are the exception: residents keep the id of the area they chose, so an area keeps
its row (by its key, top level + name) across imports, and an area gone from the data is
marked retired rather than deleted, so a resident's stale choice can still be recognised.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlmodel import Field, Session, SQLModel

from bot.garbage import kana, search
from bot.garbage.dataset import CityData
from bot.garbage.schedule import (
    Area,
    AreaSchedule,
    Category,
    CategorySchedule,
    CategoryTranslation,
    Schedule,
    Substitution,
    Suspension,
    SuspensionPolicy,
    WeekdayRule,
    schedule_on,
)
from bot.store.db import UTCDateTime, utcnow


def _parent(table: str, ondelete: str = "CASCADE", nullable: bool = False, **kwargs) -> Any:
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable, **kwargs),
    )


class GarbageCity(SQLModel, table=True):
    """One city's imported data set; `covers_*` bound explicit calendars (a fiscal year)."""

    __tablename__ = "garbage_city"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    name: str = Field(max_length=64)
    data_format: str = Field(max_length=16)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    covers_from: date | None = None
    covers_until: date | None = None


class GarbageCategory(SQLModel, table=True):
    """A category; `label`, `how_to` are the data's Japanese, `translations` the city's own
    in other languages ({"en": {"label": …, "how_to": …}}, from translations.csv). In the row,
    not a table of their own: whoever reads the categories gets them in the same query."""

    __tablename__ = "garbage_category"
    __table_args__ = (UniqueConstraint("city_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    city_id: int = _parent("garbage_city")
    key: str = Field(max_length=64)
    label: str = Field(max_length=64)
    sublabel: str = Field(default="", max_length=128)
    description: str = Field(default="", sa_type=Text)
    colour: str = Field(default="", max_length=16)
    how_to: str = Field(default="", sa_type=Text)
    collected: bool = True
    position: int = 0
    translations: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class GarbageSchedule(SQLModel, table=True):
    """A collection schedule shared by areas (a Hiroshima group; a 5374 row)."""

    __tablename__ = "garbage_schedule"
    __table_args__ = (UniqueConstraint("city_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    city_id: int = _parent("garbage_city")
    key: str = Field(max_length=200)
    remarks: dict[str, list[str]] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class GarbageScheduleRule(SQLModel, table=True):
    __tablename__ = "garbage_schedule_rule"

    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = _parent("garbage_schedule", index=True)
    category_id: int = _parent("garbage_category", index=True)
    weekday: int  # 0 = Monday
    nth: int | None = None
    months: str = Field(default="", max_length=40)  # "4 6 8 10 12 2"; empty = every month


class GarbageScheduleDate(SQLModel, table=True):
    __tablename__ = "garbage_schedule_date"
    __table_args__ = (Index("ix_garbage_schedule_date_day", "day"),)

    schedule_id: int = Field(sa_column=Column(
        Integer, ForeignKey("garbage_schedule.id", ondelete="CASCADE"), primary_key=True))
    category_id: int = Field(sa_column=Column(
        Integer, ForeignKey("garbage_category.id", ondelete="CASCADE"), primary_key=True))
    day: date = Field(sa_column=Column(Date, primary_key=True))


class GarbageSuspension(SQLModel, table=True):
    __tablename__ = "garbage_suspension"

    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = _parent("garbage_schedule", index=True)
    starts_on: date
    ends_on: date
    policy: str = Field(max_length=16)


class GarbageSubstitution(SQLModel, table=True):
    __tablename__ = "garbage_substitution"

    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = _parent("garbage_schedule", index=True)
    category_id: int = _parent("garbage_category")
    moved_from: date
    moved_to: date | None = None


class GarbageArea(SQLModel, table=True):
    """A place residents pick. Never deleted: `retired_at` marks an area gone from the data."""

    __tablename__ = "garbage_area"
    __table_args__ = (UniqueConstraint("city_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    city_id: int = _parent("garbage_city")
    key: str = Field(max_length=300)
    top_level: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=200)
    reading: str | None = Field(default=None, max_length=200)
    search_key: str = Field(default="", max_length=500)
    kana_row: str | None = Field(default=None, max_length=1)
    position: int = 0
    schedule_id: int | None = _parent("garbage_schedule", ondelete="SET NULL", nullable=True, index=True)
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class GarbageItem(SQLModel, table=True):
    """An entry of the sorting guide (ごみの捨て方)."""

    __tablename__ = "garbage_item"

    id: int | None = Field(default=None, primary_key=True)
    city_id: int = _parent("garbage_city", index=True)
    category_id: int = _parent("garbage_category", index=True)
    name: str = Field(max_length=200)
    reading: str | None = Field(default=None, max_length=200)
    search_key: str = Field(default="", max_length=500)
    notice: str = Field(default="", sa_type=Text)
    position: int = 0


# --- what the store hands out -------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    city: str
    areas: int
    added: int
    kept: int
    vanished: list[Area] = field(default_factory=list)  # newly retired: tell their residents
    categories: int = 0
    items: int = 0

    @property
    def vanished_area_ids(self) -> list[int]:
        return [area.id for area in self.vanished]


@dataclass(frozen=True)
class ItemHit:
    name: str
    category: Category
    notice: str = ""
    reading: str | None = None


# --- importing ------------------------------------------------------------------------------


_imports_here = 0  # replace_city calls in this process (the city source re-reads after one)


def imports_in_this_process() -> int:
    return _imports_here


def replace_city(*, session: Session, data: CityData) -> ImportReport:
    """Replace the city's data within the caller's transaction (the caller commits).

    Areas are matched by key: kept areas keep their id, new ones are added, and areas missing
    from `data` are retired and reported.
    """
    global _imports_here
    _imports_here += 1
    city = _city_for_update(session, data)
    _clear_city(session, city.id)
    category_ids = _insert_categories(session, city.id, data)
    schedule_ids = _insert_schedules(session, city.id, data, category_ids)
    added, kept, vanished = _merge_areas(session, city, data, schedule_ids)
    if data.items:
        session.execute(insert(GarbageItem), [
            dict(city_id=city.id, category_id=category_ids[item.category_key], name=item.name,
                 reading=item.reading, search_key=kana.normalize(item.name), notice=item.notice,
                 position=position)
            for position, item in enumerate(data.items)
        ])
    session.flush()
    return ImportReport(
        city=data.code, areas=len(data.areas), added=added, kept=kept, vanished=vanished,
        categories=len(data.categories), items=len(data.items),
    )


def _city_for_update(session: Session, data: CityData) -> GarbageCity:
    # The row lock makes two imports of one city (two operators) run one after the other.
    city = session.scalars(
        select(GarbageCity).where(GarbageCity.code == data.code).with_for_update()
    ).first()
    if city is None:
        city = GarbageCity(code=data.code, name=data.name, data_format=data.data_format)
        session.add(city)
    city.name, city.data_format, city.imported_at = data.name, data.data_format, utcnow()
    city.covers_from, city.covers_until = data.covers_from, data.covers_until
    session.flush()
    return city


def _clear_city(session: Session, city_id: int) -> None:
    schedules = select(GarbageSchedule.id).where(GarbageSchedule.city_id == city_id)
    for child in (GarbageScheduleDate, GarbageScheduleRule, GarbageSuspension, GarbageSubstitution):
        session.execute(delete(child).where(child.schedule_id.in_(schedules)))
    session.execute(delete(GarbageItem).where(GarbageItem.city_id == city_id))
    session.execute(update(GarbageArea).where(GarbageArea.city_id == city_id).values(schedule_id=None))
    session.execute(delete(GarbageSchedule).where(GarbageSchedule.city_id == city_id))
    session.execute(delete(GarbageCategory).where(GarbageCategory.city_id == city_id))


def _insert_categories(session: Session, city_id: int, data: CityData) -> dict[str, int]:
    if not data.categories:
        return {}
    session.execute(insert(GarbageCategory), [
        dict(city_id=city_id, key=c.key, label=c.label, sublabel=c.sublabel,
             description=c.description, colour=c.colour, how_to=c.how_to,
             collected=c.collected, position=position,
             translations={t.language: {"label": t.label, "how_to": t.how_to} for t in c.translations})
        for position, c in enumerate(data.categories)
    ])
    return dict(session.execute(
        select(GarbageCategory.key, GarbageCategory.id).where(GarbageCategory.city_id == city_id)
    ).all())


def _insert_schedules(session, city_id, data: CityData, category_ids: dict[str, int]) -> dict[str, int]:
    if not data.schedules:
        return {}
    session.execute(insert(GarbageSchedule), [
        dict(city_id=city_id, key=key, remarks={
            entry.category.key: list(entry.remarks) for entry in schedule.categories if entry.remarks
        })
        for key, schedule in data.schedules.items()
    ])
    ids = dict(session.execute(
        select(GarbageSchedule.key, GarbageSchedule.id).where(GarbageSchedule.city_id == city_id)
    ).all())
    rules, dates, suspensions, substitutions = [], [], [], []
    for key, schedule in data.schedules.items():
        sid = ids[key]
        for entry in schedule.categories:
            cid = category_ids[entry.category.key]
            rules += [dict(schedule_id=sid, category_id=cid, weekday=r.weekday, nth=r.nth,
                           months=" ".join(str(m) for m in sorted(r.months))) for r in entry.rules]
            dates += [dict(schedule_id=sid, category_id=cid, day=d) for d in sorted(entry.dates)]
        suspensions += [dict(schedule_id=sid, starts_on=s.start, ends_on=s.end, policy=s.policy.value)
                        for s in schedule.suspensions]
        substitutions += [dict(schedule_id=sid, category_id=category_ids[s.category_key],
                               moved_from=s.moved_from, moved_to=s.moved_to)
                          for s in schedule.substitutions]
    for model, rows in ((GarbageScheduleRule, rules), (GarbageScheduleDate, dates),
                        (GarbageSuspension, suspensions), (GarbageSubstitution, substitutions)):
        if rows:
            session.execute(insert(model), rows)
    return ids


def _merge_areas(session, city: GarbageCity, data: CityData, schedule_ids: dict[str, int]):
    existing = {
        row.key: row for row in session.execute(
            select(GarbageArea.id, GarbageArea.key, GarbageArea.retired_at)
            .where(GarbageArea.city_id == city.id)
        )
    }
    updates, inserts = [], []
    for position, record in enumerate(data.areas):
        values = dict(
            top_level=record.top_level, name=record.name, reading=record.reading,
            search_key=kana.normalize(record.name) + "\n" + kana.normalize(record.reading or ""),
            kana_row=kana.kana_row(record.reading), position=position,
            schedule_id=schedule_ids[record.schedule_key], retired_at=None,
        )
        if record.key in existing:
            updates.append(dict(id=existing[record.key].id, **values))
        else:
            inserts.append(dict(city_id=city.id, key=record.key, **values))
    if updates:
        session.execute(update(GarbageArea), updates)
    if inserts:
        session.execute(insert(GarbageArea), inserts)
    current = {record.key for record in data.areas}
    gone = [row.id for key, row in existing.items() if key not in current and row.retired_at is None]
    if gone:
        session.execute(
            update(GarbageArea).where(GarbageArea.id.in_(gone)).values(retired_at=utcnow(), schedule_id=None)
        )
    vanished = _areas(session, select_areas(include_retired=True).where(GarbageArea.id.in_(gone))) if gone else []
    return len(inserts), len(updates), vanished


def calendars_ending(*, session: Session, today: date, within_days: int) -> list[tuple[str, date]]:
    """(city name, last date) of explicit calendars that end within `within_days` of today or
    have ended already (weekday rules such as 5374's never end)."""
    rows = session.execute(
        select(GarbageCity.name, GarbageCity.covers_until).where(
            GarbageCity.covers_until.is_not(None),
            GarbageCity.covers_until <= today + timedelta(days=within_days),
        ).order_by(GarbageCity.covers_until)
    ).all()
    return [(name, until) for name, until in rows]


# --- areas ----------------------------------------------------------------------------------


def select_areas(city: str | None = None, *, include_retired: bool = False):
    query = select(GarbageArea, GarbageCity.code).join(GarbageCity, GarbageArea.city_id == GarbageCity.id)
    if city is not None:
        query = query.where(GarbageCity.code == city)
    if not include_retired:
        query = query.where(GarbageArea.retired_at.is_(None))
    return query.order_by(GarbageCity.id, GarbageArea.position)


def _current_areas(query, city: str | None):
    query = query.where(GarbageArea.retired_at.is_(None))
    if city is not None:
        query = query.join(GarbageCity, GarbageArea.city_id == GarbageCity.id).where(GarbageCity.code == city)
    return query


def _areas(session: Session, query) -> list[Area]:
    return [_area(row, code) for row, code in session.execute(query)]


def _area(row: GarbageArea, city: str) -> Area:
    return Area(id=row.id, key=row.key, name=row.name, reading=row.reading, top_level=row.top_level,
                city=city, retired=row.retired_at is not None)


def get_area(*, session: Session, area_id: int) -> Area | None:
    """The area, even when retired (`area.retired`): a resident's choice that no longer exists.
    None when the id was never an area."""
    found = session.execute(select_areas(include_retired=True).where(GarbageArea.id == area_id)).first()
    return _area(*found) if found else None


def top_levels(*, session: Session, city: str | None = None) -> list[str]:
    """The wards (in data order); empty for one-level data such as Kanazawa's 校下・地区."""
    first = func.min(GarbageArea.position)
    query = _current_areas(select(GarbageArea.top_level), city).where(GarbageArea.top_level.is_not(None))
    query = query.group_by(GarbageArea.city_id, GarbageArea.top_level).order_by(GarbageArea.city_id, first)
    return list(dict.fromkeys(session.scalars(query)))


def areas_under(*, session: Session, top_level: str | None, city: str | None = None) -> list[Area]:
    """The areas of a ward in data order; `top_level=None` gives one-level data's areas."""
    condition = GarbageArea.top_level.is_(None) if top_level is None else GarbageArea.top_level == top_level
    return _areas(session, select_areas(city).where(condition))


def kana_rows(*, session: Session, city: str | None = None, top_level: str | None = None) -> list[str]:
    """The あかさたな rows that have areas with a reading (in that order)."""
    query = _current_areas(select(GarbageArea.kana_row).distinct(), city)
    if top_level is not None:
        query = query.where(GarbageArea.top_level == top_level)
    present = set(session.scalars(query))
    return [row for row in kana.KANA_ROWS if row in present]


def areas_in_kana_row(
    *, session: Session, row: str, city: str | None = None, top_level: str | None = None
) -> list[Area]:
    """Areas whose reading starts in the row, in reading order."""
    query = select_areas(city).where(GarbageArea.kana_row == row)
    if top_level is not None:
        query = query.where(GarbageArea.top_level == top_level)
    return sorted(_areas(session, query), key=lambda area: kana.normalize(area.reading or ""))


def search_areas(*, session: Session, text: str, limit: int = 10, city: str | None = None) -> list[Area]:
    """Areas whose name or reading contains what was typed (any width, katakana or hiragana):
    exact first, then prefix, then contains; shorter names first within each."""
    query_key = kana.normalize(text)
    if not query_key:
        return []
    query = select_areas(city).where(GarbageArea.search_key.contains(query_key, autoescape=True))
    rows = session.execute(query).all()
    return search.rank(query_key, ((_area(row, code), row.search_key.split("\n")) for row, code in rows), limit)


def near_areas(*, session: Session, text: str, limit: int = 5, city: str | None = None) -> list[Area]:
    """Areas that look like what was typed, for "did you mean…" when search finds nothing."""
    rows = session.execute(select_areas(city)).all()
    candidates = ((_area(row, code), row.search_key.split("\n")) for row, code in rows)
    return search.near(kana.normalize(text), candidates, limit)


# --- categories and the sorting guide -------------------------------------------------------


def categories(*, session: Session, city: str | None = None) -> list[Category]:
    """The city's categories in order: collected ones and those with no collection day."""
    return list(_categories_by_id(session, city).values())


def search_items(*, session: Session, text: str, limit: int = 10, city: str | None = None) -> list[ItemHit]:
    """Sorting-guide items whose name contains what was typed (kanji, kana or part of it)."""
    query_key = kana.normalize(text)
    if not query_key:
        return []
    query = _select_items(city).where(GarbageItem.search_key.contains(query_key, autoescape=True))
    return search.rank(query_key, _item_candidates(session, query, city), limit)


def has_items(*, session: Session, city: str | None = None) -> bool:
    """Whether the data has a sorting-guide item list (Hiroshima's calendar has none)."""
    return session.scalars(_select_items(city).limit(1)).first() is not None


def near_items(*, session: Session, text: str, limit: int = 5, city: str | None = None) -> list[ItemHit]:
    """Items that look like what was typed: the suggestions when search_items finds nothing."""
    return search.near(kana.normalize(text), _item_candidates(session, _select_items(city), city), limit)


def _select_items(city: str | None):
    query = select(GarbageItem)
    if city is not None:
        query = query.join(GarbageCity, GarbageItem.city_id == GarbageCity.id).where(GarbageCity.code == city)
    return query.order_by(GarbageItem.city_id, GarbageItem.position)


def _item_candidates(session: Session, query, city: str | None):
    by_id = _categories_by_id(session, city)
    for item in session.scalars(query):
        hit = ItemHit(name=item.name, category=by_id[item.category_id], notice=item.notice, reading=item.reading)
        yield hit, [item.search_key]


def _categories_by_id(session: Session, city: str | None) -> dict[int, Category]:
    query = select(GarbageCategory).join(GarbageCity, GarbageCategory.city_id == GarbageCity.id)
    if city is not None:
        query = query.where(GarbageCity.code == city)
    query = query.order_by(GarbageCategory.city_id, GarbageCategory.position)
    return {
        row.id: Category(key=row.key, label=row.label, sublabel=row.sublabel, description=row.description,
                         colour=row.colour, how_to=row.how_to, collected=row.collected,
                         translations=_translations(row.translations))
        for row in session.scalars(query)
    }


def _translations(stored: dict[str, dict[str, str]]) -> tuple[CategoryTranslation, ...]:
    return tuple(CategoryTranslation(code, text.get("label", ""), text.get("how_to", ""))
                 for code, text in stored.items())  # as written: in LANGUAGES order


# --- schedules ------------------------------------------------------------------------------


def load_area_schedule(*, session: Session, area_id: int) -> AreaSchedule | None:
    """The area with its whole schedule; a retired area comes with an empty schedule.
    None when the id was never an area."""
    found = session.execute(
        select(GarbageArea, GarbageCity).join(GarbageCity, GarbageArea.city_id == GarbageCity.id)
        .where(GarbageArea.id == area_id)
    ).first()
    if found is None:
        return None
    row, city = found
    schedule = Schedule()
    if row.schedule_id is not None:
        schedule = _load_schedules(session, [row.schedule_id], _categories_by_id(session, city.code))[row.schedule_id]
    return AreaSchedule(area=_area(row, city.code), schedule=schedule,
                        covers_from=city.covers_from, covers_until=city.covers_until)


def areas_collecting_on(*, session: Session, date: date, city: str | None = None) -> dict[int, list[Category]]:
    """{area id: categories collected that day} for every current area with a collection.

    A handful of queries whatever the number of areas: explicit dates are read for that day
    only, weekday rules are evaluated once per schedule (not per area).
    """
    day = date
    by_id = _categories_by_id(session, city)
    schedule_ids = select(GarbageSchedule.id)
    if city is not None:
        schedule_ids = schedule_ids.join(GarbageCity, GarbageSchedule.city_id == GarbageCity.id).where(
            GarbageCity.code == city)
    dates = session.execute(select(GarbageScheduleDate).where(
        GarbageScheduleDate.day == day, GarbageScheduleDate.schedule_id.in_(schedule_ids))).scalars().all()
    rules = session.execute(select(GarbageScheduleRule).where(
        GarbageScheduleRule.schedule_id.in_(schedule_ids))).scalars().all()
    substitutions = session.execute(select(GarbageSubstitution).where(
        GarbageSubstitution.schedule_id.in_(schedule_ids),
        (GarbageSubstitution.moved_from == day) | (GarbageSubstitution.moved_to == day))).scalars().all()
    involved = {row.schedule_id for row in (*dates, *rules, *substitutions)}
    suspensions = session.execute(select(GarbageSuspension).where(
        GarbageSuspension.schedule_id.in_(involved))).scalars().all() if involved else []
    schedules = _assemble(involved, by_id, rules, dates, suspensions, substitutions)
    collected = {sid: schedule_on(schedule, day) for sid, schedule in schedules.items()}
    collected = {sid: found for sid, found in collected.items() if found}
    if not collected:
        return {}
    areas = session.execute(select(GarbageArea.id, GarbageArea.schedule_id).where(
        GarbageArea.schedule_id.in_(collected), GarbageArea.retired_at.is_(None)))
    return {area_id: list(collected[schedule_id]) for area_id, schedule_id in areas}


def _load_schedules(session: Session, schedule_ids: list[int], by_id: dict[int, Category]) -> dict[int, Schedule]:
    def rows(model):
        return session.execute(select(model).where(model.schedule_id.in_(schedule_ids))).scalars().all()

    remarks = dict(session.execute(
        select(GarbageSchedule.id, GarbageSchedule.remarks).where(GarbageSchedule.id.in_(schedule_ids))).all())
    return _assemble(schedule_ids, by_id, rows(GarbageScheduleRule), rows(GarbageScheduleDate),
                     rows(GarbageSuspension), rows(GarbageSubstitution), remarks)


def _assemble(
    schedule_ids: Iterable[int],
    by_id: dict[int, Category],
    rules: Iterable[GarbageScheduleRule],
    dates: Iterable[GarbageScheduleDate],
    suspensions: Iterable[GarbageSuspension],
    substitutions: Iterable[GarbageSubstitution],
    remarks: dict[int, dict[str, list[str]]] | None = None,
) -> dict[int, Schedule]:
    """Rows of the schedule tables → one `Schedule` per id, categories in the city's order."""
    rule_map: dict[tuple[int, int], list[WeekdayRule]] = defaultdict(list)
    date_map: dict[tuple[int, int], set[date]] = defaultdict(set)
    for rule in rules:
        months = frozenset(int(m) for m in rule.months.split())
        rule_map[rule.schedule_id, rule.category_id].append(WeekdayRule(rule.weekday, rule.nth, months))
    for row in dates:
        date_map[row.schedule_id, row.category_id].add(row.day)
    closures = defaultdict(list)
    for row in suspensions:
        closures[row.schedule_id].append(Suspension(row.starts_on, row.ends_on, SuspensionPolicy(row.policy)))
    moves = defaultdict(list)
    for row in substitutions:
        moves[row.schedule_id].append(Substitution(by_id[row.category_id].key, row.moved_from, row.moved_to))
        date_map.setdefault((row.schedule_id, row.category_id), set())
    schedules = {}
    for sid in schedule_ids:
        notes = (remarks or {}).get(sid, {})
        entries = tuple(
            CategorySchedule(category=category, rules=tuple(rule_map.get((sid, cid), ())),
                             dates=frozenset(date_map.get((sid, cid), ())),
                             remarks=tuple(notes.get(category.key, ())))
            for cid, category in by_id.items()
            if (sid, cid) in rule_map or (sid, cid) in date_map or category.key in notes
        )
        schedules[sid] = Schedule(categories=entries, suspensions=tuple(closures[sid]),
                                  substitutions=tuple(moves[sid]))
    return schedules
