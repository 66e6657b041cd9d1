"""SQLite writers queue on a file lock instead of sleeping in SQLite's busy handler.

SQLite lets one writer in at a time. A connection that finds the database locked sleeps in
SQLite's busy handler for 1, 2, 5, 10… ms before trying again, so under load the web workers
spent much of their time asleep while the lock was already free (the webhook benchmark saw the
machine 60 % busy). Every transaction here starts with BEGIN IMMEDIATE (see `db.py`), so before
it a connection takes an exclusive `flock` on `<database>.writers`, and gives it back when the
transaction ends: the kernel wakes the next writer the moment the lock is free.

Other programs (the sqlite3 shell, a backup) do not know this lock; SQLite's own locking still
keeps them safe, and its busy timeout still applies to them.

WAL checkpoints run after the lock is given back. SQLite's automatic checkpoint runs inside the
COMMIT that pushes the WAL past 1,000 pages, copying them into the database file with two
fsyncs, so it ran while this lock was held and every other writer waited for the disk (on a
machine whose disk others were busy with, a checkpoint took 5–100 ms: the webhook's p99 and its
swings from run to run). Here each connection turns the automatic one off and, every
`CHECKPOINT_EVERY` commits, runs a PASSIVE checkpoint, which waits for no one, with the lock free.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

CHECKPOINT_EVERY = 200  # commits of one connection between its checkpoints (a few pages each)

_this_thread = threading.local()  # .writing: this thread holds the lock through some connection


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that holds the writers' file lock for the length of a transaction."""

    lock_path: str  # set on the subclass made for each database (see `for_database`)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        self._holding = False
        self._commits = 0  # since this connection's last checkpoint
        self.execute("PRAGMA wal_autocheckpoint=0")  # see the module's doc: checkpoint()

    @classmethod
    def for_database(cls, database: str) -> type["QueuedWriterConnection"]:
        return type(cls.__name__, (cls,), {"lock_path": f"{database}.writers"})

    def take_writer_lock(self) -> None:
        """Wait for our turn to write (before BEGIN IMMEDIATE)."""
        if self._holding:
            return
        if getattr(_this_thread, "writing", False):
            # This thread already writes through another connection: waiting here would wait
            # for ourselves. Leave it to SQLite, whose busy timeout ends in an error instead.
            return
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._holding = _this_thread.writing = True

    def _give_back(self) -> None:
        if self._holding:
            self._holding = _this_thread.writing = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._give_back()
        self._commits += 1
        if self._commits >= CHECKPOINT_EVERY:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy what the WAL holds into the database file, as far as no reader still needs it
        (PASSIVE: neither waits for nor blocks other connections). Never with the lock held."""
        self._commits = 0
        if self._holding or self.in_transaction:
            return
        try:
            self.execute("PRAGMA wal_checkpoint(PASSIVE)").close()
        except sqlite3.OperationalError:  # another connection is checkpointing: it does the work
            pass

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_back()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_back()
            if self._lock_fd >= 0:
                os.close(self._lock_fd)
                self._lock_fd = -1
