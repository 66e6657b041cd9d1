"""Notices as store functions: validate a draft, create, cancel, list with their counts.

The console form and the JSON API both go through `validate_draft` and `create_notice`, so
they accept and refuse the same things.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Mapping

from sqlalchemy import func, select, update
from sqlmodel import Session

from bot.chat.language import JAPANESE, TRANSLATED
from bot.city import City
from bot.notices.models import BODY_MAX, TITLE_MAX, NoticeKind, NoticeStatus, StaffNotice
from bot.notices.targeting import Target, target_problems
from bot.notices.translations import NoticeText, in_language_order, save_translations, staff_name, translations_of
from bot.store import postbox
from bot.store.postbox import DEPARTMENT_MAX

PAST_GRACE = timedelta(minutes=1)  # a time "now" typed a moment ago is still accepted
FUTURE_LIMIT = timedelta(days=366)


@dataclass(frozen=True)
class Draft:
    kind: NoticeKind
    title: str
    body: str
    department: str
    target: Target = field(default_factory=Target)
    send_at: datetime | None = None  # None: now
    # language code → the title and body in that language (bot/notices/translations.py)
    translations: Mapping[str, NoticeText] = field(default_factory=dict)


class DraftError(ValueError):
    """A refused draft: field name → reason (Japanese, shown to staff as is)."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def _text_problem(label: str, value: str, limit: int) -> str | None:
    if not value or not value.strip():
        return f"{label}を入力してください"
    if len(value) > limit:
        return f"{label}は{limit:,}文字以内にしてください（現在{len(value):,}文字）"
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        return f"{label}に制御文字は使えません"
    return None


def _translation_problems(translations: Mapping[str, NoticeText]) -> dict[str, str]:
    """Field `translations.{code}.title` / `.body` → reason; `translations` for a language the
    bot does not speak. A translation has both a title and a body (half of one is refused)."""
    problems: dict[str, str] = {}
    for code, text in translations.items():
        if code == JAPANESE:
            problems["translations"] = "日本語は件名・本文に書いてください"
            continue
        if code not in TRANSLATED:
            problems["translations"] = f"不明な言語です：{code}（使える言語：{', '.join(TRANSLATED)}）"
            continue
        name = staff_name(code)
        for part, label, value, limit in (("title", "件名", text.title, TITLE_MAX), ("body", "本文", text.body, BODY_MAX)):
            if (problem := _text_problem(f"{name}の{label}", value, limit)) is not None:
                problems[f"translations.{code}.{part}"] = problem
    return problems


def validate_draft(draft: Draft, *, session: Session, city: City, now: datetime) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, label, value, limit in (
        ("title", "件名", draft.title, TITLE_MAX),
        ("body", "本文", draft.body, BODY_MAX),
        ("department", "発信部署", draft.department, DEPARTMENT_MAX),
    ):
        if (problem := _text_problem(label, value, limit)) is not None:
            problems[name] = problem
    problems.update(_translation_problems(draft.translations))
    target = target_problems(draft.target, city=city, session=session)
    if target:
        problems["target"] = "配信対象に不明な指定があります：" + "; ".join(target)
    if draft.send_at is not None:
        if draft.send_at.tzinfo is None:
            problems["send_at"] = "配信日時にタイムゾーンがありません"
        elif draft.send_at < now - PAST_GRACE:
            problems["send_at"] = "配信日時が過ぎています"
        elif draft.send_at > now + FUTURE_LIMIT:
            problems["send_at"] = "配信日時は1年以内にしてください"
    return problems


def create_notice(*, session: Session, draft: Draft, city: City, staff_id: int | None, now: datetime) -> StaffNotice:
    problems = validate_draft(draft, session=session, city=city, now=now)
    if problems:
        raise DraftError(problems)
    notice = StaffNotice(
        kind=draft.kind.value,
        title=draft.title.strip(),
        body=draft.body.strip(),
        department=draft.department.strip(),
        target=draft.target.as_json(),
        status=NoticeStatus.SCHEDULED.value,
        send_at=draft.send_at or now,
        created_by=staff_id,
        created_at=now,
    )
    session.add(notice)
    session.flush()
    translations = {code: NoticeText(text.title.strip(), text.body.strip()) for code, text in draft.translations.items()}
    save_translations(session=session, notice_id=notice.id, translations=in_language_order(translations))
    return notice


def cancel_notice(*, session: Session, notice_id: int, now: datetime) -> bool:
    """Cancel a notice not yet sending; False if it is already on its way, sent or cancelled."""
    done = session.execute(
        update(StaffNotice)
        .where(StaffNotice.id == notice_id, StaffNotice.status == NoticeStatus.SCHEDULED.value)
        .values(status=NoticeStatus.CANCELLED.value, cancelled_at=now)
    )
    return done.rowcount == 1


def get_notice(*, session: Session, notice_id: int) -> StaffNotice | None:
    return session.get(StaffNotice, notice_id)


@dataclass(frozen=True)
class NoticeRow:
    """A notice with its counts, as the list and the API show it."""

    notice: StaffNotice
    read: int | None  # POST only
    translations: dict[str, NoticeText] = field(default_factory=dict)  # language code → title and body

    def as_json(self) -> dict:
        n = self.notice
        return {
            "id": n.id,
            "kind": n.kind,
            "title": n.title,
            "department": n.department,
            "target": n.target,
            "translations": {code: {"title": text.title} for code, text in self.translations.items()},
            "status": n.status,
            "send_at": n.send_at.isoformat(),
            "created_at": n.created_at.isoformat(),
            "finished_at": n.finished_at.isoformat() if n.finished_at else None,
            "cancelled_at": n.cancelled_at.isoformat() if n.cancelled_at else None,
            "counts": {"targeted": n.targeted, "sent": n.sent, "failed": n.failed, "read": self.read},
        }


def with_counts(*, session: Session, notices: list[StaffNotice]) -> list[NoticeRow]:
    postbox_ids = [n.postbox_notice_id for n in notices if n.postbox_notice_id is not None]
    reads = postbox.read_counts(session=session, notice_ids=postbox_ids)
    translations = translations_of(session=session, notice_ids=[n.id for n in notices])
    rows = []
    for notice in notices:
        read = None
        if notice.kind == NoticeKind.POST.value:
            counted = reads.get(notice.postbox_notice_id) if notice.postbox_notice_id else None
            read = counted.read if counted else 0
        rows.append(NoticeRow(notice=notice, read=read, translations=translations[notice.id]))
    return rows


def list_notices(*, session: Session, limit: int = 50, offset: int = 0) -> list[NoticeRow]:
    query = select(StaffNotice).order_by(StaffNotice.created_at.desc(), StaffNotice.id.desc()).offset(offset).limit(limit)
    return with_counts(session=session, notices=list(session.scalars(query)))


def count_notices(*, session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StaffNotice)) or 0
