"""Simulated users act: signed webhook events reach the bot as LINE sends them."""

from __future__ import annotations

import base64
import json
import threading

from devtools.standin import StandinServer, events
from devtools.standin.server import serve
from standin_support import ALICE, BOB, SECRET


def test_events_are_signed_with_the_channel_secret(standin, bot):
    result = standin.text(ALICE, "ごみの日")  # non-ASCII: signature is over the raw bytes
    assert result.status == 200
    assert bot.rejected == 0
    (event,) = bot.events
    assert event.message.text == "ごみの日"
    assert event.source.user_id == ALICE
    assert event.reply_token == result.event["replyToken"]


def test_wrong_secret_is_caught_by_the_bot(standin, bot):
    standin.channel_secret = "another-secret"
    assert standin.text(ALICE, "hi").status == 400
    assert bot.rejected == 1


def test_event_envelope_has_lines_fields(standin, bot):
    standin.text(ALICE, "hi")
    body = json.loads(bot.bodies[0])
    assert body["destination"] == standin.destination
    event = body["events"][0]
    assert len(event["webhookEventId"]) == 26
    assert event["deliveryContext"] == {"isRedelivery": False}
    assert event["mode"] == "active"
    assert event["source"] == {"type": "user", "userId": ALICE}
    assert isinstance(event["timestamp"], int) and event["timestamp"] > 1_600_000_000_000


def test_each_event_gets_a_fresh_id_and_reply_token(standin):
    first, second = standin.text(ALICE, "a").event, standin.text(ALICE, "a").event
    assert first["webhookEventId"] != second["webhookEventId"]
    assert first["replyToken"] != second["replyToken"]


def test_follow_after_block_is_marked_unblocked(standin, bot):
    assert standin.follow(ALICE).event["follow"] == {"isUnblocked": False}
    unfollow = standin.unfollow(ALICE).event
    assert "replyToken" not in unfollow and standin.is_blocked(ALICE)
    assert standin.follow(ALICE).event["follow"] == {"isUnblocked": True}
    assert not standin.is_blocked(ALICE)
    assert [e.type for e in bot.events] == ["follow", "unfollow", "follow"]


def test_postback_carries_datetimepicker_params(standin, bot):
    standin.postback(ALICE, "v1|reminder|time", {"time": "19:30"})
    assert bot.events[0].postback.data == "v1|reminder|time"
    assert bot.events[0].postback.params == {"time": "19:30"}


def test_sticker_and_image_events(standin, bot):
    standin.sticker(BOB, "446", "1988")
    image = standin.image(BOB, b"\x89PNG...", "image/png").event
    assert bot.events[0].message.sticker_id == "1988"
    assert bot.events[1].message.type == "image"
    assert standin.contents[image["message"]["id"]] == (b"\x89PNG...", "image/png")


def test_location_events(standin, bot):
    standin.location(BOB, 34.3963, 132.4596, title="原爆ドーム", address="広島県広島市中区大手町1丁目")
    message = bot.events[0].message
    assert (message.type, message.latitude, message.longitude) == ("location", 34.3963, 132.4596)
    assert message.address == "広島県広島市中区大手町1丁目"


def test_redelivery_resends_the_same_event(standin, bot):
    original = standin.text(ALICE, "hi").event
    again = standin.redeliver(original["webhookEventId"]).event
    assert again["webhookEventId"] == original["webhookEventId"]
    assert again["deliveryContext"] == {"isRedelivery": True}
    assert original["deliveryContext"] == {"isRedelivery": False}
    assert [e.delivery_context.is_redelivery for e in bot.events] == [False, True]


def test_events_reach_a_webhook_url_over_http(bot):
    bot_server = serve(bot.wsgi())
    thread = threading.Thread(target=bot_server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        with StandinServer(channel_secret=SECRET,
                           webhook_url=f"http://127.0.0.1:{bot_server.server_port}/callback") as line:
            line.standin.add_user(ALICE, "Alice")
            assert line.standin.text(ALICE, "over http").status == 200
            line.standin.channel_secret = "wrong"
            assert line.standin.text(ALICE, "forged").status == 400
    finally:
        bot_server.shutdown()
        bot_server.server_close()
        thread.join()
    assert [e.message.text for e in bot.events] == ["over http"]


def test_simulated_user_acts_over_http(client, standin, bot):
    created = client.post("/_standin/users", json={"displayName": "Hanako"})
    assert created.status_code == 201
    hanako = created.json["userId"]
    assert client.post(f"/_standin/users/{hanako}/events", json={"type": "follow"}).json["status"] == 200
    sent = client.post(f"/_standin/users/{hanako}/events", json={"type": "text", "text": "こんにちは"})
    assert sent.json["event"]["message"]["text"] == "こんにちは"
    client.post(f"/_standin/users/{hanako}/events",
                json={"type": "postback", "data": "v1|reminder|time", "params": {"time": "07:00"}})
    photo = base64.b64encode(b"\xff\xd8\xffphoto").decode()
    image = client.post(f"/_standin/users/{hanako}/events",
                        json={"type": "image", "content_base64": photo, "content_type": "image/jpeg"})
    assert standin.contents[image.json["event"]["message"]["id"]][0] == b"\xff\xd8\xffphoto"
    assert [e.type for e in bot.events] == ["follow", "message", "postback", "message"]
    assert client.post(f"/_standin/users/{hanako}/events", json={"type": "dance"}).status_code == 400
    assert client.post("/_standin/users/Unobody/events", json={"type": "text"}).status_code == 404
    assert client.post("/_standin/users", json={"userId": "alice"}).status_code == 400


def test_timeline_over_http_pages_by_seq(client, standin):
    standin.deliver(ALICE, [{"type": "text", "text": "1"}, {"type": "text", "text": "2"}], "push")
    page = client.get(f"/_standin/users/{ALICE}/timeline").json
    assert [e["message"]["text"] for e in page["entries"]] == ["1", "2"]
    later = client.get(f"/_standin/users/{ALICE}/timeline?after={page['entries'][0]['seq']}").json
    assert [e["message"]["text"] for e in later["entries"]] == ["2"]
    assert later["lastSeq"] == page["lastSeq"] and later["loading"] is False


def test_reply_token_and_request_log_over_http(client, standin):
    token = client.post("/_standin/reply-tokens", json={"userId": ALICE}).json["replyToken"]
    assert standin.use_reply_token(token) == ALICE
    assert client.get("/_standin/requests").json == {"requests": []}
    client.post("/_standin/clear")
    assert standin.users == {}


def test_ulid_is_26_crockford_characters_ordered_by_time():
    first, second = events.ulid(1_000), events.ulid(2_000)
    assert len(first) == 26 and set(first) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert first < second
