"""The simulator (SPEC §1): a browser page that looks like a LINE chat, for development only.

The app registers this blueprint only in simulator mode (PORTALBOT_SIMULATOR=1). The page talks
to the app's own origin; the JSON endpoints under `/simulator/api/` carry each request on to the
stand-in of LINE (`settings.line_api_url` + `/_standin/...`), which signs webhook events and
posts them to `/callback`, and records what the bot sends to each simulated resident.

    GET  /simulator                                   the chat page
    GET  /simulator/api/users                         simulated residents
    POST /simulator/api/users                         add one {"displayName", "language"}
    POST /simulator/api/users/<id>/events             a resident acts (text, postback, follow,
                                                      unfollow, image, sticker)
    GET  /simulator/api/users/<id>/timeline?after=N   what the bot delivered to them
    GET  /simulator/api/users/<id>/richmenu           the rich menu their LINE shows
    POST /simulator/api/users/<id>/richmenu/switch    a richmenuswitch tap
    GET  /simulator/api/richmenu/<id>/image           a rich menu's image
"""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from bot.simulator.standin_client import WEBHOOK, Answer, StandinClient, StandinUnavailable

blueprint = Blueprint(
    "simulator",
    __name__,
    url_prefix="/simulator",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

USER_ID = re.compile(r"^U[0-9a-f]{32}$")
RICH_MENU_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
DISPLAY_NAME_MAX = 20  # LINE's own limit on display names
# Languages a LINE app may be set to, as its profile's `language` (BCP 47) tells the bot; the
# bot answers those it speaks in their language and the others in Japanese.
PROFILE_LANGUAGES = {"ja": "日本語", "en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "ko": "한국어",
                     "th": "ไทย", "id": "Bahasa Indonesia"}
TEXT_MAX = 5000
POSTBACK_MAX = 300
PICKER_PARAMS = ("date", "time", "datetime")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif")
STICKER_ID = re.compile(r"^[0-9]{1,12}$")


def _standin() -> StandinClient:
    return StandinClient(current_app.extensions["portalbot"].settings.line_api_url)


def _refuse(status: int, message: str) -> tuple[Response, int]:
    return jsonify(message=message), status


def _relay(answer: Answer) -> tuple[Response, int]:
    return jsonify(answer.json()), answer.status


@blueprint.errorhandler(StandinUnavailable)
def standin_unavailable(error: StandinUnavailable):
    return _refuse(502, f"LINEのスタンドインに接続できません（{error}）")


@blueprint.after_request
def never_cache(response: Response) -> Response:
    if request.endpoint != "simulator.static":
        response.headers["Cache-Control"] = "no-store"
    return response


# --- the page ------------------------------------------------------------------------------


@blueprint.get("")
def page():
    city = current_app.extensions["portalbot"].city
    return render_template("simulator/index.html", portal_name=city.portal_name, city_name=city.city_name,
                           languages=PROFILE_LANGUAGES)


# --- residents -----------------------------------------------------------------------------


@blueprint.get("/api/users")
def users():
    return _relay(_standin().get("/users"))


@blueprint.post("/api/users")
def add_user():
    body = _body()
    name = str(body.get("displayName", "")).strip()
    if not 1 <= len(name) <= DISPLAY_NAME_MAX:
        return _refuse(400, f"表示名は1〜{DISPLAY_NAME_MAX}文字で入力してください。")
    language = body.get("language", "ja")
    if language not in PROFILE_LANGUAGES:
        return _refuse(400, f"LINEの言語は {', '.join(PROFILE_LANGUAGES)} のどれかです。")
    return _relay(_standin().post("/users", {"displayName": name, "language": language}))


@blueprint.post("/api/users/<user_id>/events")
def send_event(user_id: str):
    if not USER_ID.match(user_id):
        return _refuse(404, "unknown user")
    event, problem = _event(_body())
    if problem:
        return _refuse(400, problem)
    return _relay(_standin().post(f"/users/{user_id}/events", event, timeout=WEBHOOK))


@blueprint.get("/api/users/<user_id>/timeline")
def timeline(user_id: str):
    if not USER_ID.match(user_id):
        return _refuse(404, "unknown user")
    after = request.args.get("after", 0, type=int)
    return _relay(_standin().get(f"/users/{user_id}/timeline", {"after": max(after, 0)}))


# --- rich menus ----------------------------------------------------------------------------


@blueprint.get("/api/users/<user_id>/richmenu")
def richmenu(user_id: str):
    if not USER_ID.match(user_id):
        return _refuse(404, "unknown user")
    answer = _standin().get(f"/users/{user_id}/richmenu")
    body = answer.json()
    if answer.status == 200 and isinstance(body, dict) and body.get("richMenuId"):
        if RICH_MENU_ID.match(str(body["richMenuId"])):
            body["imageUrl"] = url_for(".richmenu_image", rich_menu_id=body["richMenuId"])
        else:
            body["imageUrl"] = None
    return jsonify(body), answer.status


@blueprint.post("/api/users/<user_id>/richmenu/switch")
def switch_richmenu(user_id: str):
    body = _body()
    alias = body.get("richMenuAliasId")
    if not USER_ID.match(user_id) or not isinstance(alias, str) or not RICH_MENU_ID.match(alias):
        return _refuse(400, "richMenuAliasId is required")
    switch: dict[str, Any] = {"richMenuAliasId": alias}
    if isinstance(body.get("data"), str):
        switch["data"] = body["data"][:POSTBACK_MAX]
    return _relay(_standin().post(f"/users/{user_id}/richmenu/switch", switch, timeout=WEBHOOK))


@blueprint.get("/api/richmenu/<rich_menu_id>/image")
def richmenu_image(rich_menu_id: str):
    if not RICH_MENU_ID.match(rich_menu_id):
        return _refuse(404, "no image")
    answer = _standin().get(f"/richmenu/{rich_menu_id}/image")
    if answer.status != 200 or answer.content_type not in IMAGE_TYPES:
        return _refuse(404, "no image")
    return Response(answer.body, 200, content_type=answer.content_type)


# --- reading what the page sends -------------------------------------------------------------


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _event(body: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The event to pass on, keeping only the fields the stand-in reads; or why it is refused."""
    kind = body.get("type")
    if kind in ("follow", "unfollow"):
        return {"type": kind}, None
    if kind == "text":
        text = body.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= TEXT_MAX:
            return {}, f"text must be 1–{TEXT_MAX} characters"
        return {"type": "text", "text": text}, None
    if kind == "postback":
        data = body.get("data")
        if not isinstance(data, str) or len(data) > POSTBACK_MAX:
            return {}, f"postback data must be at most {POSTBACK_MAX} characters"
        event: dict[str, Any] = {"type": "postback", "data": data}
        params = body.get("params")
        if isinstance(params, dict):
            picked = {k: str(v) for k, v in params.items() if k in PICKER_PARAMS and isinstance(v, str)}
            if picked:
                event["params"] = picked
        return event, None
    if kind == "image":
        content, content_type = body.get("content_base64"), body.get("content_type")
        if not isinstance(content, str) or content_type not in IMAGE_TYPES:
            return {}, "an image needs content_base64 and a JPEG, PNG or GIF content_type"
        return {"type": "image", "content_base64": content, "content_type": content_type}, None
    if kind == "sticker":
        package_id, sticker_id = str(body.get("packageId", "446")), str(body.get("stickerId", "1988"))
        if not (STICKER_ID.match(package_id) and STICKER_ID.match(sticker_id)):
            return {}, "packageId and stickerId are numbers"
        return {"type": "sticker", "packageId": package_id, "stickerId": sticker_id}, None
    if kind == "location":
        try:
            latitude, longitude = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError):
            return {}, "a location needs latitude and longitude"
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return {}, "latitude is -90–90 and longitude -180–180"
        return {"type": "location", "latitude": latitude, "longitude": longitude,
                "title": str(body.get("title", ""))[:100],
                "address": str(body.get("address", ""))[:200]}, None
    return {}, "type must be text, postback, follow, unfollow, image, sticker or location"
