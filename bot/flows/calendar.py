"""ごみ収集日 (the guide's calendar screen, SPEC §2.5): the next 7 days of the resident's area
with coloured categories, 今日のごみ / 明日のごみ, and a month at a time.

No area yet → the area flow starts (as the guide's first popup does); an area gone in a
re-import is named and chosen again. Dates the data does not cover are said to be missing,
never guessed (an explicit calendar ends with its fiscal year).
"""
from __future__ import annotations

from datetime import date, timedelta

from bot.chat import language, texts
from bot.flows import sorting
from bot.flows.base import Flow, answer
from bot.flows.sorting import SortingGuide
from bot.flows.garbage_common import (
    CHOOSE_AREA,
    area_label,
    area_or_choose,
    city_today,
    covers,
    data_period,
    format_date,
    full_date,
    uncovered_message,
)
from bot.garbage import localized
from bot.garbage.schedule import AreaSchedule, Category, collections_on, month_calendar, upcoming
from bot.chat.replies import Button, Chip, ListCard, Row, Text

WEEK = 7
TODAY, TOMORROW, WEEK_VIEW, MONTH = "today", "tomorrow", "week", "month"


class GarbageCalendar(Flow):
    name = "calendar"
    transitions = [answer(WEEK_VIEW, "show_week"), answer(TODAY, "show_today"), answer(TOMORROW, "show_tomorrow"),
                   answer(MONTH, "show_month")]
    keywords = {
        texts.GARBAGE_DAYS: WEEK_VIEW,
        texts.TODAYS_GARBAGE: TODAY,
        texts.TOMORROWS_GARBAGE: TOMORROW,
        texts.MONTH_CALENDAR: MONTH,
    }

    # --- entries -------------------------------------------------------------------------------
    def show_week(self) -> None:
        area = area_or_choose(self)
        if area is not None:
            self._show_week(area, city_today(self.visit))

    def show_today(self) -> None:
        self._one_day(0, texts.TODAY_IS, texts.TODAY_NONE)

    def show_tomorrow(self) -> None:
        self._one_day(1, texts.TOMORROW_IS, texts.TOMORROW_NONE)

    def show_month(self) -> None:
        """This month, or the month in the tapped button's argument ("2026-12")."""
        area = area_or_choose(self)
        if area is None:
            return
        today = city_today(self.visit)
        year, month = _month_arg(self.arg) or (today.year, today.month)
        days = month_calendar(area, year, month)
        shown = [(day, found) for day, found in days if covers(area, day)]
        title = texts.MONTH_TITLE.format(month=language.format_day(date(year, month, 1), texts.MONTH))
        if not shown:
            self.say(Text(f"{title}\n{uncovered_message(area, days[0][0])}"))
        else:
            rows = tuple(_day_row(day, found, today) for day, found in shown if found)
            notes = [n for n in (None if len(shown) == len(days) else _partly(area), data_period(area)) if n]
            self.say(
                ListCard(
                    title=title,
                    lines=(texts.AREA_LINE.format(area=area_label(area.area)),)
                    + (() if rows else (texts.NO_COLLECTIONS_IN_MONTH,)),
                    rows=rows,
                    note="\n".join(notes) or None,
                    alt_text=title,
                )
            )
        this_month = (year, month) == (today.year, today.month)
        if this_month:
            following = date(year + month // 12, month % 12 + 1, 1)
            self.offer(self.button(texts.NEXT_MONTH_CALENDAR, MONTH, f"{following:%Y-%m}"))
        else:
            self.offer(Button(texts.MONTH_CALENDAR, self.action(MONTH)))
        self.offer(Button(texts.GARBAGE_DAYS, self.action(WEEK_VIEW)), *_more())

    # --- showing ---------------------------------------------------------------------------------
    def _one_day(self, offset: int, collected: str, none: str) -> None:
        area = area_or_choose(self)
        if area is None:
            return
        today = city_today(self.visit)
        day = today + timedelta(days=offset)
        if not covers(area, day):
            self.say(Text(texts.DAY_UNKNOWN.format(date=format_date(day))))
        else:
            found = collections_on(area, day)
            words = collected.format(date=format_date(day), categories=_names(found)) if found else none.format(date=format_date(day))
            self.say(Text(words))
        self._show_week(area, today)

    def _show_week(self, area: AreaSchedule, today: date) -> None:
        days = upcoming(area, today, WEEK)
        if not any(covers(area, day) for day, _ in days):
            self.say(Text(uncovered_message(area, today)))
        else:
            title = texts.WEEK_TITLE.format(first=format_date(days[0][0]), last=format_date(days[-1][0]))
            covered_all = all(covers(area, day) for day, _ in days)
            self.say(
                ListCard(
                    title=title,
                    lines=(texts.AREA_LINE.format(area=area_label(area.area)),),
                    rows=tuple(_day_row(day, found, today, known=covers(area, day)) for day, found in days),
                    note=None if covered_all else _partly(area),
                    alt_text=_week_summary(days, area),
                )
            )
        self.offer(Button(texts.MONTH_CALENDAR, self.action(MONTH)), *_more())


def _more() -> tuple[Button, ...]:
    return (
        Button(texts.GARBAGE_SORTING, SortingGuide.action(sorting.START)),
        Button(texts.GARBAGE_AREA, CHOOSE_AREA),
    )


def _day_row(day: date, found: list[Category], today: date, known: bool = True) -> Row:
    label = format_date(day)
    if day == today:
        label = f"{texts.TODAY_MARK} {label}"
    elif day == today + timedelta(days=1):
        label = f"{texts.TOMORROW_MARK} {label}"
    if not known:
        return Row(label, value=texts.NO_DATA, highlight=day == today)
    if not found:
        return Row(label, value=texts.NO_COLLECTION, highlight=day == today)
    return Row(label, chips=tuple(Chip(localized.label(c), c.colour) for c in found), highlight=day == today)


def _names(found: list[Category]) -> str:
    return texts.CATEGORY_SEPARATOR.join(localized.label(c) for c in found)


def _week_summary(days, area: AreaSchedule) -> str:
    """The alt text (notifications, old phones): the days with a collection, in words."""
    parts = [f"{format_date(day)} {_names(found)}" for day, found in days if found and covers(area, day)]
    return texts.LABELLED.format(label=texts.GARBAGE_DAYS, value=language.join(parts) if parts else texts.NO_COLLECTION)


def _partly(area: AreaSchedule) -> str:
    return texts.PARTLY_COVERED.format(
        first=full_date(area.covers_from) if area.covers_from else "",
        last=full_date(area.covers_until) if area.covers_until else "",
    )


def _month_arg(arg: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in arg.split("-"))
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None
