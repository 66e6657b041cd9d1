"""Words typed outside any question go where the resident means them (bot/flows/free_text.py):
a town → its areas, an item → the sorting guide's answer, a loose menu label → that feature,
and a choice when they could be two things. Inside a question they still answer it."""
from __future__ import annotations

import pytest

from bot.chat import texts
from bot.chat.replies import Carousel, Confirm
from tests.garbage_flows.support import ASANOGAWA, TODAY_IN_KANAZAWA, newcomer, resident_in, the_list, where


def test_a_town_typed_after_following_offers_its_areas(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("浅野")
    assert the_list(chat).title == "「浅野」に一致する地域（2件）"
    assert sorted(row.label for row in the_list(chat).rows) == ["浅野川", "浅野町"]
    chat.tap("浅野町")
    chat.tap(texts.DECIDE)
    assert texts.AREA_SET in chat.texts()


@pytest.mark.parametrize("typed", ["あさの", "アサノ", "ｱｻﾉ"])
def test_a_reading_in_any_kana_offers_the_areas(kanazawa_engine, typed):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say(typed)
    assert sorted(row.label for row in the_list(chat).rows) == ["浅野川", "浅野町"]


def test_one_matching_town_goes_straight_to_the_confirmation(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("ゆわく")
    [confirm] = chat.last.messages
    assert isinstance(confirm, Confirm) and confirm.text == "「湯涌」でよろしいですか？"


def test_an_item_typed_outside_a_question_answers_with_its_category(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("ペットボトル")
    [carousel] = [m for m in chat.last.messages if isinstance(m, Carousel)]
    card = carousel.cards[0]
    assert card.title.startswith("ペットボトル") and dict(card.fields)[texts.FIELD_CATEGORY] == "資源"
    assert texts.SET_AREA_FOR_DAYS in chat.texts()  # no area yet: the nudge to set it
    assert texts.GARBAGE_AREA in chat.quick_replies()
    assert where(kanazawa_engine, chat) == (None, None)  # nothing left open


def test_an_item_answer_names_the_next_collection_in_the_residents_area(kanazawa_engine):
    chat = resident_in(kanazawa_engine, ASANOGAWA, now=TODAY_IN_KANAZAWA)
    chat.say("ペットボトル")
    [carousel] = [m for m in chat.last.messages if isinstance(m, Carousel)]
    assert dict(carousel.cards[0].fields)[texts.FIELD_NEXT_DAY].startswith("12月")


@pytest.mark.parametrize("typed, opens", [
    ("ゴミ収集日", texts.AREA_NEEDED),  # no area yet: the calendar asks for one first
    ("ごみしゅうしゅうび", texts.AREA_NEEDED),
    ("マイ ページ", texts.NOT_REGISTERED),  # マイページ, for someone not registered yet
    ("ごみのすてかた", texts.ASK_ITEM),
])
def test_a_menu_label_typed_loosely_opens_that_feature(kanazawa_engine, typed, opens):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say(typed)
    assert opens in chat.texts()
    assert texts.NOT_UNDERSTOOD not in chat.texts()


def test_words_that_could_be_two_things_offer_both(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("ごみしゅうしゅう")  # ごみ収集日? ごみ収集地域? ごみ収集通知?
    assert "「ごみしゅうしゅう」は、次のどれのことですか？" in chat.texts()
    offered = chat.quick_replies()
    assert {texts.GARBAGE_DAYS, texts.GARBAGE_AREA} <= set(offered)
    chat.tap(texts.GARBAGE_AREA)
    assert texts.CHOOSE_DISTRICT in chat.texts()


def test_a_town_and_an_item_at_once_are_both_offered(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("みそ")  # 味噌蔵 (みそぐら) is an area; カミソリ an item
    assert "「みそ」は、次のどれのことですか？" in chat.texts()
    assert chat.quick_replies() == ["「みそ」の地域", "「みそ」の捨て方"]
    chat.tap("「みそ」の地域")
    [confirm] = chat.last.messages
    assert isinstance(confirm, Confirm) and confirm.text == "「味噌蔵」でよろしいですか？"

    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("ほうき")  # no area reads ほうき: the item alone
    assert "どれのことですか" not in chat.texts() and "ほうき70cm以下" in chat.texts()


def test_nonsense_is_still_not_understood(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say("ほげほげふがふが")
    assert texts.NOT_UNDERSTOOD in chat.texts()


def test_inside_a_question_typed_words_answer_the_question(kanazawa_engine):
    chat = newcomer(kanazawa_engine, TODAY_IN_KANAZAWA)
    chat.say(texts.GARBAGE_SORTING)
    chat.say("浅野")  # an item question: looked up as an item, not a town
    assert where(kanazawa_engine, chat) == ("sorting", "item")
    assert texts.ITEM_NOT_FOUND.format(query="浅野") in chat.texts()
