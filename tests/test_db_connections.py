"""Pooled PostgreSQL connections: one dropped while it rested is replaced before use, and one
in steady use is not pinged on every transaction."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store.db import make_engine


@pytest.fixture
def postgres(postgres_url):
    return postgres_url


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar()


def count_pings(engine, monkeypatch) -> list[object]:
    pings: list[object] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda connection: pings.append(connection) or ping(connection))
    return pings


def test_a_connection_dropped_while_resting_is_replaced_before_anyone_uses_it(postgres):
    engine = make_engine(postgres, ping_idle_after=0.0, pool_size=1)
    admin = make_engine(postgres)
    try:
        first = backend_pid(engine)
        with admin.begin() as connection:  # as a database restart would
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        assert backend_pid(engine) != first  # no error reached the caller
    finally:
        engine.dispose()
        admin.dispose()


def test_a_connection_in_steady_use_is_not_pinged(postgres, monkeypatch):
    engine = make_engine(postgres)  # rests 10 s before a ping
    try:
        backend_pid(engine)
        pings = count_pings(engine, monkeypatch)
        for _ in range(3):
            backend_pid(engine)
        assert pings == []
    finally:
        engine.dispose()


def test_a_rested_connection_is_pinged_once_before_use(postgres, monkeypatch):
    engine = make_engine(postgres, ping_idle_after=0.0)
    try:
        backend_pid(engine)
        pings = count_pings(engine, monkeypatch)
        backend_pid(engine)
        assert len(pings) == 1
    finally:
        engine.dispose()
