"""言語 / Language and the language of every answer (issue 13), talking to the flows directly."""
from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.chat import texts
from bot.chat.language import LANGUAGES
from bot.chat.replies import GUEST_MENU, REGISTERED_MENU
from bot.city import load_city
from bot.store import residents
from tests.support.chat import Chat
from tests.support.languages import greeting, in_language


def stored_language(engine, chat: Chat) -> str | None:
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        return resident.language if resident is not None else "gone"


def register(chat: Chat, code: str) -> None:
    for name in ("LOGIN", "CREATE_WITH_LINE", "AGREE"):
        chat.tap(in_language(code, name))
    chat.say("たろう")
    chat.tap(in_language(code, "AGE_DECADE").format(decade=30))  # the city's 30代, as the language writes it
    chat.tap("中区")
    chat.tap(in_language(code, "DONE"))


@pytest.mark.parametrize("profile, code", [("en", "en"), ("zh-TW", "zh"), ("ko-KR", "ko"), ("fr", "ja"), (None, "ja")])
def test_the_follow_greets_in_the_line_profiles_language(engine, profile, code):
    chat = Chat(engine, profile_language=profile)
    chat.follow()
    assert greeting(code, load_city()) in chat.texts()
    assert in_language(code, "LOGIN") in chat.labels()
    assert stored_language(engine, chat) == code


def test_a_guest_chooses_a_language_from_the_main_quick_replies(engine):
    chat = Chat(engine)
    chat.follow()
    chat.say("こんにちは")  # not understood: the main quick replies
    chat.tap(texts.LANGUAGE_SETTING)
    assert chat.labels()[:5] == [language.name for language in LANGUAGES.values()]
    chat.tap("한국어")
    assert in_language("ko", "LANGUAGE_CHANGED") in chat.texts()
    assert chat.last.rich_menu == GUEST_MENU
    assert in_language("ko", "GARBAGE_DAYS") in chat.quick_replies()  # the menu after it speaks Korean
    assert stored_language(engine, chat) == "ko"


def test_a_registered_resident_changes_language_in_settings_and_back(engine):
    chat = Chat(engine, profile_language="en")
    chat.follow()
    register(chat, "en")
    assert in_language("en", "ACCOUNT_CREATED") in chat.texts()
    chat.say(in_language("en", "SETTINGS"))  # typed as the English menu shows it
    assert texts.LANGUAGE_SETTING in chat.labels()  # the same label in every language
    chat.tap(texts.LANGUAGE_SETTING)
    chat.tap("日本語")
    assert texts.LANGUAGE_CHANGED in chat.texts() and chat.last.rich_menu == REGISTERED_MENU
    chat.say(texts.MY_PAGE)
    assert "30代" in chat.texts() and stored_language(engine, chat) == "ja"


def test_typed_labels_work_in_the_residents_language_and_in_japanese_for_everyone(engine):
    chat = Chat(engine, profile_language="en")
    chat.follow()
    chat.say(in_language("en", "HELP"))
    assert in_language("en", "HELP_SORTING") in chat.texts()
    chat.say("ヘルプ")
    assert in_language("en", "HELP_SORTING") in chat.texts()  # answered in English all the same


def test_the_language_is_kept_across_a_block_and_removed_on_leaving(engine):
    chat = Chat(engine, profile_language="en")
    chat.follow()
    register(chat, "en")
    chat.services.language = "ko"  # the LINE app changed language: the bot keeps the chosen one
    chat.send_unfollow()
    chat.follow(unblocked=True)
    assert in_language("en", "WELCOME_BACK").format(portal="Machi Portal") in chat.texts()  # the city file's English name
    assert stored_language(engine, chat) == "en"

    chat.say(in_language("en", "SETTINGS"))
    chat.tap(in_language("en", "LEAVE"))
    chat.tap(in_language("en", "CONFIRM_LEAVE"))
    assert in_language("en", "LEFT") in chat.texts() and stored_language(engine, chat) == "gone"
    chat.follow(unblocked=True)  # a new friend: the profile is read again
    assert stored_language(engine, chat) == "ko"


def test_a_choice_that_is_no_language_of_ours_offers_the_choices_again(engine):
    chat = Chat(engine)
    chat.follow()
    chat.tap_data("1|language|choose|fr")
    assert [language.name for language in LANGUAGES.values()] == chat.labels()[:5]
    assert stored_language(engine, chat) == "ja"
