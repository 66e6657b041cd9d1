"""A fan-out in each recipient's language (issue 13): one job per language its recipients
read, with the message rendered in that language and sent only to those who read it.

    plan_in_languages(engine, key="notice:42", origin="notice:42", recipients=query,
                      messages=lambda code: render(reply_for(code)))

`messages(code)` runs inside `speaking(code)`: the texts it reads are in that language.
Japanese is read by everyone with no language of their own (NULL: never chosen, nor read from
the LINE profile) and by anyone whose code the bot no longer offers. Its job keeps the key
given, the key of the whole fan-out before there were languages, so a ledger written then is
resumed rather than planned again; another language's job is `{key}:{code}`.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.chat.language import JAPANESE, LANGUAGES, TRANSLATED, speaking
from bot.delivery.ledger import NORMAL
from bot.delivery.planner import MAX_RECIPIENTS, PlannedJob, encode_messages, open_job, plan_job
from bot.store.db import session_scope
from bot.store.models import Resident


def reads(code: str) -> ColumnElement[bool]:
    """Residents who are sent messages in `code`."""
    if code == JAPANESE:
        return or_(Resident.language.is_(None), Resident.language.not_in(TRANSLATED))
    return Resident.language == code


def languages_among(*, session: Session, recipients: Select) -> list[str]:
    """The languages read by the residents a query selects (it selects from `resident`), in
    the order of LANGUAGES. Two short queries: most residents read Japanese, so whether any
    does is answered by the first row found; the others are looked for among the few who
    chose a language."""
    base = recipients.order_by(None)
    found = set()
    if session.execute(select(base.where(reads(JAPANESE)).exists())).scalar():
        found.add(JAPANESE)
    others = (base.with_only_columns(Resident.language, maintain_column_froms=True)
              .where(Resident.language.in_(TRANSLATED)).distinct())
    found.update(session.scalars(others))
    return [code for code in LANGUAGES if code in found]


def job_key(key: str, code: str) -> str:
    """The job of a fan-out's recipients who read `code`."""
    return key if code == JAPANESE else f"{key}:{code}"


def plan_in_languages(
    engine: Engine,
    *,
    key: str,
    origin: str,
    recipients: Select,
    messages: Callable[[str], list[dict]],
    batch_size: int = MAX_RECIPIENTS,
    priority: int = NORMAL,
) -> list[PlannedJob]:
    """Plan `recipients` (a query of (resident id, LINE user id) in id order) as one job per
    language they read; nobody is in two jobs, as a resident reads one language.

    Every job is opened before any is planned: while one of EMERGENCY priority is still being
    planned, no lower batch is posted, so no language's emergency notice waits behind a
    reminder slot running meanwhile."""
    with session_scope(engine) as session:
        codes = languages_among(session=session, recipients=recipients)
    rendered = {}
    for code in codes:
        with speaking(code):
            rendered[code] = encode_messages(messages(code))
        open_job(engine, key=job_key(key, code), origin=origin, messages=rendered[code], priority=priority)
    return [
        plan_job(engine, key=job_key(key, code), origin=origin, messages=rendered[code],
                 recipients=recipients.where(reads(code)), batch_size=batch_size, priority=priority)
        for code in codes
    ]


__all__ = ["job_key", "languages_among", "plan_in_languages", "reads"]
