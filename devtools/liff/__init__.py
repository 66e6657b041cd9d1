"""Simulator mode only: the LIFF page without LINE.

A small LIFF shim (`liff-simulator.js`) stands in for the LIFF SDK: its `getIDToken()` returns an
ID token the stand-in of LINE issues for the simulated resident named in the page's `user`
query parameter, so the server verifies it exactly as it verifies LINE's. The app registers this
blueprint only when `settings.simulator`; in production mode neither route exists.

    GET  /liff/simulator/liff-simulator.js   the shim
    POST /liff/simulator/id-token            {"userId"} → {"idToken"} from the stand-in
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from bot.liff.xid import login_channel_id
from bot.simulator.standin_client import StandinClient, StandinUnavailable

blueprint = Blueprint(
    "liff_simulator",
    __name__,
    url_prefix="/liff/simulator",
    static_folder="static",
    static_url_path="/",
)

USER_ID = re.compile(r"^U[0-9a-f]{32}$")


@blueprint.post("/id-token")
def id_token():
    settings = current_app.extensions["portalbot"].settings
    body = request.get_json(silent=True)
    user_id = body.get("userId") if isinstance(body, dict) else None
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        return jsonify(message="userId is required"), 400
    try:
        answer = StandinClient(settings.line_api_url).post(
            "/id-tokens", {"userId": user_id, "channelId": login_channel_id(settings), "ttlSeconds": 600}
        )
    except StandinUnavailable:
        return jsonify(message="LINEのスタンドインに接続できません"), 502
    token = answer.json().get("idToken") if answer.status == 201 else None
    if not token:
        return jsonify(message="no ID token"), 502
    return jsonify(idToken=token)
