"""Rules for what residents type, shared by every flow that asks for it."""
from __future__ import annotations

import re
import unicodedata

from bot.chat import texts

NICKNAME_MAX = 20
_AGE_GROUP = re.compile(r"(\d+)代(以上)?")  # the city's age groups as the guide writes them: 30代, 70代以上


def shown_age_group(age_group: str) -> str:
    """An age group of the city's list, as the resident's language writes it (30代 → 30s);
    one written otherwise is shown as the city wrote it. What is stored stays the city's."""
    found = _AGE_GROUP.fullmatch(age_group)
    if found is None:
        return age_group
    decade = int(found[1])
    return (texts.AGE_AND_OVER if found[2] else texts.AGE_DECADE).format(decade=decade)


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
