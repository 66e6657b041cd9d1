"""Server-side console sessions in our own database, through Flask-Session.

Flask-Session does the cookie handling and the id renewal (`regenerate`, called at sign-in);
this class only says where sessions live: the `staff_session` table, keyed by a SHA-256
digest of the id, so that reading the table gives no usable session id.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Optional

from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from bot.staff.models import StaffSession
from bot.store.db import session_scope, utcnow


class DatabaseSession(ServerSideSession):
    pass


class DatabaseSessionInterface(ServerSideSessionInterface):
    session_class = DatabaseSession
    ttl = False  # expired rows are deleted at each sign-in (delete_expired)

    def __init__(self, app: Flask, engine: Engine) -> None:
        self.engine = engine
        super().__init__(app, key_prefix="", permanent=True, sid_length=32, serialization_format="json", cleanup_n_requests=None)

    @staticmethod
    def _digest(store_id: str) -> str:
        return hashlib.sha256(store_id.encode()).hexdigest()

    def _retrieve_session_data(self, store_id: str) -> Optional[dict]:
        with session_scope(self.engine) as session:
            row = session.scalars(select(StaffSession).where(StaffSession.id_digest == self._digest(store_id))).first()
            if row is None or row.expires_at <= utcnow():
                return None
            return self.serializer.decode(row.data)

    def _delete_session(self, store_id: str) -> None:
        with session_scope(self.engine) as session:
            session.execute(delete(StaffSession).where(StaffSession.id_digest == self._digest(store_id)))

    def _upsert_session(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str) -> None:
        values = {"id_digest": self._digest(store_id), "data": self.serializer.encode(session), "expires_at": utcnow() + session_lifetime}
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert(StaffSession).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["id_digest"], set_={"data": statement.excluded.data, "expires_at": statement.excluded.expires_at}
        )
        with session_scope(self.engine) as db:
            db.execute(statement)

    def delete_expired(self) -> None:
        self._delete_expired_sessions()

    def _delete_expired_sessions(self) -> None:
        with session_scope(self.engine) as session:
            session.execute(delete(StaffSession).where(StaffSession.expires_at <= utcnow()))
