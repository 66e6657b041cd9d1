"""Reading LINE webhook events into the bot's inputs, without the SDK's slower models.

Unknown event types, standby mode and group chats are not for the bot: they read as None.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from bot.chat.inputs import (
    FollowInput,
    ImageInput,
    Input,
    LocationInput,
    OtherInput,
    PostbackInput,
    TextInput,
    UnfollowInput,
)


def resident_of(event: dict[str, Any]) -> str | None:
    """The LINE user id of a one-to-one event the bot should handle, else None."""
    if not isinstance(event, dict) or event.get("mode", "active") != "active":
        return None
    source = event.get("source")
    if not isinstance(source, dict) or source.get("type") != "user":
        return None
    user_id = source.get("userId")
    if not isinstance(user_id, str) or not user_id or event.get("type") not in HANDLED:
        return None
    return user_id


def event_id(event: dict[str, Any]) -> str:
    """webhookEventId, or a stable digest for the rare event without one."""
    given = event.get("webhookEventId")
    if isinstance(given, str) and given:
        return given[:64]
    return "sha:" + hashlib.sha256(json.dumps(event, sort_keys=True).encode()).hexdigest()[:60]


def read_input(event: dict[str, Any]) -> Input:
    kind = event["type"]
    if kind == "follow":
        return FollowInput(unblocked=bool((event.get("follow") or {}).get("isUnblocked")))
    if kind == "unfollow":
        return UnfollowInput()
    if kind == "postback":
        body = event.get("postback") or {}
        params = body.get("params") if isinstance(body.get("params"), dict) else {}
        return PostbackInput(data=str(body.get("data", "")), params={k: str(v) for k, v in params.items()})
    message = event.get("message") or {}
    if message.get("type") == "text":
        return TextInput(text=str(message.get("text", "")))
    if message.get("type") == "image":
        return ImageInput(message_id=str(message.get("id", "")))
    if message.get("type") == "location":
        place = _location(message)
        if place is not None:
            return place
    return OtherInput(kind=str(message.get("type", "unknown")))


def _location(message: dict[str, Any]) -> LocationInput | None:
    """A location message, or None when its coordinates are missing or not on the globe."""
    try:
        latitude, longitude = float(message["latitude"]), float(message["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return LocationInput(latitude=latitude, longitude=longitude,
                         address=str(message.get("address") or "")[:200],
                         title=str(message.get("title") or "")[:100])


HANDLED = frozenset({"follow", "unfollow", "message", "postback"})
