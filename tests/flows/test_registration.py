"""My Page registration (SPEC §2.1), talking to the flows directly."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.flows.menu import guest_menu
from bot.store.models import Conversation, Resident
from tests.support.chat import Chat


@pytest.fixture
def chat(engine) -> Chat:
    return Chat(engine)


def resident(engine, chat: Chat) -> Resident:
    with Session(engine) as session:
        return session.scalars(select(Resident).where(Resident.line_user_id == chat.line_user_id)).one()


def register(chat: Chat, nickname: str = "たろう") -> None:
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.tap(texts.AGREE)
    chat.say(nickname)
    chat.tap("30代")
    chat.tap("中区")
    chat.tap("防災")
    chat.tap("子育て")
    chat.tap(texts.DONE)


def test_follow_greets_with_the_portal_name_and_the_login_button(chat):
    chat.follow()
    assert "まちのポータルへようこそ" in chat.texts()
    assert texts.LOGIN in chat.labels()


def test_a_resident_registers_step_by_step_with_the_guides_labels(chat, engine):
    register(chat)

    assert texts.ACCOUNT_CREATED in chat.texts()
    assert "ニックネーム: たろう" in chat.texts()
    assert {texts.LINK_CARD, texts.LATER} <= set(chat.labels())
    stored = resident(engine, chat)
    assert (stored.nickname, stored.age_group, stored.ward, stored.interests) == ("たろう", "30代", "中区", ["防災", "子育て"])
    assert stored.registered


def test_typing_a_label_does_what_tapping_it_does(chat, engine):
    chat.follow()
    for words in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE, "はなこ", "70代以上", texts.SKIP, "税金", texts.DONE):
        chat.say(words)
    stored = resident(engine, chat)
    assert (stored.nickname, stored.age_group, stored.ward, stored.interests) == ("はなこ", "70代以上", None, ["税金"])


def test_the_line_display_name_can_be_used_as_the_nickname(chat, engine):
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.tap(texts.AGREE)
    chat.tap("「山田 太郎」を使う")
    assert texts.ASK_AGE in chat.texts()
    for step in (texts.SKIP, texts.SKIP, texts.DONE):
        chat.tap(step)
    assert resident(engine, chat).nickname == "山田 太郎"


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("あ" * 21, "20文字以内で入力してください（21文字でした）"),
        ("たろう\nじろう", "改行や制御文字は使えません"),
        ("   ", "ニックネームを入力してください"),
    ],
)
def test_a_nickname_that_does_not_fit_is_refused_with_the_reason(chat, typed, reason):
    chat.follow()
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        chat.tap(label)
    chat.say(typed)
    assert reason in chat.texts()
    assert texts.ASK_NICKNAME in chat.texts()  # asked again
    chat.say("あ" * 20)
    assert texts.ASK_AGE in chat.texts()


def test_interests_toggle_and_show_the_current_choice(chat):
    chat.follow()
    for step in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        chat.tap(step)
    chat.say("たろう")
    chat.tap(texts.SKIP)
    chat.tap(texts.SKIP)
    chat.tap("防災")
    assert "選択中：防災" in chat.texts()
    chat.tap("税金")
    assert "選択中：防災、税金" in chat.texts()
    chat.tap("防災")
    assert "選択中：税金" in chat.texts()


def test_cancelling_half_way_stores_nothing(chat, engine):
    chat.follow()
    for step in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        chat.tap(step)
    chat.say("たろう")
    chat.tap("30代")
    chat.tap(texts.CANCEL)

    assert texts.CANCELLED in chat.texts()
    stored = resident(engine, chat)
    assert not stored.registered
    assert (stored.nickname, stored.age_group, stored.ward, stored.interests) == (None, None, None, [])
    with Session(engine) as session:
        conversation = session.get(Conversation, stored.id)
        assert (conversation.flow, conversation.state, conversation.data) == (None, None, {})


def test_declining_the_terms_ends_registration(chat, engine):
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.tap(texts.DISAGREE)
    assert texts.TERMS_DECLINED in chat.texts()
    assert chat.quick_replies() == [b.label for b in guest_menu()]  # the main quick replies again
    assert not resident(engine, chat).registered


def test_a_registered_resident_logs_in_and_sees_my_page(chat):
    register(chat)
    chat.say(texts.LOGIN)
    assert texts.LOGGED_IN in chat.texts()
    assert "お住まいの区: 中区" in chat.texts()
    chat.say(texts.MY_PAGE)
    assert "興味・関心: 防災、子育て" in chat.texts()
    assert "マイナンバーカード: 未連携" in chat.texts()


def test_my_page_before_registering_offers_registration(chat):
    chat.follow()
    chat.say(texts.MY_PAGE)
    assert texts.NOT_REGISTERED in chat.texts()
    assert texts.LOGIN in chat.labels()


def test_coming_back_after_a_block_keeps_the_settings(chat, engine):
    register(chat)
    chat.follow(unblocked=True)
    assert "おかえりなさい" in chat.texts()
    assert resident(engine, chat).nickname == "たろう"


def test_a_flow_left_idle_for_30_minutes_expires(chat, engine):
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.wait(31)
    chat.tap(texts.AGREE)
    assert texts.EXPIRED in chat.texts()
    assert texts.STALE_BUTTON in chat.texts()
    assert not resident(engine, chat).registered


def test_a_flow_within_30_minutes_goes_on(chat):
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.wait(29)
    chat.tap(texts.AGREE)
    assert texts.ASK_NICKNAME in chat.texts()


def test_starting_another_flow_leaves_the_current_one(chat, engine):
    chat.follow()
    chat.tap(texts.LOGIN)
    chat.tap(texts.CREATE_WITH_LINE)
    chat.say(texts.HELP)
    assert "使い方" in chat.texts()
    with Session(engine) as session:
        conversation = session.get(Conversation, resident(engine, chat).id)
        assert conversation.flow is None


def test_help_names_every_main_menu_label(chat):
    from bot.flows.menu import guest_menu, registered_menu

    chat.say(texts.HELP)
    for button in guest_menu() + registered_menu():
        if button.label != texts.HELP:
            assert button.label in chat.texts(), button.label
