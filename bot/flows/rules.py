"""Rules for what residents type, shared by every flow that asks for it."""
from __future__ import annotations

import unicodedata

from bot.chat import texts

NICKNAME_MAX = 20


def clean_nickname(typed: str) -> str:
    return unicodedata.normalize("NFC", typed).strip()


def nickname_problem(nickname: str) -> str | None:
    """Why a nickname cannot be used, or None when it can (1–20 characters, printable)."""
    if not nickname:
        return texts.NICKNAME_EMPTY
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in nickname):
        return texts.NICKNAME_CONTROL
    if len(nickname) > NICKNAME_MAX:
        return texts.NICKNAME_TOO_LONG.format(length=len(nickname))
    return None
