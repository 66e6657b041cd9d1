"""ごみ収集日 / 今日のごみ / 明日のごみ / 今月のカレンダー (SPEC §2.5), and what happens
without an area, with an area gone, and on days the data does not cover."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


from bot.chat import texts
from bot.garbage.schedule import collections_on
from bot.chat.replies import ListCard
from tests.garbage_flows.support import (
    AFTER_HIROSHIMA_DATA,
    IN_HIROSHIMA_DATA,
    hiroshima_date,
    import_city,
    resident_in,
    the_list,
    schedule_of,
    small_city,
    where,
)
from tests.support.chat import Chat

EBA = ("中区", "江波本町")


def test_the_next_seven_days_with_their_categories(garbage_engine):
    chat = resident_in(garbage_engine, EBA)
    schedule = schedule_of(garbage_engine, EBA)
    chat.say(texts.GARBAGE_DAYS)
    week = the_list(chat)
    today = date(2025, 12, 1)  # 09:00 in Tokyo
    assert week.title == "ごみ収集日（12月1日(月)〜12月7日(日)）"
    assert "地域：中区 江波本町" in week.lines
    assert len(week.rows) == 7
    assert week.rows[0].label.startswith(texts.TODAY_MARK) and week.rows[0].highlight
    assert week.rows[1].label.startswith(texts.TOMORROW_MARK)
    for offset, row in enumerate(week.rows):
        expected = collections_on(schedule, today + timedelta(days=offset))
        assert [chip.text for chip in row.chips] == [c.label for c in expected]
        assert [chip.colour for chip in row.chips] == [c.colour for c in expected]
        assert row.value == ("" if expected else texts.NO_COLLECTION)
    assert chat.quick_replies()[:3] == [texts.MONTH_CALENDAR, texts.GARBAGE_SORTING, texts.GARBAGE_AREA]


def test_today_and_tomorrow_say_the_day_then_show_the_week(garbage_engine):
    chat = resident_in(garbage_engine, EBA)
    schedule = schedule_of(garbage_engine, EBA)
    for keyword, day in ((texts.TODAYS_GARBAGE, date(2025, 12, 1)), (texts.TOMORROWS_GARBAGE, date(2025, 12, 2))):
        chat.say(keyword)
        found = "・".join(c.label for c in collections_on(schedule, day))
        first = chat.last.messages[0].text
        assert f"{day.month}月{day.day}日" in first
        assert (found and f"は {found} の日です" in first) or (not found and "収集はありません" in first)
        assert len(the_list(chat).rows) == 7


def test_this_month_and_the_next(garbage_engine):
    chat = resident_in(garbage_engine, EBA)
    schedule = schedule_of(garbage_engine, EBA)
    chat.say(texts.MONTH_CALENDAR)
    month = the_list(chat)
    assert month.title == "2025年12月のごみ収集日"
    collected = [date(2025, 12, d) for d in range(1, 32) if collections_on(schedule, date(2025, 12, d))]
    assert len(month.rows) == len(collected)  # only the days with a collection
    chat.tap(texts.NEXT_MONTH_CALENDAR)
    assert the_list(chat).title == "2026年1月のごみ収集日"
    assert texts.MONTH_CALENDAR in chat.quick_replies()


def test_dates_the_data_does_not_cover_are_said_to_be_missing(garbage_engine):
    # Today (2026-11-27) is after Hiroshima's FY2025 calendar: no dates are made up.
    chat = resident_in(garbage_engine, EBA, now=AFTER_HIROSHIMA_DATA)
    for keyword in (texts.GARBAGE_DAYS, texts.MONTH_CALENDAR, texts.TODAYS_GARBAGE):
        chat.say(keyword)
        assert not any(isinstance(m, ListCard) for m in chat.last.messages), keyword
        assert "2026年3月31日(火)までの分" in chat.texts(), keyword

    # A week running past the end: the days after 3/31 are marked, and a note says why.
    chat.now = hiroshima_date(date(2026, 3, 28))
    chat.say(texts.GARBAGE_DAYS)
    rows = the_list(chat).rows
    assert [row.value for row in rows[4:]] == [texts.NO_DATA] * 3
    assert all(row.value != texts.NO_DATA for row in rows[:4])
    assert "2026年3月31日(火)" in the_list(chat).note


def test_the_day_changes_at_midnight_in_the_city(garbage_engine):
    chat = resident_in(garbage_engine, EBA)
    chat.now = datetime(2025, 12, 1, 15, 30, tzinfo=timezone.utc)  # 00:30 on 12/2 in Tokyo
    chat.say(texts.GARBAGE_DAYS)
    assert the_list(chat).rows[0].label == f"{texts.TODAY_MARK} 12月2日(火)"


def test_no_area_yet_starts_the_area_flow(garbage_engine):
    chat = Chat(garbage_engine)
    chat.now = IN_HIROSHIMA_DATA
    chat.follow()
    chat.say(texts.GARBAGE_DAYS)
    assert texts.AREA_NEEDED in chat.texts() and texts.CHOOSE_DISTRICT in chat.texts()
    assert where(garbage_engine, chat) == ("area", "top")
    chat.tap("中区")
    chat.say("江波本町")  # the only match: straight to the confirmation
    chat.tap(texts.DECIDE)
    assert texts.AREA_SET in chat.texts()
    chat.tap(texts.GARBAGE_DAYS)
    assert len(the_list(chat).rows) == 7


def test_an_area_gone_in_a_reimport_is_named_and_chosen_again(engine):
    towns = [("北区", "北町", "きたまち"), ("北区", "旧町", "きゅうまち")]
    import_city(engine, small_city(*towns))
    chat = resident_in(engine, ("北区", "旧町"), now=datetime(2026, 11, 27, tzinfo=timezone.utc))
    chat.say(texts.GARBAGE_DAYS)
    assert len(the_list(chat).rows) == 7  # weekday rules: any year

    report = import_city(engine, small_city(towns[0]))  # 旧町 is gone from the data
    assert [a.name for a in report.vanished] == ["旧町"]

    chat.say(texts.GARBAGE_DAYS)
    assert "「北区 旧町」は、収集日データの更新でなくなりました" in chat.texts()
    assert where(engine, chat) == ("area", "top")  # choosing again, at once
    chat.say(texts.CANCEL)
    chat.say(texts.GARBAGE_AREA)
    chat.tap("北区")
    chat.tap("北町")
    chat.tap(texts.DECIDE)
    assert texts.AREA_SET in chat.texts()
    chat.say(texts.TOMORROWS_GARBAGE)
    assert where(engine, chat) == (None, None)
    assert "明日 11月28日(土)" in chat.texts()


def test_calendar_needs_no_question_state(garbage_engine):
    chat = resident_in(garbage_engine, EBA)
    for keyword in (texts.GARBAGE_DAYS, texts.TODAYS_GARBAGE, texts.TOMORROWS_GARBAGE, texts.MONTH_CALENDAR):
        chat.say(keyword)
        assert where(garbage_engine, chat) == (None, None), keyword
