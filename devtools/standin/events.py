"""Webhook events as LINE builds them, and their signature.

The builders are pure: they take the ids and reply token to use, so the same shapes serve the
stand-in, the simulator and tests. The shapes follow `openapi/webhook.yml` (a test checks them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from typing import Any

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid(now_ms: int | None = None) -> str:
    """A 26-character ULID (48-bit time + 80 random bits, Crockford base32), as LINE's
    webhookEventId."""
    value = ((now_ms if now_ms is not None else int(time.time() * 1000)) << 80) | int.from_bytes(
        os.urandom(10), "big"
    )
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def signature(channel_secret: str, body: bytes) -> str:
    """The `X-Line-Signature` value: base64(HMAC-SHA256(channel secret, raw body))."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def callback_body(destination: str, events: list[dict]) -> dict:
    return {"destination": destination, "events": events}


def _base(kind: str, user_id: str, timestamp_ms: int, reply_token: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": timestamp_ms,
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": ulid(timestamp_ms),
        "deliveryContext": {"isRedelivery": False},
    }
    if reply_token is not None:
        event["replyToken"] = reply_token
    return event


def follow(user_id: str, reply_token: str, *, timestamp_ms: int, is_unblocked: bool = False) -> dict:
    event = _base("follow", user_id, timestamp_ms, reply_token)
    event["follow"] = {"isUnblocked": is_unblocked}
    return event


def unfollow(user_id: str, *, timestamp_ms: int) -> dict:
    """Unfollow (block) events carry no reply token."""
    return _base("unfollow", user_id, timestamp_ms, None)


def _message(user_id: str, reply_token: str, timestamp_ms: int, content: dict) -> dict:
    event = _base("message", user_id, timestamp_ms, reply_token)
    event["message"] = content
    return event


def text(user_id: str, reply_token: str, message_id: str, text_value: str, *,
         timestamp_ms: int, quote_token: str) -> dict:
    return _message(user_id, reply_token, timestamp_ms,
                    {"type": "text", "id": message_id, "quoteToken": quote_token, "text": text_value})


def image(user_id: str, reply_token: str, message_id: str, *, timestamp_ms: int,
          quote_token: str) -> dict:
    """The image bytes are not in the event: the bot fetches them from the content endpoint."""
    return _message(user_id, reply_token, timestamp_ms, {
        "type": "image", "id": message_id, "quoteToken": quote_token,
        "contentProvider": {"type": "line"},
    })


def sticker(user_id: str, reply_token: str, message_id: str, package_id: str, sticker_id: str,
            *, timestamp_ms: int, quote_token: str) -> dict:
    return _message(user_id, reply_token, timestamp_ms, {
        "type": "sticker", "id": message_id, "quoteToken": quote_token,
        "packageId": package_id, "stickerId": sticker_id, "stickerResourceType": "STATIC",
    })


def location(user_id: str, reply_token: str, message_id: str, latitude: float, longitude: float,
             *, title: str = "", address: str = "", timestamp_ms: int) -> dict:
    content: dict[str, Any] = {"type": "location", "id": message_id,
                               "latitude": latitude, "longitude": longitude}
    if title:
        content["title"] = title
    if address:
        content["address"] = address
    return _message(user_id, reply_token, timestamp_ms, content)


def postback(user_id: str, reply_token: str, data: str, params: dict | None = None, *,
             timestamp_ms: int) -> dict:
    """`params` carries a datetime picker's choice ({"time": "19:30"}, {"date": ...},
    {"datetime": ...}) or a rich menu switch's ({"newRichMenuAliasId", "status"})."""
    event = _base("postback", user_id, timestamp_ms, reply_token)
    event["postback"] = {"data": data}
    if params:
        event["postback"]["params"] = params
    return event


def as_redelivery(event: dict) -> dict:
    """The same event as LINE re-sends it: same webhookEventId, isRedelivery true."""
    again = dict(event)
    again["deliveryContext"] = {"isRedelivery": True}
    return again
