"""SQLite writers queue on a file lock instead of sleeping in SQLite's busy handler.

SQLite lets one writer in at a time. A connection that finds the database locked sleeps in
SQLite's busy handler for 1, 2, 5, 10… ms before trying again, so under load the web workers
spent much of their time asleep while the lock was already free (the webhook benchmark saw the
machine 60 % busy). Every transaction here starts with BEGIN IMMEDIATE (see `db.py`), so before
it a connection takes an exclusive `flock` on `<database>.writers`, and gives it back when the
transaction ends: the kernel wakes the next writer the moment the lock is free.

Other programs (the sqlite3 shell, a backup) do not know this lock; SQLite's own locking still
keeps them safe, and its busy timeout still applies to them.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

_this_thread = threading.local()  # .writing: this thread holds the lock through some connection


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that holds the writers' file lock for the length of a transaction."""

    lock_path: str  # set on the subclass made for each database (see `for_database`)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        self._holding = False

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
