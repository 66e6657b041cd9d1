"""The webhook's fixed statements on the driver's cursor store and read back exactly what
SQLAlchemy's own execution path does (JSON, aware UTC times, NULLs), on both backends."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, insert, select, update

from bot.store.driver import DriverStatement
from bot.store.models import WebhookEvent

EVENTS = WebhookEvent.__table__
WHEN = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=timezone(timedelta(hours=9)))  # a JST time, stored as UTC
PAYLOAD = {"type": "message", "message": {"text": "こんにちは", "emojis": [1, 2.5, None, True]}}
ROW = {"webhook_event_id": "01EV", "line_user_id": "U1", "payload": PAYLOAD, "received_at": WHEN}

STORE = DriverStatement(insert(EVENTS), column_keys=list(ROW))
READ = DriverStatement(select(EVENTS.c.payload, EVENTS.c.received_at, EVENTS.c.handled_at)
                       .where(EVENTS.c.webhook_event_id == bindparam("eid")))
HANDLE = DriverStatement(update(EVENTS).where(EVENTS.c.webhook_event_id == bindparam("eid"))
                         .values(handled_at=bindparam("now"), payload=None))


def test_what_the_driver_stores_sqlalchemy_reads_back_as_it_was(engine):
    with engine.begin() as connection:
        assert STORE.run(connection, ROW) == []
    with engine.connect() as connection:
        payload, received_at, handled_at = connection.execute(
            select(EVENTS.c.payload, EVENTS.c.received_at, EVENTS.c.handled_at)).one()
    assert payload == PAYLOAD and received_at == WHEN and received_at.tzinfo is not None and handled_at is None


def test_what_sqlalchemy_stores_the_driver_reads_back_as_it_was(engine):
    with engine.begin() as connection:
        connection.execute(insert(EVENTS), ROW)
    with engine.begin() as connection:
        assert READ.run(connection, {"eid": "01EV"}) == [(PAYLOAD, WHEN, None)]
        assert READ.run(connection, {"eid": "nobody"}) == []


def test_a_statements_own_values_go_with_the_callers(engine):
    with engine.begin() as connection:
        connection.execute(insert(EVENTS), ROW)
        HANDLE.run(connection, {"eid": "01EV", "now": WHEN})  # payload=None is the statement's
        assert READ.run(connection, {"eid": "01EV"}) == [(None, WHEN, WHEN)]


def test_it_runs_in_the_callers_transaction(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        STORE.run(connection, ROW)
        transaction.rollback()
    with engine.connect() as connection:
        assert connection.execute(select(EVENTS.c.webhook_event_id)).all() == []
