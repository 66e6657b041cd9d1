"""ごみの捨て方 (the guide's calendar screen, SPEC §2.5): the categories with their
descriptions, then 品目名を入力してください — each typed item name (kanji, kana, part of it)
answers with the matching items, their category and notes, and the next collection day of
that category in the resident's area. No match → near matches to tap.

A city whose data has no item list (Hiroshima's calendar) gets the categories and says so.
The question stays open for the next item until キャンセル (or another menu) ends it.
"""
from __future__ import annotations

from datetime import date, timedelta

from bot.chat import language, texts
from bot.flows.base import IDLE, Flow, answer
from bot.flows.garbage_common import CHOOSE_AREA, area_label, city_today, covers, format_date, resident_area
from bot.garbage import localized
from bot.garbage.schedule import AreaSchedule, Category, next_collections
from bot.chat.replies import Button, Card, Carousel, Text
from bot.store import garbage, garbage_choice
from bot.store.garbage import ItemHit

ITEM = "item"  # the question: 品目名を入力してください
START = "start"  # the entry: the categories, then the question
LOOKUP = "lookup"  # the entry: one item's answer at once
ITEM_LIMIT = 10  # bubbles per answer (LINE allows 12)
NEAR_LIMIT = 5
CATEGORY_LIMIT = 12
MAX_QUICK_LABEL = 20


class SortingGuide(Flow):
    name = "sorting"
    states = [ITEM]
    transitions = [
        # Without items (only categories) there is no question to ask: the categories alone.
        {"trigger": START, "source": IDLE, "dest": ITEM, "conditions": "guide_has_items", "before": "show_categories"},
        answer(START, "show_categories"),
        answer(LOOKUP, "look_up"),  # an item typed outside any question (bot/flows/free_text.py)
        # Internal transitions: the answer is shown and the question stays open, unrepeated.
        {"trigger": "text", "source": ITEM, "dest": None, "after": "look_up"},
        {"trigger": "pick", "source": ITEM, "dest": None, "after": "look_up"},
    ]
    keywords = {texts.GARBAGE_SORTING: START}

    # --- entry -------------------------------------------------------------------------------
    def guide_has_items(self) -> bool:
        city = self._city()
        session = self.visit.session
        return bool(garbage.categories(session=session, city=city)) and garbage.has_items(session=session, city=city)

    def show_categories(self) -> None:
        categories = garbage.categories(session=self.visit.session, city=self._city())
        if not categories:
            self.say(Text(texts.NO_GARBAGE_DATA))
            return
        self.say(Carousel(cards=tuple(_category_card(c) for c in categories[:CATEGORY_LIMIT]), alt_text=texts.SORTING_TITLE))
        self._tell_if_area_gone()
        if not garbage.has_items(session=self.visit.session, city=self._city()):
            self.say(Text(texts.NO_SORTING_ITEMS))

    # --- question ----------------------------------------------------------------------------
    def ask_item(self) -> None:
        example = self.data.setdefault("example", self._example())
        self.say(Text(texts.ASK_ITEM + ("\n" + texts.ASK_ITEM_HINT.format(example=example) if example else "")))

    # --- answers -----------------------------------------------------------------------------
    def look_up(self) -> None:
        query = self.arg.strip()
        city = self._city()
        hits = garbage.search_items(session=self.visit.session, text=query, limit=ITEM_LIMIT, city=city)
        if not hits:
            near = garbage.near_items(session=self.visit.session, text=query, limit=NEAR_LIMIT, city=city)
            words = [texts.ITEM_NOT_FOUND.format(query=query)]
            if near:
                words.append(texts.ITEM_NEAR.format(names=language.join(hit.name for hit in near)))
                again = "pick" if self.state == ITEM else "lookup"  # outside the question: the entry
                self.offer(*(self.button(_quick_label(hit.name), again, hit.name) for hit in near))
            words.append(texts.ITEM_TRY_AGAIN)
            self.say(Text("\n".join(words)))
            return
        area = resident_area(self)
        today = city_today(self.visit)
        title = texts.ITEM_RESULTS.format(query=query, count=len(hits))
        self.say(
            Carousel(cards=tuple(_item_card(hit, area, today) for hit in hits), alt_text=title),
            Text(texts.ASK_ANOTHER_ITEM if self.state == ITEM else texts.ANOTHER_ITEM_ANYTIME),
        )
        if area is None:
            self.offer(Button(texts.GARBAGE_AREA, CHOOSE_AREA))

    # --- helpers -----------------------------------------------------------------------------
    def _city(self) -> str | None:
        """The city of the resident's area (a database may hold several); any, without one."""
        area = garbage_choice.chosen_area(session=self.visit.session, resident=self.resident)
        return area.city if area is not None else None

    def _tell_if_area_gone(self) -> None:
        area = garbage_choice.chosen_area(session=self.visit.session, resident=self.resident)
        if area is not None and area.retired:
            self.say(Text(texts.AREA_RETIRED.format(area=area_label(area))))
            self.offer(Button(texts.GARBAGE_AREA, CHOOSE_AREA))

    def _example(self) -> str:
        hits = garbage.search_items(session=self.visit.session, text="ペットボトル", limit=1, city=self._city())
        return "ペットボトル" if hits else ""


def _category_card(category: Category) -> Card:
    translated = localized.translation(category)
    title = (translated and translated.label) or category.label
    if translated and translated.how_to:
        lines: tuple[str, ...] = (translated.how_to,)
    else:  # the data's Japanese: its description, and the how-to where it says more
        text = category.description or category.how_to or category.label
        lines = (text,) if text == category.how_to or not category.how_to else (text, category.how_to)
    # Under a translated name, the Japanese one: what the city's posters and bags say.
    notes = [category.label] if title != category.label else []
    if category.sublabel:
        notes.append(category.sublabel)
    return Card(title=title, lines=lines, note=" / ".join(notes) or None, alt_text=title)


def _item_card(hit: ItemHit, area: AreaSchedule | None, today: date) -> Card:
    fields = [(texts.FIELD_CATEGORY, localized.label(hit.category)),
              (texts.FIELD_NEXT_DAY, _next_day(hit.category, area, today))]
    lines = (hit.notice,) if hit.notice else ()
    note = texts.SET_AREA_FOR_DAYS if area is None else None
    return Card(title=hit.name, lines=lines, fields=tuple(fields), note=note, alt_text=hit.name)


def _next_day(category: Category, area: AreaSchedule | None, today: date) -> str:
    if not category.collected:
        return texts.NOT_COLLECTED.format(category=localized.label(category))
    if area is None:
        return texts.NOT_SET
    found = next_collections(area, category, after=today - timedelta(days=1))
    if found and covers(area, found[0]):
        return format_date(found[0])
    return texts.NEXT_DAY_UNKNOWN if not covers(area, today) else texts.NO_NEXT_COLLECTION


def _quick_label(name: str) -> str:
    return name if len(name) <= MAX_QUICK_LABEL else name[: MAX_QUICK_LABEL - 1] + "…"
