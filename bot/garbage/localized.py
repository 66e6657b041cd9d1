"""A garbage category in the resident's language: the city's own words (translations.csv),
else the shipped glossary's (bot/garbage/glossary.py), else the data's Japanese.

The label and the how-to are looked up each on its own, so a city that translates only the
names still shows the glossary's how-to. `code` defaults to the language of the turn
(bot/chat/language.py). Nothing here reads the database: the city's translations come with
the category (bot/store/garbage.py), so a flow pays no query for them.
"""
from __future__ import annotations

from bot.chat import language
from bot.garbage import glossary
from bot.garbage.schedule import Category, CategoryTranslation


def translation(category: Category, code: str | None = None) -> CategoryTranslation | None:
    """What the category shows in a language other than Japanese, or None: Japanese, or no
    word of it anywhere (an empty field falls back to the Japanese)."""
    code = language.known(code or language.current())
    if code == language.JAPANESE:
        return None
    city = category.translation(code)
    common = glossary.translation((category.label, category.key), code)
    label = (city and city.label) or (common and common.label) or ""
    how_to = (city and city.how_to) or (common and common.how_to) or ""
    return CategoryTranslation(code, label, how_to) if label or how_to else None


def label(category: Category, code: str | None = None) -> str:
    found = translation(category, code)
    return (found and found.label) or category.label


def how_to(category: Category, code: str | None = None) -> str:
    found = translation(category, code)
    return (found and found.how_to) or category.how_to
