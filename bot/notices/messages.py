"""What residents receive for a notice, as plain replies (bot/chat/replies.py).

お知らせ: the whole notice — title, body, sending department, date — the card a resident
sees when reading a postbox notice. POST: only "デジタル郵便受けに新しいお知らせが届きました",
the title and 読む (bot/flows/postbox.py); the body waits in the postbox. Built inside
`speaking(code)`, the bot's own words are in that language; the title and body are the
version staff gave for it (bot/notices/translations.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from bot.chat.language import JAPANESE, speaking
from bot.flows.postbox import new_notice_reply, notice_card
from bot.notices.models import NoticeKind
from bot.notices.translations import NoticeText, staff_name
from bot.chat.replies import Reply
from bot.store.postbox import PostboxNotice


def as_postbox_notice(*, title: str, body: str, department: str, sent_at: datetime, id: int | None = None) -> PostboxNotice:
    """A postbox notice's fields, unsaved (for the お知らせ card and for previews)."""
    return PostboxNotice(id=id, title=title, body=body, department=department, sent_at=sent_at)


def info_reply(*, title: str, body: str, department: str, sent_at: datetime) -> Reply:
    """The push of an お知らせ: the whole notice."""
    return Reply(messages=[notice_card(as_postbox_notice(title=title, body=body, department=department, sent_at=sent_at))])


def post_push_reply(notice: PostboxNotice) -> Reply:
    """The push of a POST notice: the title and 読む, never the body."""
    return new_notice_reply(notice)


def preview_replies(*, kind: NoticeKind, title: str, body: str, department: str, sent_at: datetime) -> list[tuple[str, Reply]]:
    """What the resident will see, captioned: the push, and for POST the notice opened in the postbox."""
    if kind is NoticeKind.INFO:
        return [("LINEに届くメッセージ", info_reply(title=title, body=body, department=department, sent_at=sent_at))]
    notice = as_postbox_notice(id=0, title=title, body=body, department=department, sent_at=sent_at)
    return [
        ("LINEに届く通知（件名のみ）", post_push_reply(notice)),
        ("「デジタル郵便受け」で「読む」を押したとき", Reply(messages=[notice_card(notice)])),
    ]


@dataclass(frozen=True)
class LanguagePreview:
    """What residents who read one language will see, captioned."""

    code: str
    name: str  # the language as staff read it
    replies: list[tuple[str, Reply]]


def language_previews(*, kind: NoticeKind, japanese: NoticeText, translations: Mapping[str, NoticeText],
                      department: str, sent_at: datetime) -> list[LanguagePreview]:
    """The preview in Japanese, then in each language staff gave, each drawn in its language."""
    previews = []
    for code, text in {JAPANESE: japanese, **translations}.items():
        with speaking(code):
            replies = preview_replies(kind=kind, title=text.title, body=text.body, department=department, sent_at=sent_at)
        previews.append(LanguagePreview(code, staff_name(code), replies))
    return previews
