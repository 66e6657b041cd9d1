"""The staff JSON API (SPEC §3): /api/v1/notices with a per-staff bearer token.

    POST /api/v1/notices        create (editor)   → 201 {"notice": {...}, "reach": n, "reach_by_language": {...}}
    GET  /api/v1/notices        list (viewer)     → {"notices": [...]}
    GET  /api/v1/notices/<id>   status (viewer)   → {"notice": {...}}

Validation and roles are the console's (bot/notices/store.py, bot/staff/models.py Role).
Errors are JSON: {"error": {"code": ..., "message": ..., "fields": {...}}}; 401 for a missing,
unknown or revoked token, 403 for a role that may not do it.
"""
from __future__ import annotations

from datetime import datetime
from functools import wraps
from typing import Any, Callable

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from bot.notices import dispatch
from bot.notices.models import NoticeKind
from bot.notices.store import Draft, DraftError, create_notice, get_notice, list_notices, with_counts
from bot.notices.targeting import Target, reach_by_language
from bot.notices.translations import NoticeText
from bot.staff import accounts
from bot.staff.accounts import Staff
from bot.staff.models import Role
from bot.store.db import session_scope, utcnow

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

KINDS = {"info": NoticeKind.INFO, "お知らせ": NoticeKind.INFO, "post": NoticeKind.POST, "POST": NoticeKind.POST}
TARGET_KEYS = ("wards", "area_ids", "interests", "age_groups")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def _error(status: int, code: str, message: str, fields: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify(error=body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="portalbot"'
    return response


@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    return _error(error.status, error.code, error.message, error.fields)


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _error(error.code or 500, error.name.lower().replace(" ", "_"), error.description or error.name)


def _portal():
    return current_app.extensions["portalbot"]


def requires(role: Role) -> Callable:
    """Bearer-token authentication, then the role check."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ApiError(401, "unauthorized", "Authorization: Bearer <token> が必要です")
            with session_scope(_portal().db) as session:
                staff = accounts.staff_for_token(session=session, token=token.strip(), now=utcnow())
            if staff is None:
                raise ApiError(401, "invalid_token", "トークンが無効です（未発行・無効化済み・アカウント無効）")
            if not staff.may(role):
                raise ApiError(403, "forbidden", f"この操作には{role.label}以上の権限が必要です")
            g.staff = staff
            return view(*args, **kwargs)

        return checked

    return decorate


def _draft(body: Any, staff: Staff) -> Draft:
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "JSONオブジェクトを送ってください")
    fields: dict[str, str] = {}
    kind = KINDS.get(body.get("kind", "info")) if isinstance(body.get("kind", "info"), str) else None
    if kind is None:
        fields["kind"] = "kind は info（お知らせ）か post（POST）です"
    strings = {}
    for name in ("title", "body", "department"):
        value = body.get(name, staff.department if name == "department" else "")
        if not isinstance(value, str):
            fields[name] = f"{name} は文字列です"
            value = ""
        strings[name] = value
    raw_target = body.get("target") or {}
    target = Target()
    if not isinstance(raw_target, dict) or set(raw_target) - set(TARGET_KEYS):
        fields["target"] = f"target は {', '.join(TARGET_KEYS)} を持つオブジェクトです"
    else:
        lists = {}
        for key in TARGET_KEYS:
            value = raw_target.get(key) or []
            wanted = int if key == "area_ids" else str
            if not isinstance(value, list) or not all(isinstance(v, wanted) and not isinstance(v, bool) for v in value):
                fields["target"] = f"target.{key} は{'整数' if wanted is int else '文字列'}の配列です"
                value = []
            lists[key] = tuple(dict.fromkeys(value))
        target = Target(**lists)
    send_at = None
    if body.get("send_at") is not None:
        try:
            send_at = datetime.fromisoformat(str(body["send_at"]))
            if send_at.tzinfo is None:
                raise ValueError
        except ValueError:
            fields["send_at"] = "send_at はタイムゾーン付きのISO 8601日時です（例：2026-12-01T09:00:00+09:00）"
            send_at = None
    translations = _translations(body.get("translations"), fields)
    unknown = set(body) - {"kind", "title", "body", "department", "target", "send_at", "translations"}
    if unknown:
        fields["_"] = f"不明な項目: {', '.join(sorted(unknown))}"
    if fields:
        raise ApiError(422, "invalid_notice", "お知らせの内容に問題があります", fields)
    return Draft(kind=kind, target=target, send_at=send_at, translations=translations, **strings)


def _translations(raw: Any, fields: dict[str, str]) -> dict[str, NoticeText]:
    """{"en": {"title": …, "body": …}, …} → NoticeText by language; what the language codes
    and the texts may be is validate_draft's (bot/notices/store.py)."""
    if raw is None:
        return {}
    shape = 'translations は言語コードごとの {"title": "…", "body": "…"} です（例：{"en": {…}}）'
    if not isinstance(raw, dict):
        fields["translations"] = shape
        return {}
    found = {}
    for code, text in raw.items():
        if not isinstance(text, dict) or set(text) - {"title", "body"} or not all(
                isinstance(text.get(part, ""), str) for part in ("title", "body")):
            fields[f"translations.{code}"] = shape
            continue
        found[code] = NoticeText(text.get("title", ""), text.get("body", ""))
    return found


@blueprint.post("/notices")
@requires(Role.EDITOR)
def create():
    staff: Staff = g.staff
    draft = _draft(request.get_json(silent=True), staff)
    now = utcnow()
    portal = _portal()
    try:
        with session_scope(portal.db) as session:
            notice = create_notice(session=session, draft=draft, city=portal.city, staff_id=staff.id, now=now)
            by_language = reach_by_language(session=session, kind=draft.kind, target=draft.target)
            count = sum(by_language.values())
            accounts.audit(session=session, staff=staff, action="api.notice.create", now=now, target=f"notice:{notice.id}",
                           detail={"kind": notice.kind, "title": notice.title, "target": notice.target,
                                   "send_at": notice.send_at.isoformat(), "reach": count,
                                   "languages": list(draft.translations)},
                           address=request.remote_addr or "")
            shown = with_counts(session=session, notices=[notice])[0].as_json()
    except DraftError as error:
        raise ApiError(422, "invalid_notice", "お知らせの内容に問題があります", error.problems) from None
    response = jsonify(notice=shown, reach=count, reach_by_language=by_language)
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/notices/{shown['id']}"
    if notice.send_at <= now:
        response.call_on_close(lambda: dispatch.dispatch_due(engine=portal.db, settings=portal.settings))
    return response


@blueprint.get("/notices/<int:notice_id>")
@requires(Role.VIEWER)
def status(notice_id: int):
    with session_scope(_portal().db) as session:
        notice = get_notice(session=session, notice_id=notice_id)
        if notice is None:
            raise ApiError(404, "not_found", "お知らせが見つかりません")
        return jsonify(notice=with_counts(session=session, notices=[notice])[0].as_json())


@blueprint.get("/notices")
@requires(Role.VIEWER)
def index():
    limit = min(max(request.args.get("limit", 50, type=int), 1), 200)
    offset = max(request.args.get("offset", 0, type=int), 0)
    with session_scope(_portal().db) as session:
        rows = list_notices(session=session, limit=limit, offset=offset)
        return jsonify(notices=[row.as_json() for row in rows])


from bot.api import reports  # noqa: E402,F401 - /api/v1/reports on the same blueprint
from bot.api import disaster as _disaster  # noqa: E402,F401 - its routes join this blueprint
