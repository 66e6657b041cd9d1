"""Garbage categories in the resident's language (issue 13): the calendar, the sorting guide,
the area's next collections and the reminder show the city's translations.csv words, else
the glossary's, else the Japanese; area and item names stay as the data has them."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Session

from bot.chat import texts
from bot.chat.language import speaking
from bot.chat.replies import Card, Carousel
from bot.garbage import localized
from bot.garbage.dataset import AreaRecord, CityData
from bot.garbage.schedule import Category, CategorySchedule, Schedule, WeekdayRule, collections_on
from bot.reminders.message import reminder_reply
from bot.store import garbage, garbage_choice, residents
from bot.store.reminders import ReminderMode
from tests.garbage_flows.support import (
    ASANOGAWA,
    IN_HIROSHIMA_DATA,
    TODAY_IN_KANAZAWA,
    import_city,
    schedule_of,
    the_list,
)
from tests.support.chat import Chat
from tests.support.languages import in_language

EBA = ("中区", "江波本町")


def resident_speaking(engine, language: str, area: tuple[str | None, str], now: datetime,
                      user: str = "U" + "1" * 32) -> Chat:
    """A resident whose LINE profile says `language` (the follow stores it), living in `area`."""
    chat = Chat(engine, user, profile_language=language)
    chat.now = now
    chat.follow()
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        assert resident.language == language
        [chosen] = [a for a in garbage.areas_under(session=session, top_level=area[0]) if a.name == area[1]]
        garbage_choice.choose_area(session=session, resident=resident, area_id=chosen.id)
        session.commit()
    return chat


def chips(chat: Chat) -> list[list[str]]:
    return [[chip.text for chip in row.chips] for row in the_list(chat).rows]


def cards(chat: Chat) -> list[Card]:
    [carousel] = [m for m in chat.last.messages if isinstance(m, Carousel)]
    return list(carousel.cards)


# --- the calendar ---------------------------------------------------------------------------


def test_the_week_in_english_and_in_japanese(kanazawa_engine):
    # Fri 11/27 – Thu 12/3: 燃やすごみ on Mondays and Thursdays, 資源 on the first Tuesday.
    english = resident_speaking(kanazawa_engine, "en", ASANOGAWA, TODAY_IN_KANAZAWA)
    english.say(texts.GARBAGE_DAYS)
    assert chips(english) == [[], [], [], ["Burnable waste"], ["Recyclables"], [], ["Burnable waste"]]
    assert "浅野川" in "\n".join(the_list(english).lines)  # the area's name stays the data's

    japanese = resident_speaking(kanazawa_engine, "ja", ASANOGAWA, TODAY_IN_KANAZAWA, user="U" + "2" * 32)
    japanese.say(texts.GARBAGE_DAYS)
    assert chips(japanese) == [[], [], [], ["燃やすごみ"], ["資源"], [], ["燃やすごみ"]]


def test_today_and_the_month_name_the_categories_in_the_resident_s_language(kanazawa_engine):
    chat = resident_speaking(kanazawa_engine, "zh", ASANOGAWA, TODAY_IN_KANAZAWA)
    chat.wait(3 * 24 * 60)  # Monday 11/30: 燃やすごみ
    chat.say(texts.TODAYS_GARBAGE)
    assert "可燃垃圾" in chat.last.messages[0].text
    chat.say(texts.MONTH_CALENDAR)
    assert {text for row in chips(chat) for text in row} == {"可燃垃圾", "不可燃垃圾（填埋）", "资源垃圾", "空玻璃瓶"}


def test_a_city_without_translations_shows_the_glossary_s_words(garbage_engine):
    # Hiroshima's data has no translations.csv: every category is a common one.
    chat = resident_speaking(garbage_engine, "ko", EBA, IN_HIROSHIMA_DATA)
    schedule = schedule_of(garbage_engine, EBA)
    chat.say(texts.GARBAGE_DAYS)
    expected = [[localized.label(c, "ko") for c in collections_on(schedule, date(2025, 12, d))] for d in range(1, 8)]
    assert chips(chat) == expected
    shown = {text for row in expected for text in row}
    assert "타는 쓰레기" in shown and not shown & {entry.category.label for entry in schedule.schedule.categories}


# --- the sorting guide ----------------------------------------------------------------------


def test_the_sorting_guide_in_english_keeps_the_japanese_name_beside(kanazawa_engine):
    chat = resident_speaking(kanazawa_engine, "en", ASANOGAWA, TODAY_IN_KANAZAWA)
    chat.say(texts.GARBAGE_SORTING)
    categories = cards(chat)
    assert [card.title for card in categories] == [
        "Non-burnable waste (landfill)", "Recyclables", "Burnable waste", "Empty glass bottles",
        "Bulky waste (fee)", "Not collected by the city", "Paid collection from your home",  # the glossary's
    ]
    assert categories[2].lines == ("Put it out in a semi-transparent bag on collection day.",)
    assert categories[2].note == "燃やすごみ"  # what the city's posters and bags say

    chat.say("ペットボトル")  # the item's name and notes stay the data's; its category is English
    first = cards(chat)[0]
    assert first.title == "ペットボトル(ペット)"
    assert dict(first.fields)[in_language("en", "FIELD_CATEGORY")] == "Recyclables"
    chat.say("アコーディオンカーテン")
    bulky = cards(chat)[0]
    assert dict(bulky.fields)[in_language("en", "FIELD_CATEGORY")] == "Bulky waste (fee)"
    assert "Bulky waste (fee)" in dict(bulky.fields)[in_language("en", "FIELD_NEXT_DAY")]


def test_the_sorting_guide_in_japanese_is_unchanged(kanazawa_engine):
    chat = resident_speaking(kanazawa_engine, "ja", ASANOGAWA, TODAY_IN_KANAZAWA)
    chat.say(texts.GARBAGE_SORTING)
    categories = cards(chat)
    assert [card.title for card in categories][:5] == ["燃やさないごみ", "資源", "燃やすごみ", "あきびん", "有料粗大ごみ"]
    assert categories[2].note is None and "半透明の袋に入れて出してください" in categories[2].lines[0]
    chat.say("ペットボトル")
    assert dict(cards(chat)[0].fields)[texts.FIELD_CATEGORY] == "資源"


# --- the area's next collections ---------------------------------------------------------------


def test_the_area_set_card_lists_the_next_collections_in_the_resident_s_language(kanazawa_engine):
    chat = Chat(kanazawa_engine, profile_language="ko")
    chat.now = TODAY_IN_KANAZAWA
    chat.follow()
    chat.say("浅野川")  # one area: straight to 「浅野川」でよろしいですか？
    with speaking("ko"):
        decide = texts.DECIDE
    chat.tap(decide)
    [card] = [m for m in chat.last.messages if isinstance(m, Card)]
    names = [name for name, _ in card.fields[1:]]
    assert names == ["타지 않는 쓰레기(매립)", "자원 쓰레기", "타는 쓰레기", "빈 유리병"]
    assert dict(card.fields)[names[2]]  # with its day


# --- a category nobody translates -------------------------------------------------------------


def test_a_category_with_no_translation_anywhere_stays_japanese(engine):
    burnable = Category(key="燃やすごみ", label="燃やすごみ", colour="#ea3b13")
    odd = Category(key="特定品目", label="特定品目", colour="#888888", how_to="市役所の窓口へお持ちください。")
    schedule = Schedule(categories=(CategorySchedule(burnable, rules=(WeekdayRule(0),)),
                                    CategorySchedule(odd, rules=(WeekdayRule(0),))))
    import_city(engine, CityData(code="odd", name="ある市", data_format="5374", categories=[burnable, odd],
                                 schedules={"all": schedule}, areas=[AreaRecord(name="本町", schedule_key="all")]))
    chat = resident_speaking(engine, "en", (None, "本町"), datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc))  # a Monday
    chat.say(texts.TODAYS_GARBAGE)
    assert "Burnable waste" in chat.last.messages[0].text and "特定品目" in chat.last.messages[0].text


# --- the reminder --------------------------------------------------------------------------------


def test_the_reminder_names_the_categories_and_their_first_how_to_sentence(kanazawa_engine):
    with Session(kanazawa_engine) as session:
        by_key = {c.key: c for c in garbage.categories(session=session, city="kanazawa")}
    collected = [by_key["燃やさないごみ"], by_key["有料粗大ごみ"]]
    with speaking("en"):
        [card] = reminder_reply(ReminderMode.DAY_BEFORE, date(2026, 12, 23), collected).messages
    assert card.title.endswith("Non-burnable waste (landfill)" + in_language("en", "CATEGORY_SEPARATOR") + "Bulky waste (fee)")
    assert card.lines == (
        in_language("en", "REMINDER_HOW_TO").format(label="Non-burnable waste (landfill)",
                                     how_to="Landfill waste, put out on the non-burnable waste day."),
        in_language("en", "REMINDER_HOW_TO").format(label="Bulky waste (fee)", how_to="Large items such as furniture, collected for a fee."),
    )
    [japanese] = reminder_reply(ReminderMode.DAY_BEFORE, date(2026, 12, 23), collected).messages
    assert japanese.title.endswith("燃やさないごみ・有料粗大ごみ")
    assert japanese.lines[0] == "燃やさないごみ：「週1回の燃やさないごみの日」に埋立ごみとして出せるものです。"
