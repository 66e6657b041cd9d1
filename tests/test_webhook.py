"""POST /callback: signatures, de-duplication, serialization, and bad input (SPEC §6)."""
from __future__ import annotations

import json
import logging
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.event import listen
from sqlmodel import Session

from bot.chat import texts
from bot.chat import postback
from bot.chat.replies import Action
from devtools.standin import events
from bot.store.models import Conversation, Resident, WebhookEvent
from tests.portal.support import register
from tests.support.portal import SECRET

HANAKO = "U" + "b" * 32
RECENT = int(time.time() * 1000)  # LINE's event timestamps: recent, or the inbox refuses them


def count(portal, table) -> int:
    with Session(portal.app.extensions["portalbot"].db) as session:
        return session.scalar(select(func.count()).select_from(table))


def text_event(text: str, user: str = HANAKO, token: str = "t" * 32) -> dict:
    return events.text(user, token, "1000", text, timestamp_ms=RECENT, quote_token="q")


def body(*evts: dict) -> dict:
    return {"destination": "Ubot", "events": list(evts)}


# --- signatures --------------------------------------------------------------------------------
def test_a_missing_signature_is_refused_and_nothing_is_written(portal):
    response = portal.app.test_client().post("/callback", data=json.dumps(body(text_event("こんにちは"))))
    assert response.status_code == 400
    assert count(portal, WebhookEvent) == count(portal, Resident) == 0


def test_a_wrong_signature_is_refused_and_nothing_is_written(portal):
    response = portal.post_signed(body(text_event("こんにちは")), secret="not-the-channel-secret")
    assert response.status_code == 400
    assert count(portal, WebhookEvent) == count(portal, Resident) == 0


def test_the_signature_covers_the_bytes_received_not_a_decoded_text(portal):
    """A body that is not UTF-8 decodes (with replacement) to text whose own bytes differ: a
    signature of those other bytes must not let this body in."""
    raw = json.dumps(body(text_event("こんにちは")), ensure_ascii=False).encode().replace("こ".encode(), b"\xff\xfe\xfd", 1)
    other_bytes = raw.decode("utf-8", "replace").encode()
    response = portal.app.test_client().post(
        "/callback", data=raw, headers={"X-Line-Signature": events.signature(SECRET, other_bytes)}
    )
    assert (response.status_code, response.get_json()["message"]) == (400, "invalid signature")
    assert count(portal, WebhookEvent) == 0


def test_events_older_than_the_inbox_remembers_are_refused(portal, caplog):
    """Ids of handled events are kept three days: an older event could be a replay of one
    handled and forgotten, so it is acknowledged and never handled."""
    portal.line.add_user(HANAKO, display_name="花子")
    four_days = 4 * 24 * 3600 * 1000
    old = events.text(HANAKO, portal.line.mint_reply_token(HANAKO), "1", "ヘルプ", timestamp_ms=RECENT - four_days, quote_token="q")
    assert portal.post_signed(body(old)).status_code == 200
    assert count(portal, WebhookEvent) == count(portal, Resident) == 0
    assert portal.line.timeline(HANAKO) == []
    assert "older than the inbox remembers" in caplog.text

    two_days = 2 * 24 * 3600 * 1000
    recent = events.text(HANAKO, portal.line.mint_reply_token(HANAKO), "2", "ヘルプ", timestamp_ms=RECENT - two_days, quote_token="q")
    assert portal.post_signed(body(recent)).status_code == 200
    assert len(portal.line.timeline(HANAKO)) == 1


def test_the_verification_request_with_no_events_gets_200(portal):
    assert portal.post_signed(body()).status_code == 200


# --- de-duplication and serialization ---------------------------------------------------------
def test_a_redelivered_event_is_handled_once(portal):
    portal.line.add_user(HANAKO, display_name="花子")
    first = portal.line.text(HANAKO, "ヘルプ")
    again = portal.line.redeliver(first.event["webhookEventId"])
    assert first.status == again.status == 200
    assert len(portal.line.timeline(HANAKO)) == 1


def test_two_events_for_one_resident_at_once_are_serialized(portal):
    """Two interest taps arriving together: neither choice is lost."""
    line = portal.line
    line.add_user(HANAKO, display_name="花子")
    line.follow(HANAKO)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(HANAKO, label)
    line.text(HANAKO, "はなこ")
    portal.tap(HANAKO, texts.SKIP)
    portal.tap(HANAKO, texts.SKIP)

    taps = [
        events.postback(HANAKO, line.mint_reply_token(HANAKO), postback.encode(Action("register", "toggle_interest", tag)), timestamp_ms=RECENT)
        for tag in ("防災", "税金", "教育", "子育て")
    ]
    barrier = threading.Barrier(len(taps))

    def deliver(event):
        barrier.wait()
        portal.post_signed(body(event))

    threads = [threading.Thread(target=deliver, args=(event,)) for event in taps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with Session(portal.app.extensions["portalbot"].db) as session:
        conversation = session.scalars(select(Conversation)).one()
        assert sorted(conversation.data["interests"]) == sorted(["防災", "税金", "教育", "子育て"])


# --- input the bot does not expect --------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[]", b'{"events": "none"}', b'{"destination": "U"}', "{\"events\": [\"\xff\"]".encode("latin-1")],
)
def test_malformed_json_with_a_valid_signature_gets_400_not_500(portal, raw):
    assert portal.post_signed(raw).status_code == 400


def test_an_oversized_body_is_refused(portal):
    huge = json.dumps(body(text_event("あ" * 600_000))).encode()
    answer = portal.post_signed(huge)
    assert answer.status_code == 413 and "message" in answer.get_json()
    assert count(portal, WebhookEvent) == 0


def test_only_post_is_answered_and_every_answer_names_its_request(portal):
    client = portal.app.test_client()
    refused = client.get("/callback")
    assert refused.status_code == 405 and refused.headers["Allow"] == "POST"
    accepted = portal.post_signed(body())  # LINE's verification request
    assert accepted.status_code == 200 and accepted.get_json() == {}
    assert len(accepted.headers["X-Request-Id"]) == 16 and refused.headers["X-Request-Id"] != accepted.headers["X-Request-Id"]


def test_a_database_that_cannot_take_the_event_gets_500_and_the_reason_is_logged(portal, monkeypatch, caplog):
    def down(**_):
        raise OSError("the database is down")

    monkeypatch.setattr("bot.store.inbox.accept", down)
    answer = portal.post_signed(body(text_event("こんにちは")))
    assert answer.status_code == 500 and answer.get_json() == {"message": "internal error"}
    assert "unhandled error" in caplog.text  # LINE redelivers; nothing was half-written


@pytest.mark.parametrize(
    "event",
    [
        {**text_event("こんにちは"), "mode": "standby"},
        {"type": "beacon", "mode": "active", "source": {"type": "user", "userId": HANAKO}, "webhookEventId": "01B", "timestamp": 1},
        {**text_event("こんにちは"), "source": {"type": "group", "groupId": "C1", "userId": HANAKO}},
        {"type": "message"},
        "not an event",
    ],
    ids=["standby", "unknown type", "group chat", "no source", "not an object"],
)
def test_events_not_for_the_bot_are_acknowledged_and_ignored(portal, event):
    assert portal.post_signed(body(event)).status_code == 200
    assert count(portal, WebhookEvent) == 0
    assert portal.line.requests == []


@pytest.mark.parametrize(
    "send, expected",
    [
        (lambda line: line.sticker(HANAKO), texts.NO_STICKER),
        (lambda line: line.image(HANAKO, b"\x89PNG\r\n\x1a\n", "image/png"), texts.NO_IMAGE_WANTED),
        (lambda line: line.postback(HANAKO, "1|register|agree|"), texts.STALE_BUTTON),
        (lambda line: line.postback(HANAKO, "action=buy&itemid=111"), texts.NOT_UNDERSTOOD),
        (lambda line: line.text(HANAKO, "ごみの日はいつ？？"), texts.NOT_UNDERSTOOD),
        # A location outside any flow asks for the nearest evacuation sites; none imported here.
        (lambda line: line.location(HANAKO, 34.3963, 132.4596, address="広島県広島市中区"),
         texts.NO_SITES_DATA),
    ],
    ids=["sticker", "image", "stale button", "foreign postback", "free text", "location, no sites"],
)
def test_unexpected_input_gets_a_clear_answer(portal, send, expected):
    portal.line.add_user(HANAKO, display_name="花子")
    assert send(portal.line).status == 200
    assert expected in portal.texts_for(HANAKO)[-1]


def test_unfollow_stops_messages_and_refollow_keeps_settings(portal):
    line = portal.line
    register(portal, HANAKO)  # as はなこ
    line.unfollow(HANAKO)
    with Session(portal.app.extensions["portalbot"].db) as session:
        assert session.scalars(select(Resident)).one().following is False
    line.follow(HANAKO)
    assert "おかえりなさい" in portal.texts_for(HANAKO)[-1]
    with Session(portal.app.extensions["portalbot"].db) as session:
        assert session.scalars(select(Resident)).one().nickname == "はなこ"


def test_a_late_event_is_answered_by_push_once(portal):
    """A worker died after answering LINE: the clock's sweep handles the event later."""
    from datetime import timedelta

    from bot.store.db import utcnow

    portal.line.add_user(HANAKO, display_name="花子")
    handler = portal.app.extensions["portalbot"].handler
    response = portal.app.test_client().post(
        "/callback",
        data=(raw := json.dumps(body(text_event("ヘルプ", token="expired-token"))).encode()),
        headers={"X-Line-Signature": events.signature("test-channel-secret", raw)},
    )
    assert response.status_code == 200  # not closed: the worker "died" before handling

    handler.clock = lambda: utcnow() + timedelta(minutes=5)
    assert handler.handle_waiting() == 1
    assert handler.handle_waiting() == 0
    [entry] = portal.line.timeline(HANAKO)
    assert entry["via"] == "push"
    portal.line.all_requests[:] = [r for r in portal.line.all_requests if r.path != "/v2/bot/message/reply"]


def test_nothing_a_resident_types_reaches_the_logs(portal, caplog):
    caplog.set_level(logging.DEBUG)
    portal.line.add_user(HANAKO, display_name="秘密の花子")
    portal.line.follow(HANAKO)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(HANAKO, label)
    portal.line.text(HANAKO, "ひみつのニックネーム")
    assert "ひみつのニックネーム" not in caplog.text
    assert "秘密の花子" not in caplog.text


def test_a_residents_events_are_handled_in_order_whichever_worker_comes_first(portal):
    """Event 2 reaches a free worker while event 1's worker has not started: 1 still goes first."""
    portal.line.add_user(HANAKO, display_name="花子")
    client = portal.app.test_client()

    def accept_only(text: str, at: int):
        event = events.text(HANAKO, portal.line.mint_reply_token(HANAKO), "1", text, timestamp_ms=RECENT + at, quote_token="q")
        raw = json.dumps(body(event)).encode()
        return client.post("/callback", data=raw, headers={"X-Line-Signature": events.signature("test-channel-secret", raw)})

    first = accept_only(texts.LOGIN, 1_000)
    second = accept_only(texts.CREATE_WITH_LINE, 2_000)
    second.close()  # the second event's worker runs first: it handles both, oldest first
    first.close()

    received = portal.texts_for(HANAKO)
    assert len(received) == 2
    assert texts.CHOOSE_ACCOUNT in received[0]
    assert "利用規約" in received[1]


def test_a_failing_flow_answers_with_an_apology_and_is_not_retried_forever(portal, monkeypatch, caplog):
    from datetime import timedelta

    from bot.flows.help import Help
    from bot.store.db import utcnow

    def broken(self):
        raise RuntimeError("a bug in a flow")

    monkeypatch.setattr(Help, "show_help", broken)
    portal.line.add_user(HANAKO, display_name="花子")
    assert portal.line.text(HANAKO, texts.HELP).status == 200
    assert texts.SOMETHING_WENT_WRONG in portal.texts_for(HANAKO)[-1]
    assert count(portal, WebhookEvent) == 1
    handler = portal.app.extensions["portalbot"].handler
    handler.clock = lambda: utcnow() + timedelta(minutes=5)
    assert handler.handle_waiting() == 0  # set aside, not left for the clock to retry forever
    assert "a bug in a flow" in caplog.text


# --- durability -------------------------------------------------------------------------------
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # SQLite commits alike in both
def test_the_inbox_commits_to_disk_before_the_200_and_the_handling_need_not(portal):
    bot = portal.app.extensions["portalbot"]
    used = {}
    for name, engine in (("inbox", bot.db), ("handling", bot.handler.db)):
        listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_, name=name: used.setdefault(name, statement))
    portal.line.add_user(HANAKO, display_name="花子")
    portal.line.text(HANAKO, "ヘルプ")
    assert used["inbox"].startswith("INSERT INTO webhook_event")
    assert used["handling"].startswith("SELECT resident")
    for engine, setting in ((bot.db, "on"), (bot.handler.db, "off")):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == setting
