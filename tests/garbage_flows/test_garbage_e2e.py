"""The garbage features end to end: LINE's stand-in posts to /callback and checks every request
the bot sends against LINE's schema; residents tap by label as they would in LINE."""
from __future__ import annotations

import json
import re

import pytest

from bot.chat import texts
from devtools.standin.state import user_id_for
from tests.garbage_flows.support import IN_HIROSHIMA_DATA, NOW_IN_KANAZAWA, flex_words, import_city, portal_on, quick_replies, small_city
from tests.portal.support import register

HANAKO = user_id_for("hanako")
TARO = user_id_for("taro")
MAX_BUBBLE_BYTES = 30_000  # LINE's limit on one bubble's JSON


@pytest.fixture
def garbage_portal(garbage_database_url):
    """The bot over the shared sample-city database, its clock inside Hiroshima's data."""
    with portal_on(garbage_database_url, IN_HIROSHIMA_DATA) as portal:
        yield portal
        assert portal.rejected_requests() == [], "the bot sent requests LINE would reject"


def test_choosing_an_area_then_the_calendar_and_my_page(garbage_portal):
    portal = garbage_portal
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.GARBAGE_AREA)
    assert texts.CHOOSE_DISTRICT in portal.last_for(HANAKO)["text"]
    assert quick_replies(portal.last_for(HANAKO))[:3] == ["中区", "東区", "南区"]

    portal.tap(HANAKO, "中区")
    page = portal.last_for(HANAKO)
    assert "中区（1〜12件目／112件）" in flex_words(page)
    assert quick_replies(page)[:2] == [texts.NEXT_PAGE, "あ"]
    portal.tap(HANAKO, texts.NEXT_PAGE)
    assert "中区（13〜24件目／112件）" in flex_words(portal.last_for(HANAKO))
    portal.tap(HANAKO, "か")
    assert "加古町" in flex_words(portal.last_for(HANAKO))
    portal.tap(HANAKO, "加古町")
    confirm = portal.last_for(HANAKO)
    assert confirm["type"] == "template" and confirm["template"]["text"] == "「中区 加古町」でよろしいですか？"
    portal.tap(HANAKO, texts.DECIDE)
    done = flex_words(portal.last_for(HANAKO))
    assert texts.AREA_SET in done and texts.GARBAGE_REMINDERS in done and "可燃ごみ" in done
    portal.tap(HANAKO, texts.GARBAGE_REMINDERS)  # the reminders flow's panel
    assert texts.STALE_BUTTON not in portal.texts_for(HANAKO)[-1]
    assert texts.GARBAGE_REMINDERS in flex_words(portal.last_for(HANAKO))

    # the calendar: 7 days of coloured categories, a month of collection days
    portal.line.text(HANAKO, texts.GARBAGE_DAYS)
    week = portal.last_for(HANAKO)
    assert "12月1日(月)" in flex_words(week) and "#e8542d" in flex_words(week)  # 可燃ごみ's colour
    assert quick_replies(week)[0] == texts.MONTH_CALENDAR
    portal.tap(HANAKO, texts.MONTH_CALENDAR)
    month = portal.last_for(HANAKO)
    assert "2025年12月のごみ収集日" in flex_words(month)
    assert len(json.dumps(month["contents"]).encode()) < MAX_BUBBLE_BYTES
    portal.line.text(HANAKO, texts.TOMORROWS_GARBAGE)
    assert any("明日 12月2日(火)" in words for words in portal.texts_for(HANAKO)[-2:])

    # My Page names the area; 設定 offers ごみ収集地域
    portal.line.text(HANAKO, texts.MY_PAGE)
    assert "中区 加古町" in flex_words(portal.last_for(HANAKO))
    portal.line.text(HANAKO, texts.SETTINGS)
    portal.tap(HANAKO, texts.GARBAGE_AREA)
    assert texts.CHOOSE_DISTRICT in portal.last_for(HANAKO)["text"]


def test_the_citys_longest_area_name_goes_through_in_what_line_accepts(garbage_portal):
    """安佐南区's 35-character area: a row's action label may hold 40 (a quick reply only 20)."""
    longest = "安佐南区 大塚西三丁目(A-CITY、シーズンズ・フレンズ自治会除く)"
    portal = garbage_portal
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.GARBAGE_AREA)
    portal.line.text(HANAKO, "大塚西三丁目")
    assert "シーズンズ・フレンズ自治会除く" in flex_words(portal.last_for(HANAKO))
    portal.tap(HANAKO, longest)
    assert portal.last_for(HANAKO)["template"]["text"] == f"「{longest}」でよろしいですか？"
    portal.tap(HANAKO, texts.DECIDE)
    assert texts.AREA_SET in flex_words(portal.last_for(HANAKO))
    portal.line.text(HANAKO, texts.MY_PAGE)
    assert longest in flex_words(portal.last_for(HANAKO))


def test_typing_a_name_then_the_sorting_guide(garbage_database_url):
    with portal_on(garbage_database_url, NOW_IN_KANAZAWA) as portal:
        portal.line.add_user(TARO, display_name="金沢 太郎")
        portal.line.follow(TARO)
        portal.line.text(TARO, texts.GARBAGE_AREA)
        portal.line.text(TARO, "あさのがわ")  # its reading (made at import): the only match
        portal.tap(TARO, texts.DECIDE)
        assert texts.AREA_SET in flex_words(portal.last_for(TARO))

        portal.line.text(TARO, texts.GARBAGE_SORTING)
        assert texts.ASK_ITEM in portal.last_for(TARO)["text"]
        portal.line.text(TARO, "ペットボトル")
        words = "\n".join(portal.texts_for(TARO)[-2:])
        assert "ペットボトル(ペット)" in words and "資源" in words
        assert re.search(r"次の収集日\n(.*\n)*?\d+月\d+日\([月火水木金土日]\)", words)
        portal.line.text(TARO, "ぺっとぼとれ")
        assert "もしかして" in portal.texts_for(TARO)[-1]

        portal.line.text(TARO, texts.TODAYS_GARBAGE)
        assert "今日 11月27日(金)" in "\n".join(portal.texts_for(TARO)[-2:])
        assert portal.rejected_requests() == []


def test_an_area_gone_is_shown_on_my_page_and_chosen_again(database_url):
    from bot.store.db import make_engine

    engine = make_engine(database_url)
    towns = [("北区", "北町", "きたまち"), ("北区", "旧町", "きゅうまち")]
    try:
        import_city(engine, small_city(*towns))
        with portal_on(database_url, NOW_IN_KANAZAWA) as portal:
            register(portal, HANAKO)
            portal.line.text(HANAKO, texts.GARBAGE_AREA)
            portal.line.text(HANAKO, "旧町")
            portal.tap(HANAKO, texts.DECIDE)
            import_city(engine, small_city(towns[0]))

            portal.line.text(HANAKO, texts.MY_PAGE)
            assert "北区 旧町（選び直しが必要です）" in flex_words(portal.last_for(HANAKO))
            portal.line.text(HANAKO, texts.GARBAGE_DAYS)
            words = "\n".join(portal.texts_for(HANAKO)[-2:])
            assert "「北区 旧町」は、収集日データの更新でなくなりました" in words and texts.CHOOSE_DISTRICT in words
            portal.tap(HANAKO, "北区")
            portal.tap(HANAKO, "北町")
            portal.tap(HANAKO, texts.DECIDE)
            portal.line.text(HANAKO, texts.MY_PAGE)
            assert "北区 北町" in flex_words(portal.last_for(HANAKO))
            assert portal.rejected_requests() == []
    finally:
        engine.dispose()
