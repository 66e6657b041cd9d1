"""Checking that a resident is answered in their language (issue 13).

A pretend catalogue (`pretend_translated`) translates chosen texts into a marked copy of the
Japanese ("【明日のごみ】〔en〕"), the real catalogue answering for every other text: a test can
so tell a resident got their language's rendering, whatever the catalogues say."""
from __future__ import annotations

import functools
import string

from bot.chat import language, texts
from bot.chat.language import TRANSLATED, speaking

# What a LINE app in each language puts in the profile; やさしい日本語 is chosen in the bot.
LINE_PROFILE_LANGUAGE = {"ja": "ja", "en": "en", "zh": "zh-Hans", "ko": "ko", "ja-easy": "ja"}


def greeting(code: str, city) -> str:
    """The welcome's text as a resident of that language reads it, the city's names included."""
    with speaking(code):
        return texts.GREETING.format(portal=city.said(city.portal_name), city=city.said(city.city_name))


def in_language(code: str, name: str) -> str:
    """texts.NAME as a resident of that language reads it."""
    with speaking(code):
        return getattr(texts, name)


@functools.cache
def ours_in_japanese(code: str) -> tuple[str, ...]:
    """Our whole Japanese texts that the language says otherwise. Texts with placeholders are
    left out (they are checked as a whole elsewhere), and two-character ones, which data
    such as a town's name may hold."""
    every = set(language.LIMITS) | {
        value for name in dir(texts) if name.isupper() and isinstance(value := texts.japanese(name), str)}
    return tuple(msgid for msgid in sorted(every)
                 if len(msgid) > 2 and not _has_placeholders(msgid) and language.translate(msgid, code) != msgid)


def japanese_left_in(said: str, code: str) -> list[str]:
    """Our Japanese texts found in what a resident of `code` was sent (English, Chinese, Korean)."""
    if code not in ("en", "zh", "ko"):
        return []
    return [japanese for japanese in ours_in_japanese(code) if japanese in said]


def _has_placeholders(text: str) -> bool:
    return any(field is not None for _, field, _, _ in string.Formatter().parse(text))

class _Pretend:
    def __init__(self, code: str, real, marked: set[str]) -> None:
        self.code, self.real, self.marked = code, real, marked

    def gettext(self, message: str) -> str:
        return f"{message}〔{self.code}〕" if message in self.marked else self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.real.ngettext(singular, plural, count)


def pretend_translated(monkeypatch, *names: str) -> None:
    """texts.NAME, for each name, reads "{Japanese}〔{code}〕" in every translated language."""
    marked = {texts.japanese(name) for name in names}
    real = language._catalogue
    pretend = {code: _Pretend(code, real(code), marked) for code in TRANSLATED}
    monkeypatch.setattr(language, "_catalogue", lambda code: pretend.get(language.known(code)) or real(code))
