"""The stand-in accepts what LINE accepts and rejects, with LINE's 400 body, what LINE rejects."""

from __future__ import annotations

import json

import pytest

from devtools.standin import schema
from standin_support import ALICE, AUTH, BOB, bubble, buttons_template, flex, postback_item, \
    reply_body, text

PUSH = "/v2/bot/message/push"


def push(client, *messages, to=ALICE):
    return client.post(PUSH, json={"to": to, "messages": list(messages)}, headers=AUTH)


# Valid messages of every kind the bot sends
@pytest.mark.parametrize("message", [
    text("こんにちは"),
    text("choose", quickReply={"items": [postback_item(f"item {i}") for i in range(13)]}),
    text("when?", quickReply={"items": [{"type": "action", "action": {
        "type": "datetimepicker", "label": "時刻", "data": "v1|reminder|time", "mode": "time"}}]}),
    flex(),
    flex({"type": "carousel", "contents": [bubble() for _ in range(12)]}),
    buttons_template(),
    {"type": "template", "altText": "ok?", "template": {"type": "confirm", "text": "退会しますか？",
        "actions": [{"type": "postback", "label": "はい", "data": "v1|leave|yes"},
                    {"type": "postback", "label": "いいえ", "data": "v1|leave|no"}]}},
    {"type": "sticker", "packageId": "446", "stickerId": "1988"},
    {"type": "image", "originalContentUrl": "https://example.com/a.jpg",
     "previewImageUrl": "https://example.com/a_s.jpg"},
    text("p" * 5000),
    text("🍎" * 2500),
    text("choose", quickReply={"items": [postback_item("二" * 20)]}),
    flex(bubble([{"type": "button", "action": {"type": "postback", "label": "四" * 40, "data": "d"}}])),
], ids=["text", "13-quick-replies", "datetimepicker-quick-reply", "flex-bubble",
        "flex-carousel-12", "buttons-template", "confirm-template", "sticker", "image",
        "text-5000", "emoji-text-5000-units", "quick-reply-label-20", "flex-button-label-40"])
def test_valid_message_is_accepted(client, message):
    response = push(client, message)
    assert response.status_code == 200, response.json
    assert response.json["sentMessages"][0]["id"]


def test_five_messages_are_accepted(client):
    assert push(client, *[text(str(i)) for i in range(5)]).status_code == 200


# Each case: the message(s), the property LINE names in the error
@pytest.mark.parametrize("messages, prop", [
    ([flex(bubble(layout="diagonal"))], "messages[0].contents.body.layout"),
    ([flex(bubble([{"type": "text", "text": "x", "weight": "heavy"}]))],
     "messages[0].contents.body.contents[0].weight"),
    ([flex(bubble([{"type": "box", "layout": "vertical"}]))],
     "messages[0].contents.body.contents[0].contents"),
    ([flex(bubble([{"type": "rectangle"}]))], "messages[0].contents.body.contents[0].type"),
    ([text("x", quickReply={"items": [{"type": "action", "action": {"type": "postback", "label": "a"}}]})],
     "messages[0].quickReply.items[0].action.data"),
    ([text("x", quickReply={"items": [{"type": "action", "action": {
        "type": "datetimepicker", "label": "a", "data": "d", "mode": "hour"}}]})],
     "messages[0].quickReply.items[0].action.mode"),
    ([text("x", quickReply={"items": [postback_item() for _ in range(14)]})],
     "messages[0].quickReply.items"),
    ([text(str(i)) for i in range(6)], "messages"),
    ([], "messages"),
    ([text("x", quickReply={"items": [postback_item(data="d" * 301)]})],
     "messages[0].quickReply.items[0].action.data"),
    ([text("p" * 5001)], "messages[0].text"),
    ([text("🍎" * 2501)], "messages[0].text"),  # 2,501 characters, 5,002 UTF-16 units
    ([flex(alt_text="🍎" * 751)], "messages[0].altText"),
    ([flex({"type": "carousel", "contents": [bubble() for _ in range(13)]})], "messages[0].contents.contents"),
    ([flex(alt_text="a" * 1501)], "messages[0].altText"),
    ([{"type": "video"}], "messages[0].originalContentUrl"),
    ([{"type": "fax", "text": "x"}], "messages[0].type"),
    ([{"text": "no type"}], "messages[0].type"),
    ([{"type": "image", "originalContentUrl": "http://example.com/a.jpg",
       "previewImageUrl": "https://example.com/a.jpg"}], "messages[0].originalContentUrl"),
    ([flex(bubble([{"type": "button", "action": {"type": "uri", "label": "x", "uri": "not a uri"}}]))],
     "messages[0].contents.body.contents[0].action.uri"),
    ([text("x", quickReply={"items": [postback_item("二" * 21)]})],
     "messages[0].quickReply.items[0].action.label"),
    ([text("x", quickReply={"items": [{"type": "action", "action": {"type": "postback", "data": "d"}}]})],
     "messages[0].quickReply.items[0].action.label"),
    ([flex(bubble([{"type": "button", "action": {"type": "postback", "label": "四" * 41, "data": "d"}}]))],
     "messages[0].contents.body.contents[0].action.label"),
    ([{"type": "template", "altText": "ok?", "template": {"type": "confirm", "text": "退会しますか？",
        "actions": [{"type": "postback", "label": "は" * 21, "data": "y"},
                    {"type": "postback", "label": "いいえ", "data": "n"}]}}],
     "messages[0].template.actions[0].label"),
], ids=["flex-box-layout", "flex-text-weight", "flex-box-without-contents", "flex-unknown-component",
        "postback-without-data", "datetimepicker-bad-mode", "14-quick-replies", "6-messages",
        "no-messages", "postback-data-301", "text-5001", "emoji-text-5002-units", "emoji-alt-text-1502-units",
        "carousel-13-bubbles", "alt-text-1501",
        "video-without-url", "unknown-message-type", "message-without-type", "http-image",
        "bad-uri", "quick-reply-label-21", "quick-reply-without-label", "flex-button-label-41",
        "confirm-label-21"])
def test_invalid_message_is_rejected_like_line(client, messages, prop):
    response = push(client, *messages)
    assert response.status_code == 400
    body = response.json
    assert body["message"].startswith("The request body has")
    assert prop in [d["property"] for d in body["details"]], body


def test_multicast_to_more_than_500_users_is_rejected(client):
    to = [ALICE] * 501
    response = client.post("/v2/bot/message/multicast", json={"to": to, "messages": [text()]},
                           headers=AUTH)
    assert response.status_code == 400
    assert response.json["details"] == [{"message": "Size must be between 1 and 500",
                                         "property": "to"}]
    ok = client.post("/v2/bot/message/multicast", json={"to": [ALICE] * 500, "messages": [text()]},
                     headers=AUTH)
    assert ok.status_code == 200


def test_push_to_a_malformed_user_id_is_rejected(client):
    assert push(client, text(), to="Ualice").status_code == 400


def test_rejected_message_is_not_delivered(client, standin):
    push(client, text("p" * 5001))
    assert standin.timeline(ALICE) == []


def test_validation_can_be_switched_off(client, standin):
    standin.validate = False
    assert push(client, text("p" * 5001)).status_code == 200


def test_malformed_json_is_a_400(client):
    response = client.post(PUSH, data=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400


def test_reply_and_multicast_bodies_share_the_message_rules(client, standin):
    token = standin.mint_reply_token(BOB)
    bad = client.post("/v2/bot/message/reply", json=reply_body(token, flex(bubble(layout="grid"))),
                      headers=AUTH)
    assert bad.status_code == 400
    # The rejected reply did not use up the token
    ok = client.post("/v2/bot/message/reply", json=reply_body(token, flex()), headers=AUTH)
    assert ok.status_code == 200


def test_generated_webhook_events_match_the_webhook_schema(standin, bot):
    standin.follow(ALICE)
    standin.text(ALICE, "ごみ")
    standin.postback(ALICE, "v1|reminder|time", {"time": "19:30"})
    standin.image(ALICE, b"\xff\xd8\xff", "image/jpeg")
    standin.sticker(ALICE)
    standin.unfollow(ALICE)
    assert len(bot.bodies) == 6
    for body in bot.bodies:
        assert schema.schema_errors("webhook", "CallbackRequest", json.loads(body)) == []
    # and the schema does check events: a follow event without its `follow` detail fails
    broken = json.loads(bot.bodies[0])
    del broken["events"][0]["follow"]
    assert schema.schema_errors("webhook", "CallbackRequest", broken)


def test_discriminated_schemas_are_rewritten_once():
    api = schema.load_api("messaging-api")
    assert schema.load_api("messaging-api") is api
    components = api.document["components"]["schemas"]
    for base in ("Message", "Action", "FlexComponent", "FlexContainer", "Template"):
        assert "x-discriminator" in components[base]
        assert "discriminator" not in components[base + "__base"]
