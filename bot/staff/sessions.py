"""Server-side console sessions in our own database, through Flask-Session.

Flask-Session does the cookie handling and the id renewal (`regenerate`, called at sign-in);
this class only says where sessions live: the `staff_session` table, keyed by a SHA-256
digest of the id, so that reading the table gives no usable session id.

Only a signed-in staff member's session is stored. A visitor who is not signed in (the login
page, its CSRF token, a flashed message) keeps what little they have in a signed cookie of
their own, so anonymous requests cannot fill the table; the clock deletes expired rows.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Optional

from flask import Flask, Request, Response, request
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from bot.staff.models import StaffSession
from bot.store.db import session_scope, utcnow


class DatabaseSession(ServerSideSession):
    pass


SIGNED_IN = "_user_id"  # Flask-Login's key: present once a staff member signed in
VISITOR_COOKIE = "portalbot_staff_visitor"


def forget_expired_sessions(engine: Engine) -> int:
    """Delete sessions past their time (the clock runs this; sign-in does too)."""
    with session_scope(engine) as session:
        return session.execute(delete(StaffSession).where(StaffSession.expires_at <= utcnow())).rowcount or 0


def _in_console(path: str, cookie_path: str) -> bool:
    """Whether a request's path is one the session cookie is sent to (cookie path matching)."""
    return path == cookie_path or path.startswith(cookie_path.rstrip("/") + "/")


class DatabaseSessionInterface(ServerSideSessionInterface):
    session_class = DatabaseSession
    ttl = False  # expired rows are deleted by the clock and at each sign-in (delete_expired)

    def __init__(self, app: Flask, engine: Engine) -> None:
        self.engine = engine
        super().__init__(app, key_prefix="", permanent=True, sid_length=32, serialization_format="json", cleanup_n_requests=None)

    def open_session(self, app: Flask, request: Request) -> ServerSideSession:
        if not _in_console(request.path, self.get_cookie_path(app)):
            # The webhook, the LIFF pages, the API: no cookie of ours reaches them, and the
            # webhook is the hot path. Flask saves nothing for a null session.
            return self.make_null_session(app)
        session = super().open_session(app, request)
        if not session:
            visitor = self._visitor_data(app, request)
            if visitor:
                session.update(visitor)
                session.modified = False
        return session

    def save_session(self, app: Flask, session: ServerSideSession, response: Response) -> None:
        if session.get(SIGNED_IN) is not None:
            super().save_session(app, session, response)
            if VISITOR_COOKIE in request.cookies:
                self._delete_cookie(app, response, VISITOR_COOKIE)
            return
        # Not signed in (any more): nothing in the table for this browser.
        if app.config["SESSION_COOKIE_NAME"] in request.cookies:
            self._delete_session(self._get_store_id(session.sid))
            self._delete_cookie(app, response, app.config["SESSION_COOKIE_NAME"])
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if VISITOR_COOKIE in request.cookies:
                self._delete_cookie(app, response, VISITOR_COOKIE)
            return
        if session.modified or VISITOR_COOKIE not in request.cookies:
            response.set_cookie(
                VISITOR_COOKIE,
                self._visitor_signer(app).dumps(dict(session)),
                httponly=True,
                path=self.get_cookie_path(app),
                secure=self.get_cookie_secure(app),
                samesite=self.get_cookie_samesite(app),
            )

    def _visitor_data(self, app: Flask, request: Request) -> dict | None:
        value = request.cookies.get(VISITOR_COOKIE)
        if not value:
            return None
        try:
            data = self._visitor_signer(app).loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return None
        # Never a signed-in state from this cookie: that lives only in the table.
        return {k: v for k, v in data.items() if k != SIGNED_IN} if isinstance(data, dict) else None

    @staticmethod
    def _visitor_signer(app: Flask) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(app.secret_key, salt="portalbot.staff.visitor")

    def _delete_cookie(self, app: Flask, response: Response, name: str) -> None:
        response.delete_cookie(name, path=self.get_cookie_path(app), secure=self.get_cookie_secure(app),
                               httponly=True, samesite=self.get_cookie_samesite(app))

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
        forget_expired_sessions(self.engine)
