"""設定 and 退会 (SPEC §2.9): every setting reachable; leaving deletes everything personal."""
from __future__ import annotations

import time
from datetime import datetime, timezone

from sqlalchemy import JSON, String, Text, cast, func, or_, select
from sqlmodel import Session, SQLModel

import bot.schema  # noqa: F401 - every table on SQLModel.metadata
from bot.chat import texts
from devtools.standin.state import user_id_for
from bot.store import cardlink, icons, postbox
from tests.portal.support import last_words, png, register, resident

HANAKO = user_id_for("hanako")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)

# 設定's buttons, as SPEC §2.9 lists them. Labels of features still being built by others are
# left out until their flows land: 設定 shows a label only when a flow answers it.
SETTINGS = ("ごみ収集地域", "ごみ収集通知", "興味・関心", "アカウント情報変更", "マイナンバーカード連携", "言語 / Language", "退会")


def buttons_of(message: dict) -> list[str]:
    return [button["action"]["label"] for button in message["contents"]["footer"]["contents"]]


def rows_mentioning(db, line_user_id: str, resident_id: int) -> dict[str, int]:
    """Rows of EVERY table that name the LINE user id (in any text or JSON column) or hang from
    the resident's id: tables added later are covered without changing this test."""
    found = {}
    with Session(db) as session:
        for table in SQLModel.metadata.sorted_tables:
            conditions = []
            for column in table.columns:
                if isinstance(column.type, (String, Text)):
                    conditions.append(column.contains(line_user_id))
                elif isinstance(column.type, JSON):
                    conditions.append(cast(column, Text).contains(line_user_id))
                if any(key.column.table.name == "resident" for key in column.foreign_keys) or (
                    table.name == "resident" and column.name == "id"
                ):
                    conditions.append(column == resident_id)
            if conditions:
                count = session.scalar(select(func.count()).select_from(table).where(or_(*conditions)))
                if count:
                    found[table.name] = count
    return found


def test_settings_offers_every_setting_that_exists(portal):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.SETTINGS)
    shown = buttons_of(portal.last_for(HANAKO))
    assert shown == list(SETTINGS)
    # Every button works: each leads somewhere other than "not understood".
    for label in shown[:-1]:
        portal.line.text(HANAKO, texts.SETTINGS)
        portal.tap(HANAKO, label)
        assert texts.STALE_BUTTON not in last_words(portal, HANAKO, 2)
        portal.line.text(HANAKO, texts.CANCEL)


def test_settings_offers_unlinking_once_the_card_is_linked(portal, db):
    register(portal, HANAKO)
    with Session(db) as session:
        cardlink.link_card(session=session, resident_id=resident(db, HANAKO).id, xid_subject="xid-subject-1", now=NOW)
        session.commit()
    portal.line.text(HANAKO, texts.SETTINGS)
    shown = buttons_of(portal.last_for(HANAKO))
    assert texts.UNLINK in shown and texts.CARD_LINK_SETTING not in shown
    portal.tap(HANAKO, texts.UNLINK)
    assert texts.UNLINK_YES in str(portal.last_for(HANAKO))


def test_leaving_deletes_every_personal_row_and_unlinks_the_menu(portal, db):
    register(portal, HANAKO, interests=("防災",))
    portal.line.text(HANAKO, texts.ACCOUNT_CHANGE)
    portal.tap(HANAKO, texts.CHANGE_ICON)
    portal.line.image(HANAKO, png(32, 32), "image/png")
    me = resident(db, HANAKO)
    with Session(db) as session:
        cardlink.link_card(session=session, resident_id=me.id, xid_subject="xid-subject-1", now=NOW)
        cardlink.consent_to_postbox(session=session, resident_id=me.id, now=NOW)
        notice = postbox.create_postbox_notice(session=session, title="お知らせ", body="本文", department="市民課", sent_at=NOW)
        notice_id = notice.id
        postbox.deliver_postbox_notice(session=session, notice_id=notice_id, now=NOW)
        session.commit()
        assert icons.icon_of(session=session, resident_id=me.id) is not None
    assert set(rows_mentioning(db, HANAKO, me.id)) >= {"resident", "conversation", "resident_icon", "card_link", "postbox_entry"}
    assert portal.line.user_richmenu[HANAKO] == portal.line.aliases["portalbot-registered"]

    portal.line.text(HANAKO, texts.LEAVE)
    assert texts.CONFIRM_LEAVE in str(portal.last_for(HANAKO))
    portal.tap(HANAKO, texts.CONFIRM_LEAVE)

    assert texts.LEFT in last_words(portal, HANAKO)
    assert rows_mentioning(db, HANAKO, me.id) == {}
    assert HANAKO not in portal.line.user_richmenu  # back to the default guest menu
    with Session(db) as session:  # the notice itself (not personal) stays for the city's records
        assert session.get(postbox.PostboxNotice, notice_id) is not None


def test_cancelling_the_confirmation_keeps_everything(portal, db):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.LEAVE)
    portal.tap(HANAKO, texts.CANCEL)
    assert texts.CANCELLED in last_words(portal, HANAKO)
    assert resident(db, HANAKO).registered


def test_following_again_after_leaving_starts_fresh(portal, db):
    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.LEAVE)
    portal.tap(HANAKO, texts.CONFIRM_LEAVE)
    portal.line.unfollow(HANAKO)
    assert resident(db, HANAKO) is None  # blocking afterwards brings no row back
    portal.line.follow(HANAKO)
    assert "ようこそ" in last_words(portal, HANAKO) and "おかえりなさい" not in last_words(portal, HANAKO)
    again = resident(db, HANAKO)
    assert not again.registered and again.nickname is None and again.interests == []
    portal.line.text(HANAKO, texts.MY_PAGE)
    assert texts.NOT_REGISTERED in last_words(portal, HANAKO)


def test_what_follows_leaving_in_the_same_batch_is_answered_as_from_a_newcomer(portal, db):
    """退会 and the next message are both waiting when one worker takes them: the message is
    handed back, and answered once the old resident is gone."""
    import json

    from devtools.standin import events

    register(portal, HANAKO)
    portal.line.text(HANAKO, texts.LEAVE)
    client = portal.app.test_client()

    recent = int(time.time() * 1000)

    def accept_only(text: str, at: int):
        event = events.text(HANAKO, portal.line.mint_reply_token(HANAKO), str(at), text, timestamp_ms=recent + at, quote_token="q")
        raw = json.dumps({"destination": "Ubot", "events": [event]}).encode()
        return client.post("/callback", data=raw, headers={"X-Line-Signature": events.signature("test-channel-secret", raw)})

    leaving = accept_only(texts.CONFIRM_LEAVE, 1_000)
    next_message = accept_only(texts.MY_PAGE, 2_000)
    leaving.close()  # takes both, leaves, and hands マイページ back
    assert "退会" in last_words(portal, HANAKO)
    next_message.close()  # a new resident now: not registered
    assert texts.NOT_REGISTERED in last_words(portal, HANAKO)
    again = resident(db, HANAKO)
    assert again is not None and not again.registered


def test_a_leaver_is_taken_out_of_reminders_and_notices_not_yet_sent(portal, db):
    """A multicast planned before 退会 and sent after it must not reach the leaver (issue 11, 6)."""
    from bot.delivery import SKIPPED, deliverer_for, plan_job
    from bot.delivery.ledger import DeliveryBatch

    taro = user_id_for("taro")
    register(portal, HANAKO)
    register(portal, taro, name="広島 太郎")
    message = [{"type": "text", "text": "あすは燃やすごみの日です"}]
    both = [(resident(db, HANAKO).id, HANAKO), (resident(db, taro).id, taro)]
    plan_job(db, key="reminder:both", origin="reminder_slot:test", messages=message, recipients=sorted(both))
    plan_job(db, key="notice:hanako", origin="notice:test", messages=message, recipients=[both[0]])
    assert "delivery_batch" in rows_mentioning(db, HANAKO, resident(db, HANAKO).id)

    portal.line.text(HANAKO, texts.LEAVE)
    portal.tap(HANAKO, texts.CONFIRM_LEAVE)
    assert rows_mentioning(db, HANAKO, -1) == {}
    with Session(db) as session:
        counts = {b.retry_key: (b.status, b.recipient_count) for b in session.scalars(select(DeliveryBatch))}
    assert sorted(counts.values()) == [("pending", 1), (SKIPPED, 0)]

    received_before = len(portal.line.timeline(HANAKO))
    bot = portal.app.extensions["portalbot"]
    deliverer_for(bot.settings, db, rate=None).drain()
    assert portal.texts_for(taro)[-1] == "あすは燃やすごみの日です"
    assert len(portal.line.timeline(HANAKO)) == received_before
