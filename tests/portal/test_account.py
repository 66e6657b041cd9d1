"""アカウント情報変更 (guide: 参考, SPEC §2.7): nickname and icon, shown on My Page."""
from __future__ import annotations

import pytest

from bot.chat import texts
from bot.flows.account import ICON_MAX_BYTES, icon_problem
from devtools.standin.state import user_id_for
from tests.portal.support import PUBLIC_URL
from tests.portal.support import last_words, png, register, resident

HANAKO = user_id_for("hanako")


def my_page(portal, user: str) -> dict:
    portal.line.text(user, texts.MY_PAGE)
    return portal.last_for(user)


def hero_url(message: dict) -> str | None:
    return (message["contents"].get("hero") or {}).get("url")


def test_a_new_nickname_shows_on_my_page(portal, db):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_NICKNAME)
    assert "現在：はなこ" in last_words(portal, HANAKO)
    portal.line.text(HANAKO, "  ひろしま花子  ")
    assert texts.NICKNAME_CHANGED in last_words(portal, HANAKO, 2)
    assert "ひろしま花子" in portal.texts_for(HANAKO)[-1]  # My Page follows
    assert resident(db, HANAKO).nickname == "ひろしま花子"


def test_a_nickname_that_breaks_the_rules_is_refused_with_the_reason(portal, db):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_NICKNAME)
    # Each case: what was typed, the reason given
    for typed, reason in (("あ" * 21, "20文字以内で入力してください（21文字でした）"), ("はな\u200bこ", texts.NICKNAME_CONTROL)):
        portal.line.text(HANAKO, typed)
        assert reason in last_words(portal, HANAKO, 2)
    assert resident(db, HANAKO).nickname == "はなこ"


def test_a_sent_image_becomes_the_icon_shown_on_my_page(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_ICON)
    assert "画像を送ってください" in last_words(portal, HANAKO)
    image = png(120, 120)
    portal.line.image(HANAKO, image, "image/png")
    assert texts.ICON_CHANGED in last_words(portal, HANAKO, 2)

    url = hero_url(my_page(portal, HANAKO))
    assert url.startswith(PUBLIC_URL + "/icons/")
    served = portal.app.test_client().get(url.removeprefix(PUBLIC_URL))
    assert served.status_code == 200 and served.data == image and served.mimetype == "image/png"
    assert portal.app.test_client().get("/icons/" + "x" * 32).status_code == 404


def test_the_line_profile_picture_can_be_the_icon(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_ICON)
    portal.tap(HANAKO, texts.USE_LINE_PICTURE)
    assert texts.ICON_CHANGED in last_words(portal, HANAKO, 2)
    assert hero_url(my_page(portal, HANAKO)) == "https://profile.line-scdn.net/0h-test-picture"


def test_an_oversized_or_non_image_icon_is_refused_with_the_reason(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_ICON)
    # Each case: what was sent (bytes, content type LINE reports), the reason given
    cases = [
        (png(64, 64, padding=ICON_MAX_BYTES), "image/png", "画像が大きすぎます（1.0MB）。1.0MBまでの画像を送ってください。"),
        (b"GIF89a" + b"\x00" * 100, "image/gif", texts.ICON_NOT_AN_IMAGE),
        (b"%PDF-1.7 not an image", "image/jpeg", texts.ICON_NOT_AN_IMAGE),
    ]
    for data, content_type, reason in cases:
        portal.line.image(HANAKO, data, content_type)
        assert reason in last_words(portal, HANAKO, 2)
        assert "画像を送ってください" in last_words(portal, HANAKO)  # still waiting for one
    assert hero_url(my_page(portal, HANAKO)) is None


def test_icon_rules():
    # Each case: the bytes, whether they can be an icon
    assert icon_problem(png(10, 10)) is None
    assert icon_problem(b"\xff\xd8\xff\xe0" + b"\x00" * 10) == texts.ICON_NOT_AN_IMAGE  # JPEG without a frame
    assert "8000ピクセル" in icon_problem(png(9000, 1))


def connections_in_use_during(portal, monkeypatch, call: str) -> list[int]:
    """How many of the handler's database connections were out while LINE answered `call`."""
    bot = portal.app.extensions["portalbot"]
    seen: list[int] = []
    real = getattr(type(bot.messenger), call)

    def watched(messenger, *args):
        seen.append(bot.handler.db.pool.checkedout())
        return real(messenger, *args)

    monkeypatch.setattr(type(bot.messenger), call, watched)
    return seen


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL calls in place
def test_on_sqlite_line_is_asked_for_the_profile_and_the_image_with_no_transaction_open(portal, monkeypatch):
    """SQLite's only write lock is not held while LINE answers."""
    profile = connections_in_use_during(portal, monkeypatch, "profile")
    register(portal, HANAKO, name="花子")  # the nickname step offers 「…」を使う from the profile
    assert profile == [0]  # asked once, for the follow's greeting; registration had it at hand
    content = connections_in_use_during(portal, monkeypatch, "download_content")
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_ICON)
    portal.line.image(HANAKO, png(120, 120), "image/png")
    assert content == [0]
    assert texts.ICON_CHANGED in last_words(portal, HANAKO, 2)
