"""SQLite writers wait their turn on a file lock, which is free again the moment a
transaction ends (committed or rolled back)."""
from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from sqlalchemy import text

from bot.store import sqlite_writers
from bot.store.db import make_engine


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "portal.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE tally (n INTEGER)"))
    yield engine, f"{path}.writers"
    engine.dispose()


def writer_lock_is_free(lock_path: str) -> bool:
    fd = os.open(lock_path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops the lock if we got it
    return True


def test_a_transaction_holds_the_writer_lock_until_it_commits(database):
    engine, lock_path = database
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO tally VALUES (1)"))
        assert not writer_lock_is_free(lock_path)
        connection.commit()
        assert writer_lock_is_free(lock_path)


def test_a_rolled_back_transaction_gives_the_lock_back(database):
    engine, lock_path = database
    with pytest.raises(RuntimeError):
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO tally VALUES (1)"))
            raise RuntimeError("the flow failed")
    assert writer_lock_is_free(lock_path)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM tally")).scalar() == 0


def test_a_second_writer_waits_for_the_first_and_then_goes_in(database, tmp_path):
    engine, _ = database
    other = make_engine(f"sqlite:///{tmp_path / 'portal.db'}")  # as another worker process would
    order = []

    def second_writer():
        with other.begin() as connection:
            order.append("second in")
            connection.execute(text("INSERT INTO tally VALUES (2)"))

    with engine.begin() as connection:
        connection.execute(text("INSERT INTO tally VALUES (1)"))
        waiting = threading.Thread(target=second_writer)
        waiting.start()
        time.sleep(0.2)
        order.append("first done")
    waiting.join(5)
    other.dispose()
    assert order == ["first done", "second in"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM tally ORDER BY rowid")).scalars().all() == [1, 2]


def test_a_thread_opening_a_second_transaction_is_not_stuck_waiting_for_itself(database):
    engine, _ = database
    with engine.connect() as reading:
        reading.execute(text("SELECT count(*) FROM tally"))
        nested = make_engine(str(engine.url), connect_args={"timeout": 0.1})
        with pytest.raises(Exception, match="locked"):  # SQLite's own answer, not a hang
            with nested.begin() as connection:
                connection.execute(text("INSERT INTO tally VALUES (3)"))
        nested.dispose()


def test_the_wal_is_checkpointed_after_a_commit_with_the_writer_lock_free(database, tmp_path, monkeypatch):
    engine, lock_path = database
    monkeypatch.setattr(sqlite_writers, "CHECKPOINT_EVERY", 5)
    lock_free_at_checkpoint = []
    checkpoint = sqlite_writers.QueuedWriterConnection.checkpoint

    def watched(connection):
        lock_free_at_checkpoint.append(writer_lock_is_free(lock_path))
        checkpoint(connection)

    monkeypatch.setattr(sqlite_writers.QueuedWriterConnection, "checkpoint", watched)
    database_file = tmp_path / "portal.db"
    engine.dispose()  # the connections made from here on count their commits from 0
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0  # not inside COMMIT
    size_before = database_file.stat().st_size
    for n in range(4):
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO tally VALUES (:n)"), {"n": "x" * 20_000})  # pages of their own
    assert lock_free_at_checkpoint == []
    assert database_file.stat().st_size == size_before  # everything is still in the WAL
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO tally VALUES (5)"))
    assert lock_free_at_checkpoint == [True]
    assert database_file.stat().st_size > size_before  # the WAL's pages copied into the file
