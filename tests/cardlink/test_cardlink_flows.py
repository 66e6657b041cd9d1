"""The card-link and postbox conversations (SPEC §2.2, §2.8), talking to the flows without HTTP."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from bot.chat import texts
from bot.store import cardlink, postbox, residents
from bot.store.db import utcnow
from bot.store.models import Conversation
from tests.support.chat import Chat, FakeProfiles

LIFF_URL = "https://liff.line.me/1650000000-AbCdEfGh/card-link"


class LinkingProfiles(FakeProfiles):
    def __init__(self, url: str | None = LIFF_URL) -> None:
        super().__init__()
        self.url = url

    def card_link_url(self, line_user_id: str) -> str | None:
        return self.url


def chat_for(engine, user: str = "U" + "a" * 32, *, url: str | None = LIFF_URL) -> Chat:
    chat = Chat(engine, line_user_id=user)
    chat.services = LinkingProfiles(url)
    chat.follow()
    return chat


def become(engine, chat: Chat, *, registered=True, linked=False, consented=False, subject=None) -> int:
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=chat.line_user_id)
        if registered:
            residents.register(session=session, resident=resident, nickname="はなこ", age_group=None, ward=None, interests=[], now=chat.now)
        if linked:
            cardlink.link_card(session=session, resident_id=resident.id, xid_subject=subject or f"sub-{chat.line_user_id}", now=chat.now)
        if consented:
            cardlink.consent_to_postbox(session=session, resident_id=resident.id, now=chat.now)
        session.commit()
        return resident.id


def uri(chat: Chat, label: str) -> str:
    return chat.button(label).uri


def where(engine, resident_id: int) -> tuple:
    with Session(engine) as session:
        conversation = session.get(Conversation, resident_id)
        return conversation.flow, conversation.state


# --- マイナンバーカード連携 ----------------------------------------------------------------------


def test_linking_needs_my_page_first(engine):
    chat = chat_for(engine)
    chat.say(texts.LINK_CARD)
    assert texts.NOT_REGISTERED in chat.texts()
    assert texts.LOGIN in chat.labels()


def test_the_guides_steps_lead_to_the_liff_page(engine):
    chat = chat_for(engine)
    become(engine, chat)

    chat.say(texts.LINK_CARD)
    assert "クロスアイディアプリ" in chat.texts() and "解除" in chat.texts()
    assert texts.LINK in chat.labels()
    chat.tap(texts.LINK)
    assert texts.ASK_HAVE_APP in chat.texts()
    assert uri(chat, texts.OPEN_APP) == LIFF_URL
    assert texts.NO_APP in chat.labels()

    chat.tap(texts.NO_APP)
    words = chat.texts()
    for step in ("インストール", "アカウントを作成・利用開始する", "カード読み取る", "PIN"):
        assert step in words
    assert uri(chat, texts.XID_HELP_LINK) == "https://help.xid.inc/25790a22b17f49f88fdeed6d2b7aa015"
    assert uri(chat, texts.APP_STORE).startswith("https://apps.apple.com/")
    assert uri(chat, texts.GOOGLE_PLAY).startswith("https://play.google.com/")
    assert uri(chat, texts.OPEN_APP) == LIFF_URL
    assert texts.CANCEL in chat.quick_replies()


def test_typed_labels_work_like_taps(engine):
    chat = chat_for(engine)
    rid = become(engine, chat)
    for words in (texts.LINK_CARD, texts.LINK, texts.NO_APP):
        chat.say(words)
    assert where(engine, rid) == ("cardlink", "install")


def test_without_a_link_destination_the_resident_is_told_linking_is_unavailable(engine):
    chat = chat_for(engine, url=None)
    rid = become(engine, chat)
    chat.say(texts.LINK_CARD)
    chat.tap(texts.LINK)
    assert texts.LINK_NOT_CONFIGURED in chat.texts()
    assert where(engine, rid) == (None, None)


def test_a_linked_resident_is_led_to_the_postbox_setup(engine):
    chat = chat_for(engine)
    become(engine, chat, linked=True)
    chat.say(texts.LINK_CARD)
    assert texts.ALREADY_LINKED_TEXT in chat.texts()
    assert texts.SET_UP_POSTBOX in chat.labels()


def test_unlinking_asks_first_and_can_be_cancelled(engine):
    chat = chat_for(engine)
    rid = become(engine, chat, linked=True, consented=True)
    chat.say(texts.UNLINK)
    assert texts.CONFIRM_UNLINK in chat.texts()
    assert {texts.UNLINK_YES, texts.CANCEL} <= set(chat.labels())
    chat.tap(texts.CANCEL)
    with Session(engine) as session:
        assert cardlink.is_linked(session=session, resident_id=rid)

    chat.say(texts.UNLINK)
    chat.say(texts.UNLINK_YES)
    assert texts.UNLINKED in chat.texts()
    with Session(engine) as session:
        assert not cardlink.is_linked(session=session, resident_id=rid)
    chat.say(texts.UNLINK)
    assert texts.NOT_LINKED_TEXT in chat.texts()


def test_my_page_shows_the_link_and_the_unread_count(engine):
    chat = chat_for(engine)
    rid = become(engine, chat)
    chat.say(texts.MY_PAGE)
    assert f"{texts.FIELD_CARD}: {texts.CARD_NOT_LINKED}" in chat.texts()
    assert texts.LINK_CARD in chat.labels()

    become(engine, chat, registered=False, linked=True, consented=True)
    deliver(engine, "お知らせ1", [rid])
    chat.say(texts.MY_PAGE)
    assert f"{texts.FIELD_CARD}: {texts.CARD_LINKED}" in chat.texts()
    assert f"{texts.FIELD_POSTBOX}: 未読1件" in chat.texts()
    assert texts.LINK_CARD not in chat.labels()


def test_the_registered_menu_offers_the_postbox(engine):
    chat = chat_for(engine)
    become(engine, chat)
    chat.say("こんにちは")
    assert texts.POSTBOX in chat.quick_replies()


# --- デジタル郵便受け -------------------------------------------------------------------------------


def deliver(engine, title: str, resident_ids=None, *, minutes_ago: int = 0) -> int:
    with Session(engine, expire_on_commit=False) as session:
        notice = postbox.create_postbox_notice(
            session=session, title=title, body=f"{title}の本文です。", department="市民局", sent_at=utcnow() - timedelta(minutes=minutes_ago)
        )
        postbox.deliver_postbox_notice(session=session, notice_id=notice.id, now=utcnow(), resident_ids=resident_ids)
        session.commit()
        return notice.id


@pytest.mark.parametrize(
    ("state", "says", "offers"),
    [
        ({"registered": False}, texts.POSTBOX_NEEDS_REGISTRATION, texts.LOGIN),
        ({}, texts.POSTBOX_NEEDS_LINK, texts.LINK_CARD),
        ({"linked": True}, texts.POSTBOX_NEEDS_CONSENT, texts.SET_UP_POSTBOX),
    ],
    ids=["not-registered", "not-linked", "no-consent"],
)
def test_the_postbox_says_which_step_is_missing_and_offers_it(engine, state, says, offers):
    chat = chat_for(engine)
    become(engine, chat, **state)
    chat.say(texts.POSTBOX)
    assert says in chat.texts()
    assert offers in chat.labels()


def test_consent_opens_the_postbox(engine):
    chat = chat_for(engine)
    rid = become(engine, chat, linked=True)
    chat.say(texts.SET_UP_POSTBOX)
    assert texts.POSTBOX_CONSENT_TITLE in chat.texts() and "件名だけ" in chat.texts()
    chat.tap(texts.AGREE)
    assert texts.POSTBOX_READY in chat.texts()
    chat.say(texts.POSTBOX)
    assert texts.POSTBOX_EMPTY in chat.texts()
    assert where(engine, rid) == (None, None)


def test_consent_needs_a_link(engine):
    chat = chat_for(engine)
    become(engine, chat)
    chat.say(texts.SET_UP_POSTBOX)
    assert texts.POSTBOX_NEEDS_LINK in chat.texts()


def test_newest_notices_first_unread_marked_and_paged(engine):
    chat = chat_for(engine)
    rid = become(engine, chat, linked=True, consented=True)
    for n in range(12):
        deliver(engine, f"お知らせ{n:02d}", [rid], minutes_ago=100 - n)

    chat.say(texts.POSTBOX)
    [carousel] = chat.last.messages
    titles = [card.title for card in carousel.cards]
    assert titles[:9] == [f"お知らせ{n:02d}" for n in range(11, 2, -1)]
    assert titles[9] == texts.POSTBOX_MORE_TITLE
    assert texts.POSTBOX_UNREAD_MARK in chat.texts()
    assert "未読12件" in carousel.alt_text

    chat.tap(texts.MORE)
    [carousel] = chat.last.messages
    assert [card.title for card in carousel.cards] == ["お知らせ02", "お知らせ01", "お知らせ00"]


def test_reading_shows_the_whole_notice_and_marks_it_read(engine):
    chat = chat_for(engine)
    rid = become(engine, chat, linked=True, consented=True)
    deliver(engine, "防災訓練のお知らせ", [rid])
    chat.say(texts.POSTBOX)
    chat.tap(texts.READ)
    assert "防災訓練のお知らせの本文です。" in chat.texts() and "市民局" in chat.texts()
    chat.say(texts.POSTBOX)
    assert texts.POSTBOX_READ_MARK in chat.texts() and texts.POSTBOX_UNREAD_MARK not in chat.texts()


def test_a_forged_read_for_another_residents_notice_is_refused(engine):
    mine = chat_for(engine, "U" + "b" * 32)
    theirs = chat_for(engine, "U" + "c" * 32)
    become(engine, mine, linked=True, consented=True)
    other = become(engine, theirs, linked=True, consented=True)
    secret = deliver(engine, "あなた宛ての通知", [other])

    for arg in (str(secret), "abc", "-1", "99999999"):
        mine.tap_data(f"1|postbox|read|{arg}")
        assert texts.NOTICE_NOT_FOUND in mine.texts()
        assert "本文" not in mine.texts()
    with Session(engine) as session:
        assert postbox.unread_count(session=session, resident_id=other) == 1


def test_a_new_notice_push_shows_the_title_and_read_only(engine):
    from bot.flows.postbox import new_notice_reply
    from bot.store.postbox import PostboxNotice

    notice = PostboxNotice(id=7, title="件名", body="本文は出さない", department="市民局", sent_at=utcnow())
    reply = new_notice_reply(notice)
    [card] = reply.messages
    assert card.title == texts.NEW_NOTICE and card.lines == ("件名",)
    assert [b.label for b in card.buttons] == [texts.READ]
    assert "本文は出さない" not in repr(reply)
