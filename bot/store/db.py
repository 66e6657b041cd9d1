"""Engine and sessions for SQLite (development) and PostgreSQL (production)."""
from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Column, ForeignKey, Integer, event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Session, create_engine

from bot.store.sqlite_writers import QueuedWriterConnection


def resident_fk(**kwargs) -> Column:
    """A resident's row that the row belongs to: it goes when they leave (ON DELETE CASCADE)."""
    return Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), nullable=False, **kwargs)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both backends (SQLite would otherwise drop the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


PING_IDLE_AFTER = 10.0  # seconds a pooled connection may rest before it is checked again


def make_engine(
    url: str, *, commits_wait_for_disk: bool = True, ping_idle_after: float = PING_IDLE_AFTER, **kwargs
) -> Engine:
    """An engine for the database at `url`.

    `commits_wait_for_disk=False` (PostgreSQL: synchronous_commit = off) lets a commit return
    before the server has flushed it to disk. Only for work that can be done again: if the
    server itself crashes in the next fraction of a second, a transaction is lost as if it had
    never run, never half-applied. SQLite in WAL mode with synchronous=NORMAL already works so.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, **kwargs)
    if not commits_wait_for_disk:
        kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "options": "-c synchronous_commit=off"}
    engine = create_engine(url, **kwargs)
    _ping_rested_connections(engine, ping_idle_after)
    return engine


def _ping_rested_connections(engine: Engine, rested: float) -> None:
    """Check a pooled connection before use only if it has rested a while.

    A connection dropped while idle (a database restart, a firewall's idle timeout) is found
    and replaced before anyone uses it, as with `pool_pre_ping`; but one that was in use a
    moment ago is not pinged: under load that ping was a round trip on every transaction.
    """

    @event.listens_for(engine, "checkin")
    def _rest(_dbapi_connection, record):
        record.info["rested_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection, record, _proxy):
        since = record.info.pop("rested_since", None)
        if since is None or time.monotonic() - since < rested:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The others rested as long: the pool replaces them all, and this one at once.
            raise exc.InvalidatePoolError("a pooled connection was dropped while it rested") from error


def _sqlite_engine(url: str, database: str | None, **kwargs) -> Engine:
    connect_args = {"check_same_thread": False, "timeout": 30, **kwargs.pop("connect_args", {})}
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        connect_args["factory"] = QueuedWriterConnection.for_database(database)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself (below) instead of pysqlite's deferred BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # IMMEDIATE takes the write lock up front: two events for one resident serialize
        # instead of failing with "database is locked" when both try to upgrade a read lock.
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # a reader (bot/city_source.py): reads WAL's last commit, waits for no writer
        dbapi_connection = connection.connection.dbapi_connection
        if isinstance(dbapi_connection, QueuedWriterConnection):
            dbapi_connection.take_writer_lock()
        # On the driver: pysqlite does not track transactions here (isolation_level None), and
        # SQLAlchemy's execution path cost several times what SQLite spends on the statement.
        dbapi_connection.execute("BEGIN IMMEDIATE").close()

    return engine


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def reading_session(engine: Engine) -> Iterator[Session]:
    """A session that only reads, in autocommit: on SQLite it takes no write lock, so a page
    may read beside the unit of work it is inside (the console's banners, the city)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        with Session(bind=connection) as session:
            yield session


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
