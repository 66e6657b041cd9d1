"""Issue 16's 'done when', end to end through /callback with SPEC labels only, on Kanazawa's
one-level data (imported with its readings), on SQLite and PostgreSQL."""
from __future__ import annotations

from bot.chat import texts
from devtools.standin.state import user_id_for
from tests.garbage_flows.support import NOW_IN_KANAZAWA, flex_words, portal_on, quick_replies
from tests.portal.support import register

TARO = user_id_for("taro")
HANAKO = user_id_for("hanako")


def follow(portal, user):
    portal.line.add_user(user, display_name="金沢 太郎")
    portal.line.follow(user)


def test_the_kana_row_index_to_oshino(kanazawa_url):  # noqa: F811
    with portal_on(kanazawa_url, NOW_IN_KANAZAWA) as portal:
        follow(portal, TARO)
        portal.line.text(TARO, texts.GARBAGE_AREA)
        assert texts.CHOOSE_DISTRICT in portal.texts_for(TARO)[-1]
        assert quick_replies(portal.last_for(TARO)) == ["あ", "か", "さ", "た", "な", "は", "ま", "や", texts.CANCEL]
        portal.tap(TARO, "あ")
        page = flex_words(portal.last_for(TARO))
        assert "あ行（1〜11件目／11件）" in page and page.index("浅野川") < page.index("押野")
        assert texts.NEXT_PAGE not in quick_replies(portal.last_for(TARO))  # 11 fit on a page
        portal.tap(TARO, "か")  # another row, and its paging state
        assert "か行（1〜11件目／11件）" in flex_words(portal.last_for(TARO))
        portal.tap(TARO, "あ")
        portal.tap(TARO, "押野")
        assert "「押野」でよろしいですか？" in portal.texts_for(TARO)[-1]
        portal.tap(TARO, texts.DECIDE)
        assert texts.AREA_SET in flex_words(portal.last_for(TARO))
        assert portal.rejected_requests() == []


def test_typed_readings_and_names_find_the_areas(kanazawa_url):  # noqa: F811
    with portal_on(kanazawa_url, NOW_IN_KANAZAWA) as portal:
        follow(portal, TARO)
        portal.line.text(TARO, texts.GARBAGE_AREA)
        portal.line.text(TARO, "あさの")
        words = flex_words(portal.last_for(TARO))
        assert "「あさの」に一致する地域（2件）" in words and "浅野川" in words and "浅野町" in words

        follow(portal, HANAKO)  # has just followed: no flow open
        portal.line.text(HANAKO, "浅野")
        assert "「浅野」に一致する地域" in flex_words(portal.last_for(HANAKO))
        portal.tap(HANAKO, "浅野町")
        portal.tap(HANAKO, texts.DECIDE)
        assert texts.AREA_SET in flex_words(portal.last_for(HANAKO))

        portal.line.text(HANAKO, "ペットボトル")  # an item, no flow open
        words = "\n".join(portal.texts_for(HANAKO)[-2:])
        assert texts.ANOTHER_ITEM_ANYTIME in words
        assert "ペットボトル" in words and "資源" in words and "次の収集日" in words
        assert portal.rejected_requests() == []


def test_online_applications_offer_both_tabs(kanazawa_url):  # noqa: F811
    with portal_on(kanazawa_url, NOW_IN_KANAZAWA) as portal:
        register(portal, TARO, interests=("防災",))
        portal.line.text(TARO, texts.ONLINE_APPLICATIONS)
        offered = quick_replies(portal.last_for(TARO))
        assert "● " + texts.RECOMMENDED in offered and texts.ALL_PROCEDURES in offered
        portal.tap(TARO, texts.ALL_PROCEDURES)
        offered = quick_replies(portal.last_for(TARO))
        assert texts.RECOMMENDED in offered and "● " + texts.ALL_PROCEDURES in offered
        assert portal.rejected_requests() == []
