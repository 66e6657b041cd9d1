"""Notices in the residents' languages (issue 13): staff give a title and body per language;
residents who read one get that version, everyone else the Japanese one, the bot's own words
in their language either way — through the delivery engine to the validating stand-in of
LINE, the postbox, the console (reach and preview per language) and the API."""
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
from bot.notices.targeting import Target, reach_by_language
from bot.notices.translations import NoticeText
from bot.staff import accounts
from bot.store.db import session_scope, utcnow
from tests.staff.support import NOW, browser, create, get, make_resident, post, send_due, sign_in
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


def test_reach_counts_the_recipients_of_each_language(console, db):
    for n, code in enumerate((None, "ja", "fr", "ko", "en", "en")):  # "fr": not the bot's, so Japanese
        make_resident(db, f"r{n}", language=code, linked=code != "ja")
    make_resident(db, "blocked", language="en", following=False, linked=True)
    with Session(db) as session:
        info = reach_by_language(session=session, kind=NoticeKind.INFO, target=Target())
        postboxes = reach_by_language(session=session, kind=NoticeKind.POST, target=Target())
    assert info == {"ja": 3, "en": 2, "ko": 1}
    assert postboxes == {"ja": 2, "en": 3, "ko": 1}  # open postboxes, following or not
    assert list(info) == ["ja", "en", "ko"]  # in the order of the language menu


# --- the console -------------------------------------------------------------------------------------


def compose(client, **fields):
    data = {"kind": "post", "title": JAPANESE.title, "body": JAPANESE.body, "department": "市民課", "timing": "now",
            "action": "preview"}
    data.update(fields)
    return post(client, "/admin/notices/new", data, token_from="/admin/notices/new")


def test_the_console_shows_reach_and_the_preview_per_language(console, db, staff):
    residents_reading(console, db, None, "ja", "en", "ko", linked=True)
    client = browser(console.app)
    sign_in(client, "editor@city.example.jp")
    page = compose(client, title_en=ENGLISH.title, body_en=ENGLISH.body)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert 'data-testid="reach">4<' in html
    assert 'data-testid="reach-ja">2<' in html and 'data-testid="reach-en">1<' in html and 'data-testid="reach-ko">1<' in html
    assert "（英語版）" in html and "（日本語版）" in html  # Korean readers get the Japanese version
    japanese, english = html.split('data-testid="preview-ja"')[1].split('data-testid="preview-en"')
    assert JAPANESE.title in japanese and texts.NEW_NOTICE in japanese and ENGLISH.title not in japanese
    assert ENGLISH.title in english and ENGLISH.body in english and JAPANESE.title not in english
    assert translate(texts.japanese("NEW_NOTICE"), "en") in english
    assert 'data-testid="preview-ko"' not in html  # only the languages given

    sent = compose(client, title_en=ENGLISH.title, body_en=ENGLISH.body, action="send")
    assert sent.status_code == 302
    sent.close()
    notice_page = get(client, sent.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="translation-en"' in notice_page and ENGLISH.body in notice_page
    assert 'data-testid="preview-en"' in notice_page
    listing = get(client, "/admin/notices").get_data(as_text=True)
    assert "（英語も）" in listing


def test_the_console_says_which_half_of_a_translation_is_missing(console, staff):
    client = browser(console.app)
    sign_in(client, "editor@city.example.jp")
    page = compose(client, title_ko="단수 안내")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "韓国語の本文を入力してください" in html
    assert 'name="title_ko"' in html and "단수 안내" in html  # kept for the next try


# --- the API -------------------------------------------------------------------------------------------


def bearer(db, staff_id: int) -> dict[str, str]:
    with session_scope(db) as session:
        return {"Authorization": "Bearer " + accounts.issue_token(session=session, staff_id=staff_id, now=utcnow())[1]}


def test_the_api_takes_translations_and_reports_reach_per_language(console, db, staff):
    users = residents_reading(console, db, None, "en")
    client, headers = console.app.test_client(), bearer(db, staff["editor"])
    answer = client.post("/api/v1/notices", headers=headers, json={
        "kind": "info", "title": JAPANESE.title, "body": JAPANESE.body,
        "translations": {"en": {"title": ENGLISH.title, "body": ENGLISH.body}},
    })
    assert answer.status_code == 201, answer.get_json()
    created = answer.get_json()
    assert created["reach"] == 2 and created["reach_by_language"] == {"ja": 1, "en": 1}
    assert created["notice"]["translations"] == {"en": {"title": ENGLISH.title}}
    answer.close()  # the answer is out: the notice is sent
    assert ENGLISH.body in words(console, users["en"]) and JAPANESE.body in words(console, users[None])


@pytest.mark.parametrize("translations, field", [
    (["en"], "translations"),
    ({"en": "Water outage"}, "translations.en"),
    ({"en": {"title": "Water outage", "body": 5}}, "translations.en"),
    ({"en": {"title": "Water outage", "body": "Off.", "lang": "en"}}, "translations.en"),
    ({"en": {"title": "Water outage"}}, "translations.en.body"),
    ({"de": {"title": "Wasser", "body": "Kein Wasser."}}, "translations"),
])
def test_the_api_refuses_bad_translations_with_clear_json(console, staff, db, translations, field):
    answer = console.app.test_client().post("/api/v1/notices", headers=bearer(db, staff["editor"]), json={
        "title": "断水", "body": "断水します。", "translations": translations})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_notice" and field in error["fields"], error
