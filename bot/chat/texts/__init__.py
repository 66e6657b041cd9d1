"""Every label and message the resident sees, gathered here by feature, in Japanese (the
source language: each is a gettext msgid, marked `N_`, `label` or `P_`; bot/chat/language.py).

Labels are a contract (SPEC §2): buttons, quick replies and typed keywords use exactly these
words, most of them the city app guide's own. Use them as `texts.NAME`: read at run time, a
text is in the language the turn speaks; read at import time (a flow's `keywords`), it is the
Japanese one, which the engine also translates for typed labels.
"""
import sys
import types
from typing import Any

from bot.chat.language import translate
from bot.chat.texts.common import *  # noqa: F401,F403
from bot.chat.texts.cardlink import *  # noqa: F401,F403
from bot.chat.texts.portal import *  # noqa: F401,F403
from bot.chat.texts.garbage import *  # noqa: F401,F403
from bot.chat.texts.reminders import *  # noqa: F401,F403
from bot.chat.texts.reports import *  # noqa: F401,F403
from bot.chat.texts.disaster import *  # noqa: F401,F403
from bot.chat.texts.languages import *  # noqa: F401,F403


def _translated(value: Any) -> Any:
    if isinstance(value, str):
        return translate(value)
    if isinstance(value, tuple):
        return tuple(_translated(item) for item in value)
    if isinstance(value, dict):
        return {key: _translated(item) for key, item in value.items()}
    return value  # a Plural translates itself when formatted


class _Texts(types.ModuleType):
    """`texts.NAME` in the language of the turn (the module's own attributes hold Japanese)."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        return _translated(value) if name.isupper() and not name.endswith("_URL") else value

    def japanese(self, name: str) -> Any:
        """The Japanese source of texts.NAME, whatever the turn speaks."""
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Texts
