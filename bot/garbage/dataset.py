"""What an importer produces and the store writes: one city's garbage data, complete."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from typing import TYPE_CHECKING

from bot.garbage.schedule import Category, CategoryTranslation, Schedule

if TYPE_CHECKING:
    from bot.garbage.readings import ReadingReport


@dataclass(frozen=True)
class AreaRecord:
    name: str
    schedule_key: str
    reading: str | None = None
    top_level: str | None = None

    @property
    def key(self) -> str:
        """Stable across re-imports: residents keep the area they chose."""
        return f"{self.top_level or ''}/{self.name}"


@dataclass(frozen=True)
class SortingItem:
    """One entry of the sorting guide (ごみの捨て方): an item and the category it goes out as."""

    name: str
    category_key: str
    reading: str | None = None  # 5374 gives only the index letter (あ, か, …)
    notice: str = ""


@dataclass
class CityData:
    code: str
    name: str
    data_format: str
    categories: list[Category]
    schedules: dict[str, Schedule]  # shared by areas: a Hiroshima group, a 5374 row
    areas: list[AreaRecord]
    items: list[SortingItem] = field(default_factory=list)
    covers_from: date | None = None
    covers_until: date | None = None
    readings: "ReadingReport | None" = None  # how the areas' readings were found (bot/garbage/readings.py)

    def with_translations(self, translations: dict[str, tuple[CategoryTranslation, ...]]) -> "CityData":
        """The data with each category's translations (category key → texts, translations.csv)
        wherever the category appears: the list, and every schedule that collects it."""
        if not translations:
            return self
        translated = {c.key: replace(c, translations=translations[c.key]) for c in self.categories if c.key in translations}

        def swap(category: Category) -> Category:
            return translated.get(category.key, category)

        schedules = {
            key: replace(schedule, categories=tuple(replace(e, category=swap(e.category)) for e in schedule.categories))
            for key, schedule in self.schedules.items()
        }
        return replace(self, categories=[swap(c) for c in self.categories], schedules=schedules)
