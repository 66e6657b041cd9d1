"""How long each value of a garbage data set may be: as long as the column it is stored in
(bot/store/garbage.py). The readers report a longer value as a problem on its line, so staff
see the list of problems rather than a database error."""
from __future__ import annotations

from bot.garbage.problems import Problems
from bot.store.garbage import GarbageArea, GarbageCategory, GarbageCity, GarbageItem, GarbageSchedule


def _length(attribute) -> int:
    return attribute.property.columns[0].type.length


CITY_CODE = _length(GarbageCity.code)
CITY_NAME = _length(GarbageCity.name)
CATEGORY_LABEL = min(_length(GarbageCategory.key), _length(GarbageCategory.label))  # a label is its key
CATEGORY_SUBLABEL = _length(GarbageCategory.sublabel)
CATEGORY_COLOUR = _length(GarbageCategory.colour)
# A 5374 area is also its own schedule's key; a calendar's town hangs under its ward's name.
AREA_NAME = min(_length(GarbageArea.name), _length(GarbageSchedule.key))
TOP_LEVEL = _length(GarbageArea.top_level)
READING = min(_length(GarbageArea.reading), _length(GarbageItem.reading))
ITEM_NAME = _length(GarbageItem.name)
# translations.csv: a translated name is shown where the Japanese one is, and fits where it
# does; a how-to is a card's text (stored as JSON, no column to bound it): 500 characters keep
# a carousel of 12 categories well within LINE's 50 KB.
TRANSLATED_LABEL = CATEGORY_LABEL
TRANSLATED_HOW_TO = 500


def fits(problems: Problems, file: str, line: int | None, what: str, value: str, limit: int) -> bool:
    """True when `value` fits; otherwise the problem is added and False returned."""
    if len(value) <= limit:
        return True
    problems.add(file, line, f"{what} 「{value[:20]}…」 is {len(value)} characters long; at most {limit} fit")
    return False


def check_city(problems: Problems, code: str, name: str) -> None:
    fits(problems, "（市区町村）", None, "city code", code, CITY_CODE)
    fits(problems, "（市区町村）", None, "city name", name, CITY_NAME)
