"""ごみの捨て方 (SPEC §2.5) and the one-level picker (Kanazawa: no wards, no readings)."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.chat import texts
from bot.flows.area import PAGE_SIZE
from bot.garbage import kana
from bot.garbage.schedule import next_collections
from bot.chat.replies import Carousel, ListCard
from bot.store import garbage, residents
from tests.garbage_flows.support import IN_HIROSHIMA_DATA
from tests.garbage_flows.support import ASANOGAWA, TODAY_IN_KANAZAWA, resident_in, schedule_of, where
from tests.support.chat import Chat


def cards(chat: Chat) -> list:
    [carousel] = [m for m in chat.last.messages if isinstance(m, Carousel)]
    return list(carousel.cards)


def field(card, label: str) -> str:
    return dict(card.fields)[label]


def test_categories_then_items_with_their_next_collection_day(kanazawa_engine):
    chat = resident_in(kanazawa_engine, ASANOGAWA, now=TODAY_IN_KANAZAWA)
    schedule = schedule_of(kanazawa_engine, ASANOGAWA)

    chat.say(texts.GARBAGE_SORTING)
    assert [card.title for card in cards(chat)][:4] == ["燃やさないごみ", "資源", "燃やすごみ", "あきびん"]
    assert "半透明の袋に入れて出してください" in chat.texts()
    assert texts.ASK_ITEM in chat.texts()
    assert where(kanazawa_engine, chat) == ("sorting", "item")

    # kana, katakana, half width: the same items; the category's next day in the resident's area
    for typed in ("ぺっとぼとる", "ペットボトル", "ﾍﾟｯﾄﾎﾞﾄﾙ"):
        chat.say(typed)
        first = cards(chat)[0]
        assert first.title == "ペットボトル(ペット)", typed
        assert field(first, texts.FIELD_CATEGORY) == "資源"
        [next_day] = next_collections(schedule, "資源", after=date(2026, 11, 26))
        assert field(first, texts.FIELD_NEXT_DAY) == f"{next_day.month}月{next_day.day}日({'月火水木金土日'[next_day.weekday()]})"
        assert "キャップを外し洗う" in first.lines
        assert where(kanazawa_engine, chat) == ("sorting", "item")  # the next item can be typed

    # kanji, part of a name; an item with no collection day says so
    chat.say("冷蔵庫")
    hit = cards(chat)[0]
    assert "冷蔵庫" in hit.title and field(hit, texts.FIELD_NEXT_DAY).startswith("収集日はありません")


def test_no_match_suggests_near_items_to_tap(kanazawa_engine):
    chat = resident_in(kanazawa_engine, ASANOGAWA, now=TODAY_IN_KANAZAWA)
    chat.say(texts.GARBAGE_SORTING)
    chat.say("ペットボトレ")
    assert "「ペットボトレ」に当てはまる品目は見つかりませんでした" in chat.texts()
    assert "もしかして：" in chat.texts()
    suggestion = next(label for label in chat.quick_replies() if label.startswith("ペットボトル"))
    chat.tap(suggestion)
    assert cards(chat)[0].title.startswith("ペットボトル")
    # Keywords still work while the question is open
    chat.say(texts.GARBAGE_DAYS)
    assert where(kanazawa_engine, chat) == (None, None)
    assert any(isinstance(m, ListCard) for m in chat.last.messages)


def test_without_an_area_items_are_shown_and_the_area_is_offered(kanazawa_engine):
    chat = Chat(kanazawa_engine)
    chat.now = TODAY_IN_KANAZAWA
    chat.follow()
    chat.say(texts.GARBAGE_SORTING)
    chat.say("乾電池")
    hit = cards(chat)[0]
    assert field(hit, texts.FIELD_NEXT_DAY) == texts.NOT_SET and hit.note == texts.SET_AREA_FOR_DAYS
    assert texts.GARBAGE_AREA in chat.quick_replies()


def test_a_city_without_items_says_so(garbage_engine):
    chat = resident_in(garbage_engine, ("中区", "江波本町"), now=IN_HIROSHIMA_DATA)
    chat.say(texts.GARBAGE_SORTING)
    assert [card.title for card in cards(chat)] == ["可燃ごみ", "リサイクルプラ", "その他プラ", "資源ごみ", "不燃ごみ", "大型ごみ"]
    assert texts.NO_SORTING_ITEMS in chat.texts()
    assert where(garbage_engine, chat) == (None, None)  # nothing to ask


def test_one_level_data_has_a_kana_row_index(kanazawa_engine):
    chat = Chat(kanazawa_engine)
    chat.now = TODAY_IN_KANAZAWA
    chat.follow()
    with Session(kanazawa_engine) as session:
        areas = garbage.areas_under(session=session, top_level=None)
    assert len(areas) == 71

    # 地区を選択する: the rows that have areas (Kanazawa has none in わ), then each row's areas
    chat.say(texts.GARBAGE_AREA)
    assert texts.CHOOSE_DISTRICT in chat.texts()
    assert chat.quick_replies() == ["あ", "か", "さ", "た", "な", "は", "ま", "や", texts.CANCEL]
    seen = []
    for row in ("あ", "か", "さ", "た", "な", "は", "ま", "や"):
        chat.say(texts.GARBAGE_AREA)
        chat.tap(row)
        in_row = []
        while True:
            [page] = [m for m in chat.last.messages if isinstance(m, ListCard)]
            assert page.title.startswith(f"{row}行")
            in_row += [r.label for r in page.rows]
            assert len(page.rows) <= PAGE_SIZE
            if texts.NEXT_PAGE not in chat.quick_replies():
                break
            chat.tap(texts.NEXT_PAGE)
        readings = [next(a.reading for a in areas if a.name == name) for name in in_row]
        assert readings == sorted(readings) and all(kana.kana_row(r) == row for r in readings)
        seen += in_row
    assert sorted(seen) == sorted(a.name for a in areas)  # every area in exactly one row

    # あ: Kanazawa's 11 あ-row areas fit on one page (paging within a row: Hiroshima's wards)
    chat.say(texts.GARBAGE_AREA)
    chat.tap("あ")
    assert texts.NEXT_PAGE not in chat.quick_replies() and "あ" not in chat.quick_replies()
    chat.tap("押野")
    chat.tap(texts.CHOOSE_AGAIN)  # back to the rows
    assert chat.quick_replies()[:2] == ["あ", "か"]
    chat.say("浅野")  # 浅野川, 浅野町: both offered
    assert [row.label for row in [m for m in chat.last.messages if isinstance(m, ListCard)][0].rows] == ["浅野川", "浅野町"]
    chat.tap("浅野町")
    chat.tap(texts.DECIDE)
    assert texts.AREA_SET in chat.texts() and "燃やすごみ: 11月" in chat.texts()
    with Session(kanazawa_engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        assert garbage.get_area(session=session, area_id=resident.garbage_area_id).name == "浅野町"
