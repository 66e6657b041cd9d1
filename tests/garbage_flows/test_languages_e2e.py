"""Issue 13's 'done when', end to end through /callback on Kanazawa's data: a resident whose
LINE speaks English (Chinese, Korean), or who chooses やさしい日本語, is answered in it all the
way through registration, garbage area, reminders, calendar and sorting, with every message
valid for LINE; choosing 日本語 turns everything back."""
from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.chat.language import LANGUAGES
from bot.store.garbage import GarbageArea, GarbageCategory, GarbageItem
from devtools.standin.state import user_id_for
from tests.garbage_flows.support import NOW_IN_KANAZAWA, portal_on, quick_replies
from tests.support.languages import LINE_PROFILE_LANGUAGE, greeting, in_language, japanese_left_in

TARO = user_id_for("taro")


def said_since(portal, user: str, seen: int) -> str:
    return json.dumps([entry["message"] for entry in portal.line.timeline(user)[seen:]], ensure_ascii=False)


def without_the_data(said: str, portal) -> str:
    """What was said, less the city's own words (areas, categories, items, how-tos stay as
    the data has them, and may hold words that are also labels of ours, such as 出し方)."""
    with Session(portal.app.extensions["portalbot"].db) as session:
        words = [*session.scalars(select(GarbageCategory.label)), *session.scalars(select(GarbageCategory.how_to)),
                 *session.scalars(select(GarbageCategory.description)), *session.scalars(select(GarbageArea.name)),
                 *session.scalars(select(GarbageItem.name))]
    for word in sorted(filter(None, words), key=len, reverse=True):
        said = said.replace(json.dumps(word, ensure_ascii=False)[1:-1], "")
    return said


def register(portal, code: str) -> None:
    """ログイン/新規登録 → … → 完了, tapping the labels as the resident sees them."""
    tap = lambda name: portal.tap(TARO, in_language(code, name))  # noqa: E731
    for name in ("LOGIN", "CREATE_WITH_LINE", "AGREE"):
        tap(name)
    portal.line.text(TARO, "たろう")
    while in_language(code, "SKIP") in quick_replies(portal.last_for(TARO)):  # age (and ward)
        tap("SKIP")
    tap("DONE")


def choose_area(portal, code: str) -> None:
    portal.tap(TARO, in_language(code, "GARBAGE_AREA"))
    portal.tap(TARO, "あ")  # the kana rows are the data's
    portal.tap(TARO, "押野")
    portal.tap(TARO, in_language(code, "DECIDE"))


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "ja"])
def test_a_resident_is_answered_in_their_language_from_the_follow_on(kanazawa_url, code):  # noqa: F811
    with portal_on(kanazawa_url, NOW_IN_KANAZAWA) as portal:
        portal.line.add_user(TARO, display_name="金沢 太郎", language=LINE_PROFILE_LANGUAGE[code])
        portal.line.follow(TARO)
        if code == "ja-easy":  # no LINE app speaks it: chosen in 言語 / Language
            portal.tap(TARO, texts.LANGUAGE_SETTING)
            portal.tap(TARO, LANGUAGES[code].name)
            assert in_language(code, "LANGUAGE_CHANGED") in portal.texts_for(TARO)[-1]
        else:
            assert greeting(code, portal.app.extensions["portalbot"].city) in portal.texts_for(TARO)[-1]

        register(portal, code)
        assert in_language(code, "ACCOUNT_CREATED") in "\n".join(portal.texts_for(TARO)[-2:])
        choose_area(portal, code)
        assert in_language(code, "AREA_SET") in said_since(portal, TARO, -1)
        portal.line.text(TARO, in_language(code, "GARBAGE_REMINDERS"))  # typed in the resident's language
        portal.tap(TARO, in_language(code, "DAY_BEFORE_ON"))
        portal.line.text(TARO, in_language(code, "GARBAGE_DAYS"))
        portal.line.text(TARO, in_language(code, "GARBAGE_SORTING"))
        portal.line.text(TARO, "ペットボトル")

        said = said_since(portal, TARO, 0)
        assert japanese_left_in(without_the_data(said, portal), code) == []
        assert in_language(code, "FIELD_CATEGORY") in said  # the sorting guide answered the item
        assert portal.rejected_requests() == []

        seen = len(portal.line.timeline(TARO))
        portal.line.text(TARO, texts.LANGUAGE_SETTING)  # the same label in every language
        portal.tap(TARO, "日本語")
        assert texts.LANGUAGE_CHANGED in portal.texts_for(TARO)[-1]
        portal.line.text(TARO, texts.GARBAGE_DAYS)
        back = said_since(portal, TARO, seen)
        assert texts.japanese("GARBAGE_DAYS") in back and in_language(code, "GARBAGE_DAYS") not in back
        assert portal.rejected_requests() == []


def test_typed_japanese_labels_work_for_everyone(kanazawa_url):  # noqa: F811
    with portal_on(kanazawa_url, NOW_IN_KANAZAWA) as portal:
        portal.line.add_user(TARO, display_name="金沢 太郎", language="en")
        portal.line.follow(TARO)
        portal.line.text(TARO, "ごみ収集地域")
        assert in_language("en", "ASK_KANA_ROW") in said_since(portal, TARO, -1)
