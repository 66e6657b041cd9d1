"""Sending notices that are due: claim, fill postboxes (POST), plan and send through the
delivery engine (bot/delivery: multicast ≤500, retry keys recorded before each call, ledger).

A notice is claimed by moving it from `scheduled` to `sending` in one UPDATE, so the clock,
a second clock started by mistake, and the web process that starts a 今すぐ配信 never send it
twice; cancelling uses the same compare-and-set, so a notice is either cancelled or sent.
A notice left `sending` by a process that died is taken up again after `STALE_AFTER`: filling
postboxes is idempotent, and planning and sending resume from the delivery ledger, so nobody
is missed and nobody gets it twice.

Each resident gets the notice in the language they read: its translation into it where staff
gave one, the Japanese otherwise (bot/notices/translations.py), one delivery job per language.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.engine import Engine

from bot import metrics
from bot.config import Settings
from bot.delivery import Deliverer, counts, deliverer_for
from bot.delivery.languages import plan_in_languages
from bot.line.render import render
from bot.notices.messages import info_reply, post_push_reply
from bot.notices.models import NoticeKind, NoticeStatus, StaffNotice
from bot.notices.targeting import Target, reach, recipients_query
from bot.notices.translations import NoticeText, translations_of, version_for
from bot.chat.replies import Reply
from bot.store import postbox
from bot.store.postbox import PostboxEntry
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)
CHUNK = 5000  # postboxes filled per transaction


def job_key(notice_id: int) -> str:
    """The delivery job (and ledger origin) of a notice."""
    return f"notice:{notice_id}"


def dispatch_due(
    *, engine: Engine, settings: Settings, now: datetime | None = None, deliverer: Deliverer | None = None
) -> list[int]:
    """Send every notice due at `now` (default: the current time); returns the ids sent."""
    now = now or utcnow()
    own = None
    sent = []
    try:
        while (notice_id := claim_due(engine=engine, now=now)) is not None:
            if deliverer is None:
                deliverer = own = deliverer_for(settings, engine)
            try:
                send_notice(engine=engine, deliverer=deliverer, notice_id=notice_id)
            except Exception:  # noqa: BLE001 - left `sending`: taken up again after STALE_AFTER
                log.exception("notice %s: sending stopped; it will be resumed", notice_id)
                break
            sent.append(notice_id)
    finally:
        if own is not None:
            own.client.close()
    return sent


def dispatch_due_notices(engine: Engine, settings: Settings) -> None:
    """The clock's job: send what is due now."""
    sent = dispatch_due(engine=engine, settings=settings)
    if sent:
        log.info("notices sent: %s", sent)


def claim_due(*, engine: Engine, now: datetime) -> int | None:
    """Take one due notice (or one whose sender died) for this process, or None."""
    due = or_(
        and_(StaffNotice.status == NoticeStatus.SCHEDULED.value, StaffNotice.send_at <= now),
        and_(StaffNotice.status == NoticeStatus.SENDING.value, StaffNotice.started_at <= now - STALE_AFTER),
    )
    with session_scope(engine) as session:
        candidates = session.execute(
            select(StaffNotice.id, StaffNotice.status, StaffNotice.started_at).where(due).order_by(StaffNotice.send_at, StaffNotice.id).limit(10)
        ).all()
        for notice_id, status, started_at in candidates:
            claimed = session.execute(
                update(StaffNotice)
                .where(StaffNotice.id == notice_id, StaffNotice.status == status,
                       StaffNotice.started_at.is_(None) if started_at is None else StaffNotice.started_at == started_at)
                .values(status=NoticeStatus.SENDING.value, started_at=now)
            )
            if claimed.rowcount == 1:
                return notice_id
    return None


def send_notice(*, engine: Engine, deliverer: Deliverer, notice_id: int) -> None:
    """Deliver one claimed notice, then record its counts."""
    with session_scope(engine) as session:
        notice = session.get(StaffNotice, notice_id)
        translations = translations_of(session=session, notice_ids=[notice_id])[notice_id]
    kind, target = NoticeKind(notice.kind), Target.from_json(notice.target)
    if kind is NoticeKind.POST:
        postbox_id, targeted = _fill_postboxes(engine, notice, translations, target)
        reply_in = _post_push_in(engine, postbox_id)
        recipients = _postbox_followers(postbox_id)
    else:
        targeted = _count(engine, kind, target)
        reply_in = _info_in(notice, translations)
        recipients = _followers(kind, target, engine.dialect.name)
    sent, failed = deliver(engine=engine, deliverer=deliverer, key=job_key(notice_id), reply_in=reply_in,
                           recipients=recipients)
    metrics.NOTICES_SENT.inc(sent)
    metrics.NOTICES_FINISHED.inc()
    with session_scope(engine) as session:
        session.execute(
            update(StaffNotice)
            .where(StaffNotice.id == notice_id)
            .values(status=NoticeStatus.SENT.value, finished_at=utcnow(), targeted=targeted, sent=sent, failed=failed)
        )


def _info_in(notice: StaffNotice, translations: dict[str, NoticeText]) -> Callable[[str], Reply]:
    """The お知らせ's push in a language: its version in it (or the Japanese), in full."""
    japanese = NoticeText(notice.title, notice.body)

    def reply(code: str) -> Reply:
        text = version_for(code, japanese=japanese, translations=translations)
        return info_reply(title=text.title, body=text.body, department=notice.department, sent_at=notice.started_at)

    return reply


def _post_push_in(engine: Engine, postbox_id: int) -> Callable[[str], Reply]:
    """The POST notice's push in a language: the title of its version in it (or the Japanese)."""

    def reply(code: str) -> Reply:
        with session_scope(engine) as session:
            copy = session.get(postbox.PostboxNotice, postbox_id)
            [shown] = postbox.in_language(session=session, notices=[copy], language=code)
            return post_push_reply(shown)

    return reply


def _fill_postboxes(engine: Engine, notice: StaffNotice, translations: dict[str, NoticeText],
                    target: Target) -> tuple[int, int]:
    """Make the postbox copy (once, with its translations) and put it in every matching open
    postbox; (id, count)."""
    with session_scope(engine) as session:
        row = session.get(StaffNotice, notice.id, with_for_update=True)
        if row.postbox_notice_id is None:
            copy = postbox.create_postbox_notice(
                session=session, title=row.title, body=row.body, department=row.department,
                sent_at=row.started_at or utcnow(), staff_notice_id=row.id,
            )
            postbox.translate_postbox_notice(session=session, notice_id=copy.id, translations={
                code: (text.title, text.body) for code, text in translations.items()})
            row.postbox_notice_id = copy.id
            session.add(row)
        postbox_id = row.postbox_notice_id
    after = 0
    while True:  # a chunk per transaction: read the next open postboxes, fill them
        query = recipients_query(NoticeKind.POST, target, engine.dialect.name).where(Resident.id > after).order_by(Resident.id).limit(CHUNK)
        with session_scope(engine) as session:
            ids = list(session.scalars(query))
            if not ids:
                break
            postbox.deliver_postbox_notice(session=session, notice_id=postbox_id, now=utcnow(), resident_ids=ids)
        after = ids[-1]
    with session_scope(engine) as session:
        return postbox_id, postbox.read_counts(session=session, notice_ids=[postbox_id])[postbox_id].delivered


def _count(engine: Engine, kind: NoticeKind, target: Target) -> int:
    with session_scope(engine) as session:
        return reach(session=session, kind=kind, target=target)


def _followers(kind: NoticeKind, target: Target, dialect: str) -> Select:
    """(resident id, LINE user id) of the followers it targets, in id order."""
    return recipients_query(kind, target, dialect, Resident.id, Resident.line_user_id).order_by(Resident.id)


def _postbox_followers(postbox_id: int) -> Select:
    """Residents who have the notice in their postbox and still follow: they get the push."""
    return (
        select(Resident.id, Resident.line_user_id)
        .join(PostboxEntry, PostboxEntry.resident_id == Resident.id)
        .where(PostboxEntry.notice_id == postbox_id, Resident.following.is_(True))
        .order_by(Resident.id)
    )


def deliver(*, engine: Engine, deliverer: Deliverer, key: str, reply_in: Callable[[str], Reply],
            recipients: Select) -> tuple[int, int]:
    """Plan the jobs in the delivery ledger — one per language the recipients read, with
    `reply_in(code)` rendered in it (bot/delivery/languages.py) — while sending their batches,
    as the reminders do; returns (recipients sent, recipients failed), all attempts counted."""
    planner_error: list[BaseException] = []

    def planner() -> None:
        try:
            plan_in_languages(engine, key=key, origin=key, recipients=recipients,
                              messages=lambda code: render(reply_in(code)))
        except BaseException as error:  # noqa: BLE001 - re-raised below
            planner_error.append(error)

    thread = threading.Thread(target=planner, name=f"notice-planner-{key}", daemon=True)
    thread.start()
    deliverer.drain(origin=key, more_coming=thread.is_alive)
    thread.join()
    if planner_error:
        raise planner_error[0]
    with session_scope(engine) as session:
        done = counts(session=session, origin=key)
    return done["sent"], done["failed"]
