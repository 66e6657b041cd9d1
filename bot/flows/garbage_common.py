"""What the garbage flows share: the city's today, dates as residents read them, the
resident's area (or why there is none), and how far the imported data reaches."""
from __future__ import annotations

from datetime import date, timedelta

from bot.chat import language, texts
from bot.flows.base import Flow, Visit
from bot.garbage import localized
from bot.garbage.schedule import Area, AreaSchedule, next_collections
from bot.chat.replies import Action, Text
from bot.store import garbage, garbage_choice

CHOOSE_AREA = Action("area", "start")  # the area flow's entry; reminders hand over to it too


def city_today(visit: Visit) -> date:
    """Today on the city's clock (BOT_TIMEZONE)."""
    return visit.local_now.date()


def format_date(day: date) -> str:
    """12月2日(水), Wed, Dec 2: in the language of the turn."""
    return language.format_day(day, texts.DATE)


def full_date(day: date) -> str:
    return language.format_day(day, texts.FULL_DATE)


def area_label(area: Area) -> str:
    """How an area is named to residents: its ward first where there are wards."""
    return f"{area.top_level} {area.name}" if area.top_level else area.name


def covers(area: AreaSchedule, day: date) -> bool:
    """Whether the imported data says anything about `day` (explicit calendars end)."""
    return (area.covers_from is None or area.covers_from <= day) and (
        area.covers_until is None or day <= area.covers_until
    )


def uncovered_message(area: AreaSchedule, first_asked: date) -> str:
    """Why no dates are shown from `first_asked` on: the data ends before, or starts after."""
    if area.covers_until is not None and first_asked > area.covers_until:
        return texts.DATA_ENDED.format(last=full_date(area.covers_until), first_asked=full_date(first_asked))
    return texts.DATA_NOT_STARTED.format(first=full_date(area.covers_from))


def data_period(area: AreaSchedule) -> str | None:
    if area.covers_from is None or area.covers_until is None:
        return None
    return texts.DATA_PERIOD.format(first=full_date(area.covers_from), last=full_date(area.covers_until))


def next_collection_days(area: AreaSchedule, today: date) -> list[tuple[str, str]]:
    """(category, its next collection day from today on) for each category collected in the area."""
    rows = []
    for entry in area.schedule.categories:
        if not entry.category.collected:
            continue
        found = next_collections(area, entry.category, after=today - timedelta(days=1))
        rows.append((localized.label(entry.category), format_date(found[0]) if found else texts.NO_NEXT_COLLECTION))
    return rows


def resident_area(flow: Flow) -> AreaSchedule | None:
    """The resident's current area with its schedule, or None (no choice, or a choice gone)."""
    area = garbage_choice.chosen_area(session=flow.visit.session, resident=flow.resident)
    if area is None or area.retired:
        return None
    return garbage.load_area_schedule(session=flow.visit.session, area_id=area.id)


def area_or_choose(flow: Flow) -> AreaSchedule | None:
    """The resident's area with its schedule. Without one, say why and start the area flow
    (as the guide's calendar popup does); an area gone in a re-import is named."""
    area = garbage_choice.chosen_area(session=flow.visit.session, resident=flow.resident)
    if area is not None and not area.retired:
        return garbage.load_area_schedule(session=flow.visit.session, area_id=area.id)
    if area is not None:
        flow.say(Text(texts.AREA_RETIRED.format(area=area_label(area))))
    else:
        flow.say(Text(texts.AREA_NEEDED))
    flow.hand_over(CHOOSE_AREA)
    return None
