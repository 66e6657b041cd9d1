"""ごみ収集地域 (guide §3 ごみ収集地域設定, SPEC §2.3): choose where the resident's garbage
is collected. Diagram: docs/garbage-flows.md.

top (地区を選択する: a ward; for one-level data, the kana rows あ…わ that have areas) → areas
(at most 12 a page, 次へ / 前へ; a row's areas in reading order, the rows offered beside) →
confirm (「…」でよろしいですか？ 決定 / 選び直す) → done.
One-level data without readings starts at the areas, in the data's order (readings are made at
import, bot/garbage/readings.py, so that is only a city whose names could not be read).
Typing part of a name or its reading at any step offers the matches (matches); one match goes
straight to confirm; a typed ward name opens that ward.
"""
from __future__ import annotations

from functools import cached_property

from bot.chat import texts
from bot.flows.base import IDLE, Flow, answer
from bot.flows import calendar, reminders
from bot.flows.calendar import GarbageCalendar
from bot.flows.reminders import GarbageReminders
from bot.flows.garbage_common import CHOOSE_AREA, area_label, city_today, covers, next_collection_days, uncovered_message
from bot.garbage import kana
from bot.garbage.schedule import Area
from bot.chat.replies import Action, Button, Card, Confirm, ListCard, Row, Text
from bot.store import garbage, garbage_choice

TOP, AREAS, MATCHES, CONFIRM = "top", "areas", "matches", "confirm"
START = CHOOSE_AREA.name  # the entry: ごみ収集地域 (other garbage flows hand over to it)
SEARCH = "search"  # the entry: the areas matching words typed outside any question
ASKING = [TOP, AREAS, MATCHES, CONFIRM]
PAGE_SIZE = 12  # areas on a page (SPEC §2.3)
MATCH_LIMIT = 12  # search results shown at once
NEAR_LIMIT = 5
MAX_TOP_QUICK_REPLIES = 12  # beside キャンセル
REMINDERS = GarbageReminders.action(reminders.SHOW)
GARBAGE_DAYS = GarbageCalendar.action(calendar.WEEK_VIEW)


class AreaChoice(Flow):
    name = "area"
    states = ASKING
    transitions = [
        # 地区を選択する, or the list itself when the data has no level to choose first.
        answer(START, "say_no_data", unless="has_data"),
        {"trigger": START, "source": IDLE, "dest": TOP, "conditions": "has_top_step"},
        {"trigger": START, "source": IDLE, "dest": AREAS, "before": "restart_list"},
        # Words typed outside any question (bot/flows/free_text.py): the areas they match.
        {"trigger": SEARCH, "source": IDLE, "dest": CONFIRM, "conditions": "typed_one_area", "before": "keep_typed_area"},
        {"trigger": SEARCH, "source": IDLE, "dest": MATCHES, "conditions": "typed_some_areas", "before": "keep_matches"},
        answer(SEARCH, "offer_choosing"),
        {"trigger": "choose_top", "source": TOP, "dest": AREAS, "conditions": "top_known", "before": "keep_top"},
        {"trigger": "choose_row", "source": [TOP, AREAS], "dest": AREAS, "conditions": "row_known", "before": "keep_row"},
        {"trigger": "page", "source": AREAS, "dest": "=", "before": "keep_page"},
        {"trigger": "choose_area", "source": [AREAS, MATCHES], "dest": CONFIRM, "conditions": "area_choosable", "before": "keep_area"},
        # Typed words, tried in order: a ward's name, one matching area, several (or near) ones.
        {"trigger": "text", "source": [TOP, AREAS], "dest": AREAS, "conditions": "typed_row", "before": "keep_row"},
        {"trigger": "text", "source": ASKING, "dest": AREAS, "conditions": "typed_top", "before": "keep_typed_top"},
        {"trigger": "text", "source": ASKING, "dest": CONFIRM, "conditions": "typed_one_area", "before": "keep_typed_area"},
        {"trigger": "text", "source": ASKING, "dest": MATCHES, "conditions": "typed_some_areas", "before": "keep_matches"},
        {"trigger": "decide", "source": CONFIRM, "dest": IDLE, "after": "save"},
        {"trigger": "choose_again", "source": [AREAS, MATCHES, CONFIRM], "dest": TOP, "conditions": "has_top_step"},
        {"trigger": "choose_again", "source": [AREAS, MATCHES, CONFIRM], "dest": AREAS, "unless": "has_top_step", "before": "restart_list"},
    ]
    keywords = {texts.GARBAGE_AREA: START}

    # --- entry -----------------------------------------------------------------------------
    def has_data(self) -> bool:
        return bool(self._tops) or bool(garbage.areas_under(session=self.visit.session, top_level=None))

    def say_no_data(self) -> None:
        self.say(Text(texts.NO_GARBAGE_DATA))

    def offer_choosing(self) -> None:
        """The typed words match no area any more (a choice tapped after a re-import): said by
        typed_some_areas; offer the list instead."""
        self.offer(self.button(texts.GARBAGE_AREA, START))

    # --- questions ---------------------------------------------------------------------------
    def ask_top(self) -> None:
        if self._tops:
            prompt, labels = texts.ASK_GARBAGE_WARD, [(top, self.button(top, "choose_top", top)) for top in self._tops]
        else:
            prompt, labels = texts.ASK_KANA_ROW, [(row, self._row_button(row)) for row in self._rows]
        first = garbage.areas_under(session=self.visit.session, top_level=self._tops[0] if self._tops else None)
        lines = (prompt, texts.TYPE_TO_SEARCH.format(example=_example(first)))
        buttons = [button for _, button in labels]
        if len(buttons) <= MAX_TOP_QUICK_REPLIES:
            self.say(Text("\n".join((texts.CHOOSE_DISTRICT, *lines))))
            self.offer(*buttons)
        else:  # more wards than quick replies: a list to tap
            self.say(ListCard(title=texts.CHOOSE_DISTRICT, lines=lines, rows=tuple(Row(b.label, choice=b) for b in buttons)))

    def ask_areas(self) -> None:
        areas = self._level_areas()
        start = min(self.data.get("start", 0), max(len(areas) - 1, 0))
        shown = areas[start : start + PAGE_SIZE]
        level = self.data.get("top") or texts.ALL_AREAS
        if self.data.get("row"):
            ward, row = self.data.get("top"), self.data["row"]
            level = texts.ROW_LEVEL.format(level=ward, row=row) if ward else texts.ROW_ONLY.format(row=row)
        title = texts.AREA_PAGE_TITLE.format(level=level, first=start + 1, last=start + len(shown), total=len(areas))
        back = (self.button(texts.CHOOSE_AGAIN, "choose_again"),) if self.has_top_step() else ()
        self.say(
            ListCard(
                title=title,
                lines=(texts.TAP_YOUR_AREA, texts.TYPE_TO_SEARCH.format(example=_example(areas))),
                rows=tuple(Row(area.name, choice=self._area_button(area, area.name)) for area in shown),
                buttons=back,
                alt_text=title,
            )
        )
        if start > 0:
            self.offer(self.button(texts.PREVIOUS_PAGE, "page", str(max(start - PAGE_SIZE, 0))))
        if start + PAGE_SIZE < len(areas):
            self.offer(self.button(texts.NEXT_PAGE, "page", str(start + PAGE_SIZE)))
        # the other rows of this level, one tap away
        self.offer(*(self._row_button(row) for row in self._rows_here if row != self.data.get("row")))

    def ask_matches(self) -> None:
        found = [a for a in (garbage.get_area(session=self.visit.session, area_id=i) for i in self.data["matches"]) if a]
        query = self.data["query"]
        if self.data.get("near"):
            title, lines = texts.NEAR_TITLE.format(query=query), (texts.NEAR_PROMPT,)
        elif self.data.get("more"):
            title = texts.MATCHES_TITLE_MANY.format(query=query, count=len(found))
            lines = (texts.TOO_MANY_MATCHES.format(shown=len(found)),)
        else:
            title, lines = texts.MATCHES_TITLE.format(query=query, count=len(found)), (texts.TAP_YOUR_AREA,)
        self.say(
            ListCard(
                title=title,
                lines=lines,
                rows=tuple(Row(area_label(a), choice=self._area_button(a, area_label(a))) for a in found),
                buttons=(self.button(texts.CHOOSE_AGAIN, "choose_again"),),
                alt_text=title,
            )
        )

    def ask_confirm(self) -> None:
        area = garbage.get_area(session=self.visit.session, area_id=self.data["area_id"])
        self.say(
            Confirm(
                text=texts.CONFIRM_AREA.format(area=area_label(area)),
                yes=self.button(texts.DECIDE, "decide", primary=True),
                no=self.button(texts.CHOOSE_AGAIN, "choose_again"),
            )
        )

    # --- answers: the picker -----------------------------------------------------------------
    def top_known(self) -> bool:
        return self.arg in self._tops

    def keep_top(self) -> None:
        self.data.update(top=self.arg, row=None, start=0)

    def row_known(self) -> bool:
        return self.arg in kana.KANA_ROWS

    def keep_row(self) -> None:
        """The row's areas (of the ward chosen, if any), from their first page."""
        self.data.update(row=self.arg, start=0)

    def keep_page(self) -> None:
        self.data["start"] = int(self.arg) if self.arg.isdigit() else 0

    def area_choosable(self) -> bool:
        area = garbage.get_area(session=self.visit.session, area_id=int(self.arg)) if self.arg.isdigit() else None
        if area is None or area.retired:
            self.refuse(texts.AREA_UNAVAILABLE)
            return False
        return True

    def keep_area(self) -> None:
        self.data["area_id"] = int(self.arg)

    def has_top_step(self) -> bool:
        return bool(self._tops or self._rows)

    def restart_list(self) -> None:
        self.data.update(top=None, row=None, start=0)

    # --- answers: typed words ------------------------------------------------------------------
    def typed_row(self) -> bool:
        """A row's letter typed where the rows are offered (あ … わ, as the quick replies say)."""
        return self.arg in self._rows_here

    @cached_property
    def _rows_here(self) -> list[str]:
        """The rows offered now: of the ward chosen, or of one-level data."""
        if not (self.data.get("top") or self._rows):
            return []
        return garbage.kana_rows(session=self.visit.session, top_level=self.data.get("top"))

    def typed_top(self) -> bool:
        return self._typed_top is not None

    def keep_typed_top(self) -> None:
        self.data.update(top=self._typed_top, row=None, start=0)

    def typed_one_area(self) -> bool:
        return len(self._typed_matches) == 1

    def keep_typed_area(self) -> None:
        self.data["area_id"] = self._typed_matches[0].id

    def typed_some_areas(self) -> bool:
        if self._typed_matches or self._typed_near:
            return True
        self.refuse(texts.AREA_NOT_FOUND.format(query=self.arg))
        return False

    def keep_matches(self) -> None:
        found = self._typed_matches[:MATCH_LIMIT] or self._typed_near
        self.data.update(
            matches=[a.id for a in found], query=self.arg,
            near=not self._typed_matches, more=len(self._typed_matches) > MATCH_LIMIT,
        )

    # --- done ------------------------------------------------------------------------------------
    def save(self) -> None:
        """Store the area; say so with the next collection days and the way to reminders."""
        area = garbage.get_area(session=self.visit.session, area_id=self.data["area_id"])
        if area is None or area.retired:  # gone in a re-import while the resident was choosing
            self.say(Text(texts.AREA_UNAVAILABLE))
            self.hand_over(Action(self.name, START))
            return
        garbage_choice.choose_area(session=self.visit.session, resident=self.resident, area_id=area.id)
        schedule = garbage.load_area_schedule(session=self.visit.session, area_id=area.id)
        today = city_today(self.visit)
        fields = ((texts.FIELD_GARBAGE_AREA, area_label(area)),)
        lines: tuple[str, ...] = ()
        if covers(schedule, today):
            fields += tuple(next_collection_days(schedule, today))
            lines = (texts.NEXT_COLLECTIONS,)
        note = texts.AREA_SET_NEXT if covers(schedule, today) else uncovered_message(schedule, today)
        self.say(
            Card(
                title=texts.AREA_SET,
                lines=lines,
                fields=fields,
                note=note,
                buttons=(
                    Button(texts.GARBAGE_REMINDERS, REMINDERS, primary=True),
                    Button(texts.GARBAGE_DAYS, GARBAGE_DAYS),
                ),
                alt_text=texts.AREA_SET,
            )
        )

    # --- helpers ---------------------------------------------------------------------------------
    @cached_property
    def _tops(self) -> list[str]:
        return garbage.top_levels(session=self.visit.session)

    @cached_property
    def _rows(self) -> list[str]:
        """The kana-row index of one-level data with readings (none for wards, or no readings)."""
        return [] if self._tops else garbage.kana_rows(session=self.visit.session)

    def _level_areas(self) -> list[Area]:
        top, row = self.data.get("top"), self.data.get("row")
        if row:
            return garbage.areas_in_kana_row(session=self.visit.session, row=row, top_level=top)
        return garbage.areas_under(session=self.visit.session, top_level=top)

    def _area_button(self, area: Area, label: str) -> Button:
        return self.button(label, "choose_area", str(area.id))

    def _row_button(self, row: str) -> Button:
        return self.button(texts.KANA_ROW.format(row=row), "choose_row", row)

    @cached_property
    def _typed_top(self) -> str | None:
        typed = kana.normalize(self.arg)
        return next((top for top in self._tops if kana.normalize(top) == typed), None)

    @cached_property
    def _typed_matches(self) -> list[Area]:
        return garbage.search_areas(session=self.visit.session, text=self.arg, limit=MATCH_LIMIT + 1)

    @cached_property
    def _typed_near(self) -> list[Area]:
        if self._typed_matches:
            return []
        return garbage.near_areas(session=self.visit.session, text=self.arg, limit=NEAR_LIMIT)


def _example(areas: list[Area]) -> str:
    """Something to type: the start of the first area's name."""
    return areas[0].name[:3] if areas else "…"

