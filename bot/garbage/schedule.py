"""When each category of garbage is collected in an area: one model for both shapes of data.

A schedule holds, per category, weekday rules (5374's `月 木`, `水2`, `火1 火3 火5`, month lists)
and explicit dates (Hiroshima's calendars, 5374's irregular `20140301 20140325`), plus
suspension periods (year-end closures) and substitute dates. Pure Python: the store loads an
`AreaSchedule`, these functions answer questions about it.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Iterable

WEEKDAY_NAMES = "月火水木金土日"  # indexed by date.weekday()
WEEK = timedelta(days=7)
RULE_HORIZON = timedelta(days=400)  # how far ahead a weekday rule is searched for a next date


class SuspensionPolicy(StrEnum):
    WEEK_SHIFT = "week_shift"  # Kanazawa (5374 WeekShift=true): that day and the rest of its month move a week
    SKIP = "skip"  # the collection on a suspended day simply does not happen


@dataclass(frozen=True)
class CategoryTranslation:
    """A category's name and how-to in another language, as the city's data gives them
    (translations.csv); either may be empty (bot/garbage/localized.py fills the gaps)."""

    language: str  # a code of bot/chat/language.py: en, zh, ko, ja-easy
    label: str = ""
    how_to: str = ""


@dataclass(frozen=True)
class Category:
    """A kind of garbage as residents know it (燃やすごみ); `collected` is False for kinds with
    no collection day (有料粗大ごみ, 市で収集しない) that the sorting guide still names.
    `label` and `how_to` are the data's Japanese; `translations` the city's own in other
    languages (a tuple, so that a category stays hashable: reminders group by categories)."""

    key: str
    label: str
    sublabel: str = ""
    description: str = ""
    colour: str = ""
    how_to: str = ""
    collected: bool = True
    translations: tuple[CategoryTranslation, ...] = ()

    def translation(self, language: str) -> CategoryTranslation | None:
        return next((t for t in self.translations if t.language == language), None)


@dataclass(frozen=True)
class WeekdayRule:
    """Every `weekday` (0 = Monday), or only its `nth` occurrence in the month; `months` limits it."""

    weekday: int
    nth: int | None = None
    months: frozenset[int] = frozenset()  # empty: every month

    def __str__(self) -> str:
        day = WEEKDAY_NAMES[self.weekday]
        text = f"毎週{day}曜" if self.nth is None else f"第{self.nth}{day}曜"
        if self.months:
            text += "（" + "・".join(f"{m}月" for m in sorted(self.months)) + "）"
        return text


@dataclass(frozen=True)
class Suspension:
    """A period (both ends included) when the collection centre is closed."""

    start: date
    end: date
    policy: SuspensionPolicy = SuspensionPolicy.WEEK_SHIFT

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Substitution:
    """A collection of `category_key` moved from one day to another (or cancelled: moved_to None)."""

    category_key: str
    moved_from: date
    moved_to: date | None


@dataclass(frozen=True)
class CategorySchedule:
    category: Category
    rules: tuple[WeekdayRule, ...] = ()
    dates: frozenset[date] = frozenset()
    remarks: tuple[str, ...] = ()

    def summary(self) -> str:
        """How residents say it: 毎週月曜・毎週木曜, 第2水曜, or 不定期."""
        parts = [str(rule) for rule in self.rules]
        if self.dates:
            parts.append("不定期")
        return "・".join(parts)


@dataclass(frozen=True)
class Schedule:
    categories: tuple[CategorySchedule, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    substitutions: tuple[Substitution, ...] = ()


@dataclass(frozen=True)
class Area:
    """A place a resident picks: a town (under its ward) or a 校下・地区 of one-level data."""

    id: int | None
    key: str
    name: str
    reading: str | None = None
    top_level: str | None = None
    city: str | None = None
    retired: bool = False  # gone from the latest import; kept so a resident's choice still resolves


@dataclass(frozen=True)
class AreaSchedule:
    area: Area
    schedule: Schedule
    covers_from: date | None = None  # explicit calendars know nothing outside their years
    covers_until: date | None = None


Day = tuple[date, list[Category]]


def collections_on(area: AreaSchedule, day: date) -> list[Category]:
    """The categories collected in the area on `day`, in the schedule's order."""
    return schedule_on(area.schedule, day)


def schedule_on(schedule: Schedule, day: date) -> list[Category]:
    return _month(schedule, day.year, day.month).get(day, [])


def upcoming(area: AreaSchedule, from_date: date, days: int = 7) -> list[Day]:
    """Every day from `from_date` for `days` days, each with its categories (empty if none)."""
    result = []
    for offset in range(days):
        day = from_date + timedelta(days=offset)
        result.append((day, collections_on(area, day)))
    return result


def month_calendar(area: AreaSchedule, year: int, month: int) -> list[Day]:
    """Every day of the month with its categories (empty if none)."""
    table = _month(area.schedule, year, month)
    last = calendar.monthrange(year, month)[1]
    return [(d, table.get(d, [])) for d in (date(year, month, n) for n in range(1, last + 1))]


def next_collections(
    area: AreaSchedule, category: Category | str, after: date, n: int = 1
) -> list[date]:
    """The next `n` collection days of a category strictly after `after` (pass yesterday to
    include today). Fewer when the data ends first; none for a category never collected."""
    key = category if isinstance(category, str) else category.key
    entry = next((c for c in area.schedule.categories if c.category.key == key), None)
    if entry is None:
        return []
    limit = _search_limit(entry, area.schedule, after)
    found: list[date] = []
    year, month = after.year, after.month
    while len(found) < n and date(year, month, 1) <= limit:
        found += [d for d in _category_month(entry, area.schedule, year, month) if d > after]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(found)[:n]


def _search_limit(entry: CategorySchedule, schedule: Schedule, after: date) -> date:
    explicit = list(entry.dates) + [
        s.moved_to for s in schedule.substitutions
        if s.category_key == entry.category.key and s.moved_to is not None
    ]
    limit = max(explicit, default=after)
    return max(limit, after + RULE_HORIZON) if entry.rules else limit


def _month(schedule: Schedule, year: int, month: int) -> dict[date, list[Category]]:
    table: dict[date, list[Category]] = {}
    for entry in schedule.categories:
        for day in _category_month(entry, schedule, year, month):
            table.setdefault(day, []).append(entry.category)
    return table


def _category_month(entry: CategorySchedule, schedule: Schedule, year: int, month: int) -> list[date]:
    days = {d for rule in entry.rules for d in rule_dates(rule, year, month, schedule.suspensions)}
    days |= {d for d in entry.dates if d.year == year and d.month == month}
    for sub in schedule.substitutions:
        if sub.category_key != entry.category.key:
            continue
        days.discard(sub.moved_from)
        if sub.moved_to is not None and (sub.moved_to.year, sub.moved_to.month) == (year, month):
            days.add(sub.moved_to)
    return sorted(days)


def rule_dates(
    rule: WeekdayRule, year: int, month: int, suspensions: Iterable[Suspension] = ()
) -> list[date]:
    """The days a weekday rule gives in one month, with suspensions applied.

    Mirrors `TrashModel.calcMostRect` of 5374's js/script.js: walk the month's five candidate
    weeks of the weekday; once a candidate falls in a WeekShift suspension, it and every later
    candidate of that month move one week on (a date pushed into the next month is dropped);
    the nth rule then keeps the candidate of week n. So with 12/30–1/3 closed, 火1 on 2023-01-03
    becomes 01-10 and 火3 becomes 01-24, while 火5 (01-31) falls out of January. A SKIP
    suspension just drops the candidates inside it.
    """
    if rule.months and month not in rule.months:
        return []
    suspensions = tuple(suspensions)
    first = date(year, month, 1)
    offset = (rule.weekday - first.weekday()) % 7
    shifted = False
    days = []
    for week in range(5):
        day = first + timedelta(days=offset + 7 * week)
        closure = next((s for s in suspensions if s.covers(day)), None)
        if closure is not None:
            if closure.policy is SuspensionPolicy.SKIP:
                continue
            shifted = True
        if shifted:
            day += WEEK
        if day.month != month:
            continue
        if rule.nth is not None and week != rule.nth - 1:
            continue
        days.append(day)
    return days
