"""Store functions for the webhook inbox (de-duplication and events not yet handled)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from bot.store.models import WebhookEvent


def accept(*, session: Session, events: list[tuple[str, str, dict[str, Any]]], now: datetime) -> list[str]:
    """Store (event id, user id, event) rows; return the ids not seen before, in order."""
    if not events:
        return []
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = [
        {"webhook_event_id": eid, "line_user_id": uid, "payload": event, "received_at": now}
        for eid, uid, event in events
    ]
    statement = insert(WebhookEvent).values(rows).on_conflict_do_nothing().returning(WebhookEvent.webhook_event_id)
    fresh = set(session.scalars(statement))
    return [eid for eid, _, _ in events if eid in fresh]


def claim(*, session: Session, webhook_event_id: str) -> WebhookEvent | None:
    """The event, locked, if it still waits to be handled."""
    query = select(WebhookEvent).where(WebhookEvent.webhook_event_id == webhook_event_id).with_for_update()
    row = session.scalars(query).first()
    return row if row is not None and row.handled_at is None else None


def mark_handled(*, session: Session, event: WebhookEvent, now: datetime) -> None:
    event.handled_at = now
    event.payload = None  # typed words may be personal: keep only the id for de-duplication
    session.add(event)


def waiting(*, session: Session, received_before: datetime, limit: int = 500) -> list[str]:
    """Events left unhandled (a worker died after answering LINE), oldest first."""
    query = (
        select(WebhookEvent.webhook_event_id)
        .where(WebhookEvent.handled_at.is_(None), WebhookEvent.received_at < received_before)
        .order_by(WebhookEvent.received_at)
        .limit(limit)
    )
    return list(session.scalars(query))


def forget_handled(*, session: Session, handled_before: datetime) -> int:
    """Drop old ids: LINE redelivers within hours, so a few days of memory is plenty."""
    result = session.execute(delete(WebhookEvent).where(WebhookEvent.handled_at < handled_before))
    return result.rowcount or 0
