"""The stand-in as a Flask app: LINE's API paths plus simulation controls under `/_standin/`.

The `/_standin/` endpoints act as the LINE *client and platform* (a user types, taps a rich
menu, blocks the bot); they have no auth because LINE's users need none. They exist only in the
stand-in: the production app never mounts it.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.error
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from . import api
from .state import Standin, WebhookResult

_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def create_standin_app(standin: Standin | None = None, **options: Any) -> Flask:
    """A Flask app serving a stand-in; ``options`` go to `Standin` when none is given.
    The state object is ``app.standin`` (also ``app.extensions["standin"]``)."""
    standin = standin or Standin(**options)
    app = Flask("devtools.standin")
    app.standin = standin  # type: ignore[attr-defined]
    app.extensions["standin"] = standin
    app.register_blueprint(controls)
    app.add_url_rule("/", "line_api", _line_api, defaults={"path": ""}, methods=_METHODS,
                     provide_automatic_options=False)
    app.add_url_rule("/<path:path>", "line_api", _line_api, methods=_METHODS,
                     provide_automatic_options=False)
    return app


def _standin() -> Standin:
    return current_app.extensions["standin"]


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status, headers,
                    mimetype="application/json")


def _line_api(path: str) -> Response:
    result = api.handle(_standin(), request.method, "/" + path, request.headers,
                        request.get_data(cache=False), request.args)
    if isinstance(result.body, (bytes, bytearray)):
        return Response(bytes(result.body), result.status, result.headers,
                        content_type=result.content_type)
    return _json(result.body if result.body is not None else {}, result.status, result.headers)


# --- simulation controls ---------------------------------------------------------------------

controls = Blueprint("standin_controls", __name__, url_prefix="/_standin")


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _error(status: int, message: str) -> Response:
    return _json({"message": message}, status)


def _result(result: WebhookResult) -> Response:
    return _json({"status": result.status, "event": result.event})


@controls.post("/users")
def create_user() -> Response:
    body = _body()
    try:
        user = _standin().add_user(body.get("userId"), body.get("displayName", "LINE user"),
                                   body.get("pictureUrl"), body.get("language", "ja"))
    except ValueError as error:
        return _error(400, str(error))
    return _json({**user.profile(), "blocked": user.blocked}, 201)


@controls.get("/users")
def list_users() -> Response:
    standin = _standin()
    with standin.lock:
        users = [{**u.profile(), "blocked": u.blocked} for u in standin.users.values()]
    return _json({"users": users})


def _send(user_id: str, body: dict[str, Any]) -> WebhookResult:
    standin = _standin()
    kind = body.get("type")
    if kind == "text":
        return standin.text(user_id, str(body.get("text", "")))
    if kind == "postback":
        return standin.postback(user_id, str(body.get("data", "")), body.get("params"))
    if kind == "follow":
        return standin.follow(user_id)
    if kind == "unfollow":
        return standin.unfollow(user_id)
    if kind == "image":
        content = base64.b64decode(body.get("content_base64", ""), validate=True)
        return standin.image(user_id, content, body.get("content_type", "image/jpeg"))
    if kind == "sticker":
        return standin.sticker(user_id, str(body.get("packageId", "446")),
                               str(body.get("stickerId", "1988")))
    if kind == "location":
        if "latitude" not in body or "longitude" not in body:
            raise ValueError("a location needs latitude and longitude")
        return standin.location(user_id, float(body["latitude"]), float(body["longitude"]),
                                title=str(body.get("title", "")), address=str(body.get("address", "")))
    raise ValueError(f"unknown event type {kind!r}: "
                     "text, postback, follow, unfollow, image, sticker, location")


@controls.post("/users/<user_id>/events")
def send_user_event(user_id: str) -> Response:
    if user_id not in _standin().users:
        return _error(404, "unknown user")
    try:
        return _result(_send(user_id, _body()))
    except (ValueError, binascii.Error) as error:
        return _error(400, str(error))
    except (urllib.error.URLError, OSError) as error:
        return _error(502, f"webhook unreachable: {error}")


@controls.post("/events/<event_id>/redeliver")
def redeliver(event_id: str) -> Response:
    if event_id not in _standin().events_sent:
        return _error(404, "unknown webhookEventId")
    try:
        return _result(_standin().redeliver(event_id))
    except (urllib.error.URLError, OSError) as error:
        return _error(502, f"webhook unreachable: {error}")


@controls.get("/users/<user_id>/timeline")
def timeline(user_id: str) -> Response:
    standin = _standin()
    entries = standin.timeline(user_id, request.args.get("after", 0, type=int))
    return _json({"entries": entries, "lastSeq": entries[-1]["seq"] if entries else None,
                  "loading": standin.is_loading(user_id)})


@controls.get("/users/<user_id>/richmenu")
def user_richmenu(user_id: str) -> Response:
    menu = _standin().richmenu_for(user_id)
    if menu is None:
        return _json({"richMenuId": None, "richMenu": None, "imageUrl": None})
    return _json({"richMenuId": menu.rich_menu_id, "richMenu": menu.as_json(),
                  "imageUrl": f"/_standin/richmenu/{menu.rich_menu_id}/image"})


@controls.post("/users/<user_id>/richmenu/switch")
def switch_richmenu(user_id: str) -> Response:
    body = _body()
    if user_id not in _standin().users:
        return _error(404, "unknown user")
    if not body.get("richMenuAliasId"):
        return _error(400, "richMenuAliasId is required")
    try:
        return _result(_standin().switch_richmenu(user_id, body["richMenuAliasId"], body.get("data")))
    except (urllib.error.URLError, OSError) as error:
        return _error(502, f"webhook unreachable: {error}")


@controls.get("/richmenu/<rich_menu_id>/image")
def richmenu_image(rich_menu_id: str) -> Response:
    menu = _standin().richmenus.get(rich_menu_id)
    if menu is None or menu.image is None:
        return _error(404, "no image")
    return Response(menu.image, 200, content_type=menu.content_type)


@controls.post("/reply-tokens")
def mint_reply_token() -> Response:
    user_id = _body().get("userId")
    if not user_id:
        return _error(400, "userId is required")
    return _json({"replyToken": _standin().mint_reply_token(user_id)}, 201)


@controls.post("/id-tokens")
def issue_id_token() -> Response:
    body = _body()
    if not body.get("userId") or not body.get("channelId"):
        return _error(400, "userId and channelId are required")
    token = _standin().issue_id_token(body["userId"], str(body["channelId"]),
                                      float(body.get("ttlSeconds", 600)), nonce=body.get("nonce"),
                                      name=body.get("name"), picture=body.get("picture"))
    return _json({"idToken": token}, 201)


@controls.get("/requests")
def list_requests() -> Response:
    standin = _standin()
    with standin.lock:
        log = standin.requests if request.args.get("all") is None else standin.all_requests
        rows = [{"method": r.method, "path": r.path, "status": r.status, "json": r.json,
                 "retryKey": r.retry_key, "at": r.at} for r in log]
    return _json({"requests": rows})


@controls.get("/requests/count")
def count_requests() -> Response:
    """How many API requests came in (every status), optionally for one path: a cheap way to
    wait until a bot has answered, without reading the whole log."""
    path = request.args.get("path")
    standin = _standin()
    with standin.lock:
        count = sum(1 for r in standin.all_requests if path is None or r.path == path)
    return _json({"count": count})


@controls.post("/faults")
def add_faults() -> Response:
    body = _body()
    try:
        _standin().faults.add(body["path"], body.get("responses", []), body.get("method"))
    except (KeyError, ValueError) as error:
        return _error(400, f"bad fault: {error}")
    return _json({"pending": _standin().faults.pending()}, 201)


@controls.delete("/faults")
def clear_faults() -> Response:
    _standin().faults.clear()
    return _json({})


@controls.put("/latency")
def set_latency() -> Response:
    _standin().faults.latency = float(_body().get("seconds", 0))
    return _json({})


@controls.post("/clear")
def clear() -> Response:
    _standin().clear()
    return _json({})
