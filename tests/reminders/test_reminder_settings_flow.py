"""ごみ収集通知 (guide §4, SPEC §2.4): the settings panel, its switches and time pickers."""
from __future__ import annotations

from sqlmodel import Session

from bot.chat import texts
from bot.chat.replies import Card
from bot.store import conversations, residents
from bot.store.leaving import forget_resident
from bot.store.reminders import ReminderSetting
from tests.support.chat import Chat

PANEL_OFF = ["前日の通知をONにする", "前日の通知時間", "当日の通知をONにする", "当日の通知時間"]


def panel(chat: Chat) -> Card:
    [card] = [m for m in chat.last.messages if isinstance(m, Card) and m.title == texts.REMINDERS_TITLE]
    return card


def flow_of(engine, chat: Chat) -> str | None:
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        return conversations.load(session=session, resident_id=resident.id).flow


def with_area(engine) -> Chat:
    """A resident who chose 浅野川 through the area flow."""
    chat = Chat(engine)
    chat.follow()
    chat.say(texts.GARBAGE_AREA)
    chat.say("浅野川")
    chat.tap(texts.DECIDE)
    return chat


def test_without_an_area_it_says_so_and_starts_the_area_flow(kanazawa_engine):
    chat = Chat(kanazawa_engine)
    chat.follow()
    chat.say(texts.GARBAGE_REMINDERS)
    assert texts.REMINDERS_NEED_AREA in chat.texts()
    assert flow_of(kanazawa_engine, chat) == "area"
    # Choosing one leads back here through the done message's button
    chat.say("浅野川")
    chat.tap(texts.DECIDE)
    chat.tap(texts.GARBAGE_REMINDERS)
    assert panel(chat).fields == (("前日", "OFF（20:00）"), ("当日", "OFF（06:30）"))


def test_defaults_switches_and_the_time_picker(kanazawa_engine):
    chat = with_area(kanazawa_engine)
    chat.tap(texts.GARBAGE_REMINDERS)
    card = panel(chat)
    assert [b.label for b in card.buttons] == PANEL_OFF
    assert card.note == "地域：浅野川"
    assert [b.time_pick.initial for b in card.buttons if b.time_pick] == ["20:00", "06:30"]

    chat.tap(texts.DAY_BEFORE_ON)
    assert "前日の通知をONにしました。" in chat.texts()
    assert panel(chat).fields[0] == ("前日", "ON（20:00）")
    assert panel(chat).buttons[0].label == texts.DAY_BEFORE_OFF

    chat.tap(texts.DAY_BEFORE_TIME, time="19:30")  # the datetimepicker's params.time
    assert "前日の通知時間を19:30にしました。" in chat.texts()
    assert panel(chat).fields[0] == ("前日", "ON（19:30）")
    assert panel(chat).buttons[1].time_pick.initial == "19:30"

    chat.say(texts.SAME_DAY_ON)  # a typed label does what the button does
    chat.tap(texts.SAME_DAY_TIME, time="07:05")
    chat.tap(texts.DAY_BEFORE_OFF)
    assert panel(chat).fields == (("前日", "OFF（19:30）"), ("当日", "ON（07:05）"))
    assert flow_of(kanazawa_engine, chat) is None  # no question left open

    chat.say(texts.SAME_DAY_TIME)  # typed, a picker label has no time: the panel again
    assert panel(chat).fields[1] == ("当日", "ON（07:05）")
    chat.tap(texts.SAME_DAY_TIME, time="7時")
    assert texts.REMINDER_TIME_REFUSED in chat.texts()


def test_my_page_and_settings_show_reminders_and_leaving_deletes_them(kanazawa_engine):
    chat = with_area(kanazawa_engine)
    with Session(kanazawa_engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        residents.register(session=session, resident=resident, nickname="たろう", age_group=None, ward=None,
                           interests=[], now=chat.now)
        session.commit()
    chat.tap(texts.GARBAGE_REMINDERS)
    chat.tap(texts.DAY_BEFORE_ON)
    chat.say(texts.MY_PAGE)
    assert "ごみ収集通知: 前日ON（20:00）・当日OFF（06:30）" in chat.texts()
    chat.say(texts.SETTINGS)
    chat.tap(texts.SETTING_GARBAGE_REMINDERS)
    assert panel(chat).fields[0] == ("前日", "ON（20:00）")

    with Session(kanazawa_engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        resident_id = resident.id
        forget_resident(session=session, resident=resident)
        session.commit()
    with Session(kanazawa_engine) as session:
        assert session.get(ReminderSetting, resident_id) is None
