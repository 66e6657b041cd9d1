"""Notices in the residents' languages (issue 13): staff give a title and body per language;
residents who read one get that version, everyone else the Japanese one, the bot's own words
in their language either way — through the delivery engine to the validating stand-in of
LINE, and the postbox."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.chat import texts
from bot.chat.language import speaking, translate
from bot.delivery.ledger import DeliveryJob
from bot.line.render import render
from bot.notices import dispatch
from bot.notices.messages import info_reply
from bot.notices.models import NoticeKind, StaffNotice
from bot.notices.store import Draft, validate_draft
from bot.notices.translations import NoticeText
from tests.staff.support import NOW, create, make_resident, send_due
from tests.support.languages import pretend_translated

ENGLISH = NoticeText("Water outage on 5 December", "Water will be off in Naka Ward from 9:00 to 12:00.")
JAPANESE = NoticeText("12月5日の断水のお知らせ", "中区で9時から12時まで断水します。")


@pytest.fixture(autouse=True)
def marked_texts(monkeypatch):
    """The bot's own words around a notice differ by language, translated or not yet."""
    pretend_translated(monkeypatch, "NOTICE_FROM", "NEW_NOTICE")


def city_of(console):
    return console.app.extensions["portalbot"].city


def residents_reading(console, db, *codes: str | None, linked: bool = False) -> dict[str | None, str]:
    users = {code: make_resident(db, f"reads-{code}", language=code, linked=linked, ward="中区") for code in codes}
    for user in users.values():
        console.line.add_user(user)
    return users


def words(console, user: str) -> str:
    return json.dumps(console.line.messages_for(user), ensure_ascii=False)


# --- sending ------------------------------------------------------------------------------------


def test_an_info_notice_reaches_english_readers_in_english_and_the_others_in_japanese(console, db):
    users = residents_reading(console, db, None, "en", "ko", "ja-easy")
    notice_id = create(db, city_of(console), kind=NoticeKind.INFO, title=JAPANESE.title, body=JAPANESE.body,
                       translations={"en": ENGLISH})
    assert send_due(console, db) == [notice_id]

    with Session(db) as session:
        sent = session.get(StaffNotice, notice_id)
        keys = set(session.scalars(select(DeliveryJob.key).where(DeliveryJob.origin == dispatch.job_key(notice_id))))
    assert (sent.targeted, sent.sent, sent.failed) == (4, 4, 0)
    for code, user in users.items():  # each got one message: their version, the bot's words in their language
        text = ENGLISH if code == "en" else JAPANESE
        with speaking(code):
            expected = render(info_reply(title=text.title, body=text.body, department=sent.department, sent_at=sent.started_at))
        assert console.line.messages_for(user) == expected, code
    assert ENGLISH.body in words(console, users["en"]) and JAPANESE.title not in words(console, users["en"])
    assert JAPANESE.body in words(console, users["ko"]) and ENGLISH.title not in words(console, users["ko"])
    assert translate(texts.japanese("NOTICE_FROM"), "ko").format(department="市民局 保険年金課") in words(console, users["ko"])
    assert texts.NOTICE_FROM.format(department="市民局 保険年金課") in words(console, users[None])
    # one job per language; the Japanese one keeps the notice's key
    key = dispatch.job_key(notice_id)
    assert keys == {key, f"{key}:en", f"{key}:ko", f"{key}:ja-easy"}


def test_a_post_notice_pushes_and_shows_each_reader_their_version(console, db):
    users = residents_reading(console, db, None, "en", linked=True)
    notice_id = create(db, city_of(console), kind=NoticeKind.POST, title=JAPANESE.title, body=JAPANESE.body,
                       translations={"en": ENGLISH})
    assert send_due(console, db) == [notice_id]

    english, japanese = users["en"], users[None]
    [push] = console.line.messages_for(english)
    pushed = json.dumps(push, ensure_ascii=False)
    assert translate(texts.japanese("NEW_NOTICE"), "en") in pushed and ENGLISH.title in pushed
    assert ENGLISH.body not in pushed and JAPANESE.title not in pushed  # the title only, in English
    [push] = console.line.messages_for(japanese)
    pushed = json.dumps(push, ensure_ascii=False)
    assert texts.NEW_NOTICE in pushed and JAPANESE.title in pushed and ENGLISH.title not in pushed

    # 読む: the whole notice, in the reader's version
    console.tap(english, translate(texts.japanese("READ"), "en"))
    assert ENGLISH.body in console.texts_for(english)[-1] and JAPANESE.body not in console.texts_for(english)[-1]
    console.tap(japanese, texts.READ)
    assert JAPANESE.body in console.texts_for(japanese)[-1]
    # the postbox's list too
    console.line.text(english, translate(texts.japanese("POSTBOX"), "en"))
    listed = console.texts_for(english)[-1]
    assert ENGLISH.title in listed and JAPANESE.title not in listed


# --- what staff may give ---------------------------------------------------------------------------


@pytest.mark.parametrize("translations, field", [
    ({"en": NoticeText("Water outage", "")}, "translations.en.body"),
    ({"en": NoticeText("", "Water will be off.")}, "translations.en.title"),
    ({"ko": NoticeText("あ" * 101, "本文")}, "translations.ko.title"),
    ({"zh": NoticeText("停水", "本文\x07")}, "translations.zh.body"),
    ({"fr": NoticeText("Coupure d'eau", "L'eau sera coupée.")}, "translations"),
    ({"ja": NoticeText("断水", "断水します。")}, "translations"),
])
def test_a_translation_is_refused_with_the_reason(console, db, translations, field):
    draft = Draft(kind=NoticeKind.INFO, title="件名", body="本文", department="市民課", translations=translations)
    with Session(db) as session:
        problems = validate_draft(draft, session=session, city=city_of(console), now=NOW)
    assert list(problems) == [field]
    assert problems[field]
