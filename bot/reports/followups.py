"""Follow-ups to the reporter: each status change is pushed once, with its own retry key.

A change is recorded with the report (ReportUpdate, push "pending") in the staff member's
transaction; afterwards, with no transaction open, the pending ones are pushed. A push LINE
took is marked sent; one that failed stays pending for the clock's next sweep and goes again
with the same `X-Line-Retry-Key`, so LINE delivers it at most once (a repeat is answered 409).
Who hears it is decided at sending: a registered resident who still follows the bot, told in
the language they read. A guest's report, or one whose reporter left (退会: no link any more)
or blocked the bot, owes no one.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.engine import Engine

from bot.chat import texts
from bot.chat.language import speaking
from bot.line.render import render
from bot.chat.replies import Reply, Text
from bot.store import reports
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident
from bot.store.reports import PUSH_NONE, PUSH_SENT, Report, ReportUpdate

log = logging.getLogger(__name__)


class Pusher(Protocol):
    def push(self, line_user_id: str, messages: list[dict], *, retry_key: str) -> bool: ...


@dataclass(frozen=True)
class _Owed:
    update_id: int
    receipt: str  # the one thing of a report that may be logged
    line_user_id: str | None  # None: no one to tell
    messages: list[dict]
    retry_key: str


def follow_up(report: Report, update: ReportUpdate) -> Reply:
    """What the reporter is told: "受付番号 R-000123 の通報は対応中です" and the staff's note."""
    lines = [texts.REPORT_NOW[update.status].format(number=report.receipt)]
    if update.note:
        lines.append(texts.REPORT_NOTE.format(note=update.note))
    if update.status == reports.ReportStatus.DONE.value:
        lines.append(texts.REPORT_THANKS)
    return Reply(messages=[Text("\n".join(lines))])


def retry_key(update_id: int, city: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"portalbot:report-update:{city}:{update_id}"))


def send_follow_ups(*, engine: Engine, pusher: Pusher) -> int:
    """Push every follow-up still owed; returns how many LINE took."""
    with session_scope(engine) as session:
        owed = [_owed(session, report, update) for update, report in reports.pending_pushes(session=session)]
    sent = 0
    for item in owed:
        if item.line_user_id is None:
            outcome = PUSH_NONE
        elif pusher.push(item.line_user_id, item.messages, retry_key=item.retry_key):
            outcome, sent = PUSH_SENT, sent + 1
        else:
            log.warning("follow-up of report %s not taken; the clock tries again", item.receipt)
            continue
        with session_scope(engine) as session:
            reports.mark_pushed(session=session, update_id=item.update_id, outcome=outcome, now=utcnow())
    return sent


def _owed(session, report: Report, update: ReportUpdate) -> _Owed:
    reporter = session.get(Resident, report.reporter_id) if report.reporter_id is not None else None
    hears = reporter is not None and reporter.registered and reporter.following
    with speaking(reporter.language if reporter is not None else None):  # told in the reporter's language
        messages = render(follow_up(report, update))
    return _Owed(update.id, report.receipt, reporter.line_user_id if hears else None, messages,
                 retry_key(update.id, report.city))
