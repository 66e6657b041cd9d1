"""A resident registers through /callback, with LINE stood in on loopback (SPEC §2.1)."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.chat import texts
from bot.store.models import Resident

TARO = "U" + "a" * 32


def residents(portal) -> list[Resident]:
    with Session(portal.app.extensions["portalbot"].db) as session:
        return list(session.scalars(select(Resident)))


def test_a_resident_registers_end_to_end_with_the_labels_only(portal):
    line = portal.line
    line.add_user(TARO, display_name="金沢 太郎")
    line.follow(TARO)
    assert "まちのポータルへようこそ" in portal.texts_for(TARO)[-1]

    portal.tap(TARO, texts.LOGIN)
    portal.tap(TARO, texts.CREATE_WITH_LINE)
    portal.tap(TARO, texts.AGREE)
    assert "「金沢 太郎」を使う" in portal.texts_for(TARO)[-1]  # from the profile API
    line.text(TARO, "たろう")
    portal.tap(TARO, "40代")
    line.text(TARO, "安佐南区")  # typing a label works like tapping it
    portal.tap(TARO, "子育て")
    portal.tap(TARO, texts.DONE)

    received = "\n".join(portal.texts_for(TARO)[-2:])
    assert texts.ACCOUNT_CREATED in received and "たろう" in received
    [stored] = residents(portal)
    assert (stored.nickname, stored.age_group, stored.ward, stored.interests) == ("たろう", "40代", "安佐南区", ["子育て"])
    assert all(entry["via"] == "reply" for entry in line.timeline(TARO))


def test_a_21_character_nickname_is_refused_with_the_reason(portal):
    portal.line.add_user(TARO, display_name="太郎")
    portal.line.follow(TARO)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(TARO, label)
    portal.line.text(TARO, "あ" * 21)
    assert "20文字以内で入力してください（21文字でした）" in "\n".join(portal.texts_for(TARO)[-2:])
    assert residents(portal)[0].nickname is None


def test_cancelling_half_way_through_callback_stores_nothing(portal):
    portal.line.add_user(TARO, display_name="太郎")
    portal.line.follow(TARO)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(TARO, label)
    portal.line.text(TARO, "たろう")
    portal.tap(TARO, texts.CANCEL)
    assert texts.CANCELLED in portal.texts_for(TARO)[-1]
    [stored] = residents(portal)
    assert not stored.registered and stored.nickname is None
