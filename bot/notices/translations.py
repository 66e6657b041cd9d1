"""A notice in the residents' languages (issue 13).

Every notice is written in Japanese; staff may add its title and body in any other language
the bot speaks. A resident who reads one of those gets that version; everyone else gets the
Japanese one (the bot's own words around it — buttons, dates, "発信：" — are in the resident's
language either way).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import select
from sqlmodel import Session

from bot.chat.language import LANGUAGES, TRANSLATED
from bot.notices.models import NoticeTranslation

# The languages as staff read them in the console (LANGUAGES names each in its own language)
STAFF_NAMES = {"ja": "日本語", "en": "英語", "zh": "中国語（簡体字）", "ko": "韓国語", "ja-easy": "やさしい日本語"}


def staff_name(code: str) -> str:
    return STAFF_NAMES.get(code) or LANGUAGES[code].name


@dataclass(frozen=True)
class NoticeText:
    """A notice's title and body in one language."""

    title: str
    body: str


def version_for(code: str, *, japanese: NoticeText, translations: Mapping[str, NoticeText]) -> NoticeText:
    """What a resident who reads `code` gets: its translation, or the Japanese."""
    return translations.get(code, japanese)


def in_language_order(translations: Mapping[str, NoticeText]) -> dict[str, NoticeText]:
    return {code: translations[code] for code in TRANSLATED if code in translations}


def save_translations(*, session: Session, notice_id: int, translations: Mapping[str, NoticeText]) -> None:
    session.add_all(NoticeTranslation(notice_id=notice_id, language=code, title=text.title, body=text.body)
                    for code, text in translations.items())
    session.flush()


def translations_of(*, session: Session, notice_ids: Iterable[int]) -> dict[int, dict[str, NoticeText]]:
    """Each notice's translations (an empty dict for none), in the order of LANGUAGES."""
    ids = list(notice_ids)
    found: dict[int, dict[str, NoticeText]] = {notice_id: {} for notice_id in ids}
    if ids:
        for row in session.scalars(select(NoticeTranslation).where(NoticeTranslation.notice_id.in_(ids))):
            found[row.notice_id][row.language] = NoticeText(row.title, row.body)
    return {notice_id: in_language_order(texts) for notice_id, texts in found.items()}


__all__ = ["STAFF_NAMES", "NoticeText", "in_language_order", "save_translations", "staff_name",
           "translations_of", "version_for"]
