"""The languages a resident can be answered in, and the one each turn speaks.

Every text in bot/chat/texts is Japanese, marked for gettext (`N_`, `label`, `P_`); Babel
extracts them into bot/locale/messages.pot (`make messages`) and the catalogues under
bot/locale hold the translations, compiled to .mo files that this module loads once.

A turn speaks one language: the handler, the reminder and notice senders wrap their work in
`speaking(code)`, and `texts.NAME` answers in that language (bot/chat/texts/__init__.py), as
Flask-Babel's `gettext` answers in the request's locale. Japanese needs no catalogue: the
source is Japanese, and a text a catalogue lacks falls back to it.

やさしい日本語 is Japanese to Babel (its locale data: dates, lists, plurals) with a catalogue
of its own: the `easy` domain of locale `ja`.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@dataclass(frozen=True)
class Language:
    code: str  # what the resident's row keeps
    name: str  # how the language calls itself: the choice offered in 言語 / Language
    locale: str  # Babel's locale: dates, lists, plural rules
    domain: str | None  # the catalogue's gettext domain; None for the source language


JAPANESE = "ja"
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("ja", "日本語", "ja", None),
        Language("en", "English", "en", "messages"),
        Language("zh", "中文", "zh_Hans", "messages"),
        Language("ko", "한국어", "ko", "messages"),
        Language("ja-easy", "やさしい日本語", "ja", "easy"),
    )
}
TRANSLATED = tuple(code for code, language in LANGUAGES.items() if language.domain)

_speaking: contextvars.ContextVar[str] = contextvars.ContextVar("speaking", default=JAPANESE)


# --- markers: what Babel extracts (babel.cfg names them as keywords) ---------------------------
# Every label's Japanese text → its LINE limit in UTF-16 units, and those of the messages
# LINE holds to less than a text message's 5,000 (a confirm template's text: 240).
LIMITS: dict[str, int] = {}


def N_(text: str, limit: int | None = None) -> str:
    """A message, to be translated when it is read (gettext's `gettext_noop`)."""
    if limit is not None:
        LIMITS[text] = limit
    return text


def label(text: str, limit: int = 20) -> str:
    """A button, quick reply or typed keyword. LINE cuts quick-reply and template labels at
    20 characters (a Flex button's at 40): every translation must fit (tests/test_languages.py)."""
    LIMITS[text] = limit
    return text


@dataclass(frozen=True)
class Plural:
    """A message whose wording depends on a count (`count=` in format), by the language's rules."""

    singular: str
    plural: str

    def format(self, *, count: int, **values: object) -> str:
        chosen = _catalogue(current()).ngettext(self.singular, self.plural, count)
        return chosen.format(count=format_number(count), **values)


def P_(singular: str, plural: str) -> Plural:
    return Plural(singular, plural)


# --- the language of this turn ----------------------------------------------------------------------
def current() -> str:
    return _speaking.get()


@contextmanager
def speaking(code: str | None) -> Iterator[str]:
    """Answer in `code` (Japanese when unknown or unset) until the block ends."""
    token = _speaking.set(known(code))
    try:
        yield current()
    finally:
        _speaking.reset(token)


def switch_to(code: str | None) -> None:
    """From now on in this turn, speak `code` (the resident just chose it, or LINE told us)."""
    _speaking.set(known(code))


def known(code: str | None) -> str:
    return code if code in LANGUAGES else JAPANESE


def from_line_profile(language: str | None) -> str:
    """The language of a LINE profile's `language` (a BCP 47 tag such as `en`, `zh-Hans`, `ko`)."""
    tag = (language or "").replace("_", "-").lower()
    primary = tag.split("-", 1)[0]
    if primary in ("en", "ko"):
        return primary
    if primary == "zh":  # zh-Hans, zh-CN, zh-TW…: the one Chinese we speak (Simplified)
        return "zh"
    return JAPANESE


def from_accept_language(tags: Iterable[str]) -> str:
    """The browser's most preferred language we speak (a LIFF page opens in LINE's browser,
    which asks in the LINE app's language); Japanese when it prefers none of ours."""
    for tag in tags:
        primary = tag.replace("_", "-").lower().split("-", 1)[0]
        if primary in ("ja", "en", "zh", "ko"):
            return from_line_profile(tag)
    return JAPANESE


# --- translating ------------------------------------------------------------------------------------
def translate(text: str, code: str | None = None) -> str:
    """`text` (a Japanese msgid) in the given language, or this turn's."""
    return _catalogue(code or current()).gettext(text)


@cache
def _catalogue(code: str) -> NullTranslations:
    language = LANGUAGES[known(code)]
    if language.domain is None:
        return NullTranslations()
    mo = LOCALE_DIR / language.locale / "LC_MESSAGES" / f"{language.domain}.mo"
    with mo.open("rb") as compiled:  # missing: `make messages` was not run (or not committed)
        return Translations(compiled, domain=language.domain)


# --- formatting with the language's own conventions (Babel's CLDR data) --------------------------
def locale(code: str | None = None) -> Locale:
    return Locale.parse(LANGUAGES[known(code or current())].locale)


def format_day(day: date | datetime, pattern: str) -> str:
    """A date (or a moment) by a CLDR pattern, itself a text the catalogues translate
    (texts.DATE is M月d日(EEE) in Japanese, EEE, MMM d in English)."""
    if isinstance(day, datetime):
        return format_datetime(day, pattern, locale=locale())
    return format_date(day, pattern, locale=locale())


def format_number(number: int | float) -> str:
    return format_decimal(number, locale=locale())


def join(items: Iterable[str]) -> str:
    """Items as the language lists them: 燃やすごみ、資源、びん / burnable, recyclables, and bottles."""
    items = list(items)
    if not items:
        return ""
    return format_list(items, locale=locale())
