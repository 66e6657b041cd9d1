"""まちの通報 in the staff JSON API (bearer token from `portalbot staff token`).

    GET   /api/v1/reports?status=&category=&since=   list (viewer)  → {"reports": [...]}
    GET   /api/v1/reports/<id>                       one (viewer)   → {"report": {..., "history": [...]}}
    GET   /api/v1/reports/<id>/photo                 its photo (viewer), EXIF removed
    PATCH /api/v1/reports/<id>  {"status": "in_progress"|"done"|"rejected", "note": "..."}  (editor)

A status change is audited and owes the reporter one follow-up push, sent after the answer.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import g, jsonify, request

from bot.api import ApiError, _portal, blueprint, requires
from bot.reports.followups import send_follow_ups
from bot.reports.records import FilterError, parse_filter, photo_response, report_json, update_json
from bot.staff import accounts
from bot.staff.accounts import Staff
from bot.staff.models import Role
from bot.store import reports
from bot.store.db import session_scope, utcnow
from bot.store.reports import ReportStatus, StatusChangeError

CHANGES = {s.value: s for s in (ReportStatus.IN_PROGRESS, ReportStatus.DONE, ReportStatus.REJECTED)}


@blueprint.get("/reports")
@requires(Role.VIEWER)
def reports_index():
    portal = _portal()
    try:
        where = parse_filter(request.args, categories=portal.city.report_categories, wards=portal.city.wards,
                             zone=ZoneInfo(portal.settings.timezone))
    except FilterError as error:
        raise ApiError(422, "invalid_filter", "絞り込みの条件に問題があります", error.problems) from None
    limit = min(max(request.args.get("limit", 100, type=int), 1), 1000)
    offset = max(request.args.get("offset", 0, type=int), 0)
    with session_scope(portal.db) as session:
        rows = reports.list_reports(session=session, where=where, limit=limit, offset=offset)
        with_photo = reports.photo_ids(session=session, report_ids=[r.id for r in rows])
        return jsonify(reports=[report_json(r, has_photo=r.id in with_photo) for r in rows])


@blueprint.get("/reports/<int:report_id>")
@requires(Role.VIEWER)
def report_detail(report_id: int):
    with session_scope(_portal().db) as session:
        return jsonify(report=_shown(session, report_id))


@blueprint.get("/reports/<int:report_id>/photo")
@requires(Role.VIEWER)
def report_photo(report_id: int):
    with session_scope(_portal().db) as session:
        photo = reports.photo_of(session=session, report_id=report_id)
        if photo is None:
            raise ApiError(404, "not_found", "この通報に写真はありません")
        return photo_response(photo)


@blueprint.patch("/reports/<int:report_id>")
@requires(Role.EDITOR)
def report_change(report_id: int):
    staff: Staff = g.staff
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "JSONオブジェクトを送ってください")
    fields = {}
    status = CHANGES.get(body.get("status")) if isinstance(body.get("status"), str) else None
    if status is None:
        fields["status"] = "status は " + " / ".join(CHANGES) + " のどれかです"
    note = body.get("note", "")
    if not isinstance(note, str):
        fields["note"] = "note は文字列です"
    if set(body) - {"status", "note"}:
        fields["_"] = "不明な項目: " + ", ".join(sorted(set(body) - {"status", "note"}))
    if fields:
        raise ApiError(422, "invalid_change", "変更の内容に問題があります", fields)
    portal, now = _portal(), utcnow()
    with session_scope(portal.db) as session:
        if reports.get_report(session=session, report_id=report_id) is None:
            raise ApiError(404, "not_found", "通報が見つかりません")
        try:
            update = reports.change_status(session=session, report_id=report_id, status=status, note=note,
                                           staff_id=staff.id, staff_email=staff.email, now=now)
        except StatusChangeError as error:
            raise ApiError(409, "status_conflict", str(error)) from None
        report = reports.get_report(session=session, report_id=report_id)
        accounts.audit(session=session, staff=staff, action="api.report.status", now=now, target=f"report:{report_id}",
                       detail={"number": report.receipt, "from": update.previous, "to": update.status, "note": update.note},
                       address=request.remote_addr or "")
        shown = _shown(session, report_id)
    response = jsonify(report=shown)
    response.call_on_close(lambda: send_follow_ups(engine=portal.db, pusher=portal.messenger))
    return response


def _shown(session, report_id: int) -> dict:
    report = reports.get_report(session=session, report_id=report_id)
    if report is None:
        raise ApiError(404, "not_found", "通報が見つかりません")
    has_photo = reports.photo_of(session=session, report_id=report_id) is not None
    return {**report_json(report, has_photo=has_photo),
            "history": [update_json(u) for u in reports.history(session=session, report_id=report_id)]}
