"""Store functions for the webhook inbox (de-duplication and events not yet handled)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Iterator

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bot.store.driver import DriverStatement
from bot.store.models import WebhookEvent

# How long handled events' ids are kept for de-duplication (the clock forgets older ones). An
# event older than this could be one already handled and forgotten: the webhook refuses it.
MEMORY = timedelta(days=3)


def within_memory(event: dict, now: datetime) -> bool:
    """Whether the event is recent enough for the inbox to tell a redelivery from a new one."""
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        return False
    return timestamp >= (now - MEMORY).timestamp() * 1000


# The statements of the webhook's hot path are built once (building one per call cost more
# than running it) and run on the driver's cursor (bot/store/driver.py).
_EVENTS = WebhookEvent.__table__
_ACCEPT = {
    dialect: DriverStatement(insert(_EVENTS).on_conflict_do_nothing().returning(_EVENTS.c.webhook_event_id),
                             column_keys=["webhook_event_id", "line_user_id", "payload", "received_at"])
    for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
_TAKE = (
    update(_EVENTS)
    .where(_EVENTS.c.webhook_event_id == bindparam("event_id"), _EVENTS.c.handled_at.is_(None))
    .values(handled_at=bindparam("now"), payload=None)
)
_WAITING_OF = select(_EVENTS.c.webhook_event_id, _EVENTS.c.payload, _EVENTS.c.received_at).where(
    _EVENTS.c.line_user_id == bindparam("whose"), _EVENTS.c.handled_at.is_(None)
)
_TAKE_ALL_OF = DriverStatement(
    update(_EVENTS)
    .where(_EVENTS.c.line_user_id == bindparam("whose"), _EVENTS.c.handled_at.is_(None))
    .values(handled_at=bindparam("now"), payload=None)
)
# PostgreSQL does both in one round trip: UPDATE … FROM the waiting rows, RETURNING them as they
# were (SQLite's RETURNING sees only the updated row, whose payload is gone).
_WAITING_BEFORE = _WAITING_OF.with_for_update().subquery("waiting")
_TAKE_WAITING_OF = DriverStatement(
    update(_EVENTS)
    .where(_EVENTS.c.webhook_event_id == _WAITING_BEFORE.c.webhook_event_id)
    .values(handled_at=bindparam("now"), payload=None)
    .returning(_WAITING_BEFORE.c.webhook_event_id, _WAITING_BEFORE.c.payload, _WAITING_BEFORE.c.received_at)
)
_WAITING_OF_NOW = DriverStatement(_WAITING_OF)
_GIVE_BACK = (
    update(_EVENTS)
    .where(_EVENTS.c.webhook_event_id == bindparam("event_id"))
    .values(handled_at=None, payload=bindparam("payload"), line_user_id=bindparam("whose"))
)


@contextmanager
def receiving(engine: Engine) -> Iterator[Connection]:
    """A connection to accept events on (`accept`). Each event is one statement and its own
    unit: on PostgreSQL each commits by itself, so no BEGIN and COMMIT round trips; SQLite
    writes them in one transaction."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection
    else:
        with engine.begin() as connection:
            yield connection


def accept(*, connection: Connection, events: list[tuple[str, str, dict[str, Any]]], now: datetime) -> list[str]:
    """Store (event id, user id, event) rows; return the ids not seen before, in order."""
    statement = _ACCEPT[connection.dialect.name]
    fresh = []
    for eid, uid, event in events:  # a webhook usually carries one event
        row = {"webhook_event_id": eid, "line_user_id": uid, "payload": event, "received_at": now}
        if statement.run(connection, row):
            fresh.append(eid)
    return fresh


def take(*, session: Session, webhook_event_id: str, now: datetime) -> bool:
    """Mark the event handled if it still waits; False when another worker or a redelivery
    has it. The row stays locked until the transaction ends, and a rollback gives it back.
    The payload goes: typed messages may be personal; the id is enough to de-duplicate."""
    result = session.connection().execute(_TAKE, {"event_id": webhook_event_id, "now": now})
    return result.rowcount == 1


def take_waiting_of(*, session: Session, line_user_id: str, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """Take every event of the resident still waiting, as `take` does, and return them in the
    order they happened. Call it under the resident's lock (`residents.lock_resident`)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = _TAKE_WAITING_OF.run(connection, {"whose": line_user_id, "now": now})
    else:
        # SQLite has one writer: while this transaction holds the write lock no event can join
        # the resident's waiting ones, so the rows read are exactly the rows the UPDATE takes.
        rows = _WAITING_OF_NOW.run(connection, {"whose": line_user_id})
        if rows:
            _TAKE_ALL_OF.run(connection, {"whose": line_user_id, "now": now})
    # (id, payload, received_at): in the order they happened
    rows = sorted(rows, key=lambda row: (row[2], (row[1] or {}).get("timestamp", 0), row[0]))
    return [(event_id, payload or {}) for event_id, payload, _ in rows]


def give_back(*, session: Session, line_user_id: str, events: list[tuple[str, dict[str, Any]]]) -> None:
    """Return the resident's taken events, as they were, to those waiting (not handled after
    all: 退会 came first, and forgot whose they were)."""
    connection = session.connection()
    for event_id, payload in events:
        connection.execute(_GIVE_BACK, {"event_id": event_id, "payload": payload, "whose": line_user_id})


def forget_whose(*, session: Session, webhook_event_id: str) -> None:
    """Keep the event's id for de-duplication, but not whose event it was."""
    session.execute(
        update(WebhookEvent).where(WebhookEvent.webhook_event_id == webhook_event_id).values(line_user_id=None)
    )


def waiting(*, session: Session, received_before: datetime, limit: int = 500) -> list[tuple[str, str, dict[str, Any]]]:
    """Events left unhandled (a worker died after answering LINE), oldest first."""
    query = (
        select(WebhookEvent.webhook_event_id, WebhookEvent.line_user_id, WebhookEvent.payload)
        .where(WebhookEvent.handled_at.is_(None), WebhookEvent.received_at < received_before)
        .order_by(WebhookEvent.received_at)
        .limit(limit)
    )
    return [(eid, uid, payload or {}) for eid, uid, payload in session.execute(query)]


def forget_handled(*, session: Session, handled_before: datetime) -> int:
    """Drop old ids: LINE redelivers within hours, so a few days of memory is plenty."""
    result = session.execute(delete(WebhookEvent).where(WebhookEvent.handled_at < handled_before))
    return result.rowcount or 0
