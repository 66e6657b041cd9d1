"""Postback data: a small versioned codec for (flow, action, argument), ≤300 characters.

Format "1|flow|action|arg". Anything else decodes to None, so stale or forged data from an
old message is answered, never trusted.
"""
from __future__ import annotations

import re

from bot.chat.replies import Action

VERSION = "1"
MAX_LENGTH = 300  # LINE's limit on postback.data
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def encode(action: Action) -> str:
    if not (_NAME.match(action.flow) and _NAME.match(action.name)):
        raise ValueError(f"bad action name: {action.flow}/{action.name}")
    data = "|".join((VERSION, action.flow, action.name, action.arg))
    if len(data) > MAX_LENGTH:
        raise ValueError(f"postback data longer than {MAX_LENGTH} characters")
    return data


def decode(data: str) -> Action | None:
    if not isinstance(data, str) or len(data) > MAX_LENGTH:
        return None
    parts = data.split("|", 3)
    if len(parts) != 4 or parts[0] != VERSION:
        return None
    _, flow, name, arg = parts
    if not (_NAME.match(flow) and _NAME.match(name)):
        return None
    return Action(flow, name, arg)
