"""A city without wards (the Kanazawa sample that `make run` uses): no ward question."""
from __future__ import annotations

from bot.chat import texts
from bot.city import load_city
from tests.support.chat import Chat

KANAZAWA = "bot/data/kanazawa.yml"


def test_registration_skips_the_ward_question_and_my_page_has_no_ward(engine, monkeypatch):
    monkeypatch.setattr("tests.support.chat.load_city", lambda: load_city(KANAZAWA))
    chat = Chat(engine)
    chat.follow()
    for step in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        chat.tap(step)
    chat.say("たろう")
    chat.tap("30代")
    assert texts.ASK_INTERESTS in chat.texts()
    assert texts.ASK_WARD not in chat.texts()
    chat.tap(texts.DONE)
    assert texts.ACCOUNT_CREATED in chat.texts()
    assert texts.FIELD_WARD not in chat.texts()
