"""Disaster mode and evacuation sites in the staff API (issue 15).

    POST   /api/v1/disaster          start (admin)  {"hazard": "地震", "title": ..., "body": ...} → 201
    DELETE /api/v1/disaster          end (admin)                                                → 200
    GET    /api/v1/disaster          status and reach (viewer)
    GET    /api/v1/shelters          the sites (viewer)
    PATCH  /api/v1/shelters/<id>     {"open": true} (editor)
"""
from __future__ import annotations

from flask import g, jsonify, request

from bot.api import ApiError, _portal, blueprint, requires
from bot.disaster.mode import DisasterError, end_disaster, reach_of, run_disaster_work, start_disaster
from bot.disaster.sites import open_site
from bot.staff.models import Role
from bot.store import disasters, shelters
from bot.store.db import session_scope

ERROR_STATUS = {"already_on": 409, "not_on": 409}


def _disaster_json(disaster) -> dict:
    reach = reach_of(_portal().db, disaster.id)
    return {
        "id": disaster.id, "hazard": disaster.hazard, "title": disaster.title, "body": disaster.body,
        "on": bool(disaster.current), "started_at": disaster.started_at.isoformat(),
        "ended_at": disaster.ended_at.isoformat() if disaster.ended_at else None,
        "reach": {"followers": reach.followers, "notice": reach.notice, "menu_linked": reach.menu_linked,
                  "menu_restored": reach.menu_restored, "menu_failed": reach.menu_failed, "stage": reach.stage},
    }


def _site_json(site) -> dict:
    return {"id": site.id, "name": site.name, "address": site.address, "latitude": site.latitude,
            "longitude": site.longitude, "hazards": site.hazards, "capacity": site.capacity, "open": site.open}


def _work_after_answer(response):
    portal = _portal()
    response.call_on_close(lambda: run_disaster_work(portal.db, portal.settings))
    return response


@blueprint.post("/disaster")
@requires(Role.ADMIN)
def disaster_start():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "JSONオブジェクトを送ってください")
    unknown = set(body) - {"hazard", "title", "body"}
    fields = {name: f"{name} は文字列です" for name in ("hazard", "title", "body") if not isinstance(body.get(name), str)}
    if unknown:
        fields["_"] = f"不明な項目: {', '.join(sorted(unknown))}"
    if fields:
        raise ApiError(422, "invalid_disaster", "災害モードの内容に問題があります", fields)
    try:
        disaster = start_disaster(_portal().db, hazard=body["hazard"], title=body["title"], body=body["body"],
                                  staff=g.staff, via="api", address=request.remote_addr or "")
    except DisasterError as error:
        raise ApiError(ERROR_STATUS.get(error.code, 422), error.code, error.message) from None
    response = jsonify(disaster=_disaster_json(disaster))
    response.status_code = 201
    return _work_after_answer(response)


@blueprint.delete("/disaster")
@requires(Role.ADMIN)
def disaster_end():
    try:
        disaster = end_disaster(_portal().db, staff=g.staff, via="api", address=request.remote_addr or "")
    except DisasterError as error:
        raise ApiError(ERROR_STATUS.get(error.code, 422), error.code, error.message) from None
    return _work_after_answer(jsonify(disaster=_disaster_json(disaster)))


@blueprint.get("/disaster")
@requires(Role.VIEWER)
def disaster_status():
    with session_scope(_portal().db) as session:
        latest = disasters.latest_disasters(session=session, limit=1)
    current = latest[0] if latest else None
    return jsonify(on=bool(current and current.current), disaster=_disaster_json(current) if current else None)


@blueprint.get("/shelters")
@requires(Role.VIEWER)
def shelter_list():
    with session_scope(_portal().db) as session:
        return jsonify(shelters=[_site_json(site) for site in shelters.all_sites(session=session)])


@blueprint.patch("/shelters/<int:site_id>")
@requires(Role.EDITOR)
def shelter_change(site_id: int):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or set(body) != {"open"} or not isinstance(body["open"], bool):
        raise ApiError(422, "invalid_shelter", '{"open": true} か {"open": false} を送ってください')
    site = open_site(_portal().db, site_id=site_id, open_=body["open"], staff=g.staff, via="api",
                     address=request.remote_addr or "")
    if site is None:
        raise ApiError(404, "not_found", "避難場所が見つかりません")
    return jsonify(shelter=_site_json(site))
